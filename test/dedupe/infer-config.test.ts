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
    const { fields } = inferFields(records);
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
      'Full name': 'name',
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
      name: `Person ${i % 211}`,
      state: ['nsw', 'vic', 'qld'][i % 3]!,
      notes: i % 100 === 0 ? 'called' : '',
      row: String(i),
      truth: String(i % 211),
    }));
    const { fields, columns } = inferFields(records, { exclude: ['truth'] });
    expect(fields.map((f) => f.name)).toEqual(['name']);
    expect(columns.find((c) => c.column === 'state')!.reason).toMatch(/distinct/);
    expect(columns.find((c) => c.column === 'notes')!.reason).toMatch(/filled/);
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
