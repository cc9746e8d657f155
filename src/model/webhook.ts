import { z } from 'zod';
import { DomainEventTypeSchema } from './domain-event.js';
import { IdSchema, TimestampSchema } from './primitives.js';

/** Whether the relay delivers to an endpoint. */
export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;

/**
 * Why an endpoint was disabled: by a person (`manual`), because every attempt failed for too long
 * (`failing`), or because it answered `410 Gone` (`gone`, the Standard Webhooks way to unsubscribe).
 */
export const WEBHOOK_DISABLED_REASONS = ['manual', 'failing', 'gone'] as const;

/** One signing secret of an endpoint. */
export const WebhookSigningSecretSchema = z.object({
  /** `whsec_` and the base64 of the key (Standard Webhooks form). */
  secret: z.string().min(1).max(200),
  createdAt: TimestampSchema,
  /** A secret rotated out still signs, next to the new one, until then. */
  expiresAt: TimestampSchema.optional(),
});
export type WebhookSigningSecret = z.infer<typeof WebhookSigningSecretSchema>;

/** A URL of a workspace that receives its domain events, signed (Standard Webhooks). */
export const WebhookEndpointSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  url: z.string().min(1).max(2000),
  description: z.string().max(500).optional(),
  /** The event types it receives; absent, every type. */
  eventTypes: z.array(DomainEventTypeSchema).optional(),
  /** The current secret first, then any rotated out that still sign until they expire. */
  secrets: z.array(WebhookSigningSecretSchema).min(1),
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
  disabledAt: TimestampSchema.optional(),
  disabledReason: z.enum(WEBHOOK_DISABLED_REASONS).optional(),
  /** The workspace log's last position when it was made: it receives the events after it. */
  fromPosition: z.number().int().min(0),
  /** The first failed attempt since the last success, while it keeps failing. */
  failingSince: TimestampSchema.optional(),
  /** Failed attempts since the last success. */
  consecutiveFailures: z.number().int().min(0),
  lastSuccessAt: TimestampSchema.optional(),
  lastFailureAt: TimestampSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Moves with every change people make, and when the relay disables it; not with its health. */
  version: z.number().int().min(1),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** An endpoint as it is shown: everything but its secrets, which are given out only when made. */
export const WebhookEndpointViewSchema = WebhookEndpointSchema.omit({ secrets: true }).extend({
  /** Until when a rotated-out secret still signs, during a rotation's overlap. */
  previousSecretExpiresAt: TimestampSchema.optional(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointViewSchema>;

/** Where a delivery stands. `failed` ones are kept for replay; `skipped` ones lost their event (erased). */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One attempt to deliver an event to an endpoint. */
export const WebhookAttemptSchema = z.object({
  /** 1 for the first attempt; replays go on counting. */
  attempt: z.number().int().min(1),
  at: TimestampSchema,
  ok: z.boolean(),
  /** The HTTP status the endpoint answered, when it answered. */
  statusCode: z.number().int().min(100).max(599).optional(),
  /** From sending the request to the end of the response (or the failure). */
  latencyMs: z.number().min(0),
  /** What went wrong: `HTTP 500`, `timed out after 15000 ms`, `connect ECONNREFUSED …`. */
  error: z.string().max(500).optional(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

/** One event on its way to one endpoint, with its attempts: the endpoint's delivery log. */
export const WebhookDeliverySchema = z.object({
  workspaceId: IdSchema,
  /** Derived from the endpoint and event ids (see `deliveryId`), so making it twice makes it once. */
  id: IdSchema,
  endpointId: IdSchema,
  /** The event's id: the `webhook-id` header and the receiver's idempotency key. */
  eventId: IdSchema,
  eventType: DomainEventTypeSchema,
  /** The event's position in the workspace log. */
  position: z.number().int().min(1),
  /**
   * What deliveries keep their order within: the contact the event is about ('' for workspace-wide
   * events). An endpoint gets one key's events in position order.
   */
  orderKey: z.string().max(200),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  /** Attempts made so far, replays included. */
  attempts: z.number().int().min(0),
  /** When the next attempt is due, while pending. */
  nextAttemptAt: TimestampSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  deliveredAt: TimestampSchema.optional(),
  failedAt: TimestampSchema.optional(),
  /** How many times a person replayed it. */
  replays: z.number().int().min(0),
  /** The attempts made before it was last replayed (0 if never): a replay starts the retry schedule over. */
  replayedAtAttempt: z.number().int().min(0),
  lastStatusCode: z.number().int().min(100).max(599).optional(),
  lastError: z.string().max(500).optional(),
  /** The latest attempts, oldest first (the last {@link MAX_ATTEMPT_LOG} are kept). */
  attemptLog: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** How many attempts a delivery's log keeps (the latest). */
export const MAX_ATTEMPT_LOG = 25;
