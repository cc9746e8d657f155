import { PRIOR_TF_RECORDS } from './priors.js';

/** How often each distinct value of one field occurs, by value id (see `indexValues`). */
export interface TermFrequencies {
  /** Records holding each value id. */
  readonly counts: Int32Array;
  /** Records with a value. */
  readonly total: number;
  /**
   * The share of records a value holds before looking (the kind's prior exact-agreement rate), blended
   * with the observed share as if `PRIOR_TF_RECORDS` more records had been seen: in a small list every
   * value is "common". Absent: no prior.
   */
  readonly priorShare?: number;
}

/** Values replaced by dense ids: equal values share an id, −1 is missing. */
export interface IndexedValues {
  readonly ids: Int32Array;
  /** The value of each id. */
  readonly distinct: readonly string[];
}

/**
 * Gives distinct strings dense ids as they arrive, so that values streamed in pages (a million stored
 * contacts) are held once each and referred to by integers. An open-addressing table of ids: a Map of
 * a million strings spends most of its time growing and collecting garbage; this table holds integers.
 *
 * @example
 * ```ts
 * const interner = new Interner();
 * interner.intern('ana'); // 0
 * interner.intern('rui'); // 1
 * interner.intern('ana'); // 0
 * interner.values; // ['ana', 'rui']
 * ```
 */
export class Interner {
  /** The string of each id, in the order first seen. */
  readonly values: string[] = [];
  private table: Int32Array;
  private mask: number;

  /** @param expected - how many distinct strings to size the table for at first (it grows). */
  constructor(expected = 16) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The id of `value`, given a new one if unseen. */
  intern(value: string): number {
    let slot = hashString(value) & this.mask;
    let id = this.table[slot]!;
    while (id !== -1) {
      if (this.values[id] === value) return id;
      slot = (slot + 1) & this.mask;
      id = this.table[slot]!;
    }
    id = this.values.length;
    this.values.push(value);
    this.table[slot] = id;
    // Kept at most half full, so probes stay short.
    if (this.values.length * 2 > this.table.length) this.grow();
    return id;
  }

  private grow(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let id = 0; id < this.values.length; id++) {
      let slot = hashString(this.values[id]!) & this.mask;
      while (this.table[slot] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }
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
  const interner = new Interner(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    ids[i] = v === null || v === undefined ? -1 : interner.intern(v);
  }
  return { ids, distinct: interner.values };
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
export function termFrequencies(ids: Int32Array, cardinality: number, priorShare?: number): TermFrequencies {
  const counts = new Int32Array(cardinality);
  let total = 0;
  for (const id of ids) {
    if (id < 0) continue;
    counts[id]!++;
    total++;
  }
  return priorShare === undefined ? { counts, total } : { counts, total, priorShare };
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
  const others = Math.max(count - 1, 1);
  const pool = Math.max(tf.total - 1, 1);
  const share =
    tf.priorShare === undefined
      ? others / pool
      : (others + PRIOR_TF_RECORDS * tf.priorShare) / (pool + PRIOR_TF_RECORDS);
  return Math.log2(uExact / share);
}

// One person may well have this many records with the same email or number (web chat, WhatsApp, a
// form, an import): a value held by more is shared by people.
const RECORDS_PER_PERSON = 5;

/**
 * The adjustment, in bits, of an agreement on an identifier held by `count` records: none for a value
 * held by up to five records (one person's web chats, forms and imports), −log2((count − 1) / 4)
 * beyond, so that an address forty contacts share ("info@…", a reception's number) says less about any
 * two of them.
 *
 * @example
 * ```ts
 * sharedIdentifierAdjustment(3); // 0
 * sharedIdentifierAdjustment(41); // -3.3
 * ```
 */
export function sharedIdentifierAdjustment(count: number): number {
  return count > RECORDS_PER_PERSON ? -Math.log2((count - 1) / (RECORDS_PER_PERSON - 1)) : 0;
}
