import { describe, expect, it } from 'vitest';
import {
  ClassificationConfigSchema,
  type ClassificationRules,
  DEFAULT_CLASSIFICATION_CONFIG,
  decideStatus,
  reclassify,
  StatusConfigSchema,
} from '../../src/classify/index.js';
import type { ContactStatus, StatusReason } from '../../src/model/classification.js';
import { DEFAULT_SCORING_CONFIG } from '../../src/scoring/index.js';
import { type FactsSketch, facts, NOW } from './facts.js';

/** One minute, in days: just inside a window's end. */
const MINUTE = 1 / 1440;
const config = DEFAULT_CLASSIFICATION_CONFIG.status; // inactive 30, churn 90, min 3 messages, new 7

type Row = [name: string, sketch: FactsSketch, status: ContactStatus, reason: StatusReason];

describe('contact status: each rule, at the boundaries of its window', () => {
  const rows: Row[] = [
    [
      'first seen today, one message',
      { firstSeen: 0, lastInbound: 0, messages: 1 },
      'new',
      'recently_started',
    ],
    [
      'a minute inside the New window',
      { firstSeen: 7 - MINUTE, lastInbound: 0, messages: 2 },
      'new',
      'recently_started',
    ],
    [
      'at the New window’s end, still few messages',
      { firstSeen: 7, lastInbound: 0, messages: 2 },
      'active',
      'past_new_window',
    ],
    [
      'the minimum number of messages, inside the New window',
      { firstSeen: 1, lastInbound: 0, messages: 3 },
      'active',
      'enough_messages',
    ],
    [
      'a minute inside the inactivity window',
      { lastInbound: 30 - MINUTE, messages: 9 },
      'active',
      'enough_messages',
    ],
    ['at the inactivity window’s end', { lastInbound: 30, messages: 9 }, 'inactive', 'silent'],
    [
      'silence counts from the contact’s message, not the business’s',
      { lastInbound: 40, lastSeen: 1, messages: 9 },
      'inactive',
      'silent',
    ],
    ['no message known: silence counts from last seen', { lastSeen: 30 }, 'inactive', 'silent'],
    ['a buying-intent signal', { lastInbound: 1, messages: 1, intent: 1 }, 'qualified', 'buying_intent'],
    [
      'a buying-intent signal, then silence to the window’s end',
      { lastInbound: 30, messages: 5, intent: 30 },
      'inactive',
      'silent',
    ],
    ['a qualified tag', { lastInbound: 2, messages: 1, tags: ['qualified'] }, 'qualified', 'qualified_tag'],
    ['an order', { lastInbound: 5, messages: 4, orders: 1, lastOrder: 5 }, 'converted', 'purchase'],
    ['a booking', { lastInbound: 5, messages: 4, bookings: 1, lastBooking: 5 }, 'converted', 'booking'],
    [
      'an order outranks buying intent and a tag',
      { lastInbound: 1, orders: 1, intent: 1, tags: ['qualified'] },
      'converted',
      'purchase',
    ],
    [
      'converted and silent past the inactivity window, not yet the churn window',
      { lastInbound: 89, orders: 1, lastOrder: 89 },
      'converted',
      'purchase',
    ],
    [
      'converted, a minute inside the churn window',
      { lastInbound: 90 - MINUTE, orders: 2, lastOrder: 120 },
      'converted',
      'purchase',
    ],
    [
      'converted, at the churn window’s end',
      { lastInbound: 90, orders: 2, lastOrder: 120 },
      'churned',
      'silent_after_conversion',
    ],
    [
      'a recent order is activity: not churned however long since the last message',
      { lastInbound: 200, orders: 2, lastOrder: 10 },
      'converted',
      'purchase',
    ],
    [
      'a booking, then silence past the churn window',
      { lastInbound: 95, bookings: 1, lastBooking: 95 },
      'churned',
      'silent_after_conversion',
    ],
  ];

  it.each(rows)('%s → %s', (_name, sketch, status, reason) => {
    expect(decideStatus(facts(sketch), config, NOW)).toEqual({ status, reason });
  });

  it('uses the workspace’s windows and minimum', () => {
    const custom = StatusConfigSchema.parse({
      inactiveAfterDays: 7,
      churnAfterDays: 14,
      activeMinMessages: 1,
      newWithinDays: 1,
      qualifiedTags: ['hot'],
    });
    expect(decideStatus(facts({ lastInbound: 6, messages: 1 }), custom, NOW).status).toBe('active');
    expect(decideStatus(facts({ lastInbound: 7, messages: 1 }), custom, NOW).status).toBe('inactive');
    expect(decideStatus(facts({ lastInbound: 14, orders: 1, lastOrder: 14 }), custom, NOW).status).toBe(
      'churned',
    );
    expect(decideStatus(facts({ lastInbound: 0, tags: ['hot'] }), custom, NOW).status).toBe('qualified');
    expect(decideStatus(facts({ firstSeen: 0.5, lastInbound: 0 }), custom, NOW).status).toBe('new');
  });
});

const rules: ClassificationRules = {
  classification: DEFAULT_CLASSIFICATION_CONFIG,
  scoring: DEFAULT_SCORING_CONFIG,
};

type Transition = [
  from: ContactStatus,
  to: ContactStatus,
  before: FactsSketch,
  after: FactsSketch,
  reason: StatusReason,
];

