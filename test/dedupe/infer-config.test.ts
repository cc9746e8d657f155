import { describe, expect, it } from 'vitest';
import { inferFields, inferMatchConfig } from '../../src/dedupe/infer-config.js';
import { ValidationError } from '../../src/errors/errors.js';
import { generateContacts, toDedupeRecords } from './support/synthetic-contacts.js';

function rows(n: number, make: (i: number) => Record<string, string>) {
  return Array.from({ length: n }, (_, i) => ({ id: String(i), values: make(i) }));
}

describe('inferring the match configuration', () => {
  it('recognises the usual contact columns by name and value', () => {
    const records = rows(300, (i) => ({
      'First Name': ['Ana', 'Rui', 'Bob', 'Liz', 'Zoe', 'Ivan'][i % 6]! + (i % 37),
      surname: `Family${i % 101}`,
      'E-mail': `p${i}@example.com`,
      Mobile: `+1 415 555 ${String(1000 + i)}`,
      dob: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
      zip: String(10_000 + (i % 211)),
      City: `Town${i % 53}`,
      Company: `Firm ${i % 71} Inc.`,
      'Street Address': `${i} Main Street`,
      'Full name': `Person ${i % 97} Name`,
    }));
    const { fields, columns } = inferFields(records);
    expect(Object.fromEntries(fields.map((f) => [f.name, f.kind]))).toEqual({
      'First Name': 'first_name',
      surname: 'last_name',
      'E-mail': 'email',
      Mobile: 'phone',
      dob: 'date',
      zip: 'postcode',
      City: 'city',
      Company: 'company',
      'Street Address': 'address',
    });
    // One name, not two: the full name is read when the first or last name is empty.
    expect(fields.find((f) => f.name === 'First Name')!.fallback).toEqual(['Full name']);
    expect(fields.find((f) => f.name === 'surname')!.fallback).toEqual(['Full name']);
    expect(columns.find((c) => c.column === 'Full name')!.reason).toMatch(/read for First Name and surname/);
  });

  it('reads a chat product’s export: sparse identifiers kept, activity columns left out, one phone field', () => {
    const records = rows(1000, (i) => ({
      name: i % 3 === 0 ? `Visitor ${i}` : `Ana${i % 50} Lima${i % 70}`,
      email: i % 2 === 0 ? `p${i}@mail.example` : '',
      phone: i % 10 === 0 ? `+44 7911 ${String(100000 + i)}` : '',
      whatsapp: i % 10 === 5 ? `447911${String(100000 + i)}` : '',
      telegram: i % 12 === 0 ? `@ana_lima${i}` : '',
      messenger_id: i % 15 === 0 ? String(1e15 + i) : '',
      source: ['web_chat', 'whatsapp', 'import'][i % 3]!,
      created_at: new Date(Date.UTC(2025, 0, 1 + (i % 300), i % 24)).toISOString(),
    }));
    const { fields, columns } = inferFields(records);
    const kinds = Object.fromEntries(fields.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      name: 'name',
      email: 'email',
      phone: 'phone',
      telegram: 'handle',
      messenger_id: 'handle',
    });
    expect(fields.find((f) => f.name === 'phone')!.fallback).toEqual(['whatsapp']);
    // A handle that spells a name stands in for an empty name.
    expect(fields.find((f) => f.name === 'name')!.fallback).toEqual(['telegram']);
    const reason = (c: string) => columns.find((x) => x.column === c)!.reason;
    expect(reason('source')).toMatch(/not who they are/);
    expect(reason('created_at')).toMatch(/not who they are/);
  });

  it('reads a combined first-and-surname column as a whole name, and a birth place as a place', () => {
    const records = rows(300, (i) => ({
      first_and_surname: `john${i % 40} smith${i % 90}`,
      birth_place: `town${i % 60}`,
    }));
    expect(Object.fromEntries(inferFields(records).fields.map((f) => [f.name, f.kind]))).toEqual({
      first_and_surname: 'name',
      birth_place: 'city',
    });
  });

  it('trusts values over a misleading name, and recognises unnamed emails by their values', () => {
    const records = rows(200, (i) => ({
      'Email Address': `0${1 + (i % 9)}/${10 + (i % 18)}/15`,
      contact: `user${i}@mail.org`,
    }));
    const kinds = Object.fromEntries(inferFields(records).fields.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({ 'Email Address': 'date', contact: 'email' });
  });

  it('leaves out columns that cannot tell people apart, and excluded ones', () => {
    const records = rows(500, (i) => ({
      name: `Ana${i % 211} Lima`,
      state: ['nsw', 'vic', 'qld'][i % 3]!,
      notes: i % 100 === 0 ? 'called' : '',
      row: String(i),
      truth: String(i % 211),
    }));
    const { fields, columns } = inferFields(records, { exclude: ['truth'] });
    expect(fields.map((f) => f.name)).toEqual(['name']);
    expect(columns.find((c) => c.column === 'state')!.reason).toMatch(/distinct/);
    expect(columns.find((c) => c.column === 'notes')!.reason).toMatch(/not who they are/);
    expect(columns.find((c) => c.column === 'row')!.reason).toMatch(/different/);
    expect(columns.some((c) => c.column === 'truth')).toBe(false);
  });

  it('refuses data with nothing to compare', () => {
    expect(() => inferFields(rows(10, () => ({ flag: 'y' })))).toThrow(ValidationError);
  });

  it('sizes blocking rules to the data: every rule within a budget linear in the record count', () => {
    const records = toDedupeRecords(generateContacts(3000, 5));
    const { config } = inferMatchConfig(records);
    const keys = config.blocking.map((r) => r.keys.map((k) => `${k.field}.${k.transform}`).join('+'));
    expect(keys).toContain('email.value');
    expect(keys).toContain('phone.suffix');
    // Some rule must survive typos in the email and the phone: one on names.
    expect(keys.some((k) => k.includes('last_name'))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
