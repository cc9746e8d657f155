import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../cli/store-snapshot.js';
import { setup as setupServices } from './harness.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

function setup() {
  const { store, kit } = setupServices();
  return { store, importer: kit.imports, exporter: kit.exports, contacts: kit.contacts };
}

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  let out = '';
  for await (const chunk of chunks)
    out += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
  return out;
}

async function bytes(chunks: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? utf8(chunk) : chunk);
  return Buffer.concat(parts);
}

const SOURCE =
  'Email,Phone,First Name,Last Name,Company,Tags\n' +
  'ana@example.com,+1 415 555 2671,Ana,Lima,=HYPERLINK("http://evil"),"vip, trial"\n' +
  'bo@example.com,+44 20 7946 0958,Bo,Chen,@SUM(A1),\n' +
  'cy@example.com,,Cy,-Minus,+Plus,\n';

describe('ExportService', () => {
  it('round-trips export → import: E.164 phones come back exactly, formulas are neutralised', async () => {
    const a = setup();
    await a.importer.importFile(utf8(SOURCE), { workspaceId: 'ws' });
    const file = a.exporter.export({ workspaceId: 'ws', format: 'csv' });
    const csv = await text(file);
    expect(file.rows).toBe(3);
    expect(csv).toContain(`'+14155552671`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`'@SUM(A1)`);
    expect(csv).not.toMatch(/,=|,@|,\+1/);

    const b = setup();
    const report = await b.importer.importFile(utf8(csv), { workspaceId: 'ws' });
    expect(report).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    const before = await snapshot(a.store);
    const after = await snapshot(b.store);
    const keys = (s: typeof before) => s.identities.map((i) => `${i.type}:${i.value}`).sort();
    expect(keys(after)).toEqual(keys(before));
    expect(keys(after)).toContain('phone:+442079460958');
    const tags = (s: typeof before) => s.contacts.map((c) => c.tags.join('|')).sort();
    expect(tags(after)).toEqual(tags(before));
  });

  it.each(['hubspot', 'mailchimp'] as const)(
    'a %s preset keeps phones without a leading apostrophe and drops formula characters',
    async (preset) => {
      const { importer, exporter } = setup();
      await importer.importFile(utf8(SOURCE), { workspaceId: 'ws' });
      const csv = await text(exporter.export({ workspaceId: 'ws', preset }));
      // The importers of these tools keep a leading ' as part of the value.
      expect(csv).not.toContain("'");
      expect(csv).toContain(',+14155552671,');
      expect(csv).toContain(',+442079460958,');
      expect(csv).toContain('"HYPERLINK(""http://evil"")"');
      expect(csv).toContain(',SUM(A1)');
      expect(csv).toContain(',Minus,');
      expect(csv).not.toMatch(/(^|,)"?[=@-]/m);
      // The generic export keeps its apostrophe.
      expect(await text(exporter.export({ workspaceId: 'ws', format: 'csv' }))).toContain("'+14155552671");
    },
  );

  it('writes JSON, NDJSON and XLSX with chosen columns', async () => {
    const { importer, exporter } = setup();
    await importer.importFile(utf8(SOURCE), { workspaceId: 'ws' });
    const json = JSON.parse(
      await text(
        exporter.export({
          workspaceId: 'ws',
          format: 'json',
          columns: ['identity.email', 'profile.company'],
        }),
      ),
    );
    expect(json).toHaveLength(3);
    expect(json[0]).toEqual({
      'identity.email': ['ana@example.com'],
      'profile.company': '=HYPERLINK("http://evil")',
    });
    const nd = (
      await text(exporter.export({ workspaceId: 'ws', format: 'ndjson', columns: ['identity.phone'] }))
    )
      .trim()
      .split('\n');
    expect(nd.map((l) => JSON.parse(l))).toEqual([
      { 'identity.phone': ['+14155552671'] },
      { 'identity.phone': ['+442079460958'] },
      { 'identity.phone': [] },
    ]);
    const xlsx = unzipSync(await bytes(exporter.export({ workspaceId: 'ws', format: 'xlsx' })));
    const sheet = new TextDecoder().decode(xlsx['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('+14155552671');
  });

  it('writes a preset with a BOM, and only the contacts of a segment', async () => {
    const { importer, exporter, contacts } = setup();
    await importer.importFile(utf8(SOURCE), { workspaceId: 'ws' });
    await contacts.identify({ workspaceId: 'ws', userId: 'u1', identities: { email: 'bo@example.com' } });
    const csv = await text(exporter.export({ workspaceId: 'ws', preset: 'hubspot', bom: true }));
    expect(csv.startsWith('\uFEFFEmail,First Name,Last Name,Phone Number')).toBe(true);
    const file = exporter.export({
      workspaceId: 'ws',
      format: 'ndjson',
      columns: ['identity.email'],
      segment: { type: 'kind', is: 'customer' },
    });
    expect((await text(file)).trim()).toBe('{"identity.email":["bo@example.com"]}');
    expect(file.rows).toBe(1);
  });

  it('pages through the store: every contact once, in id order', async () => {
    const { importer, exporter } = setup();
    const rows = Array.from({ length: 250 }, (_, i) => `u${i}@example.com`).join('\n');
    await importer.importFile(utf8(`Email\n${rows}\n`), { workspaceId: 'ws' });
    const file = exporter.export({ workspaceId: 'ws', format: 'ndjson', columns: ['id'], pageSize: 7 });
    const ids = (await text(file))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id as string);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses an unknown column or a bad segment before reading anything', () => {
    const { exporter } = setup();
    expect(() => exporter.export({ workspaceId: 'ws', columns: ['nope'] })).toThrow(/not an export field/);
    expect(() => exporter.export({ workspaceId: 'ws', segment: { type: 'nope' } as never })).toThrow();
  });
});
