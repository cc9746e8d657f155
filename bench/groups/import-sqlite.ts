/**
 * CSV import into SQLite through the import service, end to end (`contactkit import`), next to a baseline
 * measured in the same run:
 * - `import.sqlite.rows_per_s`: a generated Mailchimp-shaped file (100,000 rows by default; set
 *   CONTACTKIT_BENCH_IMPORT_ROWS=1000000 for the full size) streamed into a fresh SQLite file by the `import` command in
 *   a child process. Baseline: `import.parse_only.rows_per_s`, streamed decode + parse of the same file
 *   in this process (what bench/groups/csv.ts measures). `import.sqlite.rows_per_cpu_s` is the same
 *   import per CPU-second of the child, which a loaded machine disturbs less than wall time.
 * - `import.sqlite.peak_rss_mb`: the child's peak RSS (its `maxRSS`): bounded memory means this stays
 *   flat whatever the file's size.
 * - `import.sqlite.storage_only.rows_per_s`: the SQLite adapter alone making exactly the calls the
 *   import service made for the same file: the import runs again on a store that records each committed
 *   transaction's calls, and each is replayed at once on a second, fresh store, timing only the replays.
 *   The most the import could reach on SQLite if parsing, validation and the service cost nothing.
 * - `import.sqlite.same_work_ratio` (issue 13): the import's rate over the same-work rate, which is
 *   an expert's import (bench/support/expert-import.ts: every row decoded, mapped and validated once,
 *   decided by the same rules, its extras planned, on plain Maps) plus the same rows the import wrote,
 *   written again by hand-written prepared statements (bench/support/same-work.ts).
 *   `import.sqlite.validate_and_replay.rows_per_s` is the pipeline and the replay alone, with no
 *   deciding: what no import that resolves its rows could reach.
 * - `export.sqlite.rows_per_s`: `contactkit export` of the imported store to CSV, in a child process.
 *   Baseline: reading the same contacts page by page with their identities, without writing.
 *
 * The file comes from bench/support/mailchimp-file.ts, the generator bench/groups/csv.ts uses too: every
 * row has its own email and phone number, so no two rows resolve to one contact.
 *
 *   node --import tsx bench/groups/import-sqlite.ts child import <file.csv> <db>
 *   node --import tsx bench/groups/import-sqlite.ts child export <db> <out.csv>
 *   node --import tsx bench/groups/import-sqlite.ts child storage <file.csv> <db>
 *   node --import tsx bench/groups/import-sqlite.ts child expert <file.csv> -
 */

import { execFileSync } from 'node:child_process';
import { createReadStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchGroup, type BenchResult, cpuSecondsSince, result } from '../harness.js';
import { writeMailchimpFile } from '../support/mailchimp-file.js';

// 100,000 by default: at the ~6,500 rows per CPU-second measured so far, 1,000,000 rows take minutes.
// CONTACTKIT_BENCH_IMPORT_ROWS=1000000 runs the full size.
const ROWS = Number(process.env.CONTACTKIT_BENCH_IMPORT_ROWS ?? 100_000);
const here = fileURLToPath(import.meta.url);

interface ChildReport {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly report: Record<string, unknown>;
}

