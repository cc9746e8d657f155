import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry, ScoreState } from '../../src/model/score-ledger.js';
import {
  applySignals,
  decayFactor,
  ledgerScore,
  parseScoringConfig,
  reapplyRules,
  type ScoreSignal,
  type ScoringConfig,
  scoreAt,
} from '../../src/scoring/index.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const ACTIONS = ['a', 'b', 'c', 'd'] as const;
const CATEGORIES = ['x', 'y', 'z'] as const;

/** Floating error allowed when two ways of summing decayed points are compared. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

interface RuleSpec {
  readonly points: number;
  readonly cap: number | null;
  readonly once: boolean;
  readonly halfLifeDays: number | null;
  readonly category: (typeof CATEGORIES)[number];
}

const ruleSpec = (opts: { once?: boolean; sign?: 1 | -1 } = {}): fc.Arbitrary<RuleSpec> =>
  fc.record({
    points: fc
      .integer({ min: 0, max: 40 })
      .map((p) => (opts.sign === undefined ? p - 10 : opts.sign * Math.abs(p - 10))),
    cap: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
    once: opts.once === undefined ? fc.boolean() : fc.constant(opts.once),
    halfLifeDays: fc.option(fc.constantFrom(0.5, 1, 7, 30), { nil: null }),
    category: fc.constantFrom(...CATEGORIES),
  });

/** A rule set: one action rule per action name, with category weights. */
const ruleSet = (opts: { once?: boolean; sign?: 1 | -1 } = {}) =>
  fc
    .tuple(
      fc.tuple(...ACTIONS.map(() => ruleSpec(opts))),
      fc.record({ x: fc.constantFrom(0, 0.5, 1, 2), y: fc.constantFrom(1, 3), z: fc.constant(1) }),
      fc.nat(),
    )
    .map(([specs, categoryWeights, tag]) =>
      parseScoringConfig({
        version: `v${tag}`,
        categoryWeights,
        rules: specs.map((s, i) => ({ id: `r-${ACTIONS[i]}`, kind: 'action', actions: [ACTIONS[i]!], ...s })),
      }),
    );

/** Signals over about 120 days, in any order, some manual. */
const signals = fc
  .array(
    fc.oneof(
      {
        weight: 9,
        arbitrary: fc.record({
          action: fc.constantFrom(...ACTIONS),
          hour: fc.integer({ min: 0, max: 2880 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          manual: fc.integer({ min: -20, max: 20 }),
          hour: fc.integer({ min: 0, max: 2880 }),
        }),
      },
    ),
    { maxLength: 40 },
  )
  .map((list) =>
    list.map(
      (s): ScoreSignal =>
        'action' in s
          ? { kind: 'action', action: s.action, at: new Date(T0 + s.hour * HOUR) }
          : { kind: 'manual', points: s.manual, category: 'manual', at: new Date(T0 + s.hour * HOUR) },
    ),
  );

/** Splits signals into batches, as intake would see them over several events. */
const batched = fc.tuple(signals, fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }));

const NOW = new Date(T0 + 3000 * HOUR);

/** Scores signals batch by batch, carrying the state, and returns the whole ledger. */
function score(
  config: ScoringConfig,
  list: readonly ScoreSignal[],
  sizes: readonly number[] = [list.length],
) {
  let state: ScoreState | null = null;
  const ledger: LedgerEntry[] = [];
  let i = 0;
  let b = 0;
  while (i < list.length) {
    const size = sizes[b++ % sizes.length] ?? 1;
    const out = applySignals(state, list.slice(i, i + size), config, {
      workspaceId: 'w',
      contactId: 'c',
      now: NOW,
    });
    state = out.state;
    ledger.push(...out.entries);
    i += size;
  }
  return { state, ledger };
}

/** Times to read at: before, at and after the awards. */
const readTimes = fc
  .array(fc.integer({ min: -100, max: 6000 }), { minLength: 1, maxLength: 5 })
  .map((hs) => hs.map((h) => new Date(T0 + h * HOUR)));

