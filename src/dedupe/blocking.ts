import { ValidationError } from '../errors/errors.js';
import type { BlockingKeyPart, BlockingRule } from './config.js';
import type { PreparedRecords } from './records.js';
import { soundex } from './string-similarity.js';
import { Interner } from './term-frequency.js';

/** A block too large to compare pair by pair, as reported in {@link CandidatePairs.oversized}. */
export interface OversizedBlock {
  /** Index of the blocking rule. */
  readonly rule: number;
  /** The block's key, as `field=value` parts ("last_name=smith, first_name=john"). */
  readonly key: string;
  /** Records in the block. */
  readonly size: number;
  /** Compared in windows of neighbours, or skipped. */
  readonly handled: 'windowed' | 'skipped';
}

/** Candidate pairs, as two parallel arrays of record indices (left < right). */
export interface CandidatePairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly count: number;
  /** Pairs each rule added that no earlier rule had. */
  readonly pairsPerRule: readonly number[];
  /** Blocks too large to compare pair by pair (windowed or skipped). */
  readonly oversizedBlocks: number;
  /** The largest of them (at most 20), largest first, to say which keys were too common. */
  readonly oversized: readonly OversizedBlock[];
  /**
   * Per rule, the block of each record (−1 for none, or a block not compared pair by pair): records i
   * and j were brought together by rule r when `blockOf[r][i] === blockOf[r][j] >= 0`.
   */
  readonly blockOf: readonly Int32Array[];
}

/** How `candidatePairs` bounds its work. */
export interface BlockingOptions {
  /** Blocks with more records are oversized. */
  readonly maxBlockSize: number;
  /**
   * Pairs one rule may produce per record (default unbounded): past `max(100000, pairsPerRecord × n)`,
   * the rule's largest blocks are treated as oversized until it fits.
   */
  readonly pairsPerRecord?: number;
  /** Oversized blocks are compared in windows (default) or skipped. */
  readonly oversizedBlocks?: 'window' | 'skip';
  /** Neighbours each record of a windowed block is compared with (default 10). */
  readonly blockWindow?: number;
  /** More pairs than this in all is an error naming the rule (default unbounded). */
  readonly maxPairs?: number;
  /** Called after each rule with the pairs so far. */
  readonly onRule?: (rule: number, pairsSoFar: number) => void;
}

const MAX_REPORTED_BLOCKS = 20;
const MIN_RULE_BUDGET = 100_000;

function keyPart(value: string, part: BlockingKeyPart): string | null {
  switch (part.transform) {
    case 'value':
      return value;
    case 'prefix':
      return value.length >= (part.length ?? 1) ? value.slice(0, part.length) : null;
    case 'suffix':
      return value.length >= (part.length ?? 1) ? value.slice(-(part.length ?? 1)) : null;
    case 'soundex': {
      const space = value.indexOf(' ');
      return soundex(space < 0 ? value : value.slice(0, space)) || null;
    }
    case 'sortedTokens':
      return value.split(' ').sort().join(' ');
    case 'firstToken': {
      const space = value.indexOf(' ');
      return space < 0 ? value : value.slice(0, space);
    }
    case 'lastToken': {
      const space = value.lastIndexOf(' ');
      return space < 0 ? value : value.slice(space + 1);
    }
    case 'alternate':
      return value;
  }
}

/** Dense integer ids of one key part: equal ids mean equal keys; −1 means no key. */
export interface KeyIds {
  readonly ids: Int32Array;
  /** Number of distinct keys (ids run from 0 to cardinality − 1). */
  readonly cardinality: number;
}

function partIds(records: PreparedRecords, part: BlockingKeyPart): KeyIds {
  const field = records.fields.find((f) => f.field.name === part.field);
  if (!field) {
    throw new ValidationError({ field: 'blocking', value: part.field, reason: 'not a compared field' });
  }
  // The whole value: its id already is the key.
  if (part.transform === 'value') return { ids: field.valueIds, cardinality: field.distinctValues.length };
  // Keys are computed once per distinct value and numbered without joining strings, so grouping
  // millions of records costs one hash per distinct key.
  const keyOfValue = new Int32Array(field.distinctValues.length);
  const keys = new Interner();
  for (let v = 0; v < keyOfValue.length; v++) {
    const source = part.fromAlternate ? field.distinctAlternates[v]! : field.distinctValues[v]!;
    const key = part.transform === 'alternate' ? field.distinctAlternates[v]! : keyPart(source, part);
    keyOfValue[v] = key === null || key.length === 0 ? -1 : keys.intern(key);
  }
  const n = field.valueIds.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = field.valueIds[i]!;
    ids[i] = v < 0 ? -1 : keyOfValue[v]!;
  }
  return { ids, cardinality: keys.values.length };
}