function child(args: string[], extraNodeArgs: string[] = []): ChildReport {
  const stdout = execFileSync(
    process.execPath,
    [...extraNodeArgs, '--import', 'tsx', here, 'child', ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const last = stdout.trim().split('\n').at(-1)!;
  return JSON.parse(last) as ChildReport;
}

/** The child: runs one CLI command, then prints its time, peak RSS and JSON report as one line. */
async function runChild(mode: string, a: string, b: string): Promise<void> {
  const { main } = await import('../../src/cli/cli.js');
  const write = process.stdout.write.bind(process.stdout);
  let captured = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    captured += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const code =
    mode === 'import'
      ? await main(['import', a, '--db', b, '--json'])
      : await main(['export', '--db', a, '--out', b, '--json']);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  process.stdout.write = write;
  if (code !== 0) {
    process.stderr.write(captured);
    process.exit(code);
  }
  const report = JSON.parse(captured) as Record<string, unknown>;
  // Not the error list: a million rejected rows would make this line the benchmark.
  const { errors: _errors, ...summary } = report;
  write(
    `${JSON.stringify({ seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024, report: summary })}\n`,
  );
}

/** The child for `storage`: imports `csv` into `db`, replaying every transaction on `db`.replay. */
async function runStorageChild(csv: string, db: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const { SqliteStore } = await import('../../adapters/sqlite/index.js');
  const { ImportService } = await import('../../src/service/import-service.js');
  const { RecordingStore, replay } = await import('../support/port-recorder.js');
  const { sqliteSameWork } = await import('../support/same-work.js');
  const replayDb = new Database(`${db}.replay`);
  const target = await SqliteStore.open(replayDb);
  // The same-work database: the library's schema, written by hand-written statements only.
  const bareDb = new Database(`${db}.bare`);
  await SqliteStore.open(bareDb);
  let replaySeconds = 0;
  let bareSeconds = 0;
  // The import itself runs on a memory store (the same answers, by the conformance suite), so that the
  // two SQLite files timed here share the process with nothing else writing to disk. A memory store
  // keeps every row, though: past 200,000 rows it would outgrow the heap, so a large run records on a
  // third SQLite file (and its replays then share the disk with it).
  const { MemoryStore } = await import('../../adapters/memory/index.js');
  const recordOn = ROWS <= 200_000 ? new MemoryStore() : await SqliteStore.open(new Database(`${db}.record`));
  const recorder = new RecordingStore(recordOn, async (transaction) => {
    let t0 = performance.now();
    await replay(target, [transaction]);
    replaySeconds += seconds(t0);
    t0 = performance.now();
    sqliteSameWork(bareDb, 'default', [transaction]);
    bareSeconds += seconds(t0);
  });
  const report = await new ImportService({ store: recorder }).importFile(
    () => createReadStream(csv, { highWaterMark: 64 * 1024 }),
    { workspaceId: 'default' },
  );
  replayDb.close();
  bareDb.close();
  process.stdout.write(`${JSON.stringify({ rows: report.rows, replaySeconds, bareSeconds })}\n`);
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

const group: BenchGroup = {
  name: 'import-sqlite',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const base = join(tmpdir(), `contactkit-bench-import-${process.pid}`);
    const csv = `${base}.csv`;
    const db = `${base}.db`;
    const out = `${base}-export.csv`;
    const cleanup = () => {
      for (const base of [
        db,
        `${db}.storage`,
        `${db}.storage.replay`,
        `${db}.storage.bare`,
        `${db}.storage.record`,
      ])
        for (const f of [base, `${base}-wal`, `${base}-shm`]) rmSync(f, { force: true });
      for (const f of [csv, out]) rmSync(f, { force: true });
    };
    try {
      console.error(`  generating ${ROWS} rows in ${csv}`);
      await writeMailchimpFile(csv, ROWS);

      const { readCsv } = await import('../../src/csv/import/read-csv.js');
      let t0 = performance.now();
      const file = await readCsv(createReadStream(csv, { highWaterMark: 64 * 1024 }));
      let parsed = 0;
      for await (const _ of file.records) parsed++;
      const parseRate = parsed / seconds(t0);

      console.error('  importing into SQLite (child process)');
      const imported = child(['import', csv, db]);
      const rows = Number(imported.report.rows);
      if (rows !== ROWS || Number(imported.report.created) !== ROWS)
        throw new Error(
          `import read ${rows} rows and created ${String(imported.report.created)}, expected ${ROWS}`,
        );
      results.push(result('import.sqlite.rows_per_s', rows / imported.seconds, 'per_s', parseRate));
      results.push(result('import.sqlite.rows_per_cpu_s', rows / imported.cpuSeconds, 'per_s'));
      results.push(result('import.sqlite.peak_rss_mb', imported.peakRssMb, 'MB'));
      results.push(result('import.sqlite.rows', rows, 'rows'));

      console.error('  importing again, replaying the storage calls on a second store (child process)');
      const storage = JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', here, 'child', 'storage', csv, `${db}.storage`], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        })
          .trim()
          .split('\n')
          .at(-1)!,
      ) as { rows: number; replaySeconds: number; bareSeconds: number };
      results.push(
        result(
          'import.sqlite.storage_only.rows_per_s',
          storage.rows / storage.replaySeconds,
          'per_s',
          parseRate,
        ),
      );

      // Same work: every row decoded, mapped and validated once, decided by the same rules with its
      // extras planned, on plain Maps (bench/support/expert-import.ts), plus the same rows written by
      // hand-written statements (bench/support/same-work.ts).
      // In a child with room: its Maps keep every contact, 4 GB at a million rows.
      const expert = JSON.parse(
        execFileSync(
          process.execPath,
          ['--max-old-space-size=16384', '--import', 'tsx', here, 'child', 'expert', csv, '-'],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
        )
          .trim()
          .split('\n')
          .at(-1)!,
      ) as { rows: number; seconds: number };
      const decided = expert.rows;
      const decideSeconds = expert.seconds;
      const { importCsv } = await import('../../src/csv/import/import-csv.js');
      t0 = performance.now();
      const pipeline = await importCsv(createReadStream(csv, { highWaterMark: 64 * 1024 }));
      let validated = 0;
      for await (const _ of pipeline.results) validated++;
      const validateSeconds = seconds(t0);
      const sameWork = decided / (decideSeconds + storage.bareSeconds);
      const importRate = rows / imported.seconds;
      results.push(result('import.sqlite.same_work.rows_per_s', sameWork, 'per_s'));
      results.push(result('import.sqlite.same_work_ratio', importRate / sameWork, 'ratio'));
      results.push(
        result(
          'import.sqlite.validate_and_replay.rows_per_s',
          validated / (validateSeconds + storage.bareSeconds),
          'per_s',
        ),
      );

      console.error('  exporting from SQLite (child process)');
      const exported = child(['export', db, out]);
      const { openSqliteStore } = await import('../../src/cli/store.js');
      const { ExportService } = await import('../../src/service/export-service.js');
      const opened = await openSqliteStore(db, { readonly: true });
      t0 = performance.now();
      let read = 0;
      for await (const _ of new ExportService({ store: opened.store }).records('default')) read++;
      const readRate = read / seconds(t0);
      await opened.close();
      results.push(
        result(
          'export.sqlite.rows_per_s',
          Number(exported.report.rows) / exported.seconds,
          'per_s',
          readRate,
        ),
      );
    } finally {
      cleanup();
    }
    return results;
  },
};

export default group;

/** The child for `expert`: the same-work baseline's deciding half over `csv`, timed. */
async function runExpertChild(csv: string): Promise<void> {
  const { ExpertImport } = await import('../support/expert-import.js');
  const { ExpertIntake } = await import('../support/expert-intake.js');
  const { timeOrderedId } = await import('../../src/service/runtime/time-ordered-id.js');
  const t0 = performance.now();
  const rows = await new ExpertImport(new ExpertIntake(timeOrderedId)).run(
    createReadStream(csv, { highWaterMark: 64 * 1024 }),
    { workspaceId: 'default', importId: 'bench' },
  );
  process.stdout.write(`${JSON.stringify({ rows, seconds: seconds(t0) })}\n`);
}

if (process.argv[1] === here && process.argv[2] === 'child') {
  const [, , , mode, a, b] = process.argv;
  if (!['import', 'export', 'storage', 'expert'].includes(mode ?? '') || !a || !b) {
    process.stderr.write(
      'usage: import-sqlite.ts child import <file.csv> <db> | child export <db> <out> | child storage <file.csv> <db> | child expert <file.csv> -\n',
    );
    process.exit(2);
  }
  if (mode === 'storage') await runStorageChild(a, b);
  else if (mode === 'expert') await runExpertChild(a);
  else await runChild(mode as 'import' | 'export', a, b);
}
