import { describe, expect, it } from 'vitest';
import { blockingKeyIds, candidatePairs, countPairs } from '../../src/dedupe/blocking.js';
import type { BlockingRule, MatchField } from '../../src/dedupe/config.js';
import { prepareRecords } from '../../src/dedupe/records.js';

const fields: MatchField[] = [
  { name: 'first', kind: 'first_name' },
  { name: 'last', kind: 'last_name' },
  { name: 'email', kind: 'email' },
];
const people = [
  { first: 'Robert', last: 'Smith', email: 'bob@x.com' },
  { first: 'Bob', last: 'Smith', email: 'BOB@x.com' },
  { first: 'Rupert', last: 'Smyth', email: '' },
  { first: 'Ana', last: 'Lima', email: 'ana@y.org' },
  { first: 'Ana', last: '', email: 'ana@z.org' },
];
const prepared = prepareRecords(
  people.map((values, i) => ({ id: String(i), values })),
  fields,
);
const pairsOf = (rules: BlockingRule[], maxBlockSize = 100) => {
  const c = candidatePairs(prepared, rules, maxBlockSize);
  return Array.from({ length: c.count }, (_, p) => `${c.left[p]}-${c.right[p]}`).sort();
};

describe('blocking', () => {
  it('pairs records whose keys are equal, and never on a missing value', () => {
    expect(pairsOf([{ keys: [{ field: 'email', transform: 'value' }] }])).toEqual(['0-1']);
    expect(pairsOf([{ keys: [{ field: 'last', transform: 'value' }] }])).toEqual(['0-1']);
  });

  it('builds keys from transforms: soundex, nickname form, prefixes, several parts', () => {
    expect(pairsOf([{ keys: [{ field: 'last', transform: 'soundex' }] }])).toEqual(['0-1', '0-2', '1-2']);
    expect(pairsOf([{ keys: [{ field: 'first', transform: 'alternate' }] }])).toEqual(['0-1', '3-4']);
    expect(pairsOf([{ keys: [{ field: 'email', transform: 'alternate' }] }])).toEqual(['0-1', '3-4']);
    expect(
      pairsOf([
        {
          keys: [
            { field: 'first', transform: 'prefix', length: 1 },
            { field: 'last', transform: 'soundex' },
          ],
        },
      ]),
    ).toEqual(['0-2']);
  });

  it('takes the union of rules and lists each pair once', () => {
    const rules: BlockingRule[] = [
      { keys: [{ field: 'email', transform: 'value' }] },
      { keys: [{ field: 'last', transform: 'soundex' }] },
      { keys: [{ field: 'first', transform: 'alternate' }] },
    ];
    const c = candidatePairs(prepared, rules, 100);
    expect(pairsOf(rules)).toEqual(['0-1', '0-2', '1-2', '3-4']);
    expect(c.pairsPerRule).toEqual([1, 2, 1]);
    // Rule membership is kept for training: 0 and 1 share a block under every rule.
    expect(c.blockOf.every((ids) => ids[0] === ids[1] && ids[0]! >= 0)).toBe(true);
  });

  it('skips blocks larger than the limit and counts them', () => {
    const c = candidatePairs(prepared, [{ keys: [{ field: 'last', transform: 'soundex' }] }], 2);
    expect(c.count).toBe(0);
    expect(c.oversizedBlocks).toBe(1);
  });

  it('stops with an error naming the rule when the pairs would exceed the limit', () => {
    const rules: BlockingRule[] = [
      { keys: [{ field: 'email', transform: 'value' }] },
      { keys: [{ field: 'last', transform: 'soundex' }] },
    ];
    expect(() => candidatePairs(prepared, rules, 100, undefined, 2)).toThrow(
      expect.objectContaining({ field: 'blocking.1' }),
    );
    expect(candidatePairs(prepared, rules, 100, undefined, 3).count).toBe(3);
  });

  it('counts a rule’s pairs without generating them', () => {
    expect(countPairs(blockingKeyIds(prepared, { keys: [{ field: 'last', transform: 'soundex' }] }))).toBe(3);
  });

  it('grows near-linearly: ten times the records, about ten times the pairs', () => {
    const make = (n: number) =>
      prepareRecords(
        Array.from({ length: n }, (_, i) => ({
          id: String(i),
          // Every person appears twice; names repeat across people as in real data.
          values: {
            first: `name${Math.floor(i / 2) % 50}`,
            last: `family${Math.floor(i / 2)}`,
            email: `p${Math.floor(i / 2)}@x.com`,
          },
        })),
        fields,
      );
    const rules: BlockingRule[] = [
      { keys: [{ field: 'email', transform: 'value' }] },
      {
        keys: [
          { field: 'first', transform: 'value' },
          { field: 'last', transform: 'value' },
        ],
      },
    ];
    const small = candidatePairs(make(1000), rules, 1000).count;
    const large = candidatePairs(make(10_000), rules, 1000).count;
    expect(small).toBe(500);
    expect(large).toBe(5000);
  });
});
