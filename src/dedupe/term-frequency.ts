/** How often each value of one field occurs. */
export interface TermFrequencies {
  readonly counts: ReadonlyMap<string, number>;
  /** Records with a value. */
  readonly total: number;
}

/**
 * Counts the values of one field.
 *
 * @example
 * ```ts
 * termFrequencies(['ana', 'ana', null, 'rui']).counts.get('ana'); // 2
 * ```
 */
export function termFrequencies(values: readonly (string | null)[]): TermFrequencies {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    if (v === null) continue;
    total++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { counts, total };
}

/**
 * Probability that two records drawn at random, both with a value, have the same one: Σ c(c−1) /
 * (n(n−1)). This is the u probability of exact agreement, computed exactly rather than sampled.
 *
 * @example
 * ```ts
 * exactAgreementRate(termFrequencies(['a', 'a', 'b', 'b'])); // 1/3
 * ```
 */
export function exactAgreementRate(tf: TermFrequencies): number {
  if (tf.total < 2) return 0;
  let same = 0;
  for (const c of tf.counts.values()) same += c * (c - 1);
  return same / (tf.total * (tf.total - 1));
}

/**
 * The term-frequency adjustment, in bits, of an exact agreement on `value`: how much more (or less)
 * that agreement says than an average exact agreement. A common name ("maria garcia") is negative, a
 * rare one positive. The value's own share of records stands in for the average u, as in Splink.
 *
 * @param uExact - the field's average u probability of exact agreement.
 *
 * @example
 * ```ts
 * const tf = termFrequencies(['smith', 'smith', 'smith', 'smith', 'zyx', 'zyx', 'a', 'b', 'c', 'd']);
 * termFrequencyAdjustment(tf, 'smith', 0.15) < 0; // true: common
 * termFrequencyAdjustment(tf, 'zyx', 0.15) > 0;   // true: rare
 * ```
 */
export function termFrequencyAdjustment(tf: TermFrequencies, value: string, uExact: number): number {
  const count = tf.counts.get(value) ?? 1;
  // The other record of the pair is one of the remaining count − 1 holders of the value.
  const share = Math.max(count - 1, 1) / Math.max(tf.total - 1, 1);
  return Math.log2(uExact / share);
}
