import { PRIOR_U_PAIRS, priorU } from './priors.js';
import { type Rng, randomInt } from './prng.js';

// Pairs' worth a level no sampled pair reached is given.
const UNSEEN = 0.5;

import type { PreparedField } from './records.js';
import { exactAgreementRate, type TermFrequencies } from './term-frequency.js';

/**
 * Estimates the u probabilities of one field: how often each comparison level occurs between two
 * records drawn at random, nearly all of them different people. Exact agreement is computed exactly
 * from the value counts; the other levels from `samplePairs` random pairs of records that both have a
 * value. Both are blended with the kind's prior ({@link priorU}, worth {@link PRIOR_U_PAIRS} pairs), so
 * that a file of six records, where every pair may agree, still gets sensible weights.
 *
 * @returns u[level], summing to 1.
 *
 * @example
 * ```ts
 * const field = prepared.fields[0];
 * const u = estimateU(field, termFrequencies(field.valueIds, field.distinctValues.length), seededRng(1), 20_000);
 * ```
 */
export function estimateU(
  field: PreparedField,
  tf: TermFrequencies,
  rng: Rng,
  samplePairs: number,
): number[] {
  const L = field.comparison.levels.length;
  const present: number[] = [];
  field.valueIds.forEach((v, i) => {
    if (v >= 0) present.push(i);
  });
  const n = present.length;
  const prior = priorU(field.field.kind, L);
  if (n < 2) return prior;
  const exactPairs = (n * (n - 1)) / 2;
  const observedExact = Math.max(exactAgreementRate(tf), 1 / (n * (n - 1)));
  const uExact = (exactPairs * observedExact + PRIOR_U_PAIRS * prior[0]!) / (exactPairs + PRIOR_U_PAIRS);
  const counts = new Float64Array(L);
  for (let s = 0; s < samplePairs; s++) {
    const a = present[randomInt(rng, n)]!;
    let b = present[randomInt(rng, n - 1)]!;
    if (b === a) b = present[n - 1]!;
    const va = field.valueIds[a]!;
    const vb = field.valueIds[b]!;
    if (va === vb) continue;
    const level = field.comparison.compare(
      field.distinctValues[va]!,
      field.distinctValues[vb]!,
      field.distinctAlternates[va]!,
      field.distinctAlternates[vb]!,
    );
    if (level > 0) counts[level]!++;
  }
  // The other levels: their shares among the sampled non-exact pairs, with the prior's shares as
  // pseudo-counts; a level no sampled pair reached (two strangers' emails within two edits) gets half a
  // pair's worth at least: rarer than the sample can tell, but not known to be rarer still.
  let sampled = 0;
  for (let l = 1; l < L; l++) sampled += counts[l]!;
  // Thousands of draws among a handful of records are the same few pairs again: they weigh as the
  // distinct pairs there are.
  const weight = Math.min(sampled, exactPairs);
  const priorRest = 1 - prior[0]!;
  const pool = weight + PRIOR_U_PAIRS;
  const shares = Array.from({ length: L - 1 }, (_, k) =>
    Math.max(
      UNSEEN / (sampled + PRIOR_U_PAIRS),
      ((sampled === 0 ? 0 : (counts[k + 1]! / sampled) * weight) +
        PRIOR_U_PAIRS * (prior[k + 1]! / priorRest)) /
        pool,
    ),
  );
  const sum = shares.reduce((a, b) => a + b, 0);
  return [uExact, ...shares.map((share) => ((1 - uExact) * share) / sum)];
}
