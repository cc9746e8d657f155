import type { FollowUpItem } from '../model/follow-up.js';
import { durationMs } from './duration.js';
import type { FollowUpSettings } from './settings.js';
import {
  canMoveFollowUp,
  type FollowUpChange,
  markFollowUpConverted,
  markFollowUpNoResponse,
  markFollowUpReplied,
} from './transitions.js';

/**
 * What a customer message does to the follow-ups of its conversation: every item not yet settled
 * (pending, approved, edited, sent, or given up as no response) becomes `replied`. An item not yet sent
 * is cancelled by it — the host must not send it now — and one that was sent got its answer. Items of
 * other conversations are left alone. Pure: returns the changes to store.
 *
 * @example
 * ```ts
 * const changes = cancelOnReply(itemsOfContact, { conversationId: 'conv_1', at: message.at });
 * ```
 */
export function cancelOnReply(
  items: Iterable<FollowUpItem>,
  reply: { readonly conversationId: string; readonly at: Date },
): FollowUpChange[] {
  const changes: FollowUpChange[] = [];
  for (const item of items) {
    if (item.conversationId === reply.conversationId && canMoveFollowUp(item.status, 'reply')) {
      changes.push(markFollowUpReplied(item, { at: reply.at }));
    }
  }
  return changes;
}

/**
 * What an order does to the contact's follow-ups: the last follow-up sent before it, within the
 * attribution window, becomes `converted` (last touch: one order converts one follow-up). Pure.
 *
 * @example
 * ```ts
 * attributeOrder(itemsOfContact, { orderId: 'o_1', placedAt }, settings) // [] or one change
 * ```
 */
export function attributeOrder(
  items: Iterable<FollowUpItem>,
  order: { readonly orderId: string; readonly placedAt: Date },
  settings: FollowUpSettings,
): FollowUpChange[] {
  const placed = order.placedAt.getTime();
  const window = durationMs(settings.outcomes.attributionWindow);
  let last: FollowUpItem | undefined;
  for (const item of items) {
    if (item.sentAt === undefined || !canMoveFollowUp(item.status, 'convert')) continue;
    const sent = item.sentAt.getTime();
    if (sent > placed || placed - sent > window) continue;
    if (!last || sent > (last.sentAt as Date).getTime()) last = item;
  }
  return last ? [markFollowUpConverted(last, { at: order.placedAt, orderId: order.orderId })] : [];
}

/**
 * The sent follow-ups that got no reply within `noResponseAfter`, moved to `no_response`. Pure; the
 * sweep calls it with the workspace's sent items.
 *
 * @example
 * ```ts
 * expireNoResponse(sentItems, settings, now).map((c) => c.item.status) // ['no_response', …]
 * ```
 */
export function expireNoResponse(
  items: Iterable<FollowUpItem>,
  settings: FollowUpSettings,
  now: Date,
): FollowUpChange[] {
  const after = durationMs(settings.outcomes.noResponseAfter);
  const changes: FollowUpChange[] = [];
  for (const item of items) {
    if (item.status === 'sent' && item.sentAt && item.sentAt.getTime() + after <= now.getTime()) {
      changes.push(markFollowUpNoResponse(item, { at: now }));
    }
  }
  return changes;
}
