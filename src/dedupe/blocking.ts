import { ValidationError } from '../errors/errors.js';
import type { BlockingKeyPart, BlockingRule } from './config.js';
import type { PreparedRecords } from './records.js';
import { soundex } from './string-similarity.js';

/** Candidate pairs, as two parallel arrays of record indices (left < right). */
export interface CandidatePairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly count: number;
  /** Pairs each rule added that no earlier rule had. */
  readonly pairsPerRule: readonly number[];
  /** Blocks skipped for holding more than `maxBlockSize` records. */
  readonly oversizedBlocks: number;
  /**
   * Per rule, the block of each record (−1 for none or a skipped block): records i and j were
   * brought together by rule r when `blockOf[r][i] === blockOf[r][j] >= 0`.
   */
  readonly blockOf: readonly Int32Array[];
}

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
  const n = field.valueIds.length;
  const ids = new Int32Array(n);
  // Keys are computed once per distinct value and numbered without joining strings, so grouping
  // millions of records costs one hash per distinct key.
  const keyOfValue = new Int32Array(field.distinctValues.length).fill(-2);
  const keyId = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = field.valueIds[i]!;
    if (v < 0) {
      ids[i] = -1;
      continue;
    }
    let id = keyOfValue[v]!;
    if (id === -2) {
      const key = part.transform === 'alternate' ? field.alternates[i]! : keyPart(field.values[i]!, part);
      if (key === null || key.length === 0) id = -1;
      else {
        const known = keyId.get(key);
        if (known === undefined) {
          id = keyId.size;
          keyId.set(key, id);
        } else id = known;
      }
      keyOfValue[v] = id;
    }
    ids[i] = id;
  }
  return { ids, cardinality: keyId.size };
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
    const signature = `${part.field}\u0001${part.transform}\u0001${part.length ?? ''}`;
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

/**
 * Generates the candidate pairs of a union of blocking rules: two records are a candidate when any
 * rule gives them the same key. Each pair comes once: a rule skips pairs an earlier rule already
 * produced, checked on the earlier rules' block ids, so no set of pairs is ever held. Blocks larger than
 * `maxBlockSize` are skipped and counted.
 *
 * @throws {@link ValidationError} naming the rule when the pairs would exceed `maxPairs`.
 *
 * @example
 * ```ts
 * const pairs = candidatePairs(prepared, [{ keys: [{ field: 'email', transform: 'value' }] }], 2000);
 * pairs.count; // pairs of records that share an email
 * ```
 */
export function candidatePairs(
  records: PreparedRecords,
  rules: readonly BlockingRule[],
  maxBlockSize: number,
  onRule?: (rule: number, pairsSoFar: number) => void,
  maxPairs = Number.POSITIVE_INFINITY,
): CandidatePairs {
  let left = new Int32Array(1 << 16);
  let right = new Int32Array(1 << 16);
  let count = 0;
  let oversizedBlocks = 0;
  const pairsPerRule: number[] = [];
  const earlier: Int32Array[] = [];
  // Rules share key parts (a soundex of the surname, the city): compute each part once.
  const cache = new Map<string, KeyIds>();
  for (let r = 0; r < rules.length; r++) {
    const keys = blockingKeyIds(records, rules[r]!, cache);
    // A one-part rule's ids live in the cache; blocks below mark skipped records, so copy them.
    const blocks = groupBlocks(rules[r]!.keys.length === 1 ? { ...keys, ids: keys.ids.slice() } : keys);
    const before = count;
    const blockCount = blocks.starts.length - 1;
    for (let b = 0; b < blockCount; b++) {
      const start = blocks.starts[b]!;
      const end = blocks.starts[b + 1]!;
      const size = end - start;
      if (size < 2) continue;
      if (size > maxBlockSize) {
        oversizedBlocks++;
        // Its pairs were not produced: later rules must not assume they were.
        for (let k = start; k < end; k++) blocks.blockOf[blocks.members[k]!] = -1;
        continue;
      }
      for (let x = start; x < end; x++) {
        const i = blocks.members[x]!;
        for (let y = x + 1; y < end; y++) {
          const j = blocks.members[y]!;
          let seen = false;
          for (let e = 0; e < earlier.length; e++) {
            const ids = earlier[e]!;
            const bi = ids[i]!;
            if (bi >= 0 && bi === ids[j]) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          if (count >= maxPairs) {
            // Fail clearly before memory does: the rules are too coarse for this data.
            throw new ValidationError({
              field: `blocking.${r}`,
              value: rules[r],
              reason: `the blocking rules produce more than ${maxPairs} candidate pairs; make this rule finer (add a key)`,
            });
          }
          if (count === left.length) {
            const grownLeft = new Int32Array(left.length * 2);
            grownLeft.set(left);
            left = grownLeft;
            const grownRight = new Int32Array(right.length * 2);
            grownRight.set(right);
            right = grownRight;
          }
          left[count] = i;
          right[count] = j;
          count++;
        }
      }
    }
    earlier.push(blocks.blockOf);
    pairsPerRule.push(count - before);
    onRule?.(r, count);
  }
  return {
    left: left.subarray(0, count),
    right: right.subarray(0, count),
    count,
    pairsPerRule,
    oversizedBlocks,
    blockOf: earlier,
  };
}
