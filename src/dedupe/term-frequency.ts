/** How often each distinct value of one field occurs, by value id (see `indexValues`). */
export interface TermFrequencies {
  /** Records holding each value id. */
  readonly counts: Int32Array;
  /** Records with a value. */
  readonly total: number;
}

/** Values replaced by dense ids: equal values share an id, −1 is missing. */
export interface IndexedValues {
  readonly ids: Int32Array;
  /** The value of each id. */
  readonly distinct: readonly string[];
}

/**
 * Gives every distinct value a dense id, so that counting, blocking and exact agreement work on
 * integers: one hash per value, once.
 *
 * @example
 * ```ts
 * indexValues(['ana', null, 'ana', 'rui']); // { ids: [0, -1, 0, 1], distinct: ['ana', 'rui'] }
 * ```
 */
export function indexValues(values: readonly (string | null)[]): IndexedValues {
  const n = values.length;
  const ids = new Int32Array(n);
  const distinct: string[] = [];
  // An open-addressing table of distinct ids: a Map of a million strings spends most of its time
  // growing and collecting garbage; this table is sized once and holds only integers.
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      ids[i] = -1;
      continue;
    }
    let slot = hashString(v) & mask;
    let id = table[slot]!;
    while (id !== -1 && distinct[id] !== v) {
      slot = (slot + 1) & mask;
      id = table[slot]!;
    }
    if (id === -1) {
      id = distinct.length;
      distinct.push(v);
      table[slot] = id;
    }
    ids[i] = id;
  }
  return { ids, distinct };
}

/** FNV-1a over UTF-16 code units, then mixed so that the low bits spread well. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Counts the values of one field from their ids.
 *
 * @example
 * ```ts
 * const { ids, distinct } = indexValues(['ana', 'ana', null, 'rui']);
 * termFrequencies(ids, distinct.length).counts[0]; // 2
 * ```
 */
export function termFrequencies(ids: Int32Array, cardinality: number): TermFrequencies {
  const counts = new Int32Array(cardinality);
  let total = 0;
  for (const id of ids) {
    if (id < 0) continue;
    counts[id]!++;
    total++;
  }
  return { counts, total };
}

/**
 * Probability that two records drawn at random, both with a value, have the same one: Σ c(c−1) /
 * (n(n−1)). This is the u probability of exact agreement, computed exactly rather than sampled.
 *
 * @example
 * ```ts
 * const { ids, distinct } = indexValues(['a', 'a', 'b', 'b']);
 * exactAgreementRate(termFrequencies(ids, distinct.length)); // 1/3
 * ```
 */
export function exactAgreementRate(tf: TermFrequencies): number {
  if (tf.total < 2) return 0;
  let same = 0;
  for (const c of tf.counts) same += c * (c - 1);
  return same / (tf.total * (tf.total - 1));
}

/**
 * The term-frequency adjustment, in bits, of an exact agreement on the value with id `valueId`: how
 * much more (or less) that agreement says than an average exact agreement. A common name ("maria
 * garcia") is negative, a rare one positive. The value's own share of records stands in for the
 * average u, as in Splink.
 *
 * @param uExact - the field's average u probability of exact agreement.
 *
 * @example
 * ```ts
 * const { ids, distinct } = indexValues(['smith', 'smith', 'smith', 'smith', 'zyx', 'zyx', 'a', 'b']);
 * const tf = termFrequencies(ids, distinct.length);
 * termFrequencyAdjustment(tf, 0, 0.15) < 0; // true: "smith" is common
 * termFrequencyAdjustment(tf, 1, 0.15) > 0; // true: "zyx" is rare
 * ```
 */
export function termFrequencyAdjustment(tf: TermFrequencies, valueId: number, uExact: number): number {
  const count = valueId >= 0 ? (tf.counts[valueId] ?? 1) : 1;
  // The other record of the pair is one of the remaining count − 1 holders of the value.
  const share = Math.max(count - 1, 1) / Math.max(tf.total - 1, 1);
  return Math.log2(uExact / share);
}
