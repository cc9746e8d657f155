import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { ExportRecord } from '../../src/csv/export/columns.js';
import { writeContactsCsv } from '../../src/csv/export/csv.js';
import { importCsv } from '../../src/csv/import/import-csv.js';
import { readCsv } from '../../src/csv/import/read-csv.js';
import { type BenchGroup, type BenchResult, cpuSecondsSince, peakRssMb, result } from '../harness.js';
import { writeMailchimpFile } from '../support/mailchimp-file.js';

const ROWS = 1_000_000;
const VALIDATE_ROWS = 200_000;
const EXPORT_ROWS = 200_000;

function exportRecord(i: number): ExportRecord {
  const at = new Date(Date.UTC(2024, 0, 1));
  return {
    contact: {
      id: `c${i}`,
      workspaceId: 'w',
      kind: 'lead',
      profile: {
        name: `User ${i}`,
        firstName: 'User',
        lastName: String(i),
        company: i % 7 === 0 ? '=evil()' : 'Acme',
      },
      fieldOrigins: {},
      tags: ['vip', 'trial'],
      customFields: { plan: 'pro' },
      source: 'import',
      channels: ['web'],
      stats: { conversations: 1, messages: 2, firstSeenAt: at, lastSeenAt: at, orders: 1, amountSpent: 12.5 },
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    identities: [
      { type: 'email', value: `user${i}@example.com` },
      { type: 'phone', value: `+1415555${String(i % 10_000).padStart(4, '0')}` },
    ],
  };
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

const group: BenchGroup = {
  name: 'csv',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const path = join(tmpdir(), `contactkit-bench-mailchimp-${process.pid}.csv`);
    try {
      console.error(`  generating ${ROWS} rows in ${path}`);
      await writeMailchimpFile(path, ROWS);

      let t0 = performance.now();
      const file = await readCsv(createReadStream(path, { highWaterMark: 64 * 1024 }));
      let rows = 0;
      for await (const _ of file.records) rows++;
      const streamed = rows / seconds(t0);
      const rss = peakRssMb();

      const text = readFileSync(path, 'utf8');
      t0 = performance.now();
      const papa = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', skipEmptyLines: true });
      const baseline = (papa.data.length - 1) / seconds(t0);
      results.push(result('import.parse_only.rows_per_s', streamed, 'per_s', baseline));
      results.push(result('import.parse_only.peak_rss_mb', rss, 'MB'));
      results.push(result('import.parse_only.file_mb', text.length / 1024 / 1024, 'MB'));

      const end = text.indexOf('\n', Math.floor((text.length * VALIDATE_ROWS) / ROWS)) + 1;
      const bytes = new TextEncoder().encode(text.slice(0, end));
      // Fed as a stream of 64 KiB chunks, as a file or upload would be.
      const small = (): Uint8Array[] =>
        Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) =>
          bytes.subarray(i * 65536, (i + 1) * 65536),
        );
      t0 = performance.now();
      let cpu = process.cpuUsage();
      const parsedOnly = await readCsv(small());
      let parsedRows = 0;
      for await (const _ of parsedOnly.records) parsedRows++;
      const parseRate = parsedRows / seconds(t0);
      const parseCpuRate = parsedRows / cpuSecondsSince(cpu);
      t0 = performance.now();
      cpu = process.cpuUsage();
      const run = await importCsv(small(), { defaultCountry: 'US' });
      let ok = 0;
      for await (const r of run.results) if (r.ok) ok++;
      const validateRate = ok / seconds(t0);
      const validateCpuRate = ok / cpuSecondsSince(cpu);
      if (ok !== parsedRows) console.error(`  warning: ${parsedRows - ok} rows rejected`);
      results.push(result('import.map_validate.rows_per_s', validateRate, 'per_s', parseRate));
      // Per CPU-second of this process: what a loaded machine disturbs less than wall time.
      results.push(result('import.map_validate.rows_per_cpu_s', validateCpuRate, 'per_s', parseCpuRate));
    } finally {
      rmSync(path, { force: true });
    }

    const records = Array.from({ length: EXPORT_ROWS }, (_, i) => exportRecord(i));
    let t0 = performance.now();
    let chars = 0;
    for await (const chunk of writeContactsCsv(records)) chars += chunk.length;
    const exportRate = EXPORT_ROWS / seconds(t0);
    t0 = performance.now();
    for (const r of records) chars += JSON.stringify(r).length;
    const stringifyRate = EXPORT_ROWS / seconds(t0);
    results.push(result('export.csv.rows_per_s', exportRate, 'per_s', stringifyRate));
    if (chars === 0) console.error('  nothing written');
    return results;
  },
};

export default group;
