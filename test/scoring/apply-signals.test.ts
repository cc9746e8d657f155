import { describe, expect, it } from 'vitest';
import type { ScoreState } from '../../src/model/score-ledger.js';
import {
  applySignals,
  explainScore,
  ledgerScore,
  needsReapply,
  parseScoringConfig,
  type ScoreSignal,
  type ScoringRuleInput,
  scoreAt,
} from '../../src/scoring/index.js';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const DAY = 86_400_000;
const day = (d: number) => new Date(T0.getTime() + d * DAY);
const ctx = (now: Date = day(365)) => ({ workspaceId: 'ws', contactId: 'c1', now });

const config = (rules: ScoringRuleInput[], more: Record<string, unknown> = {}) =>
  parseScoringConfig({ version: 'v1', rules, ...more });
const action = (name: string, at: Date, eventId?: string): ScoreSignal => ({
  kind: 'action',
  action: name,
  at,
  ...(eventId === undefined ? {} : { eventId }),
});
const message = (text: string, at: Date, direction: 'inbound' | 'outbound' = 'inbound'): ScoreSignal => ({
  kind: 'message',
  text,
  at,
  direction,
});

/** Deep-freezes a state, so that a test fails if scoring changes its input. */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

describe('awarding points for signals', () => {
  it('a keyword rule awards once per message, recording the phrase, event and ledger position', () => {
    const scoring = config([
      {
        id: 'price',
        kind: 'keyword',
        phrases: ['how much', 'precio', 'price'],
        points: 5,
        category: 'intent',
      },
    ]);
    const { state, entries } = applySignals(
      null,
      [{ ...message('How much? What is the price?', day(0)), eventId: 'e1' }],
      scoring,
      ctx(),
    );
    expect(entries).toEqual([
      {
        workspaceId: 'ws',
        id: 'c1:0',
        contactId: 'c1',
        seq: 0,
        ruleId: 'price',
        ruleSetVersion: 'v1',
        kind: 'keyword',
        eventId: 'e1',
        at: day(0),
        category: 'intent',
        rulePoints: 5,
        weight: 1,
        points: 5,
        capped: false,
        halfLifeDays: null,
        matched: 'how much',
      },
    ]);
    expect(state.nextSeq).toBe(1);
    expect(scoreAt(state, day(1))).toBe(5);
  });

  it('keyword rules look at the contact’s messages unless told otherwise', () => {
    const scoring = config([
      { id: 'theirs', kind: 'keyword', phrases: ['price'], points: 1 },
      { id: 'ours', kind: 'keyword', phrases: ['price'], points: 2, direction: 'outbound' },
      { id: 'both', kind: 'keyword', phrases: ['price'], points: 4, direction: 'any' },
    ]);
    const inbound = applySignals(null, [message('price?', day(0))], scoring, ctx()).entries;
    const outbound = applySignals(
      null,
      [message('the price is 5', day(0), 'outbound')],
      scoring,
      ctx(),
    ).entries;
    expect(inbound.map((e) => e.ruleId)).toEqual(['theirs', 'both']);
    expect(outbound.map((e) => e.ruleId)).toEqual(['ours', 'both']);
  });

  it('multiplies points by the category weight', () => {
    const scoring = config(
      [{ id: 'order', kind: 'action', actions: ['order'], points: 10, category: 'purchase' }],
      {
        categoryWeights: { purchase: 1.5 },
      },
    );
    const [entry] = applySignals(null, [action('order', day(0))], scoring, ctx()).entries;
    expect(entry).toMatchObject({ rulePoints: 10, weight: 1.5, points: 15, capped: false });
  });

  it('holds a rule within its cap, recording the awards the cap held back', () => {
    const scoring = config([{ id: 'msg', kind: 'action', actions: ['message'], points: 5, cap: 12 }]);
    const signals = [0, 1, 2, 3].map((d) => action('message', day(d)));
    const { state, entries } = applySignals(null, signals, scoring, ctx());
    expect(entries.map((e) => [e.points, e.capped])).toEqual([
      [5, false],
      [5, false],
      [2, true],
      [0, true],
    ]);
    expect(scoreAt(state, day(10))).toBe(12);
  });

  it('a decaying rule makes room under its cap again as its points fade', () => {
    const scoring = config([
      { id: 'visit', kind: 'action', actions: ['visit'], points: 10, cap: 10, halfLifeDays: 7 },
    ]);
    const first = applySignals(null, [action('visit', day(0))], scoring, ctx());
    const second = applySignals(first.state, [action('visit', day(7))], scoring, ctx());
    expect(second.entries[0]?.points).toBeCloseTo(5, 9);
    expect(scoreAt(second.state, day(7))).toBeCloseTo(10, 9);
    expect(scoreAt(second.state, day(14))).toBeCloseTo(5, 9);
  });

  it('a negative rule’s cap bounds what it takes away', () => {
    const scoring = config([{ id: 'rude', kind: 'action', actions: ['abuse'], points: -8, cap: 20 }]);
    const { entries, state } = applySignals(
      null,
      [0, 1, 2].map((d) => action('abuse', day(d))),
      scoring,
      ctx(),
    );
    expect(entries.map((e) => e.points)).toEqual([-8, -8, -4]);
    expect(scoreAt(state, day(3))).toBe(-20);
  });

  it('a once-only rule fires once, ever', () => {
    const scoring = config([
      { id: 'form', kind: 'action', actions: ['form_submitted'], points: 10, once: true },
    ]);
    const first = applySignals(null, [action('form_submitted', day(0))], scoring, ctx());
    const again = applySignals(
      first.state,
      [action('form_submitted', day(1)), action('form_submitted', day(2))],
      scoring,
      ctx(),
    );
    expect(first.entries).toHaveLength(1);
    expect(again.entries).toEqual([]);
    expect(scoreAt(again.state, day(3))).toBe(10);
  });

  it('halves an award every half-life', () => {
    const scoring = config([
      { id: 'i', kind: 'intent', intents: ['purchase'], points: 20, halfLifeDays: 30 },
    ]);
    const { state } = applySignals(
      null,
      [{ kind: 'intent', intent: 'purchase', confidence: 1, at: day(0) }],
      scoring,
      ctx(),
    );
    expect(scoreAt(state, day(30))).toBeCloseTo(10, 9);
    expect(scoreAt(state, day(60))).toBeCloseTo(5, 9);
  });

  it('ignores intents the host is less sure of than the rule asks', () => {
    const scoring = config([
      { id: 'i', kind: 'intent', intents: ['Purchase'], points: 20, minConfidence: 0.7 },
    ]);
    const signal = (confidence: number): ScoreSignal => ({
      kind: 'intent',
      intent: 'purchase',
      confidence,
      at: day(0),
    });
    expect(applySignals(null, [signal(0.69)], scoring, ctx()).entries).toEqual([]);
    expect(applySignals(null, [signal(0.7)], scoring, ctx()).entries).toHaveLength(1);
  });

  it('records manual adjustments as given: never weighted, capped or decayed', () => {
    const scoring = config([], { categoryWeights: { manual: 3 } });
    const { entries, state } = applySignals(
      null,
      [{ kind: 'manual', points: -15, category: 'manual', note: 'asked not to be contacted', at: day(0) }],
      scoring,
      ctx(),
    );
    expect(entries[0]).toMatchObject({
      ruleId: 'manual',
      kind: 'manual',
      points: -15,
      weight: 1,
      halfLifeDays: null,
      note: 'asked not to be contacted',
    });
    expect(scoreAt(state, day(1000))).toBe(-15);
  });

  it('buying-intent and stage rules record their signal even when the cap holds their points back', () => {
    const scoring = config([
      {
        id: 'buy',
        kind: 'intent',
        intents: ['purchase'],
        points: 5,
        cap: 5,
        buyingIntent: true,
        stage: 'closing',
      },
    ]);
    const first = applySignals(
      null,
      [{ kind: 'intent', intent: 'purchase', confidence: 1, at: day(0) }],
      scoring,
      ctx(),
    );
    const second = applySignals(
      first.state,
      [{ kind: 'intent', intent: 'purchase', confidence: 1, at: day(5) }],
      scoring,
      ctx(),
    );
    expect(second.entries[0]).toMatchObject({ points: 0, capped: true });
    expect(second.state.buyingIntentAtMs).toBe(day(5).getTime());
    expect(second.state.stageSignal).toEqual({ stage: 'closing', atMs: day(5).getTime() });
  });

  it('keeps the latest stage signal, from the host or a rule, whatever order they arrive in', () => {
    const scoring = config([
      { id: 'cmp', kind: 'keyword', phrases: ['compare'], points: 0, stage: 'comparing' },
    ]);
    const { state } = applySignals(
      null,
      [{ kind: 'stage', stage: 'closing', at: day(3) }, message('can I compare plans?', day(1))],
      scoring,
      ctx(),
    );
    expect(state.stageSignal).toEqual({ stage: 'closing', atMs: day(3).getTime() });
  });

  it('records a signal dated in the future at now', () => {
    const scoring = config([{ id: 'o', kind: 'action', actions: ['order'], points: 1, halfLifeDays: 1 }]);
    const { entries, state } = applySignals(null, [action('order', day(10))], scoring, ctx(day(2)));
    expect(entries[0]?.at).toEqual(day(2));
    expect(state.latestAtMs).toBe(day(2).getTime());
  });

  it('never changes the state it is given', () => {
    const scoring = config([
      { id: 'm', kind: 'action', actions: ['message'], points: 3, cap: 10, halfLifeDays: 5 },
    ]);
    const before = frozen(applySignals(null, [action('message', day(0))], scoring, ctx()).state);
    const copy = structuredClone(before);
    applySignals(
      before,
      [action('message', day(1)), { kind: 'stage', stage: 'closing', at: day(1) }],
      scoring,
      ctx(),
    );
    expect(before).toEqual(copy);
  });

  it('a state holding awards of another rule set keeps its version until the rules are re-applied', () => {
    const v1 = config([{ id: 'o', kind: 'action', actions: ['order'], points: 1 }]);
    const v2 = parseScoringConfig({
      version: 'v2',
      rules: [{ id: 'o', kind: 'action', actions: ['order'], points: 2 }],
    });
    const { state } = applySignals(null, [action('order', day(0))], v1, ctx());
    const later = applySignals(state, [action('order', day(1))], v2, ctx());
    expect(later.entries[0]?.ruleSetVersion).toBe('v2');
    expect(later.state.ruleSetVersion).toBe('v1');
    expect(needsReapply(later.state, v2)).toBe(true);
    expect(needsReapply(applySignals(null, [action('order', day(0))], v2, ctx()).state, v2)).toBe(false);
  });

  it('a rule may be named like a property every object has', () => {
    const scoring = config([
      { id: 'constructor', kind: 'action', actions: ['order'], points: 4, cap: 6 },
      { id: 'toString', kind: 'action', actions: ['order'], points: 1, once: true },
    ]);
    const { state, entries } = applySignals(
      null,
      [action('order', day(0)), action('order', day(1))],
      scoring,
      ctx(),
    );
    expect(entries.map((e) => [e.ruleId, e.points])).toEqual([
      ['constructor', 4],
      ['toString', 1],
      ['constructor', 2],
    ]);
    expect(scoreAt(state, day(1))).toBe(7);
  });

  it('explains a score by rule and by category', () => {
    const scoring = config([
      { id: 'o', kind: 'action', actions: ['order'], points: 30, category: 'purchase' },
      { id: 'm', kind: 'action', actions: ['message'], points: 2, category: 'engagement', halfLifeDays: 10 },
    ]);
    const { entries } = applySignals(
      null,
      [action('order', day(0)), action('message', day(0)), action('message', day(10))],
      scoring,
      ctx(),
    );
    const explained = explainScore(entries, day(10));
    expect(explained.score).toBe(33);
    expect(explained.byRule).toEqual([
      { key: 'o', points: 30, awards: 1 },
      { key: 'm', points: 3, awards: 2 },
    ]);
    expect(explained.byCategory.map((c) => c.key)).toEqual(['purchase', 'engagement']);
    expect(ledgerScore(entries, day(10))).toBeCloseTo(33, 9);
  });
});

describe('the score over time', () => {
  it('is read no earlier than the latest award', () => {
    const scoring = config([{ id: 'o', kind: 'action', actions: ['order'], points: 8, halfLifeDays: 1 }]);
    const { state, entries }: { state: ScoreState; entries: unknown[] } = applySignals(
      null,
      [action('order', day(5))],
      scoring,
      ctx(),
    );
    expect(entries).toHaveLength(1);
    expect(scoreAt(state, day(0))).toBe(8);
    expect(scoreAt(null, day(0))).toBe(0);
  });
});
