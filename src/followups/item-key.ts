import type { FollowUpReason } from '../model/follow-up.js';
import type { ReviewReason } from '../model/review-item.js';

/** What makes one follow-up occurrence itself: the same four values always give the same key. */
export interface FollowUpOccurrence {
  readonly reason: FollowUpReason;
  /** The conversation; absent for a reminder set on the contact. */
  readonly conversationId?: string | undefined;
  /** The custom trigger's id, or the reminder's id. */
  readonly rule?: string | undefined;
  /** The moment it answers: the business's last message, the promise, the reminder's time. */
  readonly anchorAt: Date;
}

// `<prefix>/<reason>/<ISO anchor>/<rule length>:<rule>/<conversation>`: the reason comes from a fixed
// list and the ISO date has no slash, the rule is length-prefixed and the conversation id is the rest,
// so any ids give distinct keys without escaping, and a key stays short enough for a unique index.
function key(prefix: string, reason: string, anchor: string, rule: string, conversationId: string): string {
  return `${prefix}/${reason}/${anchor}/${rule.length}:${rule}/${conversationId}`;
}

/**
 * The deterministic key of a follow-up: from its conversation, reason, rule and the occurrence it
 * answers, never from `now` or an id. Two sweeps that see the same occurrence compute the same key, and
 * the store keeps `(workspaceId, key)` unique, so the item is created once even when they race. Keys
 * hold no contact id: they stay the same when contacts merge and conversations move.
 *
 * @example
 * ```ts
 * followUpKey({ reason: 'ghosting', conversationId: 'conv_1', anchorAt: new Date('2026-01-15T10:00:00Z') })
 * // 'fu/ghosting/2026-01-15T10:00:00.000Z/0:/conv_1'
 * ```
 */
export function followUpKey(occurrence: FollowUpOccurrence): string {
  return key(
    'fu',
    occurrence.reason,
    occurrence.anchorAt.toISOString(),
    occurrence.rule ?? '',
    occurrence.conversationId ?? '',
  );
}

/**
 * The deterministic key of a human-review item, like {@link followUpKey}: from the conversation, the
 * reason, the rule and when the condition arose (`flaggedAt`; absent for a condition that holds once per
 * conversation, such as a high-value lead).
 *
 * @example
 * ```ts
 * reviewKey({ reason: 'high_value', conversationId: 'conv_1' }) // 'rv/high_value/-/0:/conv_1'
 * ```
 */
export function reviewKey(occurrence: {
  readonly reason: ReviewReason;
  readonly conversationId: string;
  readonly rule?: string | undefined;
  readonly flaggedAt?: Date | undefined;
}): string {
  return key(
    'rv',
    occurrence.reason,
    occurrence.flaggedAt?.toISOString() ?? '-',
    occurrence.rule ?? '',
    occurrence.conversationId,
  );
}
