import { IllegalTransitionError } from '../errors/errors.js';
import { type ChangeRecords, changeRecords } from '../followups/records.js';
import type { Actor } from '../model/activity.js';
import type { ReviewEventType } from '../model/follow-up-events.js';
import type { JsonValue } from '../model/primitives.js';
import type { ReviewItem, ReviewStatus } from '../model/review-item.js';
import type { ReviewFlag } from './flags.js';

/** One change to a review item, with what the timeline and the outbox record about it. */
export interface ReviewChange extends ChangeRecords {
  readonly item: ReviewItem;
}

/** What can be done to a review item. */
export type ReviewAction = 'assign' | 'take_over' | 'dismiss' | 'resolve';

/**
 * Which action may be taken from which status: `open → taken_over | dismissed | resolved`, and
 * `taken_over → resolved`. Assigning keeps the status.
 */
export const REVIEW_MOVES: Readonly<
  Record<
    ReviewAction,
    { readonly from: readonly ReviewStatus[]; readonly to?: ReviewStatus; readonly type: ReviewEventType }
  >
> = {
  assign: { from: ['open', 'taken_over'], type: 'review.assigned' },
  take_over: { from: ['open'], to: 'taken_over', type: 'review.taken_over' },
  dismiss: { from: ['open'], to: 'dismissed', type: 'review.dismissed' },
  resolve: { from: ['open', 'taken_over'], to: 'resolved', type: 'review.resolved' },
};

/**
 * Whether `action` may be taken on a review item in `status`.
 *
 * @example
 * ```ts
 * canMoveReview('dismissed', 'take_over') // false
 * ```
 */
export function canMoveReview(status: ReviewStatus, action: ReviewAction): boolean {
  return REVIEW_MOVES[action].from.includes(status);
}

function recordsOf(
  item: ReviewItem,
  type: ReviewEventType,
  at: Date,
  actor: Actor,
  extra: Record<string, JsonValue>,
): ChangeRecords {
  return changeRecords(item, type, at, actor, {
    reviewId: item.id,
    key: item.key,
    conversationId: item.conversationId,
    reason: item.reason,
    status: item.status,
    ...(item.rule === undefined ? {} : { rule: item.rule }),
    ...(item.assignee === undefined ? {} : { assignee: item.assignee }),
    ...extra,
  });
}

function move(
  item: ReviewItem,
  action: ReviewAction,
  at: Date,
  by: Actor,
  patch: Partial<ReviewItem>,
): ReviewChange {
  const rule = REVIEW_MOVES[action];
  if (!rule.from.includes(item.status))
    throw new IllegalTransitionError('review', item.id, item.status, action);
  const next: ReviewItem = {
    ...item,
    ...patch,
    status: rule.to ?? item.status,
    actedBy: by,
    actedAt: at,
    updatedAt: at,
    version: item.version + 1,
  };
  const extra: Record<string, JsonValue> = { from: item.status };
  if (patch.note !== undefined) extra.note = patch.note;
  return { item: next, ...recordsOf(next, rule.type, at, by, extra) };
}

/**
 * A new `open` review item for a flag, with its `review.opened` timeline entry and outbox event.
 *
 * @example
 * ```ts
 * const { item } = openReviewItem(flag, { workspaceId: 'acme', id: newId(), now });
 * ```
 */
export function openReviewItem(
  flag: ReviewFlag,
  ctx: { readonly workspaceId: string; readonly id: string; readonly now: Date },
): ReviewChange {
  const item: ReviewItem = {
    workspaceId: ctx.workspaceId,
    id: ctx.id,
    key: flag.key,
    contactId: flag.contactId,
    conversationId: flag.conversationId,
    reason: flag.reason,
    ...(flag.rule === undefined ? {} : { rule: flag.rule }),
    flaggedAt: flag.flaggedAt,
    summary: flag.summary,
    context: flag.context,
    status: 'open',
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 1,
  };
  return {
    item,
    ...recordsOf(item, 'review.opened', ctx.now, { kind: 'system' }, { summary: item.summary }),
  };
}

/**
 * Gives an open or taken-over review item to a person. The status stays.
 *
 * @example
 * ```ts
 * assignReview(item, { at: now, by: { kind: 'user', id: 'lead' }, assignee: 'u_7' })
 * ```
 */
export function assignReview(
  item: ReviewItem,
  assign: { readonly at: Date; readonly by: Actor; readonly assignee: string },
): ReviewChange {
  return move(item, 'assign', assign.at, assign.by, { assignee: assign.assignee });
}

/**
 * A person takes the conversation over from the AI: `open → taken_over`, assigned to them (their actor
 * id) unless it already was to someone.
 *
 * @example
 * ```ts
 * takeOverReview(item, { at: now, by: { kind: 'user', id: 'u_7' } }).item.assignee // 'u_7'
 * ```
 */
export function takeOverReview(
  item: ReviewItem,
  acting: { readonly at: Date; readonly by: Actor; readonly note?: string },
): ReviewChange {
  const assignee = item.assignee ?? acting.by.id;
  return move(item, 'take_over', acting.at, acting.by, {
    ...(assignee === undefined ? {} : { assignee }),
    ...(acting.note === undefined ? {} : { note: acting.note }),
  });
}

/**
 * A person decides the conversation needs no one: `open → dismissed`.
 *
 * @example
 * ```ts
 * dismissReview(item, { at: now, by, note: 'sarcasm, not frustration' }).item.status // 'dismissed'
 * ```
 */
export function dismissReview(
  item: ReviewItem,
  acting: { readonly at: Date; readonly by: Actor; readonly note?: string },
): ReviewChange {
  return move(item, 'dismiss', acting.at, acting.by, acting.note === undefined ? {} : { note: acting.note });
}

/**
 * The matter is settled: `open | taken_over → resolved`.
 *
 * @example
 * ```ts
 * resolveReview(item, { at: now, by, note: 'refund issued' }).item.status // 'resolved'
 * ```
 */
export function resolveReview(
  item: ReviewItem,
  acting: { readonly at: Date; readonly by: Actor; readonly note?: string },
): ReviewChange {
  return move(item, 'resolve', acting.at, acting.by, acting.note === undefined ? {} : { note: acting.note });
}
