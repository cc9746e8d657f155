import type { CandidatePairs } from './blocking.js';
import type { BlockingRule } from './config.js';
import { type ComparisonPatterns, type EmOptions, estimateM } from './em.js';

/** The fitted probabilities of a model. */
export interface TrainedProbabilities {
  readonly m: number[][];
  /** Probability that two records drawn at random are the same person. */
  readonly lambda: number;
  readonly emIterations: number;
}

// Caps the pairs one rule's EM reads: patterns converge long before millions of pairs.
const MAX_TRAINING_PAIRS = 500_000;

/**
 * Collapses pairs' comparison vectors into distinct patterns with counts. Fields listed in `ignore`
 * are read as missing.
 *
 * @example
 * ```ts
 * collectPatterns(levels, [0, 1, 2], [4, 3], new Set());
 * ```
 */
export function collectPatterns(
  levels: Uint8Array,
  pairIndices: Iterable<number>,
  levelCounts: readonly number[],
  ignore: ReadonlySet<number>,
): ComparisonPatterns {
  const F = levelCounts.length;
  const index = new Map<number, number>();
  const counts: number[] = [];
  const vectors: number[] = [];
  const radix = levelCounts.map((L) => L + 1);
  for (const p of pairIndices) {
    const row = p * F;
    // A mixed-radix number is an exact key: at most 12 levels per field and ~20 fields fit a double.
    let key = 0;
    for (let f = 0; f < F; f++) key = key * radix[f]! + (ignore.has(f) ? 0 : levels[row + f]!);
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, counts.length);
      counts.push(1);
      for (let f = 0; f < F; f++) vectors.push(ignore.has(f) ? 0 : levels[row + f]!);
    } else counts[k]!++;
  }
  return { levelCounts, vectors: Uint8Array.from(vectors), counts: Float64Array.from(counts) };
}

function* pairsOfRule(pairs: CandidatePairs, blockOf: Int32Array): Generator<number> {
  const stride = Math.max(1, Math.ceil(pairs.count / MAX_TRAINING_PAIRS));
  for (let p = 0; p < pairs.count; p += stride) {
    const b = blockOf[pairs.left[p]!]!;
    if (b >= 0 && b === blockOf[pairs.right[p]!]) yield p;
  }
}

/**
 * Estimates the m probabilities the way Splink does: one expectation–maximisation per blocking rule,
 * over the pairs that rule brings together, with the rule's own fields left out (every such pair
 * agrees on them, match or not, so they say nothing there). Each field's m is the mean of its
 * estimates over the rules that do not use it. u stays fixed, and so do the m of `fixedM`'s fields.
 *
 * @example
 * ```ts
 * const { m } = estimateMByRule(levels, pairs, rules, fieldNames, levelCounts, u, { maxIterations: 100, tolerance: 1e-6 });
 * ```
 */
export function estimateMByRule(
  levels: Uint8Array,
  pairs: CandidatePairs,
  rules: readonly BlockingRule[],
  fieldNames: readonly string[],
  levelCounts: readonly number[],
  u: readonly (readonly number[])[],
  options: EmOptions,
  fixedM: readonly (readonly number[] | undefined)[] = [],
): { m: number[][]; iterations: number } {
  const F = fieldNames.length;
  const sums = levelCounts.map((L) => new Float64Array(L));
  const runs = new Float64Array(F);
  let iterations = 0;
  rules.forEach((rule, r) => {
    const used = new Set(rule.keys.map((k) => fieldNames.indexOf(k.field)));
    if (used.size >= F) return;
    const patterns = collectPatterns(levels, pairsOfRule(pairs, pairs.blockOf[r]!), levelCounts, used);
    if (patterns.counts.length === 0) return;
    const em = estimateM(patterns, u, options, fixedM);
    iterations += em.iterations;
    for (let f = 0; f < F; f++) {
      if (used.has(f)) continue;
      em.m[f]!.forEach((p, l) => {
        sums[f]![l]! += p;
      });
      runs[f]!++;
    }
  });
  const missing = [...runs.keys()].filter((f) => runs[f] === 0);
  let fallback: number[][] | null = null;
  if (missing.length > 0) {
    // A field used by every rule: estimate it over all candidate pairs, the best there is.
    const all = collectPatterns(
      levels,
      Array.from({ length: pairs.count }, (_, p) => p),
      levelCounts,
      new Set(),
    );
    const em = estimateM(all, u, options, fixedM);
    iterations += em.iterations;
    fallback = em.m;
  }
  const m = levelCounts.map((_, f) =>
    fixedM[f]
      ? [...fixedM[f]!]
      : runs[f]! > 0
        ? Array.from(sums[f]!, (s) => s / runs[f]!)
        : [...(fallback?.[f] ?? [])],
  );
  return { m, iterations };
}

/**
 * Estimates λ, the probability that two records drawn at random match, from the candidate pairs'
 * match weights (without prior): the fixed point of λ = Σ P(match | weight, λ) / (all pairs), taking
 * pairs no rule proposed as non-matches. Weights are binned (1/20 bit) so this costs the same for
 * millions of pairs. A `prior` (λ and its worth in pairs) steadies the estimate for small lists.
 *
 * @example
 * ```ts
 * estimateLambda(Float64Array.of(20, 20, -5), 1000); // ≈ 2 / 499500
 * ```
 */
export function estimateLambda(
  weights: Float64Array,
  recordCount: number,
  prior?: { readonly lambda: number; readonly pairs: number },
): number {
  const allPairs = Math.max(1, (recordCount * (recordCount - 1)) / 2);
  const priorPairs = prior?.pairs ?? 0;
  const priorMatches = priorPairs * (prior?.lambda ?? 0);
  // A histogram of weights in 1/20 bit, in a typed array: no map of bins for millions of pairs.
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const w of weights) {
    const b = Math.round(w * 20);
    if (b < low) low = b;
    if (b > high) high = b;
  }
  const histogram = new Float64Array(weights.length === 0 ? 0 : high - low + 1);
  for (const w of weights) histogram[Math.round(w * 20) - low]!++;
  const entries: (readonly [number, number])[] = [];
  histogram.forEach((count, k) => {
    if (count > 0) entries.push([2 ** ((k + low) / 20), count]);
  });
  let lambda = Math.min(0.5, weights.length / allPairs / 2) || 1 / allPairs;
  for (let it = 0; it < 200; it++) {
    const odds = lambda / (1 - lambda);
    let expected = 0;
    for (const [factor, count] of entries) {
      const o = odds * factor;
      expected += count * (o / (1 + o));
    }
    const next = Math.min(
      0.999,
      Math.max(1 / allPairs / 10, (expected + priorMatches) / (allPairs + priorPairs)),
    );
    if (Math.abs(next - lambda) <= lambda * 1e-6) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}
