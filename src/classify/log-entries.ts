import type { Actor } from '../model/activity.js';
import type { ClassificationChange } from '../model/classification.js';
import type { LogEntry } from '../model/log-entry.js';
import type { JsonValue } from '../model/primitives.js';

const CHANGE_TYPES = {
  status: ['status.changed', 'contact.status_changed'],
  stage: ['stage.changed', 'contact.stage_changed'],
  grade: ['grade.changed', 'contact.grade_changed'],
} as const;

/**
 * The log entries of classification changes: each a timeline entry (`status.changed`, `stage.changed`,
 * `grade.changed`) and a published event (`contact.status_changed`, …) with the change and its reason.
 * Pure: ids and times are given.
 *
 * @example
 * ```ts
 * tx.log.append(classificationLogEntries(changes, { workspaceId, contactId, at: now, recordedAt: now, newId }));
 * ```
 */
export function classificationLogEntries(
  changes: readonly ClassificationChange[],
  ctx: {
    readonly workspaceId: string;
    readonly contactId: string;
    readonly at: Date;
    readonly recordedAt: Date;
    readonly newId: () => string;
    readonly actor?: Actor;
    /** The chat event that caused them, if one did. */
    readonly eventId?: string;
  },
): LogEntry[] {
  return changes.map((change) => {
    const [activity, event] = CHANGE_TYPES[change.field];
    const data = JSON.parse(JSON.stringify(change)) as Record<string, JsonValue>;
    return {
      workspaceId: ctx.workspaceId,
      id: ctx.newId(),
      contactId: ctx.contactId,
      at: ctx.at,
      recordedAt: ctx.recordedAt,
      activity: {
        type: activity,
        actor: ctx.actor ?? { kind: 'system' },
        ...(ctx.eventId === undefined ? {} : { eventId: ctx.eventId }),
        data,
      },
      event: { type: event, payload: { contactId: ctx.contactId, ...data } },
    };
  });
}
