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

  it('full names: word order and nicknames do not matter; a shortened name is part of the other', () => {
    expect(level('name', 'Bob Smith', 'Smith, Robert')).toBe('same name (order, nickname)');
    expect(level('name', 'José Núñez', 'jose nunez')).toBe('exact');
    expect(level('name', 'Mark', 'Lim Mark')).toBe('part of the other');
    expect(level('name', 'M. Lim', 'Mark Lim')).toBe('part of the other');
    expect(level('name', 'Mark', 'Ana Lim')).toBe('different');
  });

  it('placeholders are no names: missing, never a match', () => {
    for (const placeholder of [
      'Visitor 22989',
      'Guest',
      'Unknown',
      'Customer',
      'N/A',
      'ana@x.com',
      '+44 7911 123456',
    ]) {
      expect(level('name', placeholder, placeholder)).toBe('missing');
      expect(level('first_name', placeholder, placeholder)).toBe('missing');
    }
    expect(level('name', 'Mr Guest Smith', 'Guest Smith')).not.toBe('missing');
  });

  it('family names: typos are close, initials similar, other names different', () => {
    expect(level('last_name', 'McCarthy', 'Mccarty')).toBe('very similar');
    expect(level('last_name', 'L.', 'Lim')).toBe('similar or initial');
    expect(level('last_name', 'Smith', 'Jones')).toBe('different');
  });

  it('emails: provider folding is exact; near misses and a distinctive local part elsewhere are levels of their own', () => {
    expect(level('email', 'Ana.Lima+shop@gmail.com', 'analima@googlemail.com')).toBe('exact');
    expect(level('email', 'mark.lim84@gmail.co', 'mark.lim84@gmail.com')).toBe('domain typo');
    expect(level('email', 'mark.lim84@hotmial.com', 'Mark.Lim84@hotmail.com')).toBe('domain typo');
    expect(level('email', 'patirck_p33@gmail.com', 'patrick_p33@gmail.com')).toBe('local part typo');
    // Digits that differ are two people more often than a typo: only a near miss.
    expect(level('email', 'mark.lim84@gmail.com', 'mark.lim85@gmail.com')).toBe('near miss');
    expect(level('email', 'robert255@smith.net', 'roberta25@smith.net')).toBe('near miss');
    expect(level('email', 'ana.lima84@x.com', 'ana.lima84@y.org')).toBe('same local part');
    // A first name or a role mailbox at two domains is two people as often as one.
    expect(level('email', 'christopher@x.com', 'christopher@y.org')).toBe('different');
    expect(level('email', 'info@acme.com', 'info@globex.com')).toBe('different');
    expect(level('email', 'ana@x.com', 'rui@y.org')).toBe('different');
  });

  it('handles: one account whatever the @; a username and a numeric id cannot be compared', () => {
    expect(level('handle', '@mark_lim', 'Mark_Lim')).toBe('exact');
    expect(level('handle', 'mark_lim', 'ana_r')).toBe('different');
    const c = comparisonFor('handle');
    expect(c.compare('mark_lim', '88120311', '', '')).toBe(-1);
    expect(c.compare('telegram:88120311', 'messenger:88120311', '', '')).toBe(-1);
  });

  it('phones: the same number in any format, with or without country code, is the same', () => {
    expect(level('phone', '+1 (415) 555-2671', '415.555.2671')).toBe('same number');
    expect(level('phone', '0044 20 7946 0958', '+44 20 7946 0958')).toBe('same number');
    expect(level('phone', '00 44 7911 123456', '07911 123456')).toBe('same number');
    expect(level('phone', '+44 7911 123456', '447911123456')).toBe('same number');
    // Seven or eight digits: the same local number, not enough to identify on its own.
    expect(level('phone', '555-2671', '(415) 555-2671')).toBe('same local number');
    const phone = comparisonFor('phone');
    expect(phone.identifies?.('447911123456')).toBe(true);
    expect(phone.identifies?.('93728246')).toBe(false);
    expect(level('phone', '415-555-2671 ext. 12', '4155552671')).toBe('same number');
    expect(level('phone', '4155552671', '4155552617')).toBe('one typo');
    expect(level('phone', '4155552671', '2125550000')).toBe('different');
    expect(level('phone', '000000', '4155552671')).toBe('missing');
  });

  it('dates: typos and day/month swaps are close', () => {
    expect(level('date', '1971-06-24', '19710624')).toBe('exact');
    expect(level('date', '1971-06-24', '1971-05-24')).toBe('one typo or day/month swapped');
    expect(level('date', '1971-06-24', '1971-24-06')).toBe('one typo or day/month swapped');
    expect(level('date', '1971-06-24', '1971-07-30')).toBe('within two months');
    expect(level('date', '1860-09-18', '1860-01-01')).toBe('within a year');
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

  it('reads a lone given name against the other’s family name', () => {
    const prepared = prepareRecords(
      [
        { id: 'a', values: { first: 'Harper' } },
        { id: 'b', values: { first: 'Robinson', last: 'Harper' } },
      ],
      fields,
    );
    const out = new Uint8Array(2);
    compareRecords(prepared, 0, 1, out, 0);
    expect(out[0]).toBe(1);
  });

  it('keeps the straight reading otherwise', () => {
    expect(levelsOf(['Ana', 'Hall'], ['Hall', 'Lima'])).toEqual(['different', 'different']);
    expect(levelsOf(['Bob', 'Smith'], ['Robert', 'Smith'])).toEqual(['nickname', 'exact']);
  });
});
