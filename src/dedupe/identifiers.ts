import type { ComparisonPatterns, EmOptions } from './em.js';
import { PRIOR_IDENTIFIER_PAIRS } from './priors.js';

/**
 * The share of pairs sharing one identifier's value (the same email, phone, handle or id) that are one
 * person, by expectation–maximisation of that share alone over those pairs' other fields: each pair's
 * other fields, weighed by the model's m and u, say how likely it is to be a match given the share, and
 * the share is the mean of those likelihoods, pulled towards `prior` as if {@link PRIOR_IDENTIFIER_PAIRS}
 * pairs had shown it. It is the match probability of a pair that shares the value and nothing else is
 * known about, so sparse records link on it alone; pairs whose other fields disagree (a family sharing a
 * number) lower it. With no pairs at all (a small workspace) it is the prior.
 *
 * @param patterns - the comparison patterns of the pairs sharing a value, the identifier read as missing.
 * @param m - the model's m[field][level].
 * @param u - the model's u[field][level].
 * @param prior - the share assumed before looking (`PRIOR_IDENTIFIER_MATCH_RATE`).
 *
 * @example
 * ```ts
 * identifierMatchRate(patterns, m, u, 0.9, { maxIterations: 200, tolerance: 1e-7 }); // ≈ 0.98
 * ```
 */
export function identifierMatchRate(
  patterns: ComparisonPatterns,
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  prior: number,
  options: EmOptions,
): number {
  const F = patterns.levelCounts.length;
  const P = patterns.counts.length;
  // Each pattern's other evidence, in nats: fixed, since m and u are.
  const evidence = new Float64Array(P);
  let total = 0;
  for (let p = 0; p < P; p++) {
    let x = 0;
    for (let f = 0; f < F; f++) {
      const level = patterns.vectors[p * F + f]!;
      if (level !== 0) x += Math.log(m[f]![level - 1]! / u[f]![level - 1]!);
    }
    evidence[p] = x;
    total += patterns.counts[p]!;
  }
  let rate = prior;
  if (total === 0) return rate;
  for (let it = 0; it < options.maxIterations; it++) {
    const logOdds = Math.log(rate / (1 - rate));
    let matches = 0;
    for (let p = 0; p < P; p++) {
      const x = logOdds + evidence[p]!;
      matches += patterns.counts[p]! * (x > 30 ? 1 : x < -30 ? 0 : 1 / (1 + Math.exp(-x)));
    }
    const next = Math.min(
      0.9999,
      Math.max(1e-4, (matches + PRIOR_IDENTIFIER_PAIRS * prior) / (total + PRIOR_IDENTIFIER_PAIRS)),
    );
    const change = Math.abs(next - rate);
    rate = next;
    if (change < options.tolerance) break;
  }
  return rate;
}
