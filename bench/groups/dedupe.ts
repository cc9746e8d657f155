import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { dedupeCsvFile, readCsvRecords } from '../../src/cli/commands/dedupe.js';
import { candidatePairs } from '../../src/dedupe/blocking.js';
import { dedupe } from '../../src/dedupe/engine.js';
import { inferBlockingRules, inferFields } from '../../src/dedupe/infer-config.js';
import { seededRng } from '../../src/dedupe/prng.js';
import { prepareRecords } from '../../src/dedupe/records.js';
import { deterministicBaselines, exactKeyClusters } from '../../test/dedupe/support/baselines.js';
import {
  CHAT_COLUMNS,
  chatMatchRecords,
  generateChatContacts,
} from '../../test/dedupe/support/chat-contacts.js';
import { pairwiseScore } from '../../test/dedupe/support/pairwise-score.js';
import { sharedDataPath } from '../../test/support/shared-data.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, '..', 'dedupe-child.ts');
const SCAN_CHILD = join(here, '..', 'dedupe-scan-child.ts');
/** Stored contacts scanned; `CONTACTKIT_BENCH_SCAN_SIZE=100000` for a quick check. */
const SCAN_SIZE = Number(process.env.CONTACTKIT_BENCH_SCAN_SIZE ?? 1_000_000);
const CLI_RECORDS = 50_000;
const CHAT_RECORDS = 20_000;
const SPARSITY = [0.2, 0.3] as const;

interface ChildReport {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly candidatePairs: number;
  readonly pairsAboveThreshold: number;
}

function runChild<T>(script: string, args: string[]): T {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

function bestOf<T>(runs: number, fn: () => T): { seconds: number; value: T } {
  let best = Number.POSITIVE_INFINITY;
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, value };
}

function febrl3(): BenchResult[] {
  const input = sharedDataPath('febrl/dataset3.csv');
  if (input === null) return [];
  const options = { input, idColumn: 'rec_id', excludeColumns: ['soc_sec_id'] };
  dedupeCsvFile(options); // warm-up: JIT and file cache
  const full = bestOf(5, () => dedupeCsvFile(options));
  const block = bestOf(5, () => {
    const records = readCsvRecords(options);
    const prepared = prepareRecords(records, inferFields(records).fields);
    return candidatePairs(prepared, inferBlockingRules(prepared, seededRng(1)), { maxBlockSize: 2000 }).count;
  });
  const ids = full.value.ids;
  const truth = ids.map((id) => id.split('-')[1]!);
  const score = pairwiseScore(truth, full.value.result.clusterIds);
  // Baseline: the deterministic rule people write first, same given name, surname and birth date.
  const records = readCsvRecords(options);
  const exact = exactKeyClusters(records.length, [
    records.map((r) => {
      const v = r.values;
      return v.given_name && v.surname && v.date_of_birth
        ? `${v.given_name}|${v.surname}|${v.date_of_birth}`
        : null;
    }),
  ]);
  return [
    result('dedupe.febrl3.seconds', full.seconds, 's', block.seconds),
    result('dedupe.febrl3.f1', score.f1, 'ratio', pairwiseScore(truth, exact).f1),
  ];
}

/**
 * `dedupe.chat.f1.s20` and `.s30`: the generated chat list at two sparsity levels, with the inferred
 * configuration, next to "same email or same last 9 phone digits" (and, in `.vs_same_email`, next to
 * "same lower-cased email"), computed on the same rows.
 */
function chat(): BenchResult[] {
  return SPARSITY.flatMap((sparsity) => {
    const rows = generateChatContacts({ count: CHAT_RECORDS, seed: 2027, sparsity });
    const records = chatMatchRecords(rows);
    const truth = rows.map((r) => String(r.person));
    const engine = pairwiseScore(truth, dedupe(records, { explain: false }).clusterIds).f1;
    const baselines = deterministicBaselines(records, ['email'], ['phone', 'whatsapp']);
    const tag = `s${Math.round(sparsity * 100)}`;
    return [
      result(`dedupe.chat.f1.${tag}`, engine, 'ratio', pairwiseScore(truth, baselines.sameEmailOrPhone).f1),
      result(
        `dedupe.chat.f1.${tag}.vs_same_email`,
        engine,
        'ratio',
        pairwiseScore(truth, baselines.sameEmail).f1,
      ),
    ];
  });
}

