import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../src/csv/export/columns.js';
import { writeContactsCsv } from '../../src/csv/export/csv.js';
import { importCsv } from '../../src/csv/import/import-csv.js';
import { CustomFieldKeySchema } from '../../src/model/custom-field.js';
import { exportRecord } from './contacts.js';
import { asyncOf, chunksOf, collect, utf8, windows1252 } from './helpers.js';

describe('importing large and awkward files', () => {
  it('imports a file of 500 columns into valid, distinct custom field keys', async () => {
    const header = ['Email', ...Array.from({ length: 499 }, (_, i) => `Attribute ${i % 100} (${i})`)];
    const row = ['a@x.com', ...Array.from({ length: 499 }, (_, i) => `v${i}`)];
    const run = await importCsv(utf8(`${header.join(',')}\n${row.join(',')}\n`));
    const keys = run.mapping.columns.flatMap((c) => (c.target.kind === 'custom' ? [c.target.key] : []));
    expect(keys).toHaveLength(499);
    expect(new Set(keys).size).toBe(499);
    for (const key of keys) expect(CustomFieldKeySchema.safeParse(key).success).toBe(true);
    const [result] = await collect(run.results);
    expect(result!.ok && Object.keys(result!.candidate.customFields)).toHaveLength(499);
  });

  it('imports a row with a 2 MB cell, keeping the cell and warning that it is too long for a field', async () => {
    const big = 'é'.repeat(1024 * 1024); // 2 MB of UTF-8
    const bytes = utf8(`Email,Bio\na@x.com,"${big}"\nb@x.com,short\n`);
    const run = await importCsv(asyncOf(chunksOf(bytes, 65536)));
    const [first, second] = await collect(run.results);
    expect(first!.ok && first!.candidate.cells[1]!.length).toBe(big.length);
    expect(first!.ok && first!.candidate.warnings[0]?.reason).toMatch(/longer than 10000/);
    expect(second).toMatchObject({ ok: true, candidate: { customFields: { bio: 'short' } } });
  });

  it('imports a Windows-1252 file with accents, euro signs and smart quotes', async () => {
    const run = await importCsv(windows1252('Name;Email;Note\n“José” Núñez;jose@x.es;costs 5 € – ok\n'));
    expect(run.file).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    const [result] = await collect(run.results);
    expect(result).toMatchObject({
      ok: true,
      candidate: { profile: { name: '“José” Núñez' }, notes: ['costs 5 € – ok'] },
    });
  });

  it('reads the source lazily: the first rows come before the rest of the file is read', async () => {
    let pulled = 0;
    const rows = 200_000;
    async function* source() {
      yield utf8('Email,Name\n');
      for (let i = 0; i < rows; i += 1000) {
        pulled++;
        let text = '';
        for (let j = i; j < i + 1000; j++) text += `user${j}@example.com,User ${j}\n`;
        yield utf8(text);
      }
    }
    const run = await importCsv(source());
    let seen = 0;
    for await (const _ of run.results) if (++seen === 10) break;
    expect(pulled).toBeLessThan(20);
  });
});

describe('exporting from an async source', () => {
  it('streams chunks while contacts are still arriving', async () => {
    let produced = 0;
    async function* contacts(): AsyncGenerator<ExportRecord> {
      for (let i = 0; i < 10_000; i++) {
        produced++;
        yield exportRecord(i);
      }
    }
    const chunks = writeContactsCsv(contacts(), { columns: ['identity.email'], recordsPerChunk: 100 });
    await chunks.next(); // header
    const first = await chunks.next();
    expect(first.value).toContain('user0@example.com');
    expect(produced).toBeLessThanOrEqual(101);
    await chunks.return(undefined);
  });
});
