import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { MemoryStore } from '../../adapters/memory/index.js';
import {
  apiKeyAuthenticator,
  createHttpHandler,
  type HttpOptions,
  parseApiKeys,
} from '../../src/http/index.js';
import { pathPattern } from '../../src/http/route.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import { createContactkit } from '../../src/service/index.js';

/** Two workspaces, a key each. */
export const KEYS = { A: 'key-for-workspace-a-0123456789', B: 'key-for-workspace-b-9876543210' } as const;

/** A Monday, 09:00 UTC (outside the default quiet hours). */
export const T0 = Date.UTC(2026, 5, 1, 9);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** What a call through the test server got back. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body when it is JSON or a problem document, else undefined. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the API answered.
  readonly json: any;
  readonly bytes: Uint8Array;
  readonly text: string;
}

/** How a test calls the API. */
export interface CallOptions {
  /** `A`, `B`, a raw key, or null for no Authorization header (default `A`). */
  readonly key?: keyof typeof KEYS | string | null;
  /** A JSON body (sent as application/json). */
  readonly json?: unknown;
  /** A raw body, sent as it is. */
  readonly body?: RequestInit['body'];
  readonly headers?: Record<string, string>;
}

/**
 * The API over a real `node:http` server on 127.0.0.1 (an ephemeral port), on a memory store with a
 * clock the test moves; keys `KEYS.A` and `KEYS.B` open workspaces `A` and `B`. Every response is checked
 * against its documented schema (`checkResponses`), and every route called is recorded, so a test can
 * assert that each one was exercised. Errors answered with a 500 are kept in `serverErrors`.
 */
export async function startApi(options: Partial<HttpOptions> & { config?: WorkspaceConfigInput } = {}) {
  let now = new Date(T0);
  const { config, ...httpOptions } = options;
  const kit = createContactkit({ store: new MemoryStore(), clock: () => now, ...(config ? { config } : {}) });
  const serverErrors: unknown[] = [];
  const handler = createHttpHandler(kit, {
    authenticate: apiKeyAuthenticator(parseApiKeys(`${KEYS.A}=A,${KEYS.B}=B`)),
    checkResponses: true,
    onError: (error) => serverErrors.push(error),
    ...httpOptions,
  });
  const server = createAdaptorServer({ fetch: handler }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const routes = handler.routes.map((r) => ({
    id: r.operationId,
    method: r.method.toUpperCase(),
    pattern: pathPattern(r.path),
  }));
  const called = new Set<string>();

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const key = opts.key === undefined ? 'A' : opts.key;
    const headers: Record<string, string> = { ...opts.headers };
    if (key !== null) headers.authorization = `Bearer ${key in KEYS ? KEYS[key as keyof typeof KEYS] : key}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const pathname = new URL(path, base).pathname;
    const route = routes.find((r) => r.method === method && r.pattern.test(pathname));
    if (route) called.add(route.id);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const type = response.headers.get('content-type') ?? '';
    const json = /json/.test(type) && !/ndjson/.test(type) && text !== '' ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, json, bytes, text };
  }

  return {
    kit,
    handler,
    base,
    call,
    called,
    serverErrors,
    /** Moves the kit's clock to T0 + `ms`. */
    at(ms: number) {
      now = new Date(T0 + ms);
      return now;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Api = Awaited<ReturnType<typeof startApi>>;

/** A message event as a request body (no workspace: the key says it). */
export function message(
  eventId: string,
  identities: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    eventId,
    occurredAt: new Date(T0).toISOString(),
    channel: 'web',
    identities,
    message: { text: `message ${eventId}` },
    ...extra,
  };
}
