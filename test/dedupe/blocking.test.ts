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
  const c = candidatePairs(prepared, rules, { maxBlockSize });
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

  it('takes a key from the alternate form: the start of an email’s local part survives a typo’d domain', () => {
    const mail = prepareRecords(
      [
        { id: '0', values: { email: 'mark.lim84@gmail.co' } },
        { id: '1', values: { email: 'mark.lim84@gmail.com' } },
        { id: '2', values: { email: 'ana@gmail.com' } },
      ],
      [{ name: 'email', kind: 'email' }],
    );
    const c = candidatePairs(
      mail,
      [{ keys: [{ field: 'email', transform: 'prefix', length: 4, fromAlternate: true }] }],
      {
        maxBlockSize: 100,
      },
    );
    expect(Array.from({ length: c.count }, (_, p) => `${c.left[p]}-${c.right[p]}`)).toEqual(['0-1']);
  });

  it('takes the union of rules and lists each pair once', () => {
    const rules: BlockingRule[] = [
      { keys: [{ field: 'email', transform: 'value' }] },
      { keys: [{ field: 'last', transform: 'soundex' }] },
      { keys: [{ field: 'first', transform: 'alternate' }] },
    ];
    const c = candidatePairs(prepared, rules, { maxBlockSize: 100 });
    expect(pairsOf(rules)).toEqual(['0-1', '0-2', '1-2', '3-4']);
    expect(c.pairsPerRule).toEqual([1, 2, 1]);
    // Rule membership is kept for training: 0 and 1 share a block under every rule.
    expect(c.blockOf.every((ids) => ids[0] === ids[1] && ids[0]! >= 0)).toBe(true);
  });

  it('skips blocks larger than the limit when told to, and names them', () => {
    const c = candidatePairs(prepared, [{ keys: [{ field: 'last', transform: 'soundex' }] }], {
      maxBlockSize: 2,
      oversizedBlocks: 'skip',
    });
    expect(c.count).toBe(0);
    expect(c.oversizedBlocks).toBe(1);
    expect(c.oversized).toEqual([{ rule: 0, key: 'last=S530', size: 3, handled: 'skipped' }]);
  });

  it('compares an oversized block in windows of neighbours in the order of the other fields', () => {
    const c = candidatePairs(prepared, [{ keys: [{ field: 'last', transform: 'soundex' }] }], {
      maxBlockSize: 2,
      blockWindow: 1,
    });
    // Sorted by first name: Bob (1), Robert (0), Rupert (2); each meets its next neighbour only.
    expect(Array.from({ length: c.count }, (_, p) => `${c.left[p]}-${c.right[p]}`).sort()).toEqual([
      '0-1',
      '0-2',
    ]);
    expect(c.oversized[0]).toMatchObject({ size: 3, handled: 'windowed' });
  });

  it('windows the largest blocks of a rule whose pairs pass its budget, and never lists a pair twice', () => {
    const many = prepareRecords(
      Array.from({ length: 3000 }, (_, i) => ({
        id: String(i),
        values: { first: i % 2 === 0 ? 'ana' : 'rui', last: `l${i % 3}`, email: `p${i}@x.com` },
      })),
      fields,
    );
    const rules: BlockingRule[] = [
      { keys: [{ field: 'last', transform: 'value' }] },
      { keys: [{ field: 'first', transform: 'value' }] },
    ];
    const c = candidatePairs(many, rules, { maxBlockSize: 5000, pairsPerRecord: 10, blockWindow: 20 });
    // Unbounded, the two rules would make about 3.7 million pairs.
    expect(c.count).toBeLessThanOrEqual(2 * 3000 * 20);
    expect(c.oversizedBlocks).toBe(5);
    const seen = new Set<string>();
    for (let p = 0; p < c.count; p++) seen.add(`${c.left[p]}-${c.right[p]}`);
    expect(seen.size).toBe(c.count);
  });

  it('stops with an error naming the rule when the pairs would exceed the limit', () => {
    const rules: BlockingRule[] = [
      { keys: [{ field: 'email', transform: 'value' }] },
      { keys: [{ field: 'last', transform: 'soundex' }] },
    ];
    expect(() => candidatePairs(prepared, rules, { maxBlockSize: 100, maxPairs: 2 })).toThrow(
      expect.objectContaining({ field: 'blocking.1' }),
    );
    expect(candidatePairs(prepared, rules, { maxBlockSize: 100, maxPairs: 3 }).count).toBe(3);
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
    const small = candidatePairs(make(1000), rules, { maxBlockSize: 1000 }).count;
    const large = candidatePairs(make(10_000), rules, { maxBlockSize: 1000 }).count;
    expect(small).toBe(500);
    expect(large).toBe(5000);
  });
});
