// Kept apart from follow-up.ts and review-item.ts, which import the actor schema from activity.ts:
// activity.ts lists these types, and must not import those files back.

/**
 * The timeline entries and outbox events of follow-up items, one per transition. `follow_up.drafted`
 * records a suggested draft and `follow_up.assigned` an assignee: neither changes the status.
 */
export const FOLLOW_UP_EVENT_TYPES = [
  'follow_up.created',
  'follow_up.drafted',
  'follow_up.assigned',
  'follow_up.approved',
  'follow_up.edited',
  'follow_up.dismissed',
  'follow_up.sent',
  'follow_up.replied',
  'follow_up.converted',
  'follow_up.no_response',
] as const;
/** One of {@link FOLLOW_UP_EVENT_TYPES}. */
export type FollowUpEventType = (typeof FOLLOW_UP_EVENT_TYPES)[number];

/** The timeline entries and outbox events of human-review items, one per transition. */
export const REVIEW_EVENT_TYPES = [
  'review.opened',
  'review.assigned',
  'review.taken_over',
  'review.dismissed',
  'review.resolved',
] as const;
/** One of {@link REVIEW_EVENT_TYPES}. */
export type ReviewEventType = (typeof REVIEW_EVENT_TYPES)[number];
