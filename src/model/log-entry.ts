import { z } from 'zod';
import { type Activity, ActivityTypeSchema, ActorSchema } from './activity.js';
import { type DomainEvent, DomainEventTypeSchema } from './domain-event.js';
import { IdSchema, JsonValueSchema, TimestampSchema } from './primitives.js';

/**
 * One entry of a workspace's append-only activity log: what happened to a contact, shown on its
 * timeline, published as a domain event to webhook senders, or both. A change and its announcement are
 * one row, written in the same transaction as the change, so neither can be lost without the other.
 * The store gives each entry a position, increasing in commit order within the workspace: readers
 * (webhook relays, sync) keep the position they reached instead of marking entries delivered.
 */
export const LogEntrySchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  /** The contact it is about; absent for workspace-wide entries and once the contact was erased. */
  contactId: IdSchema.optional(),
  /** When it happened (an event's own time). */
  at: TimestampSchema,
  /** When it was recorded (the clock). */
  recordedAt: TimestampSchema,
  /** The timeline entry, when it shows on the contact's timeline. */
  activity: z
    .object({
      type: ActivityTypeSchema,
      actor: ActorSchema.optional(),
      /** The chat event that caused it, when there was one. */
      eventId: z.string().max(200).optional(),
      data: z.record(z.string(), JsonValueSchema),
    })
    .optional(),
  /** The domain event, when it is published. */
  event: z
    .object({
      type: DomainEventTypeSchema,
      payload: z.record(z.string(), JsonValueSchema),
    })
    .optional(),
  /** Assigned by the store when appended; absent on entries not yet stored. */
  position: z.number().int().min(1).optional(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

/**
 * The timeline entry a log entry holds, as hosts read timelines.
 *
 * @example
 * ```ts
 * const activity = activityOf(entry); // { id, contactId, type: 'contact.created', at, data, … }
 * ```
 */
export function activityOf(entry: LogEntry): Activity | undefined {
  const a = entry.activity;
  if (!a || entry.contactId === undefined) return undefined;
  return {
    id: entry.id,
    workspaceId: entry.workspaceId,
    contactId: entry.contactId,
    type: a.type,
    at: entry.at,
    ...(a.actor === undefined ? {} : { actor: a.actor }),
    ...(a.eventId === undefined ? {} : { eventId: a.eventId }),
    data: a.data,
  };
}

/**
 * The domain event a log entry holds, as webhook senders read them: stamped with the time it was
 * recorded and its position in the workspace's log. A published event never changes: it names the
 * contact it was published about (its payload's `contactId`) even after a merge moved the entry to the
 * surviving contact's timeline.
 *
 * @example
 * ```ts
 * const event = domainEventOf(entry); // { id, type: 'contact.created', contactId, at, payload, position }
 * ```
 */
export function domainEventOf(entry: LogEntry): DomainEvent | undefined {
  const e = entry.event;
  if (!e) return undefined;
  const about = typeof e.payload.contactId === 'string' ? e.payload.contactId : entry.contactId;
  return {
    id: entry.id,
    workspaceId: entry.workspaceId,
    type: e.type,
    ...(about === undefined ? {} : { contactId: about }),
    at: entry.recordedAt,
    payload: e.payload,
    ...(entry.position === undefined ? {} : { position: entry.position }),
  };
}
