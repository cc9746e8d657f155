import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from '../errors/errors.js';
import { signatureHeader, type WebhookPayload } from './signature.js';

/** Headers as receivers have them: a fetch `Headers`, or node's `IncomingHttpHeaders`-like record. */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** The receiver's clock. Default: the system clock. */
  readonly now?: Date;
  /** How far the `webhook-timestamp` may be from `now`, in seconds (default 300, the spec's). */
  readonly toleranceSeconds?: number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : (value as string | undefined);
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Verifies a webhook as a receiver gets it, per Standard Webhooks: the three headers are there, the
 * timestamp is within the tolerance of `now` (a captured request cannot be replayed later), and one of
 * the signatures is the HMAC-SHA256 of `id.timestamp.body` under one of the secrets (during a
 * rotation, either the new or the old one verifies). Pass the body exactly as received, before any
 * JSON parsing. Returns the parsed payload.
 *
 * @throws {@link WebhookSignatureError} saying why, when it does not verify.
 *
 * @example
 * ```ts
 * // A Next.js route handler:
 * export async function POST(request: Request) {
 *   const body = await request.text();
 *   const event = verifyWebhook(body, request.headers, process.env.CONTACTKIT_WEBHOOK_SECRET!);
 *   await handle(event.id, event.type, event.data); // event.id: the idempotency key
 *   return new Response(null, { status: 204 });
 * }
 * ```
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): WebhookPayload {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookSignatureError('missing webhook-id, webhook-timestamp or webhook-signature');
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookSignatureError('webhook-timestamp is not a number');
  const at = new Date(Number(timestamp) * 1000);
  const now = options.now ?? new Date();
  const tolerance = (options.toleranceSeconds ?? 300) * 1000;
  if (Math.abs(now.getTime() - at.getTime()) > tolerance) {
    throw new WebhookSignatureError('webhook-timestamp is too far from now (a replayed or delayed request)');
  }
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const given = signatures.split(' ').filter(Boolean);
  let matched = false;
  for (const s of secrets) {
    let expected: string;
    try {
      expected = signatureHeader(id, at, text, [s]);
    } catch {
      throw new WebhookSignatureError('a secret is not a valid signing secret');
    }
    // Every signature compared, in constant time each, so timing says nothing about which matched.
    for (const g of given) matched = sameText(g, expected) || matched;
  }
  if (!matched) throw new WebhookSignatureError('no signature matches the secret');
  try {
    return JSON.parse(text) as WebhookPayload;
  } catch {
    throw new WebhookSignatureError('the body is not JSON');
  }
}
