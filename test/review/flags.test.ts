import { describe, expect, it } from 'vitest';
import { reviewKey } from '../../src/followups/item-key.js';
import { reviewFlags } from '../../src/review/flags.js';
import { planReviewSweep } from '../../src/review/plan-sweep.js';
import { DEFAULT_REVIEW_RULES, parseReviewRules } from '../../src/review/rules.js';
import { ago, contact, conversation, HOUR, MINUTE, NOW } from '../followups/support.js';

const only = (reason: string, input: Parameters<typeof parseReviewRules>[0] = {}) =>
  parseReviewRules({
    frustration: { enabled: reason === 'frustration' },
    escalation: { enabled: reason === 'escalation' },
    unresolved: { enabled: reason === 'unresolved' },
    highValue: { enabled: reason === 'high_value' },
    ...input,
  });

describe('human-review flags', () => {
  const frustrated = conversation({
    lastCustomer: { at: ago(HOUR), text: 'This is useless!!', sentiment: -0.8 },
  });

  it.each([
    [-0.8, -0.5, true],
    [-0.5, -0.5, true],
    [-0.49, -0.5, false],
    [0.3, -0.5, false],
    [-0.2, 0, true],
  ])('frustration: sentiment %d against threshold %d flags: %s', (sentiment, threshold, flagged) => {
    const c = conversation({ lastCustomer: { at: ago(HOUR), text: 'hm', sentiment } });
    const flags = reviewFlags(
      contact({ conversations: [c] }),
      only('frustration', { frustration: { threshold } }),
      NOW,
    );
    expect(flags.length).toBe(flagged ? 1 : 0);
  });

  it('a frustration flag carries the message, its sentiment and a key per customer message', () => {
    expect(reviewFlags(contact({ conversations: [frustrated] }), only('frustration'), NOW)).toEqual([
      {
        key: reviewKey({ reason: 'frustration', conversationId: 'conv_1', flaggedAt: ago(HOUR) }),
        contactId: 'c_1',
        conversationId: 'conv_1',
        reason: 'frustration',
        flaggedAt: ago(HOUR),
        summary: 'Customer sentiment -0.8 is at or below -0.5: "This is useless!!"',
        context: { sentiment: -0.8, threshold: -0.5, text: 'This is useless!!' },
      },
    ]);
  });

  it.each([
    ['escalated 31 minutes ago, no person since', { escalatedAt: ago(31 * MINUTE) }, 1],
    ['escalated 29 minutes ago', { escalatedAt: ago(29 * MINUTE) }, 0],
    ['a person answered since', { escalatedAt: ago(HOUR), lastAgentAt: ago(10 * MINUTE) }, 0],
    ['a person wrote only before it', { escalatedAt: ago(HOUR), lastAgentAt: ago(2 * HOUR) }, 1],
    ['not escalated', {}, 0],
  ])('escalation: %s', (_, overrides, count) => {
    const flags = reviewFlags(contact({ conversations: [conversation(overrides)] }), only('escalation'), NOW);
    expect(flags).toHaveLength(count);
    if (count) {
      expect(flags[0]).toMatchObject({
        reason: 'escalation',
        flaggedAt: (overrides as { escalatedAt: Date }).escalatedAt,
      });
    }
  });

  it.each([
    [9, 0],
    [10, 1],
    [25, 1],
  ])('unresolved: %i exchanges against 10 flags %i, once per conversation', (exchanges, count) => {
    const flags = reviewFlags(
      contact({ conversations: [conversation({ exchanges })] }),
      only('unresolved'),
      NOW,
    );
    expect(flags).toHaveLength(count);
    if (count) expect(flags[0]?.key).toBe(reviewKey({ reason: 'unresolved', conversationId: 'conv_1' }));
  });

  it.each([
    ['grade A', { grade: 'a' }, {}, 1],
    ['grade B', { grade: 'B' }, {}, 0],
    ['predicted spend at the minimum', { predictedSpend: 500 }, { minPredictedSpend: 500 }, 1],
    ['predicted spend below it', { predictedSpend: 499 }, { minPredictedSpend: 500 }, 0],
    ['predicted spend with the minimum off', { predictedSpend: 1e6 }, {}, 0],
  ])('high value: %s', (_, facts, highValue, count) => {
    const flags = reviewFlags(contact(facts), only('high_value', { highValue }), NOW);
    expect(flags).toHaveLength(count);
  });

  it('custom rules match the customer’s last message by intent or keyword, any case or accents', () => {
    const rules = only('none', {
      custom: [
        { id: 'legal', name: 'Legal threat', keywords: ['lawyer', 'chargeback', 'denúncia'] },
        { id: 'cancel', intents: ['Cancellation'], channels: ['web'] },
      ],
    });
    const legal = conversation({
      lastCustomer: { at: ago(HOUR), text: 'I will call my LAWYER and file a denuncia' },
    });
    expect(reviewFlags(contact({ conversations: [legal] }), rules, NOW)).toMatchObject([
      {
        reason: 'custom',
        rule: 'legal',
        summary: 'Legal threat: keyword lawyer, denúncia: "I will call my LAWYER and file a denuncia"',
        context: { keywords: ['lawyer', 'denúncia'] },
      },
    ]);
    const cancel = conversation({ lastCustomer: { at: ago(HOUR), text: 'bye', intent: 'cancellation' } });
    expect(reviewFlags(contact({ conversations: [cancel] }), rules, NOW)).toMatchObject([{ rule: 'cancel' }]);
    const elsewhere = { ...cancel, channel: 'sms' };
    expect(reviewFlags(contact({ conversations: [elsewhere] }), rules, NOW)).toEqual([]);
    const lawyerly = conversation({ lastCustomer: { at: ago(HOUR), text: 'lawyerly prose' } });
    expect(reviewFlags(contact({ conversations: [lawyerly] }), rules, NOW)).toEqual([]);
  });

  it('look only at open conversations, and not at all when switched off', () => {
    const closed = { ...frustrated, status: 'resolved' as const };
    expect(reviewFlags(contact({ conversations: [closed] }), DEFAULT_REVIEW_RULES, NOW)).toEqual([]);
    expect(
      reviewFlags(contact({ conversations: [frustrated] }), parseReviewRules({ enabled: false }), NOW),
    ).toEqual([]);
  });

  it('refuses bad rules naming the field', () => {
    expect(() => parseReviewRules({ frustration: { threshold: -2 } })).toThrow(
      /review\.frustration\.threshold/,
    );
    expect(() => parseReviewRules({ custom: [{ id: 'x' }] })).toThrow(/review\.custom\.0\.keywords/);
    expect(() =>
      parseReviewRules({
        custom: [
          { id: 'x', keywords: ['a'] },
          { id: 'x', keywords: ['b'] },
        ],
      }),
    ).toThrow(/review\.custom/);
  });
});

