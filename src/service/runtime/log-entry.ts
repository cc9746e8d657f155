import type { ActivityType, Actor } from '../../model/activity.js';
import type { DomainEventType } from '../../model/domain-event.js';
import type { LogEntry } from '../../model/log-entry.js';
import type { JsonValue } from '../../model/primitives.js';
import type { ServiceContext } from './context.js';

/** What a service records about a contact: a timeline entry, a published event, or both. */
export interface EntryInput {
  readonly contactId: string;
  /** When it happened; default now. */
  readonly at?: Date;
  readonly activity?: {
    readonly type: ActivityType;
    readonly actor?: Actor;
    readonly eventId?: string;
    readonly data: Record<string, JsonValue>;
  };
  /** The event's payload gets the contact id first. */
  readonly event?: { readonly type: DomainEventType; readonly payload: Record<string, JsonValue> };
}

/**
 * A log entry for a service's change, with a fresh id, stamped with the service's clock.
 *
 * @internal
 */
export function logEntry(
  context: ServiceContext,
  workspaceId: string,
  input: EntryInput,
  now: Date,
): LogEntry {
  return {
    workspaceId,
    id: context.ids(),
    contactId: input.contactId,
    at: input.at ?? now,
    recordedAt: now,
    ...(input.activity ? { activity: input.activity } : {}),
    ...(input.event
      ? { event: { type: input.event.type, payload: { contactId: input.contactId, ...input.event.payload } } }
      : {}),
  };
}