/**
 * The blocking key of every record under one rule, as dense integer ids: records with equal ids have
 * equal keys; −1 when any key part is missing (a missing value brings no one together).
 *
 * @example
 * ```ts
 * const { ids } = blockingKeyIds(prepared, { keys: [{ field: 'surname', transform: 'soundex' }] });
 * ids[0] === ids[1]; // true when both surnames sound alike
 * ```
 */
export function blockingKeyIds(
  records: PreparedRecords,
  rule: BlockingRule,
  cache?: Map<string, KeyIds>,
): KeyIds {
  const idsOf = (part: BlockingKeyPart): KeyIds => {
    if (!cache) return partIds(records, part);
    const signature = `${part.field}\u0001${part.transform}\u0001${part.length ?? ''}\u0001${part.fromAlternate ? 1 : 0}`;
    let hit = cache.get(signature);
    if (!hit) {
      hit = partIds(records, part);
      cache.set(signature, hit);
    }
    return hit;
  };
  let combined = idsOf(rule.keys[0]!);
  for (let k = 1; k < rule.keys.length; k++) combined = combineIds(combined, idsOf(rule.keys[k]!));
  return combined;
}

/**
 * Dense ids of pairs of ids: records get the same id when both their ids are equal. Records are
 * visited grouped by the first id, and a stamp per second id numbers the pairs without any hashing.
 */
function combineIds(first: KeyIds, second: KeyIds): KeyIds {
  const n = first.ids.length;
  const byFirst = groupBlocks(first);
  const stamp = new Int32Array(second.cardinality).fill(-1);
  const idOf = new Int32Array(second.cardinality);
  const ids = new Int32Array(n).fill(-1);
  let next = 0;
  for (let g = 0; g < first.cardinality; g++) {
    for (let x = byFirst.starts[g]!; x < byFirst.starts[g + 1]!; x++) {
      const i = byFirst.members[x]!;
      const b = second.ids[i]!;
      if (b < 0) continue;
      if (stamp[b] !== g) {
        stamp[b] = g;
        idOf[b] = next++;
      }
      ids[i] = idOf[b]!;
    }
  }
  return { ids, cardinality: next };
}

/** Records grouped by key: `members` lists record indices block by block, `starts` where each begins. */
interface Blocks {
  readonly blockOf: Int32Array;
  readonly starts: Int32Array;
  readonly members: Int32Array;
}

function groupBlocks(keys: KeyIds): Blocks {
  const { ids: blockOf, cardinality } = keys;
  const n = blockOf.length;
  const starts = new Int32Array(cardinality + 1);
  for (let i = 0; i < n; i++) if (blockOf[i]! >= 0) starts[blockOf[i]! + 1]!++;
  for (let b = 0; b < cardinality; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, cardinality);
  const members = new Int32Array(starts[cardinality]!);
  for (let i = 0; i < n; i++) {
    const b = blockOf[i]!;
    if (b >= 0) members[fill[b]!++] = i;
  }
  return { blockOf, starts, members };
}

/**
 * How many pairs a rule's keys produce: Σ k(k−1)/2 over blocks of size k.
 *
 * @example
 * ```ts
 * countPairs(blockingKeyIds(prepared, rule)); // candidate pairs of that rule alone
 * ```
 */
export function countPairs(keys: KeyIds): number {
  const sizes = new Int32Array(keys.cardinality);
  for (const id of keys.ids) if (id >= 0) sizes[id]!++;
  let pairs = 0;
  for (const k of sizes) pairs += (k * (k - 1)) / 2;
  return pairs;
}