describe('scoring properties', () => {
  it('the score read from the compact state equals the decayed sum of the ledger, at any now', () => {
    fc.assert(
      fc.property(ruleSet(), batched, readTimes, (config, [list, sizes], times) => {
        const { state, ledger } = score(config, list, sizes);
        for (const now of times) expect(close(scoreAt(state, now), ledgerScore(ledger, now))).toBe(true);
      }),
    );
  });

  it('decay never raises a score: what was awarded only fades, and what was taken only comes back towards zero', () => {
    fc.assert(
      fc.property(ruleSet({ sign: 1 }), signals, readTimes, (config, list, times) => {
        const { state } = score(
          config,
          list.filter((s) => s.kind !== 'manual'),
        );
        const sorted = [...times].sort((a, b) => a.getTime() - b.getTime());
        for (let i = 1; i < sorted.length; i++) {
          expect(scoreAt(state, sorted[i]!)).toBeLessThanOrEqual(scoreAt(state, sorted[i - 1]!) + 1e-9);
        }
      }),
    );
    fc.assert(
      fc.property(ruleSet(), signals, readTimes, (config, list, times) => {
        const { ledger } = score(config, list);
        const part = (now: Date, sign: 1 | -1) =>
          ledgerScore(
            ledger.filter((e) => Math.sign(e.points) === sign),
            new Date(Math.max(now.getTime(), ...ledger.map((e) => e.at.getTime()))),
          );
        const sorted = [...times].sort((a, b) => a.getTime() - b.getTime());
        for (let i = 1; i < sorted.length; i++) {
          expect(part(sorted[i]!, 1)).toBeLessThanOrEqual(part(sorted[i - 1]!, 1) + 1e-9);
          expect(part(sorted[i]!, -1)).toBeGreaterThanOrEqual(part(sorted[i - 1]!, -1) - 1e-9);
        }
      }),
    );
  });

  it('a rule’s contribution never passes its cap, at any time the score can be read', () => {
    fc.assert(
      fc.property(ruleSet(), batched, readTimes, (config, [list, sizes], times) => {
        const { ledger, state } = score(config, list, sizes);
        const latest = state?.latestAtMs ?? T0;
        for (const rule of config.rules) {
          if (rule.cap === null) continue;
          const mine = ledger.filter((e) => e.ruleId === rule.id);
          for (const t of [...times.map((d) => d.getTime()), ...mine.map((e) => e.at.getTime())]) {
            const at = Math.max(t, latest);
            const held = mine.reduce(
              (sum, e) => sum + e.points * decayFactor(at - e.at.getTime(), e.halfLifeDays),
              0,
            );
            expect(Math.abs(held)).toBeLessThanOrEqual(rule.cap * (1 + 1e-9) + 1e-9);
          }
        }
      }),
    );
  });

  it('a once-only rule fires once', () => {
    fc.assert(
      fc.property(ruleSet({ once: true }), batched, (config, [list, sizes]) => {
        const { ledger } = score(config, list, sizes);
        for (const rule of config.rules) {
          const fired = ledger.filter((e) => e.ruleId === rule.id).length;
          const matched = list.some(
            (s) => s.kind === 'action' && rule.kind === 'action' && rule.actions.includes(s.action),
          );
          expect(fired).toBe(matched ? 1 : 0);
        }
      }),
    );
  });

  it('re-applying the rules a ledger was built with changes nothing', () => {
    fc.assert(
      fc.property(ruleSet(), batched, (config, [list, sizes]) => {
        const { state, ledger } = score(config, list, sizes);
        const again = reapplyRules(state, ledger, config);
        expect(again.updated).toEqual([]);
        expect(again.removed).toEqual([]);
        expect(again.unchanged).toBe(ledger.length);
        if (state !== null) expect(again.state).toEqual(state);
      }),
    );
  });

  it('re-applying changed rules gives what live scoring under them gives, and doing it twice changes nothing more', () => {
    fc.assert(
      fc.property(ruleSet({ once: false }), ruleSet(), batched, (before, after, [list, sizes]) => {
        const old = score(before, list, sizes);
        const fresh = score(after, list, sizes);
        const re = reapplyRules(old.state, old.ledger, after);
        const removed = new Set(re.removed.map((e) => e.id));
        const updated = new Map(re.updated.map((e) => [e.id, e]));
        const ledger = old.ledger.filter((e) => !removed.has(e.id)).map((e) => updated.get(e.id) ?? e);

        // Every match under the old rules was recorded (none was once-only), so nothing is lost.
        const points = (l: readonly LedgerEntry[]) => l.map((e) => [e.ruleId, e.points, e.at.getTime()]);
        expect(points(ledger)).toEqual(points(fresh.ledger));
        expect(re.state.accumulators).toEqual(fresh.state?.accumulators ?? []);
        expect(re.state.rules).toEqual(fresh.state?.rules ?? {});
        expect(close(scoreAt(re.state, NOW), ledgerScore(ledger, NOW))).toBe(true);

        const twice = reapplyRules(re.state, ledger, after);
        expect(twice.updated).toEqual([]);
        expect(twice.removed).toEqual([]);
        expect(twice.state).toEqual(re.state);
      }),
    );
  });

  it('removing a rule removes its awards and nothing else', () => {
    fc.assert(
      fc.property(ruleSet(), signals, (config, list) => {
        const { state, ledger } = score(config, list);
        const smaller = parseScoringConfig({ ...config, version: 'smaller', rules: config.rules.slice(1) });
        const gone = config.rules[0]!.id;
        const re = reapplyRules(state, ledger, smaller);
        expect(re.removed.map((e) => e.id)).toEqual(ledger.filter((e) => e.ruleId === gone).map((e) => e.id));
      }),
    );
  });
});
