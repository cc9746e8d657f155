import { isIP } from 'node:net';
import { ValidationError } from '../errors/errors.js';

/** Options of {@link checkEndpointUrl}. */
export interface EndpointUrlOptions {
  /**
   * Accept loopback, private, link-local and other non-public addresses (development, tests, a relay
   * inside a private network that delivers to its neighbours). Default false.
   */
  readonly allowPrivateAddresses?: boolean;
}

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** IPv4 ranges no webhook should reach from a shared service: [first address, prefix length]. */
const PRIVATE_V4: ReadonlyArray<readonly [number, number]> = [
  [v4(0, 0, 0, 0), 8], // "this" network
  [v4(10, 0, 0, 0), 8], // private
  [v4(100, 64, 0, 0), 10], // carrier-grade NAT
  [v4(127, 0, 0, 0), 8], // loopback
  [v4(169, 254, 0, 0), 16], // link-local, cloud metadata (169.254.169.254)
  [v4(172, 16, 0, 0), 12], // private
  [v4(192, 0, 0, 0), 24], // IETF protocol assignments
  [v4(192, 168, 0, 0), 16], // private
  [v4(198, 18, 0, 0), 15], // benchmarking
  [v4(224, 0, 0, 0), 4], // multicast
  [v4(240, 0, 0, 0), 4], // reserved, broadcast
];

function v4Number(address: string): number {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return v4(a, b, c, d);
}

function privateV4(address: string): boolean {
  const n = v4Number(address);
  return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
}

/** The 8 16-bit groups of an IPv6 address (with an embedded IPv4 tail expanded). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = v4Number(tail[1]!);
    text = `${text.slice(0, tail.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(fill).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
}

function privateV6(address: string): boolean {
  const g = v6Groups(address);
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(8)) return true; // ::
  if (zeroUntil(7) && g[7] === 1) return true; // ::1
  const embedded = () => `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  if (zeroUntil(5) && g[5] === 0xffff) return privateV4(embedded()); // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return privateV4(embedded()); // NAT64 64:ff9b::/96
  const first = g[0]!;
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}

/**
 * Whether an IP address (v4 or v6, without brackets) is loopback, private, link-local, multicast or
 * otherwise not a public internet address. Non-addresses are not private.
 *
 * @example
 * ```ts
 * isPrivateAddress('169.254.169.254') // true: cloud metadata
 * isPrivateAddress('::ffff:10.0.0.1') // true
 * isPrivateAddress('93.184.216.34') // false
 * ```
 */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return privateV4(address);
  if (kind === 6) return privateV6(address);
  return false;
}

/**
 * An endpoint URL, checked: absolute `http:` or `https:`, no user name or password in it (they would
 * show in every delivery log), no fragment, at most 2,000 characters. Unless allowed, a host that is
 * a private, loopback or link-local address, or `localhost`, is refused: a workspace must not make a
 * shared relay probe the network it runs in (server-side request forgery). A host *name* that
 * resolves to such an address is caught when the relay connects (see the relay's transport).
 * Returns the URL in its normal form.
 *
 * @throws {@link contactkit!ValidationError} on `url`, saying what is wrong.
 *
 * @example
 * ```ts
 * checkEndpointUrl('https://hooks.example.com/contactkit') // 'https://hooks.example.com/contactkit'
 * checkEndpointUrl('http://127.0.0.1:3000/hook')            // ValidationError: a private address
 * checkEndpointUrl('http://127.0.0.1:3000/hook', { allowPrivateAddresses: true }) // accepted
 * ```
 */
export function checkEndpointUrl(value: unknown, options: EndpointUrlOptions = {}): string {
  const refuse = (reason: string): never => {
    throw new ValidationError({ field: 'url', value, reason });
  };
  if (typeof value !== 'string' || value.trim() === '') return refuse('must be a URL');
  if (value.length > 2000) return refuse('must be at most 2000 characters');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return refuse('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must be http or https');
  if (url.username || url.password) return refuse('must not hold a user name or password');
  if (url.hash) return refuse('must not have a fragment (#…)');
  if (!options.allowPrivateAddresses) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host)) {
      return refuse('is a private, loopback or link-local address, which webhooks may not reach');
    }
  }
  return url.href;
}
