import { z } from 'zod';
import { FOLLOW_UP_EVENT_TYPES, REVIEW_EVENT_TYPES } from './follow-up-events.js';
import { IdSchema, JsonValueSchema, TimestampSchema } from './primitives.js';

/** Domain events written to the outbox in the same transaction as the change that caused them. */
export const DOMAIN_EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.identified',
  'contact.merged',
  'contact.unmerged',
  'contact.conflict',
  'contact.deleted',
  'contact.erased',
  ...FOLLOW_UP_EVENT_TYPES,
  ...REVIEW_EVENT_TYPES,
] as const;
export const DomainEventTypeSchema = z.enum(DOMAIN_EVENT_TYPES);
export type DomainEventType = z.infer<typeof DomainEventTypeSchema>;

/** One outbox entry: what a webhook sender delivers. */
export const DomainEventSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  type: DomainEventTypeSchema,
  /** The contact it is about (absent only for workspace-wide events). */
  contactId: IdSchema.optional(),
  at: TimestampSchema,
  payload: z.record(z.string(), JsonValueSchema),
});
export type DomainEvent = z.infer<typeof DomainEventSchema>;

/** An outbox event before the service gives it an id: what a pure decision returns. */
export type DomainEventDraft = Omit<DomainEvent, 'id'>;
