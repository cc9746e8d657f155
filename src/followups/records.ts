import type { ActivityDraft, Actor } from '../model/activity.js';
import type { DomainEventDraft } from '../model/domain-event.js';
import type { FollowUpEventType, ReviewEventType } from '../model/follow-up-events.js';
import type { LogEntry } from '../model/log-entry.js';
import type { JsonValue } from '../model/primitives.js';

/** The timeline entry and the outbox event of one change to a queue item. */
export interface ChangeRecords {
  readonly activity: ActivityDraft;
  readonly event: DomainEventDraft;
}

/**
 * The timeline entry and outbox event of one change to a follow-up or review item: the same data in
 * both, and the contact id in the outbox payload as every outbox event carries it.
 *
 * @example
 * ```ts
 * changeRecords({ workspaceId: 'acme', contactId: 'c_1' }, 'review.opened', now, { kind: 'system' }, { reviewId: 'r_1' })
 * ```
 */
export function changeRecords(
  owner: { readonly workspaceId: string; readonly contactId: string },
  type: FollowUpEventType | ReviewEventType,
  at: Date,
  actor: Actor,
  data: Record<string, JsonValue>,
): ChangeRecords {
  const { workspaceId, contactId } = owner;
  return {
    activity: { workspaceId, contactId, type, at, actor, data },
    event: { workspaceId, type, contactId, at, payload: { contactId, ...data } },
  };
}

/**
 * One change's records as the single log entry that stores both: the timeline entry and the published
 * event. Pure: the caller gives the id and the time it is recorded at.
 *
 * @example
 * ```ts
 * tx.log.append([changeLogEntry(change, newId(), now)]);
 * ```
 */
export function changeLogEntry(records: ChangeRecords, id: string, recordedAt: Date): LogEntry {
  const { activity, event } = records;
  return {
    workspaceId: activity.workspaceId,
    id,
    contactId: activity.contactId,
    at: activity.at,
    recordedAt,
    activity: {
      type: activity.type,
      ...(activity.actor === undefined ? {} : { actor: activity.actor }),
      ...(activity.eventId === undefined ? {} : { eventId: activity.eventId }),
      data: activity.data,
    },
    event: { type: event.type, payload: event.payload },
  };
}