describe('review sweep plan', () => {
  const facts = contact({
    grade: 'A',
    conversations: [conversation({ lastCustomer: { at: ago(HOUR), text: 'ugh', sentiment: -0.9 } })],
  });

  it('opens each flag once: planning again with what it opened opens nothing', () => {
    const first = planReviewSweep({ contacts: [facts], rules: DEFAULT_REVIEW_RULES, now: NOW });
    expect(first.open.map((f) => f.reason)).toEqual(['frustration', 'high_value']);
    const existing = first.open.map((f) => ({ ...f, status: 'open' as const }));
    expect(
      planReviewSweep({ contacts: [facts], existing, rules: DEFAULT_REVIEW_RULES, now: NOW }).open,
    ).toEqual([]);
  });

  it('does not flag a conversation again for a reason a person is on, but does once they dismissed it and it recurs', () => {
    const [flag] = planReviewSweep({ contacts: [facts], rules: only('frustration'), now: NOW }).open;
    const later = contact({
      conversations: [
        conversation({ lastCustomer: { at: ago(MINUTE), text: 'still broken', sentiment: -0.9 } }),
      ],
    });
    const takenOver = [{ ...flag!, status: 'taken_over' as const }];
    expect(
      planReviewSweep({ contacts: [later], existing: takenOver, rules: only('frustration'), now: NOW }).open,
    ).toEqual([]);
    const dismissed = [{ ...flag!, status: 'dismissed' as const }];
    expect(
      planReviewSweep({ contacts: [later], existing: dismissed, rules: only('frustration'), now: NOW }).open,
    ).toMatchObject([{ reason: 'frustration', flaggedAt: ago(MINUTE) }]);
    expect(
      planReviewSweep({ contacts: [facts], existing: dismissed, rules: only('frustration'), now: NOW }).open,
    ).toEqual([]);
  });
});
