/**
 * Distinct comparison vectors of the candidate pairs with their counts. Millions of pairs collapse to
 * a few thousand patterns, so expectation–maximisation runs in milliseconds whatever the data size.
 */
export interface ComparisonPatterns {
  /** Levels per field, excluding "missing". */
  readonly levelCounts: readonly number[];
  /** Row-major `patterns × fields`: 0 = missing, else 1 + level. */
  readonly vectors: Uint8Array;
  readonly counts: Float64Array;
}

/** What expectation–maximisation found. */
export interface EmResult {
  /** m[field][level]: probability of the level among true matches. */
  readonly m: number[][];
  /** Share of the candidate pairs that are matches. */
  readonly lambda: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Options for {@link estimateM}. */
export interface EmOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
}

// A Dirichlet prior worth this many matching pairs, shaped like the starting m: it keeps every
// probability off 0 and makes a handful of pairs (a six-row file) say "matches mostly agree".
const PRIOR_PAIRS = 2;

/** The starting m of a field with L levels: mostly exact, a little of each close level, rarely different. */
function startingM(L: number): number[] {
  if (L === 1) return [1];
  const levels = Array.from({ length: L }, (_, l) =>
    l === 0 ? 0.9 : l === L - 1 ? 0.02 : 0.08 / Math.max(1, L - 2),
  );
  const sum = levels.reduce((s, p) => s + p, 0);
  return levels.map((p) => p / sum);
}

/**
 * Estimates the m probabilities and the share of matches λ by expectation–maximisation over the
 * candidate pairs, with the u probabilities held fixed (they come from random pairs, as Splink does).
 * Missing values count for neither class.
 *
 * @param u - u[field][level], fixed.
 * @param fixedM - m of fields that are not estimated (a documented prior), by field; undefined for the rest.
 *
 * @example
 * ```ts
 * const patterns = { levelCounts: [2], vectors: Uint8Array.of(1, 2), counts: Float64Array.of(30, 70) };
 * estimateM(patterns, [[0.01, 0.99]], { maxIterations: 100, tolerance: 1e-6 }).m[0]![0]; // ≈ 1
 * ```
 */
export function estimateM(
  patterns: ComparisonPatterns,
  u: readonly (readonly number[])[],
  options: EmOptions,
  fixedM: readonly (readonly number[] | undefined)[] = [],
): EmResult {
  const F = patterns.levelCounts.length;
  const P = patterns.counts.length;
  const logU = u.map((levels) => levels.map((p) => Math.log(p)));
  // Start from "matches mostly agree exactly": EM climbs from there to the nearest good optimum.
  const start = patterns.levelCounts.map((L, f) => (fixedM[f] ? [...fixedM[f]!] : startingM(L)));
  let m = start.map((levels) => [...levels]);
  let lambda = 0.1;
  let iterations = 0;
  let converged = false;
  const total = patterns.counts.reduce((s, c) => s + c, 0);
  if (total === 0) return { m, lambda, iterations, converged: true };

  while (iterations < options.maxIterations) {
    iterations++;
    const logM = m.map((levels) => levels.map((p) => Math.log(p)));
    const acc = patterns.levelCounts.map((L) => new Float64Array(L));
    let matches = 0;
    const logPrior = Math.log(lambda) - Math.log(1 - lambda);
    for (let p = 0; p < P; p++) {
      let diff = logPrior;
      const row = p * F;
      for (let f = 0; f < F; f++) {
        const level = patterns.vectors[row + f]!;
        if (level === 0) continue;
        diff += logM[f]![level - 1]! - logU[f]![level - 1]!;
      }
      const responsibility = diff > 30 ? 1 : diff < -30 ? 0 : 1 / (1 + Math.exp(-diff));
      const weight = responsibility * patterns.counts[p]!;
      matches += weight;
      for (let f = 0; f < F; f++) {
        const level = patterns.vectors[row + f]!;
        if (level !== 0) acc[f]![level - 1]! += weight;
      }
    }
    const next = acc.map((levels, f) => {
      if (fixedM[f]) return [...fixedM[f]!];
      let sum = 0;
      for (const v of levels) sum += v;
      return Array.from(levels, (v, l) => (v + PRIOR_PAIRS * start[f]![l]!) / (sum + PRIOR_PAIRS));
    });
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matches / total));
    let change = Math.abs(nextLambda - lambda);
    for (let f = 0; f < F; f++) {
      for (let l = 0; l < next[f]!.length; l++) change = Math.max(change, Math.abs(next[f]![l]! - m[f]![l]!));
    }
    m = next;
    lambda = nextLambda;
    if (change < options.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}
