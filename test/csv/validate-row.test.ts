import { describe, expect, it } from 'vitest';
import { importCsv, inBatches } from '../../src/csv/import/import-csv.js';
import { mapColumns } from '../../src/csv/import/map/map-columns.js';
import { previewImport } from '../../src/csv/import/map/preview.js';
import type { ImportRowResult } from '../../src/csv/import/rows/candidate.js';
import { candidateToChatEvent } from '../../src/csv/import/rows/candidate-event.js';
import { writeErrorsCsv } from '../../src/csv/import/rows/errors-csv.js';
import { parseTags } from '../../src/csv/import/validate/tags.js';
import { createRowValidator } from '../../src/csv/import/validate/validate-row.js';
import { ValidationError } from '../../src/errors/errors.js';
import { ChatEventSchema } from '../../src/model/chat-event.js';
import { collect, utf8, utf16le } from './helpers.js';

const header = ['Email', 'Phone', 'Name', 'Country', 'Tags', 'Bio'];
const validate = createRowValidator(mapColumns(header), { defaultCountry: 'US' });
const row = (cells: string[], n = 1): ImportRowResult => validate({ row: n, cells });

describe('validating rows into import candidates', () => {
  it('normalizes identities and names as live intake does', () => {
    const result = row([
      ' Ana@Example.COM ',
      '(415) 555-2671',
      'MARÍA DE LA CRUZ',
      '',
      'vip; trial',
      'Hello',
    ]);
    expect(result).toMatchObject({
      ok: true,
      candidate: {
        row: 1,
        identities: { email: 'ana@example.com', phone: '+14155552671' },
        profile: {
          name: 'María de la Cruz',
          firstName: 'María',
          lastName: 'de la Cruz',
          email: 'ana@example.com',
        },
        tags: ['vip', 'trial'],
        customFields: { bio: 'Hello' },
        warnings: [],
      },
    });
  });

  it("reads national phones in the row's country, by name or code, before the default", () => {
    const de = row(['', '0151 23456789', '', 'Deutschland', '', '']);
    expect(de).toMatchObject({
      ok: true,
      candidate: { identities: { phone: '+4915123456789' }, country: 'DE' },
    });
    const gb = row(['', '020 7946 0958', '', 'GB', '', '']);
    expect(gb).toMatchObject({ ok: true, candidate: { identities: { phone: '+442079460958' } } });
  });

  it('keeps a row with a bad email and a good phone, reporting the email as a warning', () => {
    const result = row(['not-an-email', '+1 415 555 2671', '', '', '', '']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.candidate.identities).toEqual({ phone: '+14155552671' });
    expect(result.candidate.warnings).toEqual([
      { row: 1, column: 'Email', field: 'identities.email', value: 'not-an-email', reason: 'missing @' },
    ]);
  });

  it('rejects a row without a usable identity, naming the identity columns and why', () => {
    expect(row(['', '', 'Ana', '', '', ''], 7)).toMatchObject({
      ok: false,
      rejection: { row: 7, column: 'Email, Phone', reason: 'no usable identity: Email, Phone are empty' },
    });
    expect(row(['ana@', 'abc', '', '', '', ''], 8)).toMatchObject({
      ok: false,
      rejection: {
        row: 8,
        column: 'Email',
        reason: 'no usable identity: Email: nothing after @; Phone: no digits',
      },
    });
  });

  it('keeps every value of a multi-value identity cell and drops over-long custom values with a warning', () => {
    const result = row(['a@x.com; b@y.com', '', '', '', '', 'x'.repeat(20_000)]);
    expect(result.ok && result.candidate.moreIdentities).toEqual([{ type: 'email', value: 'b@y.com' }]);
    expect(result.ok && result.candidate.customFields).toEqual({});
    expect(result.ok && result.candidate.warnings[0]?.reason).toMatch(/longer than 10000 characters/);
  });

  it('reads ragged rows: missing cells are empty, extra cells are kept in cells only', () => {
    const short = validate({ row: 2, cells: ['ana@x.com'] });
    expect(short.ok).toBe(true);
    const long = validate({ row: 3, cells: ['ana@x.com', '', '', '', '', '', 'extra'] });
    expect(long.ok && long.candidate.cells).toHaveLength(7);
  });

  it('refuses a file with no identity column at all, naming its columns', () => {
    expect(() => createRowValidator(mapColumns(['Name', 'City']))).toThrow(ValidationError);
    expect(() => createRowValidator(mapColumns(['Name', 'City']))).toThrow(
      /no identity column: none of the columns \("Name", "City"\)/,
    );
  });

  it('reads tags written the Mailchimp and the Shopify way', () => {
    expect(parseTags('"VIP","Blog"').tags).toEqual(['VIP', 'Blog']);
    expect(parseTags('vip, trial, VIP').tags).toEqual(['vip', 'trial']);
    expect(parseTags('"a, b",c').tags).toEqual(['a, b', 'c']);
  });
});

