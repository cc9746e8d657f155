import { Buffer } from 'node:buffer';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { DomainEvent, DomainEventType } from '../model/domain-event.js';
import type { JsonValue } from '../model/primitives.js';
import type { WebhookSigningSecret } from '../model/webhook.js';

/** The prefix of a Standard Webhooks secret. */
export const SECRET_PREFIX = 'whsec_';

/**
 * A signing secret as a host may give one: `whsec_` and the base64 of 24 to 64 random bytes (the
 * Standard Webhooks form).
 */
export const WebhookSecretSchema = z
  .string()
  .max(200)
  .refine((s) => {
    if (!s.startsWith(SECRET_PREFIX)) return false;
    const body = s.slice(SECRET_PREFIX.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
    const bytes = Buffer.from(body, 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must be "whsec_" followed by the base64 of 24 to 64 random bytes');

/**
 * A new signing secret from random bytes (32 are drawn by the service).
 *
 * @example
 * ```ts
 * newWebhookSecret(crypto.getRandomValues(new Uint8Array(32))) // 'whsec_…'
 * ```
 */
export function newWebhookSecret(random: Uint8Array): string {
  return `${SECRET_PREFIX}${Buffer.from(random).toString('base64')}`;
}

/** The body every delivery of an event carries, as receivers parse it. */
export interface WebhookPayload {
  /** The event type, e.g. `contact.created` (Standard Webhooks' `type`). */
  readonly type: DomainEventType;
  /** When it was recorded, ISO 8601 (Standard Webhooks' `timestamp`). */
  readonly timestamp: string;
  /** The event's payload (Standard Webhooks' `data`). */
  readonly data: Record<string, JsonValue>;
  /** The event id: also the `webhook-id` header, the receiver's idempotency key. */
  readonly id: string;
  readonly workspaceId: string;
  /** The contact it is about, absent for workspace-wide events. */
  readonly contactId?: string;
  /** Its position in the workspace's log: orders one contact's events. */
  readonly position: number;
}

/**
 * The JSON body of an event's deliveries: the same bytes on every attempt and replay.
 *
 * @example
 * ```ts
 * webhookBody(event) // '{"type":"contact.created","timestamp":"2026-…","data":{…},"id":"…",…}'
 * ```
 */
export function webhookBody(event: DomainEvent): string {
  const payload: WebhookPayload = {
    type: event.type,
    timestamp: event.at.toISOString(),
    data: event.payload,
    id: event.id,
    workspaceId: event.workspaceId,
    ...(event.contactId === undefined ? {} : { contactId: event.contactId }),
    position: event.position ?? 0,
  };
  return JSON.stringify(payload);
}

/**
 * The secrets that sign at `now`: the current one, and any rotated out whose overlap has not ended.
 *
 * @example
 * ```ts
 * signingSecrets(endpoint.secrets, now) // ['whsec_new…', 'whsec_old…'] during a rotation's overlap
 * ```
 */
export function signingSecrets(secrets: readonly WebhookSigningSecret[], now: Date): string[] {
  return secrets.filter((s) => s.expiresAt === undefined || s.expiresAt > now).map((s) => s.secret);
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for each secret,
 * separated by spaces, so a receiver holding either secret of a rotation verifies it.
 *
 * @example
 * ```ts
 * signatureHeader('evt_1', now, body, ['whsec_…']) // 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='
 * ```
 */
export function signatureHeader(id: string, at: Date, body: string, secrets: readonly string[]): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
}

/**
 * The headers of one attempt: the Standard Webhooks three (`webhook-id` is the event id, the same on
 * every attempt; `webhook-timestamp` the attempt's time in seconds), and the content type.
 *
 * @example
 * ```ts
 * webhookHeaders(event.id, webhookBody(event), ['whsec_…'], now)
 * ```
 */
export function webhookHeaders(
  id: string,
  body: string,
  secrets: readonly string[],
  at: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'contactkit-webhooks',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatureHeader(id, at, body, secrets),
  };
}
