import { z } from 'zod';
import type { DomainEvent, DomainEventType } from '../model/domain-event.js';
import { IdSchema, TimestampSchema } from '../model/primitives.js';

/**
 * What happened to a contact, as a system kept in step with the workspace needs to know it:
 * `created` (add it), `updated` (write it again), `merged` (it went into another contact: drop it, or
 * merge it there), `deleted` (soft-deleted: drop it or mark it), `erased` (remove every copy).
 */
export const CONTACT_CHANGE_KINDS = ['created', 'updated', 'merged', 'deleted', 'erased'] as const;
export type ContactChangeKind = (typeof CONTACT_CHANGE_KINDS)[number];

/** One contact's change over a stretch of the log: the net of every event about it there. */
export const ContactChangeSchema = z.object({
  contactId: IdSchema,
  kind: z.enum(CONTACT_CHANGE_KINDS),
  /** For `merged`: the contact it went into (which is `updated` or `created` too). */
  into: IdSchema.optional(),
  /** The position of the last event that changed it. */
  position: z.number().int().min(0),
  /** When that event was recorded. */
  at: TimestampSchema,
});
export type ContactChange = z.infer<typeof ContactChangeSchema>;

/** Events that change what a contact record holds (its profile, identities, stats, classification, consent). */
const UPDATES: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  'contact.updated',
  'contact.identified',
  'contact.status_changed',
  'contact.stage_changed',
  'contact.grade_changed',
  'contact.score_adjusted',
  'order.placed',
  'consent.changed',
]);

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The net change of each contact over a run of events (in position order): a contact made and then
 * updated is `created`; anything followed by a merge, deletion or erasure is that; a contact an undone
 * merge brings back is `created` again. Notes, flow runs, follow-ups, review items and webhook events
 * change no contact record and are left out. Ordered by the position of each contact's last change.
 * Pure.
 *
 * @example
 * ```ts
 * contactChanges(events)
 * // [{ contactId: 'c_2', kind: 'merged', into: 'c_1', … }, { contactId: 'c_1', kind: 'updated', … }]
 * ```
 */
export function contactChanges(events: readonly DomainEvent[]): ContactChange[] {
  const changes = new Map<string, ContactChange>();
  const note = (event: DomainEvent, contactId: string, kind: ContactChangeKind, into?: string) => {
    const before = changes.get(contactId);
    const net = before?.kind === 'created' && kind === 'updated' ? 'created' : kind;
    // Re-inserted so the map's order is that of each contact's last change.
    changes.delete(contactId);
    changes.set(contactId, {
      contactId,
      kind: net,
      ...(into === undefined ? {} : { into }),
      position: event.position ?? 0,
      at: event.at,
    });
  };
  for (const event of events) {
    const id = event.contactId;
    if (id === undefined) continue;
    switch (event.type) {
      case 'contact.created':
        note(event, id, 'created');
        break;
      case 'contact.merged':
        for (const gone of ids(event.payload.mergedIds)) note(event, gone, 'merged', id);
        note(event, id, 'updated');
        break;
      case 'contact.unmerged':
        for (const back of ids(event.payload.restoredIds)) note(event, back, 'created');
        note(event, id, 'updated');
        break;
      case 'contact.deleted':
        note(event, id, 'deleted');
        break;
      case 'contact.erased':
        note(event, id, 'erased');
        break;
      default:
        if (UPDATES.has(event.type)) note(event, id, 'updated');
    }
  }
  return [...changes.values()];
}
