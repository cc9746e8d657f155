import { describe, expect, it } from 'vitest';
import type { MatchField } from '../../src/dedupe/config.js';
import { preparedValue, prepareRecords, RecordsBuilder } from '../../src/dedupe/records.js';
import { generateContacts, toDedupeRecords } from './support/synthetic-contacts.js';

const valuesOf = (prepared: ReturnType<typeof prepareRecords>, f: number) =>
  prepared.ids.map((_, i) => preparedValue(prepared.fields[f]!, i));

describe('preparing records', () => {
  it('gives the same records fed a page at a time as all at once, each distinct value held once', () => {
    const records = toDedupeRecords(generateContacts(2000, 4));
    const fields: MatchField[] = [
      { name: 'first_name', kind: 'first_name' },
      { name: 'email', kind: 'email' },
      { name: 'city', kind: 'city' },
    ];
    const all = prepareRecords(records, fields);
    const builder = new RecordsBuilder(fields);
    for (let start = 0; start < records.length; start += 137) {
      for (const record of records.slice(start, start + 137)) builder.add(record);
    }
    const paged = builder.build();
    expect(paged.ids).toEqual(all.ids);
    for (let f = 0; f < fields.length; f++) expect(valuesOf(paged, f)).toEqual(valuesOf(all, f));
    // Cities repeat (typos aside): under a hundred strings for 2,000 records.
    expect(paged.fields[2]!.distinctValues.length).toBeLessThan(100);
  });

  it('reads fallback columns when a name is empty or a placeholder: a full name, then a handle', () => {
    const fields: MatchField[] = [
      { name: 'first_name', kind: 'first_name', fallback: ['name', 'telegram'] },
      { name: 'last_name', kind: 'last_name', fallback: ['name', 'telegram'] },
    ];
    const prepared = prepareRecords(
      [
        { id: 'a', values: { first_name: 'Ana', last_name: 'Lima', name: 'Zoe Park' } },
        { id: 'b', values: { name: 'Mark Lim' } },
        { id: 'c', values: { name: 'Visitor 22989', telegram: '@mark_lim' } },
        { id: 'd', values: { first_name: 'Guest', telegram: '@marklim' } },
      ],
      fields,
    );
    expect(valuesOf(prepared, 0)).toEqual(['ana', 'mark', 'mark', null]);
    expect(valuesOf(prepared, 1)).toEqual(['lima', 'lim', 'lim', null]);
  });

  it('reads an email local part copied into the name box as no name', () => {
    const fields: MatchField[] = [
      { name: 'name', kind: 'name' },
      { name: 'email', kind: 'email' },
    ];
    const prepared = prepareRecords(
      [
        { id: 'a', values: { name: 'mark.lim84', email: 'mark.lim84@gmail.com' } },
        { id: 'b', values: { name: 'ana', email: 'ana@x.com' } },
        // Typed by a person: a capital, a space.
        { id: 'c', values: { name: 'Ana', email: 'ana@x.com' } },
        { id: 'd', values: { name: 'Mark Lim', email: 'mark.lim@x.com' } },
      ],
      fields,
    );
    expect(valuesOf(prepared, 0)).toEqual([null, null, 'ana', 'mark lim']);
  });
});