/** Pairs a window of `w` neighbours makes in a block of `k` records. */
function windowPairs(k: number, w: number): number {
  const full = Math.max(0, k - w);
  const tail = Math.min(k, w);
  return full * w + (tail * (tail - 1)) / 2;
}

/** Where a windowed block's records sit: the block and the position of each record in it. */
interface Windows {
  readonly blockOf: Int32Array;
  readonly position: Int32Array;
}

/** Growable parallel arrays of pairs. */
class PairList {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  count = 0;

  push(i: number, j: number): void {
    if (this.count === this.left.length) {
      const grownLeft = new Int32Array(this.left.length * 2);
      grownLeft.set(this.left);
      this.left = grownLeft;
      const grownRight = new Int32Array(this.right.length * 2);
      grownRight.set(this.right);
      this.right = grownRight;
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.count++;
  }
}

/** Orders a block's records by the other fields' values, so that neighbours look alike. */
function sortForWindows(records: PreparedRecords, rule: BlockingRule, members: Int32Array): Int32Array {
  const used = new Set(rule.keys.map((k) => k.field));
  const others = records.fields.filter((f) => !used.has(f.field.name)).slice(0, 3);
  const keyOf = (i: number) =>
    others
      .map((f) => {
        const v = f.valueIds[i]!;
        return v < 0 ? '\uffff' : f.distinctValues[v]!;
      })
      .join('\u0001');
  const keys = new Map<number, string>();
  for (const i of members) keys.set(i, keyOf(i));
  return Int32Array.from(members).sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
}

/** A block's key for a warning: each part's field and the key taken from the first member. */
function describeKey(records: PreparedRecords, rule: BlockingRule, member: number): string {
  return rule.keys
    .map((part) => {
      const field = records.fields.find((f) => f.field.name === part.field);
      const v = field?.valueIds[member] ?? -1;
      if (!field || v < 0) return `${part.field}=?`;
      const key =
        part.transform === 'alternate'
          ? field.distinctAlternates[v]!
          : keyPart(part.fromAlternate ? field.distinctAlternates[v]! : field.distinctValues[v]!, part);
      return `${part.field}=${key ?? '?'}`;
    })
    .join(', ');
}

/**
 * Generates the candidate pairs of a union of blocking rules: two records are a candidate when any
 * rule gives them the same key. Each pair comes once: a rule skips pairs an earlier rule already
 * produced, checked on the earlier rules' block ids, so no set of pairs is ever held.
 *
 * Work stays bounded whatever the data. A block larger than `maxBlockSize`, or among the largest of a
 * rule whose pairs would pass `pairsPerRecord × records`, is oversized (as Splink warns of): its records
 * are sorted by the other fields and each is compared with its `blockWindow` next neighbours (a sorted
 * neighbourhood), or the block is skipped; the largest are listed in `oversized`.
 *
 * @throws {@link contactkit!ValidationError} naming the rule when the pairs would exceed `maxPairs`.
 *
 * @example
 * ```ts
 * const pairs = candidatePairs(prepared, [{ keys: [{ field: 'email', transform: 'value' }] }], {
 *   maxBlockSize: 2000,
 * });
 * pairs.count; // pairs of records that share an email
 * ```
 */
export function candidatePairs(
  records: PreparedRecords,
  rules: readonly BlockingRule[],
  options: BlockingOptions,
): CandidatePairs {
  const n = records.ids.length;
  const maxPairs = options.maxPairs ?? Number.POSITIVE_INFINITY;
  const window = options.blockWindow ?? 10;
  const skip = options.oversizedBlocks === 'skip';
  const budget =
    options.pairsPerRecord === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(MIN_RULE_BUDGET, options.pairsPerRecord * n);
  const pairs = new PairList();
  let oversizedBlocks = 0;
  const oversized: OversizedBlock[] = [];
  const pairsPerRule: number[] = [];
  const earlier: Int32Array[] = [];
  const earlierWindows: (Windows | null)[] = [];
  // Rules share key parts (a soundex of the surname, the city): compute each part once.
  const cache = new Map<string, KeyIds>();
  const seenBefore = (i: number, j: number): boolean => {
    for (let e = 0; e < earlier.length; e++) {
      const ids = earlier[e]!;
      const bi = ids[i]!;
      if (bi >= 0 && bi === ids[j]) return true;
      const w = earlierWindows[e];
      if (w) {
        const wi = w.blockOf[i]!;
        if (wi >= 0 && wi === w.blockOf[j] && Math.abs(w.position[i]! - w.position[j]!) <= window)
          return true;
      }
    }
    return false;
  };
  const add = (r: number, i: number, j: number) => {
    if (seenBefore(i, j)) return;
    if (pairs.count >= maxPairs) {
      // Fail clearly before memory does: the rules are too coarse for this data.
      throw new ValidationError({
        field: `blocking.${r}`,
        value: rules[r],
        reason: `the blocking rules produce more than ${maxPairs} candidate pairs; make this rule finer (add a key)`,
      });
    }
    if (i < j) pairs.push(i, j);
    else pairs.push(j, i);
  };
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const keys = blockingKeyIds(records, rule, cache);
    // A one-part rule's ids live in the cache; blocks below mark oversized records, so copy them.
    const blocks = groupBlocks(rule.keys.length === 1 ? { ...keys, ids: keys.ids.slice() } : keys);
    const before = pairs.count;
    const blockCount = blocks.starts.length - 1;
    const sizeOf = (b: number) => blocks.starts[b + 1]! - blocks.starts[b]!;
    // Oversized: past the size limit, then the largest until the rule fits its budget.
    const isOversized = new Uint8Array(blockCount);
    let total = 0;
    for (let b = 0; b < blockCount; b++) {
      const k = sizeOf(b);
      if (k > options.maxBlockSize) isOversized[b] = 1;
      else total += (k * (k - 1)) / 2;
    }
    if (total > budget) {
      const bySize = Array.from({ length: blockCount }, (_, b) => b)
        .filter((b) => isOversized[b] === 0 && sizeOf(b) > window + 1)
        .sort((a, b) => sizeOf(b) - sizeOf(a));
      for (const b of bySize) {
        if (total <= budget) break;
        const k = sizeOf(b);
        isOversized[b] = 1;
        total -= (k * (k - 1)) / 2 - (skip ? 0 : windowPairs(k, window));
      }
    }
    let windows: Windows | null = null;
    for (let b = 0; b < blockCount; b++) {
      const start = blocks.starts[b]!;
      const end = blocks.starts[b + 1]!;
      const size = end - start;
      if (size < 2) continue;
      if (isOversized[b] === 1) {
        oversizedBlocks++;
        const handled = skip ? 'skipped' : 'windowed';
        oversized.push({ rule: r, key: describeKey(records, rule, blocks.members[start]!), size, handled });
        if (oversized.length > MAX_REPORTED_BLOCKS * 4) {
          oversized.sort((x, y) => y.size - x.size);
          oversized.length = MAX_REPORTED_BLOCKS;
        }
        const members = blocks.members.subarray(start, end);
        // Its pairs were not all produced: later rules must not assume they were.
        for (const i of members) blocks.blockOf[i] = -1;
        if (skip) continue;
        windows ??= { blockOf: new Int32Array(n).fill(-1), position: new Int32Array(n) };
        const sorted = sortForWindows(records, rule, members);
        for (let x = 0; x < sorted.length; x++) {
          windows.blockOf[sorted[x]!] = b;
          windows.position[sorted[x]!] = x;
        }
        for (let x = 0; x < sorted.length; x++) {
          const last = Math.min(sorted.length - 1, x + window);
          for (let y = x + 1; y <= last; y++) add(r, sorted[x]!, sorted[y]!);
        }
        continue;
      }
      for (let x = start; x < end; x++) {
        const i = blocks.members[x]!;
        for (let y = x + 1; y < end; y++) add(r, i, blocks.members[y]!);
      }
    }
    earlier.push(blocks.blockOf);
    earlierWindows.push(windows);
    pairsPerRule.push(pairs.count - before);
    options.onRule?.(r, pairs.count);
  }
  oversized.sort((x, y) => y.size - x.size);
  return {
    left: pairs.left.subarray(0, pairs.count),
    right: pairs.right.subarray(0, pairs.count),
    count: pairs.count,
    pairsPerRule,
    oversizedBlocks,
    oversized: oversized.slice(0, MAX_REPORTED_BLOCKS),
    blockOf: earlier,
  };
}
