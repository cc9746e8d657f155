import type { LedgerEntry, RuleTally, ScoreState } from '../model/score-ledger.js';
import { addToAccumulators, decayFactor, readAccumulators } from './decay.js';

/**
 * A contact's scoring state before any award.
 *
 * @example
 * ```ts
 * emptyScoreState('v1') // { ruleSetVersion: 'v1', nextSeq: 0, latestAtMs: null, … }
 * ```
 */
export function emptyScoreState(ruleSetVersion: string): ScoreState {
  return {
    ruleSetVersion,
    nextSeq: 0,
    latestAtMs: null,
    accumulators: [],
    rules: {},
    buyingIntentAtMs: null,
    stageSignal: null,
  };
}

/**
 * A copy of a state that {@link award} may change: the arrays and the tally map are new, and the
 * tallies and accumulators in them are replaced (never changed in place) when awarded to.
 */
export function draftOf(state: ScoreState): ScoreState {
  return { ...state, accumulators: [...state.accumulators], rules: { ...state.rules } };
}

/** What an award needs to know of its rule (a manual adjustment is a rule of its own). */
export interface AwardRule {
  readonly id: string;
  readonly category: string;
  readonly points: number;
  readonly cap: number | null;
  readonly once: boolean;
  readonly halfLifeDays: number | null;
}

/** The part of a ledger entry an award decides. */
export type AwardValues = Pick<
  LedgerEntry,
  'ruleId' | 'category' | 'rulePoints' | 'weight' | 'points' | 'capped' | 'halfLifeDays'
>;

/**
 * Awards one rule's points for a signal at `atMs` to a draft state, and says what was awarded:
 * the rule's points × the category weight, held so that the rule's decayed contribution never passes
 * its cap; undefined when a once-only rule already fired. The one place that decides an award: live
 * scoring and re-application both come here, in ledger order, so they agree to the last bit.
 */
export function award(
  draft: ScoreState,
  rule: AwardRule,
  weight: number,
  atMs: number,
): AwardValues | undefined {
  // Own keys only: a rule named `constructor` must not find Object.prototype's.
  const tally = Object.hasOwn(draft.rules, rule.id) ? draft.rules[rule.id] : undefined;
  if (rule.once && tally !== undefined && tally.count > 0) return undefined;
  const nominal = rule.points * weight;
  let points = nominal;
  if (rule.cap !== null && nominal !== 0) {
    // The score is never read before the latest award, so the cap is checked from there on: what the
    // rule holds then, plus this award decayed to then, may not pass the cap.
    const readAtMs = Math.max(atMs, draft.latestAtMs ?? atMs);
    const held = tally === undefined ? 0 : readAccumulators(tally.accumulators, readAtMs);
    const sign = Math.sign(nominal);
    const room = Math.max(0, rule.cap - sign * held);
    const allowed = room / decayFactor(readAtMs - atMs, rule.halfLifeDays);
    // `|| 0`: a cap that leaves no room gives 0, not -0, which would not survive JSON.
    if (Math.abs(nominal) > allowed) points = sign * allowed || 0;
  }
  const next: RuleTally = {
    count: (tally?.count ?? 0) + 1,
    points: (tally?.points ?? 0) + points,
    accumulators: [...(tally?.accumulators ?? [])],
  };
  if (points !== 0) {
    addToAccumulators(next.accumulators, rule.halfLifeDays, points, atMs);
    addToAccumulators(draft.accumulators, rule.halfLifeDays, points, atMs);
  }
  draft.rules[rule.id] = next;
  draft.latestAtMs = Math.max(draft.latestAtMs ?? atMs, atMs);
  return {
    ruleId: rule.id,
    category: rule.category,
    rulePoints: rule.points,
    weight,
    points,
    capped: points !== nominal,
    halfLifeDays: rule.halfLifeDays,
  };
}
