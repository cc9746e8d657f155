import { z } from 'zod';
import { FOLLOW_UP_EVENT_TYPES, REVIEW_EVENT_TYPES } from './follow-up-events.js';
import { IdSchema, JsonValueSchema, TimestampSchema } from './primitives.js';

/**
 * Domain events, written to the activity log in the same transaction as the change that caused them,
 * which is what webhook senders deliver.
 */
export const DOMAIN_EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.identified',
  'contact.merged',
  'contact.unmerged',
  'contact.conflict',
  'contact.deleted',
  'contact.erased',
  'order.placed',
  'note.added',
  'consent.changed',
  'flow.ran',
  'contact.status_changed',
  'contact.stage_changed',
  'contact.grade_changed',
  'contact.score_adjusted',
  ...FOLLOW_UP_EVENT_TYPES,
  ...REVIEW_EVENT_TYPES,
  // Workspace-wide: the relay disabled an endpoint that kept failing (payload: endpointId, url, reason).
  'webhook.endpoint_disabled',
] as const;
export const DomainEventTypeSchema = z.enum(DOMAIN_EVENT_TYPES);
export type DomainEventType = z.infer<typeof DomainEventTypeSchema>;

/** One published event: what a webhook sender delivers. */
export const DomainEventSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  type: DomainEventTypeSchema,
  /** The contact it is about (absent only for workspace-wide events). */
  contactId: IdSchema.optional(),
  /** When it was recorded. */
  at: TimestampSchema,
  payload: z.record(z.string(), JsonValueSchema),
  /** Its position in the workspace's activity log, once stored: readers resume after the last they saw. */
  position: z.number().int().min(1).optional(),
});
export type DomainEvent = z.infer<typeof DomainEventSchema>;

/** An outbox event before the service gives it an id: what a pure decision returns. */
export type DomainEventDraft = Omit<DomainEvent, 'id'>;
