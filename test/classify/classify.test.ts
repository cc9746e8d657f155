import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClassificationConfigSchema,
  type ClassificationRules,
  type ContactFacts,
  classifyContact,
  DEFAULT_CLASSIFICATION_CONFIG,
  reclassify,
  recordSentiment,
} from '../../src/classify/index.js';
import type { SentimentState } from '../../src/model/classification.js';
import { type Classification, ClassificationSchema } from '../../src/model/classification.js';
import { applySignals, DEFAULT_SCORING_CONFIG, type ScoreSignal } from '../../src/scoring/index.js';
import { daysAgo, facts, NOW } from './facts.js';

const rules: ClassificationRules = {
  classification: ClassificationConfigSchema.parse({
    spend: { currency: 'USD' },
    vip: { minSpend: 450 },
  }),
  scoring: DEFAULT_SCORING_CONFIG,
};

const signal = (kind: 'intent' | 'action', name: string, days: number): ScoreSignal =>
  kind === 'intent'
    ? { kind, intent: name, confidence: 1, at: daysAgo(days) }
    : { kind, action: name, at: daysAgo(days) };

function scored(list: readonly ScoreSignal[]) {
  return applySignals(null, list, DEFAULT_SCORING_CONFIG, { workspaceId: 'w', contactId: 'c', now: NOW })
    .state;
}

function sentiment(scores: readonly number[]): SentimentState | null {
  return scores.reduce<SentimentState | null>(
    (s, score, i) => recordSentiment(s, score, daysAgo(scores.length - i), rules.classification.sentiment),
    null,
  );
}

describe('classifying a contact', () => {
  it('derives every stored figure from the facts', () => {
    const contact: ContactFacts = {
      ...facts({ firstSeen: 120, lastInbound: 2, messages: 14, orders: 3, firstOrder: 120, lastOrder: 10 }),
      spend: [
        { currency: 'USD', orders: 2, amount: 400, ordersViaAssistant: 1, amountViaAssistant: 150 },
        { currency: 'JPY', orders: 1, amount: 12_000, ordersViaAssistant: 0, amountViaAssistant: 0 },
      ],
      filledFields: ['name', 'email'],
      score: scored([
        signal('intent', 'purchase', 12),
        signal('action', 'order', 10),
        signal('action', 'message', 2),
      ]),
      sentiment: sentiment([0.4, 0.5, -0.9, -0.95]),
    };
    const c = classifyContact(contact, rules, { now: NOW, rates: { JPY: 0.0067 } });
    expect(c).toMatchObject({
      status: 'converted',
      statusReason: 'purchase',
      stage: 'in_progress',
      stageReason: 'conversion',
      stageSetByHand: false,
      grade: 'C',
      temperature: 'warm',
      vip: true,
      flagReasons: { vip: ['spend'], atRisk: [] },
      completeness: 0.571,
      spentTotal: { currency: 'USD', amount: 480.4, missingRates: [] },
      ruleSetVersion: DEFAULT_SCORING_CONFIG.version,
      classifiedAt: NOW,
    });
    // 20 × ½^(12/30) + 30 × ½^(10/90): the inbound message earns nothing under the default rules
    const expected = 20 * 0.5 ** (12 / 30) + 30 * 0.5 ** (10 / 90);
    expect(c.score).toBeCloseTo(expected, 2);
    expect(c.sentiment).toMatchObject({ level: 'negative', mean: -0.237, trend: 'worsening', messages: 4 });
    expect(c.predictedSpend).toMatchObject({
      basis: 'order_rate',
      orders: 3,
      observedDays: 120,
      expectedOrders: 2.25,
    });
    expect(c.predictedSpend.byCurrency.map((p) => [p.currency, p.amount])).toEqual([
      ['USD', 300],
      ['JPY', 9000],
    ]);
  });

  it('a contact with nothing yet is new, ungraded (F), cold, without sentiment or predicted spend', () => {
    const c = classifyContact(facts({ firstSeen: 0, lastInbound: 0, messages: 1 }), rules, { now: NOW });
    expect(c).toMatchObject({
      status: 'new',
      stage: 'inquiry',
      score: 0,
      grade: 'F',
      temperature: 'cold',
      sentiment: null,
      vip: false,
      atRisk: false,
      completeness: 0,
      spentTotal: { currency: 'USD', amount: 0, missingRates: [] },
      predictedSpend: {
        basis: 'no_orders',
        byCurrency: [],
        total: { currency: 'USD', amount: 0, missingRates: [] },
      },
      ruleSetVersion: null,
    });
  });

  it('reports the grade change with the scores, and a contact at risk', () => {
    const before = classifyContact(facts({ lastInbound: 1, messages: 5 }), rules, { now: NOW });
    const after = {
      ...facts({ lastInbound: 0, messages: 6, intent: 0 }),
      score: scored([signal('intent', 'purchase', 0), signal('action', 'booking_attempt', 0)]),
      sentiment: sentiment([-0.9, -0.8, -0.95]),
    };
    const { classification, changes } = reclassify(before, after, rules, { now: NOW });
    expect(classification.atRisk).toBe(true);
    expect(classification.flagReasons.atRisk).toEqual(['sentiment']);
    expect(changes).toEqual([
      { field: 'status', from: 'active', to: 'qualified', reason: 'buying_intent' },
      { field: 'stage', from: 'inquiry', to: 'closing', reason: 'signal' },
      { field: 'grade', from: 'F', to: 'D', reason: 'score_rose', score: { from: 0, to: 35 } },
    ]);
  });

  it('a grade moved by new thresholds, not by the score, says so', () => {
    const contact = {
      ...facts({ lastInbound: 0, messages: 3 }),
      score: scored([signal('action', 'order', 0)]),
    };
    const before = classifyContact(contact, rules, { now: NOW });
    const stricter = {
      ...rules,
      scoring: { ...rules.scoring, grades: { A: 90, B: 70, C: 50, D: 35, E: 25 } },
    };
    const { changes } = reclassify(before, contact, stricter, { now: NOW });
    expect(changes).toEqual([
      { field: 'grade', from: 'D', to: 'E', reason: 'thresholds_changed', score: { from: 30, to: 30 } },
    ]);
  });
});