describe('status transitions, as the timeline records them', () => {
  // Each row: the contact before and after what happened (or after time passed), read at the same now.
  const transitions: Transition[] = [
    [
      'new',
      'active',
      { firstSeen: 1, lastInbound: 1, messages: 2 },
      { firstSeen: 1, lastInbound: 0, messages: 3 },
      'enough_messages',
    ],
    [
      'new',
      'active',
      { firstSeen: 7 - MINUTE, lastInbound: 0, messages: 1 },
      { firstSeen: 7, lastInbound: 0, messages: 1 },
      'past_new_window',
    ],
    [
      'new',
      'qualified',
      { firstSeen: 1, lastInbound: 1, messages: 1 },
      { firstSeen: 1, lastInbound: 0, messages: 2, intent: 0 },
      'buying_intent',
    ],
    [
      'new',
      'converted',
      { firstSeen: 1, lastInbound: 1, messages: 1 },
      { firstSeen: 1, lastInbound: 1, messages: 1, orders: 1, lastOrder: 0 },
      'purchase',
    ],
    [
      'new',
      'inactive',
      { firstSeen: 6, lastInbound: 6, messages: 1 },
      { firstSeen: 30, lastInbound: 30, messages: 1 },
      'silent',
    ],
    [
      'active',
      'qualified',
      { lastInbound: 2, messages: 5 },
      { lastInbound: 0, messages: 6, intent: 0 },
      'buying_intent',
    ],
    [
      'active',
      'qualified',
      { lastInbound: 2, messages: 5 },
      { lastInbound: 2, messages: 5, tags: ['qualified'] },
      'qualified_tag',
    ],
    [
      'active',
      'converted',
      { lastInbound: 2, messages: 5 },
      { lastInbound: 2, messages: 5, bookings: 1, lastBooking: 0 },
      'booking',
    ],
    [
      'active',
      'inactive',
      { lastInbound: 30 - MINUTE, messages: 5 },
      { lastInbound: 30, messages: 5 },
      'silent',
    ],
    [
      'qualified',
      'converted',
      { lastInbound: 1, messages: 5, intent: 1 },
      { lastInbound: 1, messages: 5, intent: 1, orders: 1, lastOrder: 0 },
      'purchase',
    ],
    [
      'qualified',
      'inactive',
      { lastInbound: 29, messages: 5, intent: 29 },
      { lastInbound: 30, messages: 5, intent: 30 },
      'silent',
    ],
    [
      'qualified',
      'active',
      { lastInbound: 1, messages: 5, tags: ['qualified'] },
      { lastInbound: 1, messages: 5 },
      'enough_messages',
    ],
    [
      'inactive',
      'active',
      { lastInbound: 40, messages: 5 },
      { lastInbound: 0, messages: 6 },
      'enough_messages',
    ],
    [
      'inactive',
      'qualified',
      { lastInbound: 40, messages: 5, intent: 40 },
      { lastInbound: 0, messages: 6, intent: 40 },
      'buying_intent',
    ],
    [
      'inactive',
      'converted',
      { lastInbound: 40, messages: 5 },
      { lastInbound: 40, messages: 5, orders: 1, lastOrder: 0 },
      'purchase',
    ],
    [
      'converted',
      'churned',
      { lastInbound: 89, orders: 1, lastOrder: 89 },
      { lastInbound: 90, orders: 1, lastOrder: 90 },
      'silent_after_conversion',
    ],
    [
      'churned',
      'converted',
      { lastInbound: 100, orders: 1, lastOrder: 100 },
      { lastInbound: 0, orders: 1, lastOrder: 100 },
      'purchase',
    ],
    [
      'churned',
      'converted',
      { lastInbound: 100, orders: 1, lastOrder: 100 },
      { lastInbound: 100, orders: 2, lastOrder: 0, firstOrder: 100 },
      'purchase',
    ],
  ];

  it.each(transitions)('%s → %s', (from, to, before, after, reason) => {
    const stored = reclassify(null, facts(before), rules, { now: NOW }).classification;
    expect(stored.status).toBe(from);
    const { classification, changes } = reclassify(stored, facts(after), rules, { now: NOW });
    expect(classification.status).toBe(to);
    expect(changes.find((c) => c.field === 'status')).toEqual({ field: 'status', from, to, reason });
  });

  it('reports no status change when nothing changed', () => {
    const sketch = { lastInbound: 3, messages: 5 };
    const stored = reclassify(null, facts(sketch), rules, { now: NOW }).classification;
    expect(reclassify(stored, facts(sketch), rules, { now: NOW }).changes).toEqual([]);
  });

  it('a contact classified for the first time reports its status as a change from none', () => {
    const { changes } = reclassify(null, facts({ firstSeen: 0, lastInbound: 0, messages: 1 }), rules, {
      now: NOW,
    });
    expect(changes[0]).toEqual({ field: 'status', from: null, to: 'new', reason: 'recently_started' });
  });
});

describe('status configuration', () => {
  it('refuses a negative or zero window, naming the field', () => {
    for (const [field, value] of [
      ['inactiveAfterDays', -1],
      ['churnAfterDays', 0],
      ['newWithinDays', -7],
    ] as const) {
      const result = ClassificationConfigSchema.safeParse({ status: { [field]: value } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['status', field]);
    }
  });
});
