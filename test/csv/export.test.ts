import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeContactsCsv } from '../../src/csv/export/csv.js';
import { csvCell, neutralizeFormula, neutralizeFormulaForImport } from '../../src/csv/export/csv-cell.js';
import { writeContactsJson, writeContactsNdjson } from '../../src/csv/export/json.js';
import { EXPORT_PRESET_NAMES, exportPresetColumns } from '../../src/csv/export/presets.js';
import { writeContactsXlsx } from '../../src/csv/export/xlsx.js';
import { importCsv } from '../../src/csv/import/import-csv.js';
import type { ImportCandidate } from '../../src/csv/import/rows/candidate.js';
import { ValidationError } from '../../src/errors/errors.js';
import { exportRecord } from './contacts.js';
import { collect } from './helpers.js';

async function reimport(
  csv: string,
  options: Parameters<typeof importCsv>[1] = {},
): Promise<ImportCandidate[]> {
  const run = await importCsv(new TextEncoder().encode(csv), options);
  return (await collect(run.results)).flatMap((r) => (r.ok ? [r.candidate] : []));
}

describe('formula injection', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+14155552671', "'+14155552671"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['ana@example.com', 'ana@example.com'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralizes %j as %j', (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected);
  });

  it.each([
    ['=1+2', '1+2'],
    ['+14155552671', '+14155552671'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['-5', '-5'],
    ['-Minus', 'Minus'],
    ['@SUM(A1)', 'SUM(A1)'],
    ['=HYPERLINK("http://x")', 'HYPERLINK("http://x")'],
    ["-cmd|' /C calc'!A0", "cmd|' /C calc'!A0"],
    ['+=-@cmd', 'cmd'],
    ['\t=x', 'x'],
    ['plain', 'plain'],
  ])('for an importer, neutralizes %j as %j (no apostrophe)', (input, expected) => {
    expect(neutralizeFormulaForImport(input)).toBe(expected);
  });

  it('quotes neutralized cells that need quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });
});

describe('exporting contacts as CSV', () => {
  it('flattens identities, tags and custom fields under documented column names', async () => {
    const record = exportRecord(
      1,
      { tags: ['vip', 'a, b'], customFields: { plan: 'pro', seats: 5, langs: ['en', 'de'] } },
      [
        { type: 'email', value: 'ana@example.com' },
        { type: 'phone', value: '+14155552671' },
        { type: 'phone', value: '+16505551234' },
        { type: 'hubspot_id', value: '51' },
      ],
    );
    const columns = [
      'identity.email',
      'identity.phone',
      'identity.hubspot_id',
      'tags',
      'custom.plan',
      'custom.seats',
      'custom.langs',
      'createdAt',
    ];
    const csv = (await collect(writeContactsCsv([record], { columns }))).join('');
    expect(csv).toBe(
      'identity.email,identity.phone,identity.hubspot_id,tags,custom.plan,custom.seats,custom.langs,createdAt\r\n' +
        `ana@example.com,'+14155552671; +16505551234,51,"vip, ""a, b""",pro,5,en; de,2024-01-02T03:04:05.000Z\r\n`,
    );
  });

  it('writes a BOM for Excel when asked, and the delimiter chosen', async () => {
    const csv = (
      await collect(
        writeContactsCsv([exportRecord(1)], { bom: true, delimiter: ';', columns: ['profile.name'] }),
      )
    ).join('');
    expect(csv).toBe('\uFEFFprofile.name\r\nUser 1\r\n');
  });

  it('refuses an unknown column before writing anything', async () => {
    await expect(
      collect(writeContactsCsv([exportRecord(1)], { columns: ['profile.shoeSize'] })),
    ).rejects.toThrow(ValidationError);
  });

  it('round-trips through import: same identities, E.164 phones exactly, tags and custom fields', async () => {
    const records = [
      exportRecord(1, { tags: ['vip', 'a, b'], customFields: { plan: 'pro' } }, [
        { type: 'email', value: 'ana@example.com' },
        { type: 'phone', value: '+14155552671' },
        { type: 'phone', value: '+442079460958' },
        { type: 'shopify_customer', value: '7788' },
      ]),
      exportRecord(2, { profile: { name: '=cmd|calc', firstName: '-Bo' } }),
    ];
    const columns = [
      'id',
      'identity.email',
      'identity.phone',
      'identity.shopify_customer',
      'profile.name',
      'tags',
      'custom.plan',
    ];
    const csv = (await collect(writeContactsCsv(records, { columns, bom: true }))).join('');
    const [first, second] = await reimport(csv);
    expect(first!.identities).toEqual({
      email: 'ana@example.com',
      phone: '+14155552671',
      custom: { shopify_customer: '7788' },
    });
    expect(first!.moreIdentities).toEqual([{ type: 'phone', value: '+442079460958' }]);
    expect(first!.tags).toEqual(['vip', 'a, b']);
    expect(first!.customFields).toEqual({ plan: 'pro' });
    expect(second!.identities).toEqual({ email: 'user2@example.com', phone: '+14155550002' });
    // Text that only looked like a formula keeps the apostrophe that made it safe.
    expect(second!.profile.name).toBe("'=cmd|calc");
  });

  it('round-trips identity values holding ; or a leading quote, and tags holding quotes (issue 12, item 13)', async () => {
    const records = [
      exportRecord(4, { tags: ['5" screen', '"quoted"', 'a;b'] }, [
        { type: 'email', value: 'ana@example.com' },
        { type: 'userId', value: 'acct;42' },
        { type: 'userId', value: '"x"' },
        { type: 'userId', value: 'plain' },
        { type: 'crm_id', value: 'a;b;c' },
      ]),
    ];
    const columns = ['identity.email', 'identity.userId', 'identity.crm_id', 'tags'];
    const csv = (await collect(writeContactsCsv(records, { columns }))).join('');
    const [candidate] = await reimport(csv);
    expect(candidate!.identities).toEqual({
      email: 'ana@example.com',
      userId: 'acct;42',
      custom: { crm_id: 'a;b;c' },
    });
    expect(candidate!.moreIdentities).toEqual([
      { type: 'userId', value: '"x"' },
      { type: 'userId', value: 'plain' },
    ]);
    expect(candidate!.tags).toEqual(['5" screen', '"quoted"', 'a;b']);
  });

  it.each(EXPORT_PRESET_NAMES)('the %s export preset imports back with the same identities', async (name) => {
    const record = exportRecord(3, {
      profile: {
        firstName: 'Ana',
        lastName: 'Lima',
        company: 'Acme',
        address: { city: 'Rome', country: 'IT' },
      },
    });
    const csv = (await collect(writeContactsCsv([record], { columns: exportPresetColumns(name) }))).join('');
    const [candidate] = await reimport(csv);
    expect(candidate!.identities).toEqual({ email: 'user3@example.com', phone: '+14155550003' });
    expect(candidate!.profile).toMatchObject({ firstName: 'Ana', lastName: 'Lima', company: 'Acme' });
    expect(candidate!.profile.address?.country).toBe('IT');
  });
});

