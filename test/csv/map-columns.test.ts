import { describe, expect, it } from 'vitest';
import { customFieldKey } from '../../src/csv/import/map/header-key.js';
import { inferTargetFromValues } from '../../src/csv/import/map/infer-from-values.js';
import { mapColumns } from '../../src/csv/import/map/map-columns.js';
import { describeMapping } from '../../src/csv/import/map/preview.js';
import { parseTarget } from '../../src/csv/import/map/target.js';
import { ValidationError } from '../../src/errors/errors.js';
import { CustomFieldKeySchema } from '../../src/model/custom-field.js';

const targets = (header: string[], options = {}) =>
  describeMapping(mapColumns(header, options)).map((c) => c.target);

describe('mapping columns of files no preset knows', () => {
  it('matches synonyms in several languages', () => {
    expect(targets(['E-Mail', 'Vorname', 'Nachname', 'Handy', 'PLZ', 'Ort', 'Land', 'Firma'])).toEqual([
      'identity.email',
      'profile.firstName',
      'profile.lastName',
      'identity.phone',
      'profile.address.postcode',
      'profile.address.city',
      'profile.address.country',
      'profile.company',
    ]);
    expect(targets(['Correo electrónico', 'Teléfono', 'Prénom', 'emailAddress', 'first_name'])).toEqual([
      'identity.email',
      'identity.phone',
      'profile.firstName',
      'identity.email',
      'profile.firstName',
    ]);
  });

  it('forgives typos by edit distance and finds email and phone columns by keyword', () => {
    const mapping = mapColumns([
      'Emial',
      'Phone Nunber',
      'Work Email 2',
      'Customer Mobile',
      'Email Opt-In Date',
    ]);
    expect(mapping.columns.map((c) => [c.via, c.target])).toEqual([
      ['fuzzy', { kind: 'identity', type: 'email' }],
      ['fuzzy', { kind: 'identity', type: 'phone' }],
      ['fuzzy', { kind: 'identity', type: 'email' }],
      ['keyword', { kind: 'identity', type: 'phone' }],
      ['custom', { kind: 'custom', key: 'email_opt_in_date' }],
    ]);
  });

  it('turns unknown columns into custom fields with valid, unique keys', () => {
    const header = [
      'Email',
      'Favourite Colour?',
      'Shoe Size (EU)',
      '2FA',
      '',
      'favourite colour',
      'x'.repeat(90),
    ];
    const keys = mapColumns(header)
      .columns.slice(1)
      .map((c) => (c.target.kind === 'custom' ? c.target.key : c.target.kind));
    expect(keys.slice(0, 5)).toEqual([
      'favourite_colour',
      'shoe_size_eu',
      'f_2fa',
      'column_5',
      'favourite_colour_2',
    ]);
    for (const key of keys) expect(CustomFieldKeySchema.safeParse(key).success).toBe(true);
    expect(customFieldKey('Ünïcödé Fïeld', 0)).toBe('unicode_field');
  });

  it('maps the columns of contactkit exports onto themselves', () => {
    expect(
      targets(['id', 'identity.email', 'identity.hubspot_id', 'profile.address.city', 'custom.plan', 'tags']),
    ).toEqual([
      'ignore',
      'identity.email',
      'identity.hubspot_id',
      'profile.address.city',
      'custom.plan',
      'tags',
    ]);
  });

  it('lets the user override any column or ignore it', () => {
    const mapping = mapColumns(['Email', 'Contact', 'Plan'], {
      overrides: { Email: 'ignore', Contact: 'email', Plan: 'custom.plan_name' },
    });
    expect(describeMapping(mapping)).toEqual([
      { header: 'Email', target: 'ignore', via: 'override' },
      { header: 'Contact', target: 'identity.email', via: 'override' },
      { header: 'Plan', target: 'custom.plan_name', via: 'override' },
    ]);
  });

  it('refuses overrides naming a missing column or an unknown target, with a typed error', () => {
    expect(() => mapColumns(['Email'], { overrides: { Mail: 'email' } })).toThrow(
      /the file has no column "Mail"/,
    );
    expect(() => mapColumns(['Email'], { overrides: { Email: 'profile.shoeSize' } })).toThrow(
      ValidationError,
    );
  });

  it('recognises columns of emails or formatted phones by their values when the header says nothing', () => {
    const rows = [
      ['ana@x.com', '+44 20 7946 0958', '7788990011', 'Ana'],
      ['bo@y.org', '(415) 555-2671', '7788990012', 'Bo'],
      ['', '+49 151 23456789', '7788990013', 'Cy'],
      ['cy@z.net', '', '7788990014', 'Di'],
    ];
    const mapping = mapColumns(['Kontakt', 'Erreichbar', 'Ref', 'Wer'], {}, { rows, defaultCountry: 'US' });
    expect(
      mapping.columns.map((c) => [c.via, c.target.kind === 'identity' ? c.target.type : c.target.kind]),
    ).toEqual([
      ['values', 'email'],
      ['values', 'phone'],
      ['custom', 'custom'],
      ['custom', 'custom'],
    ]);
    expect(inferTargetFromValues(['a@x.com', 'not an email', 'b@y.com'])).toBeUndefined();
    expect(inferTargetFromValues(['a@x.com', 'b@y.com'])).toBeUndefined();
  });
});

describe('headers named like Object.prototype members (issue 12, item 6)', () => {
  it('are plain headers: no shorthand, no override unless given, a custom field each', () => {
    const header = ['Email', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];
    for (const name of header.slice(1)) expect(parseTarget(name), name).toBeUndefined();
    const mapping = mapColumns(header, {}, { rows: [['a@x.com', 'a', 'b', 'c', 'd', 'e']] });
    expect(mapping.columns.map((c) => c.target)).toEqual([
      { kind: 'identity', type: 'email' },
      { kind: 'custom', key: 'constructor' },
      { kind: 'custom', key: 'to_string' },
      { kind: 'custom', key: 'value_of' },
      { kind: 'custom', key: 'has_own_property' },
      { kind: 'custom', key: 'proto' },
    ]);
    const overridden = mapColumns(header, { overrides: { constructor: 'ignore' } });
    expect(overridden.columns[1]?.target).toEqual({ kind: 'ignore' });
  });
});
