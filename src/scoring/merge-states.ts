import type { DecayAccumulator, RuleTally, ScoreState } from '../model/score-ledger.js';
import { addToAccumulators } from './decay.js';

/** Accumulators holding the sum of both lists' decayed values, brought to the later time of each pair. */
function sumAccumulators(a: readonly DecayAccumulator[], b: readonly DecayAccumulator[]): DecayAccumulator[] {
  const out = [...a];
  for (const acc of b) addToAccumulators(out, acc.halfLifeDays, acc.value, acc.asOfMs);
  return out;
}

const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * The scoring state of two contacts merged into one: their ledgers are moved together, so the merged
 * state holds the sum of both (read at any `now`, it equals the decayed sum of the union of the two
 * ledgers), each rule's tally the sum of both, the later buying-intent and stage signals, and a `seq`
 * past both. The survivor's rule-set version is kept: a re-application sweep brings both ledgers to
 * the current rules (and their caps) together. Pure.
 *
 * @example
 * ```ts
 * const merged = mergeScoreStates(primary.scoreState, absorbed.scoreState);
 * ```
 */
export function mergeScoreStates(
  survivor: ScoreState | null | undefined,
  other: ScoreState | null | undefined,
): ScoreState | null {
  if (!other) return survivor ?? null;
  if (!survivor) return other;
  const rules: Record<string, RuleTally> = { ...survivor.rules };
  for (const [id, tally] of Object.entries(other.rules)) {
    const mine = Object.hasOwn(rules, id) ? rules[id] : undefined;
    rules[id] = mine
      ? {
          count: mine.count + tally.count,
          points: mine.points + tally.points,
          accumulators: sumAccumulators(mine.accumulators, tally.accumulators),
        }
      : tally;
  }
  const stageSignal =
    survivor.stageSignal === null
      ? other.stageSignal
      : other.stageSignal === null || survivor.stageSignal.atMs >= other.stageSignal.atMs
        ? survivor.stageSignal
        : other.stageSignal;
  return {
    ruleSetVersion: survivor.ruleSetVersion,
    nextSeq: Math.max(survivor.nextSeq, other.nextSeq),
    latestAtMs: later(survivor.latestAtMs, other.latestAtMs),
    accumulators: sumAccumulators(survivor.accumulators, other.accumulators),
    rules,
    buyingIntentAtMs: later(survivor.buyingIntentAtMs, other.buyingIntentAtMs),
    stageSignal,
  };
}
