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

function keyPart(value: string, alternate: string, part: BlockingKeyPart): string | null {
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
      return alternate;
  }
}

/**
 * The blocking key of every record under one rule: its key parts joined, or null when any part is
 * missing (a missing value brings no one together).
 *
 * @example
 * ```ts
 * blockingKeys(prepared, { keys: [{ field: 'surname', transform: 'soundex' }] }); // ['S530', null, …]
 * ```
 */
export function blockingKeys(records: PreparedRecords, rule: BlockingRule): (string | null)[] {
  const fields = rule.keys.map((part) => {
    const field = records.fields.find((f) => f.field.name === part.field);
    if (!field) throw new Error(`blocking key names unknown field "${part.field}"`);
    return field;
  });
  const n = records.ids.length;
  const keys: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let key = '';
    for (let k = 0; k < fields.length; k++) {
      const value = fields[k]!.values[i];
      if (value === null || value === undefined) {
        key = '';
        break;
      }
      const part = keyPart(value, fields[k]!.alternates[i]!, rule.keys[k]!);
      if (part === null || part.length === 0) {
        key = '';
        break;
      }
      key = k === 0 ? part : `${key}\u0001${part}`;
    }
    keys[i] = key.length > 0 ? key : null;
  }
  return keys;
}

/** Records grouped by key: `members` lists record indices block by block, `starts` where each begins. */
interface Blocks {
  readonly blockOf: Int32Array;
  readonly starts: Int32Array;
  readonly members: Int32Array;
}

function groupBlocks(keys: readonly (string | null)[]): Blocks {
  const n = keys.length;
  const blockOf = new Int32Array(n).fill(-1);
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    if (key === null || key === undefined) continue;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    blockOf[i] = id;
  }
  const starts = new Int32Array(ids.size + 1);
  for (let i = 0; i < n; i++) if (blockOf[i]! >= 0) starts[blockOf[i]! + 1]!++;
  for (let b = 0; b < ids.size; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, ids.size);
  const members = new Int32Array(starts[ids.size]!);
  for (let i = 0; i < n; i++) {
    const b = blockOf[i]!;
    if (b >= 0) members[fill[b]!++] = i;
  }
  return { blockOf, starts, members };
}

/**
 * Estimates how many pairs a rule's keys produce: Σ k(k−1)/2 over blocks of size k.
 *
 * @example
 * ```ts
 * countPairs(['a', 'a', 'a', 'b', null]); // 3
 * ```
 */
export function countPairs(keys: readonly (string | null)[]): number {
  const sizes = new Map<string, number>();
  for (const key of keys) if (key !== null) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  let pairs = 0;
  for (const k of sizes.values()) pairs += (k * (k - 1)) / 2;
  return pairs;
}

/**
 * Generates the candidate pairs of a union of blocking rules: two records are a candidate when any
 * rule gives them the same key. Each pair comes once: a rule skips pairs an earlier rule already
 * produced, checked on the earlier rules' block ids, so no set of pairs is ever held. Blocks larger than
 * `maxBlockSize` are skipped and counted.
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
): CandidatePairs {
  let left = new Int32Array(1 << 16);
  let right = new Int32Array(1 << 16);
  let count = 0;
  let oversizedBlocks = 0;
  const pairsPerRule: number[] = [];
  const earlier: Int32Array[] = [];
  for (let r = 0; r < rules.length; r++) {
    const blocks = groupBlocks(blockingKeys(records, rules[r]!));
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
