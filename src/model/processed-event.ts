import { z } from 'zod';
import { IdSchema, TimestampSchema } from './primitives.js';

/** The outcome kinds of identity resolution. */
export const OutcomeKindSchema = z.enum(['created', 'matched', 'merged', 'conflict']);
export type OutcomeKind = z.infer<typeof OutcomeKindSchema>;

/** The record that an event id was handled, and how: makes intake idempotent. */
export const ProcessedEventSchema = z.object({
  workspaceId: IdSchema,
  eventId: IdSchema,
  contactId: IdSchema,
  outcome: OutcomeKindSchema,
  processedAt: TimestampSchema,
});
export type ProcessedEvent = z.infer<typeof ProcessedEventSchema>;
