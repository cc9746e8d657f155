import { type Rng, randomInt } from './prng.js';
import type { PreparedField } from './records.js';
import { exactAgreementRate, type TermFrequencies } from './term-frequency.js';

// Keeps rare levels (two strangers' emails within two edits) from getting an infinite weight.
const PSEUDO_COUNT = 0.5;

/**
 * Estimates the u probabilities of one field: how often each comparison level occurs between two
 * records drawn at random, nearly all of them different people. Exact agreement is computed exactly
 * from the value counts; the other levels from `samplePairs` random pairs of records that both have a
 * value.
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
  field.values.forEach((v, i) => {
    if (v !== null) present.push(i);
  });
  const n = present.length;
  if (n < 2) {
    // Nothing to learn from: a flat u makes the field's weights small either way.
    return Array.from({ length: L }, () => 1 / L);
  }
  const uExact = Math.max(exactAgreementRate(tf), 1 / (n * (n - 1)));
  const counts = new Float64Array(L);
  for (let s = 0; s < samplePairs; s++) {
    const a = present[randomInt(rng, n)]!;
    let b = present[randomInt(rng, n - 1)]!;
    if (b === a) b = present[n - 1]!;
    const va = field.values[a]!;
    const vb = field.values[b]!;
    if (va === vb) continue;
    const level = field.comparison.compare(va, vb, field.alternates[a]!, field.alternates[b]!);
    if (level > 0) counts[level]!++;
  }
  let rest = 0;
  for (let l = 1; l < L; l++) rest += counts[l]! + PSEUDO_COUNT;
  const u = [uExact];
  for (let l = 1; l < L; l++) u.push(((1 - uExact) * (counts[l]! + PSEUDO_COUNT)) / rest);
  return u;
}