/** `dedupe.cli_50k.seconds`: `contactkit dedupe` on a 50,000-row chat list, next to read + infer + block. */
function cli(): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'contactkit-dedupe-'));
  try {
    const input = join(dir, 'contacts.csv');
    const out = join(dir, 'clusters.csv');
    const rows = generateChatContacts({ count: CLI_RECORDS, seed: 2028, sparsity: 0.4 });
    writeFileSync(
      input,
      Papa.unparse({ fields: [...CHAT_COLUMNS], data: rows.map((r) => CHAT_COLUMNS.map((k) => r[k])) }),
    );
    const block = runChild<ChildReport>(CHILD, ['block', input, 'id']);
    const full = runChild<ChildReport>(CHILD, ['full', input, 'id', out]);
    const clusters = Papa.parse<{ id: string; cluster_id: string }>(readFileSync(out, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const person = new Map(rows.map((r) => [r.id, String(r.person)]));
    const score = pairwiseScore(
      clusters.map((c) => person.get(c.id)!),
      clusters.map((c) => c.cluster_id),
    );
    const baselines = deterministicBaselines(chatMatchRecords(rows), ['email'], ['phone', 'whatsapp']);
    return [
      result('dedupe.cli_50k.seconds', full.seconds, 's', block.seconds),
      result('dedupe.cli_50k.peak_rss_mb', full.peakRssMb, 'MB', block.peakRssMb),
      result(
        'dedupe.cli_50k.f1',
        score.f1,
        'ratio',
        pairwiseScore(
          rows.map((r) => String(r.person)),
          baselines.sameEmailOrPhone,
        ).f1,
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ScanReport {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly contacts: number;
  readonly candidatePairs?: number;
  readonly pairs?: number;
  readonly stored?: number;
  readonly warnings?: number;
}

/**
 * `dedupe.scan_1m.*` and `dedupe.scan_1m_lowcard.*`: `kit.duplicates.scan` over SCAN_SIZE contacts
 * stored in SQLite (written through the port beforehand, not timed), realistic names or 20 × 20 names.
 * The baseline reads every page of contacts and identities through the same port calls, in its own
 * process: the I/O no scan avoids.
 */
function scans(): BenchResult[] {
  return (['realistic', 'few'] as const).flatMap((variant) => {
    const dir = mkdtempSync(join(tmpdir(), 'contactkit-scan-'));
    try {
      const db = join(dir, 'contacts.db');
      process.stderr.write(`storing ${SCAN_SIZE} contacts (${variant} names)…\n`);
      runChild<ScanReport>(SCAN_CHILD, ['populate', db, String(SCAN_SIZE), variant]);
      const read = runChild<ScanReport>(SCAN_CHILD, ['read', db]);
      process.stderr.write('scanning…\n');
      const scan = runChild<ScanReport>(SCAN_CHILD, ['scan', db]);
      process.stderr.write(
        `  ${scan.contacts} contacts, ${scan.candidatePairs} candidate pairs, ${scan.pairs} above the threshold, ${scan.stored} stored, ${scan.warnings} oversized blocks\n`,
      );
      const name = variant === 'realistic' ? 'dedupe.scan_1m' : 'dedupe.scan_1m_lowcard';
      return [
        result(`${name}.seconds`, scan.seconds, 's', read.seconds),
        result(`${name}.peak_rss_mb`, scan.peakRssMb, 'MB', read.peakRssMb),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Duplicate detection: FEBRL3 (5,000 records) in process; the chat list's F1 at two sparsity levels
 * beside the deterministic rules; the `contactkit dedupe` command on 50,000 rows and the stored scan of
 * a million contacts in SQLite, each in a child process so that its peak memory is measured alone.
 */
const group: BenchGroup = {
  name: 'dedupe',
  async run() {
    return [...febrl3(), ...chat(), ...cli(), ...scans()];
  },
};
export default group;