describe('the import pipeline end to end', () => {
  it('imports a semicolon-separated UTF-16LE file and streams results in batches', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `user${i}@example.com;Name ${i}`);
    const run = await importCsv(utf16le(`E-Mail;Vorname\n${rows.join('\n')}\n`));
    expect(run.file).toMatchObject({ encoding: 'utf-16le', delimiter: ';' });
    const sizes = (await collect(inBatches(run.results, 10))).map((b) => b.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it('gives clear typed errors for bad files and never crashes', async () => {
    await expect(importCsv(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).rejects.toThrow(
      /binary file: this looks like a PNG image/,
    );
    await expect(importCsv(new Uint8Array(0))).rejects.toThrow(/empty file/);
    await expect(importCsv(utf8('Email,Name\n'))).rejects.toThrow(/header only/);
    await expect(importCsv(utf8('Name,City\nAna,Rome\n'))).rejects.toThrow(/no identity column/);
    const byValues = await importCsv(utf8('Kunde,Ort\nana@x.de,Rom\nbo@y.de,Wien\ncy@z.de,Bern\n'));
    expect(byValues.mapping.columns[0]).toMatchObject({
      via: 'values',
      target: { kind: 'identity', type: 'email' },
    });
    expect((await collect(byValues.results)).every((r) => r.ok)).toBe(true);
    const err = await importCsv(utf8('Name,City\nAna,Rome\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('file');
  });

  it('previews the mapping and the first rows as they would be stored', async () => {
    const csv = 'Email,Plan\na@x.com,pro\nbad,free\nc@x.com,team\n';
    const preview = await previewImport(utf8(csv), { rows: 2, overrides: { Plan: 'custom.plan' } });
    expect(preview.columns).toEqual([
      { header: 'Email', target: 'identity.email', via: 'synonym' },
      { header: 'Plan', target: 'custom.plan', via: 'override' },
    ]);
    expect(preview.rows).toHaveLength(2);
    expect(preview.rows[0]).toMatchObject({ ok: true, candidate: { customFields: { plan: 'pro' } } });
    expect(preview.rows[1]).toMatchObject({ ok: false, rejection: { row: 2, column: 'Email' } });
  });

  it('writes rejected rows as an errors CSV with the original cells plus an error column', async () => {
    const csv = 'Email,Name,Phone\nbad,"Lima, Ana",=1+2\nok@x.com,Bo,\n,Cy\n';
    const run = await importCsv(utf8(csv));
    const rejections = (await collect(run.results)).flatMap((r) => (r.ok ? [] : [r.rejection]));
    const out = (await collect(writeErrorsCsv(run.file.header, rejections))).join('');
    expect(out).toBe(
      'Email,Name,Phone,error\r\n' +
        `bad,"Lima, Ana",'=1+2,"row 1, column ""Email"": no usable identity: Email: missing @; Phone: no country: a number without +, 00 or a country code needs the record's or the workspace's country"\r\n` +
        ',Cy,,"row 3, column ""Email, Phone"": no usable identity: Email, Phone are empty"\r\n',
    );
  });
});

describe('handing candidates to live intake', () => {
  it('turns a candidate into a chat event intake accepts, with a replay-safe event id', async () => {
    const run = await importCsv(
      utf8('Email,Phone,Name,Tags,Plan\nana@x.com,+14155552671,Ana Lima,vip,pro\n'),
    );
    const [result] = await collect(run.results);
    if (!result?.ok) throw new Error('expected a candidate');
    const event = candidateToChatEvent(result.candidate, {
      workspaceId: 'w1',
      importId: 'imp-7',
      occurredAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(event).toMatchObject({
      workspaceId: 'w1',
      eventId: 'import:imp-7:1',
      type: 'profile',
      channel: 'import',
      source: 'import',
      identities: { email: 'ana@x.com', phone: '+14155552671' },
      profile: { name: 'Ana Lima', firstName: 'Ana', lastName: 'Lima' },
      tags: ['vip'],
      customFields: { plan: 'pro' },
    });
    expect(ChatEventSchema.safeParse(event).success).toBe(true);
    expect(() =>
      candidateToChatEvent(result.candidate, { workspaceId: '', importId: 'x', occurredAt: new Date(0) }),
    ).toThrow(ValidationError);
  });
});

describe('identity types named like Object.prototype members (issue 12, item 6)', () => {
  it('are read as their own type: the first value is the identity, not an extra one', () => {
    const mapping = mapColumns(['Email', 'Ref'], { overrides: { Ref: 'identity.constructor' } });
    const result = createRowValidator(mapping)({ row: 1, cells: ['ana@example.com', 'R-1'] });
    expect(result).toMatchObject({
      ok: true,
      candidate: {
        identities: { email: 'ana@example.com', custom: { constructor: 'R-1' } },
        moreIdentities: [],
      },
    });
  });
});

describe('names as written through CSV import (issue 12, item 14)', () => {
  it('keeps ¡™£ªº, ⅛⅜, full-width letters and 40 × ﷺ whole, with no warning', () => {
    const validate = createRowValidator(mapColumns(['Email', 'Name', 'Tags']));
    const names = ['¡™£ªº', '⅛⅜', 'Ｆｕｌｌ Ｗｉｄｔｈ', '\uFDFA'.repeat(40), 'Jose\u0301'];
    for (const [i, name] of names.entries()) {
      const result = validate({ row: i + 1, cells: [`n${i}@example.com`, name, '\u200B, vip'] });
      expect(result.ok && result.candidate.profile.name, name).toBe(name.normalize('NFC'));
      expect(result.ok && result.candidate.warnings).toEqual([]);
      expect(result.ok && result.candidate.tags).toEqual(['vip']);
    }
  });
});