/** Contacts of every kind: the sketches of the status tables, with scores and sentiment. */
const anyFacts: fc.Arbitrary<ContactFacts> = fc
  .record({
    firstSeen: fc.integer({ min: 0, max: 400 }),
    lastInbound: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    messages: fc.integer({ min: 0, max: 50 }),
    orders: fc.integer({ min: 0, max: 5 }),
    lastOrder: fc.integer({ min: 0, max: 400 }),
    bookings: fc.integer({ min: 0, max: 2 }),
    tags: fc.subarray(['qualified', 'vip', 'other']),
    manual: fc.option(fc.constantFrom('inquiry', 'closing', 'follow_up' as const), { nil: undefined }),
    signals: fc.array(
      fc.record({
        kind: fc.constantFrom('intent' as const, 'action' as const),
        name: fc.constantFrom('purchase', 'pricing', 'order', 'message', 'booking_attempt', 'form_submitted'),
        days: fc.integer({ min: 0, max: 200 }),
      }),
      { maxLength: 20 },
    ),
    scores: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 10 }),
    filled: fc.subarray(['name', 'email', 'phone', 'company']),
  })
  .map((f) => ({
    ...facts({
      firstSeen: f.firstSeen,
      lastInbound: f.lastInbound,
      messages: f.messages,
      orders: f.orders,
      lastOrder: f.lastOrder,
      firstOrder: f.lastOrder + 30,
      bookings: f.bookings,
      tags: f.tags,
      ...(f.manual === undefined ? {} : { manualStage: f.manual }),
    }),
    score: scored(f.signals.map((s) => signal(s.kind, s.name, s.days))),
    sentiment: sentiment(f.scores),
    filledFields: f.filled,
  }));

/** What storage gives back: JSON, with the date revived, through the stored schema. */
function stored(c: Classification): Classification {
  const json = JSON.parse(JSON.stringify(c));
  return ClassificationSchema.parse({ ...json, classifiedAt: new Date(json.classifiedAt) });
}

describe('classification properties', () => {
  it('a stored classification equals a fresh computation at the same now', () => {
    fc.assert(
      fc.property(anyFacts, fc.integer({ min: 0, max: 100 }), (contact, later) => {
        const now = new Date(NOW.getTime() + later * 3_600_000);
        const first = classifyContact(contact, rules, { now, rates: { JPY: 0.0067 } });
        const fresh = classifyContact(contact, rules, { now, rates: { JPY: 0.0067 } });
        expect(stored(first)).toEqual(fresh);
        expect(reclassify(stored(first), contact, rules, { now, rates: { JPY: 0.0067 } }).changes).toEqual(
          [],
        );
      }),
    );
  });

  it('the new classification depends on the facts, never on the one before', () => {
    fc.assert(
      fc.property(anyFacts, anyFacts, (a, b) => {
        const before = classifyContact(a, rules, { now: NOW });
        expect(reclassify(before, b, rules, { now: NOW }).classification).toEqual(
          classifyContact(b, rules, { now: NOW }),
        );
      }),
    );
  });

  it('uses the defaults when the workspace sets nothing', () => {
    const defaults: ClassificationRules = {
      classification: DEFAULT_CLASSIFICATION_CONFIG,
      scoring: DEFAULT_SCORING_CONFIG,
    };
    fc.assert(
      fc.property(anyFacts, (contact) => {
        const c = classifyContact(contact, defaults, { now: NOW });
        expect(c.spentTotal).toBeNull();
        expect(c.predictedSpend.total).toBeNull();
        expect(ClassificationSchema.safeParse(c).success).toBe(true);
      }),
    );
  });
});