describe('exporting contacts as JSON and NDJSON', () => {
  const records = [exportRecord(1), exportRecord(2)];
  const columns = ['id', 'identity.email', 'tags', 'stats.orders'];

  it('writes a JSON array with typed values', async () => {
    const json = JSON.parse(
      (await collect(writeContactsJson(records, { columns, recordsPerChunk: 1 }))).join(''),
    );
    expect(json).toEqual([
      { id: 'c1', 'identity.email': ['user1@example.com'], tags: ['vip'], 'stats.orders': 0 },
      { id: 'c2', 'identity.email': ['user2@example.com'], tags: ['vip'], 'stats.orders': 0 },
    ]);
    expect((await collect(writeContactsJson([], { columns }))).join('')).toBe('[]\n');
  });

  it('writes one object per line', async () => {
    const text = (await collect(writeContactsNdjson(records, { columns }))).join('');
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['c1', 'c2']);
    expect((await collect(writeContactsNdjson([], { columns }))).join('')).toBe('');
  });
});

describe('exporting contacts as XLSX', () => {
  it('writes a workbook whose sheet holds typed cells, with phones as plain text', async () => {
    const records = [exportRecord(1, { profile: { name: 'Ana & <Bo>' } }), exportRecord(2)];
    const chunks = await collect(
      writeContactsXlsx(records, {
        columns: ['identity.phone', 'profile.name', 'stats.orders'],
        recordsPerChunk: 1,
      }),
    );
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">+14155550001</t></is></c>');
    expect(sheet).toContain('Ana &amp; &lt;Bo&gt;');
    expect(sheet).toContain('<c r="C3"><v>0</v></c>');
    // Same input, same bytes: the archive carries no clock.
    const again = await collect(
      writeContactsXlsx(records, {
        columns: ['identity.phone', 'profile.name', 'stats.orders'],
        recordsPerChunk: 1,
      }),
    );
    expect(Buffer.concat(again)).toEqual(Buffer.from(bytes));
  });
});

describe('columns named like Object.prototype members (issue 12, item 6)', () => {
  it('read only the contact’s own custom fields, and keep every header as a JSON key', async () => {
    const records = [exportRecord(1), exportRecord(2, { customFields: { constructor: 'own' } })];
    const columns = [
      'id',
      'custom.constructor',
      'custom.toString',
      { header: '__proto__', field: 'custom.valueOf' },
      { header: 'hasOwnProperty', field: 'id' },
    ];
    const json = JSON.parse((await collect(writeContactsJson(records, { columns }))).join(''));
    expect(json).toEqual([
      {
        id: 'c1',
        'custom.constructor': null,
        'custom.toString': null,
        ['__proto__']: null,
        hasOwnProperty: 'c1',
      },
      {
        id: 'c2',
        'custom.constructor': 'own',
        'custom.toString': null,
        ['__proto__']: null,
        hasOwnProperty: 'c2',
      },
    ]);
    expect(Object.keys(json[0])).toContain('__proto__');
    const csv = (await collect(writeContactsCsv(records, { columns }))).join('');
    expect(csv.split('\r\n').slice(1, 3)).toEqual(['c1,,,,c1', 'c2,own,,,c2']);
  });
});
