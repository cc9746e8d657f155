import { describe, expect, it } from 'vitest';
import { comparisonFor } from '../../src/dedupe/comparisons/index.js';
import type { FieldKind } from '../../src/dedupe/config.js';
import { compareRecords, prepareRecords } from '../../src/dedupe/records.js';

function level(kind: FieldKind, a: string, b: string): string {
  const c = comparisonFor(kind);
  const pa = c.prepare(a);
  const pb = c.prepare(b);
  if (pa === null || pb === null) return 'missing';
  return c.levels[c.compare(pa, pb, c.alternate?.(pa) ?? pa, c.alternate?.(pb) ?? pb)]!;
}

describe('comparison levels by kind of field', () => {
  it('given names: exact, nickname, typo, initial, different', () => {
    expect(level('first_name', 'ROBERT', 'robert')).toBe('exact');
    expect(level('first_name', 'Bob', 'Robert')).toBe('nickname');
    expect(level('first_name', 'Liz', 'Elizabeth')).toBe('nickname');
    expect(level('first_name', 'Jonathon', 'Jonathan')).toBe('very similar');
    expect(level('first_name', 'J', 'John')).toBe('similar or initial');
    expect(level('first_name', 'Ana', 'Zoe')).toBe('different');
  });

  it('full names: word order and nicknames do not matter', () => {
    expect(level('name', 'Bob Smith', 'Smith, Robert')).toBe('same name (order, nickname)');
    expect(level('name', 'José Núñez', 'jose nunez')).toBe('exact');
  });

  it('family names: typos are close, other names different', () => {
    expect(level('last_name', 'McCarthy', 'Mccarty')).toBe('very similar');
    expect(level('last_name', 'Smith', 'Jones')).toBe('different');
  });

  it('emails: provider folding is exact, the same local part elsewhere is a level of its own', () => {
    expect(level('email', 'Ana.Lima+shop@gmail.com', 'analima@googlemail.com')).toBe('exact');
    expect(level('email', 'ana@x.com', 'ana@y.org')).toBe('same local part');
    expect(level('email', 'robert255@smith.net', 'roberta25@smith.net')).toBe('within two edits');
    expect(level('email', 'ana@x.com', 'rui@y.org')).toBe('different');
  });

  it('phones: the same number in any format, with or without country code, is the same', () => {
    expect(level('phone', '+1 (415) 555-2671', '415.555.2671')).toBe('same number');
    expect(level('phone', '0044 20 7946 0958', '+44 20 7946 0958')).toBe('same number');
    expect(level('phone', '415-555-2671 ext. 12', '4155552671')).toBe('same number');
    expect(level('phone', '4155552671', '4155552617')).toBe('one typo');
    expect(level('phone', '4155552671', '2125550000')).toBe('different');
    expect(level('phone', '000000', '4155552671')).toBe('missing');
  });

  it('dates: typos and day/month swaps are close', () => {
    expect(level('date', '1971-06-24', '19710624')).toBe('exact');
    expect(level('date', '1971-06-24', '1971-05-24')).toBe('one typo or day/month swapped');
    expect(level('date', '1971-06-24', '1971-24-06')).toBe('one typo or day/month swapped');
    expect(level('date', '1971-06-24', '1999-01-01')).toBe('different');
  });

  it('postcodes, addresses, companies, ids', () => {
    expect(level('postcode', '2119', '2191')).toBe('one typo');
    expect(level('postcode', 'sw1a 1aa', 'SW1A1AA')).toBe('exact');
    expect(level('address', '435 S. La Cienega Blvd.', '435 south la cienega boulevard')).toBe('exact');
    expect(level('company', 'Acme, Inc.', 'ACME')).toBe('exact');
    expect(level('city', 'London', 'Lonon')).toBe('very similar');
    expect(level('id', '1804974', '1804947')).toBe('one typo');
    expect(level('id', '1804974', '9999999')).toBe('different');
  });

  it('blank values are missing, not a level', () => {
    expect(comparisonFor('text').prepare('  ')).toBeNull();
    expect(comparisonFor('email').prepare('')).toBeNull();
  });
});

describe('given and family names typed into each other’s box', () => {
  const fields = [
    { name: 'first', kind: 'first_name' as const },
    { name: 'last', kind: 'last_name' as const },
  ];
  const levelsOf = (a: [string, string], b: [string, string]) => {
    const prepared = prepareRecords(
      [
        { id: 'a', values: { first: a[0], last: a[1] } },
        { id: 'b', values: { first: b[0], last: b[1] } },
      ],
      fields,
    );
    const out = new Uint8Array(2);
    compareRecords(prepared, 0, 1, out, 0);
    return [...out].map((l, f) => (l === 0 ? 'missing' : comparisonFor(fields[f]!.kind).levels[l - 1]));
  };

  it('compares them crossed when that reads better', () => {
    expect(levelsOf(['Isla', 'Hall'], ['Hall', 'Isla'])).toEqual(['exact', 'exact']);
    expect(levelsOf(['Caleb', 'Rwoe'], ['Rowe', 'Caleb'])).toEqual(['exact', 'very similar']);
  });

  it('keeps the straight reading otherwise', () => {
    expect(levelsOf(['Ana', 'Hall'], ['Hall', 'Lima'])).toEqual(['different', 'different']);
    expect(levelsOf(['Bob', 'Smith'], ['Robert', 'Smith'])).toEqual(['nickname', 'exact']);
  });
});
