import type { Grade, Temperature } from '../model/classification.js';
import type { LedgerEntry, ScoreState } from '../model/score-ledger.js';
import type { GradeThresholds, TemperatureThresholds } from './config.js';
import { decayFactor, readAccumulators } from './decay.js';

/**
 * A contact's lead score at `now`, from its compact state: equal (to rounding error) to
 * {@link ledgerScore} of its ledger at the same `now`. Not rounded.
 *
 * Time never runs backwards for a score: read at a `now` before the latest award, it is the score
 * at that award's time.
 *
 * @example
 * ```ts
 * scoreAt(contact.scoreState, new Date()) // 41.7
 * ```
 */
export function scoreAt(state: ScoreState | null | undefined, now: Date): number {
  if (state == null || state.latestAtMs === null) return 0;
  return readAccumulators(state.accumulators, Math.max(now.getTime(), state.latestAtMs));
}

/**
 * The definition of the lead score: the sum of the ledger's points, each decayed by its half-life from
 * its time to `now` (or to the latest entry's time, if `now` is earlier). Not rounded.
 *
 * @example
 * ```ts
 * // 10 points with a 7-day half-life, awarded 7 days ago, and 5 that never decay
 * ledgerScore(entries, now) // 10 × 0.5 + 5 = 10
 * ```
 */
export function ledgerScore(entries: readonly LedgerEntry[], now: Date): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const e of entries) latest = Math.max(latest, e.at.getTime());
  const readAt = Math.max(now.getTime(), latest);
  let sum = 0;
  for (const e of entries) sum += e.points * decayFactor(readAt - e.at.getTime(), e.halfLifeDays);
  return sum;
}

/**
 * A score as stored and shown: rounded to two decimals (never `-0`).
 *
 * @example
 * ```ts
 * roundScore(41.6666) // 41.67
 * ```
 */
export function roundScore(score: number): number {
  return Math.round(score * 100) / 100 || 0;
}

/**
 * The grade of a score: the best grade whose threshold it reaches, F below E's.
 *
 * @example
 * ```ts
 * gradeFor(65, DEFAULT_SCORING_CONFIG.grades) // 'B' (B from 60, A from 80)
 * ```
 */
export function gradeFor(score: number, grades: GradeThresholds): Grade {
  if (score >= grades.A) return 'A';
  if (score >= grades.B) return 'B';
  if (score >= grades.C) return 'C';
  if (score >= grades.D) return 'D';
  if (score >= grades.E) return 'E';
  return 'F';
}

/**
 * Hot, warm or cold, from a score.
 *
 * @example
 * ```ts
 * temperatureFor(25, { hotAtLeast: 50, warmAtLeast: 20 }) // 'warm'
 * ```
 */
export function temperatureFor(score: number, thresholds: TemperatureThresholds): Temperature {
  if (score >= thresholds.hotAtLeast) return 'hot';
  return score >= thresholds.warmAtLeast ? 'warm' : 'cold';
}

/** One line of a score's explanation. */
export interface ScoreContribution {
  readonly key: string;
  /** Decayed points at `now`. */
  readonly points: number;
  readonly awards: number;
}

/** A score taken apart by category and by rule. */
export interface ScoreExplanation {
  readonly score: number;
  readonly byCategory: ScoreContribution[];
  readonly byRule: ScoreContribution[];
}

/**
 * Takes a score apart: the decayed points at `now` of each category and each rule, largest first, from
 * the ledger. For a "why is this lead hot?" view.
 *
 * @example
 * ```ts
 * explainScore(entries, now).byRule[0] // { key: 'buying-intent', points: 31.2, awards: 2 }
 * ```
 */
export function explainScore(entries: readonly LedgerEntry[], now: Date): ScoreExplanation {
  let latest = Number.NEGATIVE_INFINITY;
  for (const e of entries) latest = Math.max(latest, e.at.getTime());
  const readAt = Math.max(now.getTime(), latest);
  const categories = new Map<string, { points: number; awards: number }>();
  const rules = new Map<string, { points: number; awards: number }>();
  let score = 0;
  for (const e of entries) {
    const points = e.points * decayFactor(readAt - e.at.getTime(), e.halfLifeDays);
    score += points;
    for (const [map, key] of [
      [categories, e.category],
      [rules, e.ruleId],
    ] as const) {
      const line = map.get(key) ?? { points: 0, awards: 0 };
      line.points += points;
      line.awards += 1;
      map.set(key, line);
    }
  }
  const lines = (map: Map<string, { points: number; awards: number }>) =>
    [...map]
      .map(([key, l]) => ({ key, points: roundScore(l.points), awards: l.awards }))
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.key < b.key ? -1 : 1));
  return { score: roundScore(score), byCategory: lines(categories), byRule: lines(rules) };
}
