import type { FollowUpContactFacts } from '../followups/facts.js';
import type { ReviewItem } from '../model/review-item.js';
import { type ReviewFlag, reviewFlags } from './flags.js';
import type { ReviewRules } from './rules.js';

/** What the engine needs to know of a review item already stored. */
export type ReviewItemRef = Pick<ReviewItem, 'key' | 'conversationId' | 'reason' | 'status'> & {
  readonly rule?: string | undefined;
};

/** What a review sweep looks at: a batch of contacts' facts and the review items stored for them. */
export interface ReviewSweepInput {
  readonly contacts: Iterable<FollowUpContactFacts>;
  /** Review items stored for these contacts: at least the open and taken-over ones. */
  readonly existing?: Iterable<ReviewItemRef>;
  readonly rules: ReviewRules;
  readonly now: Date;
}

/** The review items a sweep should open. */
export interface ReviewSweepPlan {
  readonly open: ReviewFlag[];
}

function activeKey(conversationId: string, reason: string, rule: string | undefined): string {
  return `${reason}\u0000${rule ?? ''}\u0000${conversationId}`;
}

/**
 * Plans one review sweep: the flags that no stored item stands for. A flag is skipped when its key is
 * stored, or when the conversation already has an open or taken-over item for the same reason and rule
 * (a person is on it). Idempotent like `planFollowUpSweep`; the store keeps keys unique. Pure.
 *
 * @example
 * ```ts
 * const { open } = planReviewSweep({ contacts: batch, existing: storedReviewItems, rules, now });
 * ```
 */
export function planReviewSweep(input: ReviewSweepInput): ReviewSweepPlan {
  const keys = new Set<string>();
  const active = new Set<string>();
  for (const item of input.existing ?? []) {
    keys.add(item.key);
    if (item.status === 'open' || item.status === 'taken_over') {
      active.add(activeKey(item.conversationId, item.reason, item.rule));
    }
  }
  const open: ReviewFlag[] = [];
  for (const contact of input.contacts) {
    for (const flag of reviewFlags(contact, input.rules, input.now)) {
      const a = activeKey(flag.conversationId, flag.reason, flag.rule);
      if (keys.has(flag.key) || active.has(a)) continue;
      keys.add(flag.key);
      active.add(a);
      open.push(flag);
    }
  }
  return { open };
}
