import { Buffer } from 'node:buffer';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../webhooks/endpoint-url.js';

/** One webhook POST, as the relay hands it to a transport. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Give up after this long, from sending to the end of the response. */
  readonly timeoutMs: number;
}

/** What the endpoint answered. */
export interface WebhookResponse {
  readonly status: number;
  /** Its `Retry-After` header, if any. */
  readonly retryAfter?: string;
}

/**
 * Sends one webhook and resolves to the endpoint's answer, or rejects when there was none (refused,
 * reset, timed out, a private address refused): the error's message goes into the delivery log. Hosts
 * may pass their own (a proxy, a test double, another runtime's `fetch`).
 */
export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;

/** Options of {@link httpTransport}. */
export interface HttpTransportOptions {
  /** Connect to loopback, private and link-local addresses. Default false. */
  readonly allowPrivateAddresses?: boolean;
  /** Most open connections per host (default 64). */
  readonly maxSockets?: number;
}

/** The most of a response body read before it is dropped: receivers' answers are not kept. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** A DNS lookup that refuses names resolving to non-public addresses (DNS rebinding included). */
function publicOnlyLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, options, (error, address, family) => {
      if (error) return callback(error, address as string, family);
      const all: LookupAddress[] = Array.isArray(address)
        ? address
        : [{ address: address as string, family: family ?? 4 }];
      const bad = all.find((a) => isPrivateAddress(a.address));
      if (bad) {
        const refused = Object.assign(
          new Error(`${hostname} resolves to the private address ${bad.address}`),
          {
            code: 'EPRIVATE',
          },
        );
        return callback(refused, address as string, family);
      }
      callback(null, address as string, family);
    });
  };
}

/**
 * The default transport: node's http and https clients over keep-alive connections, redirects not
 * followed (a 3xx is a failed attempt), the response body read up to 64 KiB and dropped, a timeout per
 * request. Unless allowed, a private, loopback or link-local address is refused when connecting, also
 * when a public-looking host name resolves to one, so a workspace cannot point the relay at the
 * network it runs in. `close()` ends the kept-alive connections.
 *
 * @example
 * ```ts
 * const transport = httpTransport({ maxSockets: 32 });
 * const relay = createRelay(kit, { transport });
 * ```
 */
export function httpTransport(options: HttpTransportOptions = {}): WebhookTransport & { close(): void } {
  const allowPrivate = options.allowPrivateAddresses ?? false;
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    ...(allowPrivate ? {} : { lookup: publicOnlyLookup() }),
  };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  const send: WebhookTransport = (request) =>
    new Promise<WebhookResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        reject(new Error(`not a URL: ${request.url}`));
        return;
      }
      const protocol = url.protocol as keyof typeof agents;
      const agent = agents[protocol];
      if (!agent) {
        reject(new Error(`unsupported protocol ${url.protocol}`));
        return;
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
        reject(new Error(`${host} is a private address`));
        return;
      }
      const client = protocol === 'https:' ? https : http;
      let settled = false;
      const done = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = client.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            // A receiver that streams on and on is cut off; its status is already known.
            if (read > MAX_RESPONSE_BYTES) res.destroy();
          });
          const answer = () => {
            const retryAfter = res.headers['retry-after'];
            done(() =>
              resolve({ status: res.statusCode ?? 0, ...(retryAfter === undefined ? {} : { retryAfter }) }),
            );
          };
          res.on('end', answer);
          res.on('close', answer);
          res.on('error', answer);
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`timed out after ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      req.on('error', (error) => done(() => reject(error)));
      req.end(request.body);
    });

  return Object.assign(send, {
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
