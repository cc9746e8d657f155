import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../src/errors/errors.js';
import { ActivitySchema } from '../../src/model/activity.js';
import { DomainEventSchema } from '../../src/model/domain-event.js';
import {
  REVIEW_STATUSES,
  type ReviewItem,
  ReviewItemSchema,
  type ReviewStatus,
} from '../../src/model/review-item.js';
import { reviewFlags } from '../../src/review/flags.js';
import { DEFAULT_REVIEW_RULES } from '../../src/review/rules.js';
import {
  assignReview,
  canMoveReview,
  dismissReview,
  openReviewItem,
  type ReviewAction,
  resolveReview,
  takeOverReview,
} from '../../src/review/transitions.js';
import { ago, contact, conversation, HOUR, MINUTE, NOW } from '../followups/support.js';

const later = (ms: number) => new Date(NOW.getTime() + ms);
const person = { kind: 'user' as const, id: 'u_7' };

function opened(): ReviewItem {
  const facts = contact({
    conversations: [conversation({ lastCustomer: { at: ago(HOUR), text: 'ugh', sentiment: -0.9 } })],
  });
  const [flag] = reviewFlags(facts, DEFAULT_REVIEW_RULES, NOW);
  return openReviewItem(flag!, { workspaceId: 'acme', id: 'rv_1', now: NOW }).item;
}

describe('a review item', () => {
  it('opens with its context, recorded on the timeline and in the outbox', () => {
    const facts = contact({
      conversations: [conversation({ lastCustomer: { at: ago(HOUR), text: 'ugh', sentiment: -0.9 } })],
    });
    const [flag] = reviewFlags(facts, DEFAULT_REVIEW_RULES, NOW);
    const change = openReviewItem(flag!, { workspaceId: 'acme', id: 'rv_1', now: NOW });
    expect(ReviewItemSchema.parse(change.item)).toEqual(change.item);
    expect(change.item).toMatchObject({
      status: 'open',
      reason: 'frustration',
      context: { sentiment: -0.9 },
      version: 1,
    });
    expect(change.activity).toMatchObject({
      type: 'review.opened',
      data: { reviewId: 'rv_1', summary: flag!.summary },
    });
    expect(ActivitySchema.parse({ id: 'a', ...change.activity })).toBeTruthy();
    expect(DomainEventSchema.parse({ id: 'e', ...change.event })).toBeTruthy();
  });

  it('is taken over by a person, who becomes its assignee, then resolved', () => {
    const taken = takeOverReview(opened(), { at: later(MINUTE), by: person });
    expect(taken.item).toMatchObject({
      status: 'taken_over',
      assignee: 'u_7',
      actedBy: person,
      actedAt: later(MINUTE),
      version: 2,
    });
    expect(taken.event).toMatchObject({
      type: 'review.taken_over',
      payload: { from: 'open', assignee: 'u_7' },
    });
    const resolved = resolveReview(taken.item, { at: later(HOUR), by: person, note: 'refund issued' });
    expect(resolved.item).toMatchObject({ status: 'resolved', note: 'refund issued' });
  });

  it('keeps an earlier assignee when someone else takes it over', () => {
    const assigned = assignReview(opened(), {
      at: later(MINUTE),
      by: { kind: 'user', id: 'lead' },
      assignee: 'u_9',
    }).item;
    expect(assigned.status).toBe('open');
    expect(takeOverReview(assigned, { at: later(2 * MINUTE), by: person }).item.assignee).toBe('u_9');
  });

  it('refuses every move its status does not lead to, with a typed error', () => {
    const allowed: Record<ReviewAction, ReviewStatus[]> = {
      assign: ['open', 'taken_over'],
      take_over: ['open'],
      dismiss: ['open'],
      resolve: ['open', 'taken_over'],
    };
    const act: Record<ReviewAction, (i: ReviewItem) => unknown> = {
      assign: (i) => assignReview(i, { at: NOW, by: person, assignee: 'x' }),
      take_over: (i) => takeOverReview(i, { at: NOW, by: person }),
      dismiss: (i) => dismissReview(i, { at: NOW, by: person }),
      resolve: (i) => resolveReview(i, { at: NOW, by: person }),
    };
    for (const [action, from] of Object.entries(allowed) as [ReviewAction, ReviewStatus[]][]) {
      for (const status of REVIEW_STATUSES) {
        const item = { ...opened(), status };
        expect(canMoveReview(status, action)).toBe(from.includes(status));
        if (from.includes(status)) expect(() => act[action](item)).not.toThrow();
        else expect(() => act[action](item)).toThrow(IllegalTransitionError);
      }
    }
  });
});
