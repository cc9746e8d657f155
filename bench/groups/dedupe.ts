import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { dedupeCsvFile, readCsvRecords } from '../../src/cli/commands/dedupe.js';
import { candidatePairs } from '../../src/dedupe/blocking.js';
import { inferBlockingRules, inferFields } from '../../src/dedupe/infer-config.js';
import { seededRng } from '../../src/dedupe/prng.js';
import { prepareRecords } from '../../src/dedupe/records.js';
import { pairwiseScore } from '../../test/dedupe/support/pairwise-score.js';
import { generateContacts, SYNTHETIC_COLUMNS } from '../../test/dedupe/support/synthetic-contacts.js';
import { sharedDataPath } from '../../test/support/shared-data.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, '..', 'dedupe-child.ts');
const SYNTHETIC_RECORDS = 1_000_000;

interface ChildReport {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly candidatePairs: number;
  readonly pairsAboveThreshold: number;
}

function child(args: string[]): ChildReport {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport;
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

/** Clusters of records sharing any one exact key (null keys join nothing): union–find over key owners. */
function exactKeyClusters(n: number, keyLists: readonly (readonly (string | null)[])[]): string[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const keys of keyLists) {
    const owner = new Map<string, number>();
    keys.forEach((key, i) => {
      if (key === null) return;
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    });
  }
  return parent.map((_, i) => String(find(i)));
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

function synthetic(): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'contactkit-dedupe-'));
  try {
    const input = join(dir, 'contacts.csv');
    const out = join(dir, 'clusters.csv');
    process.stderr.write(`generating ${SYNTHETIC_RECORDS} contacts…\n`);
    const contacts = generateContacts(SYNTHETIC_RECORDS, 2024);
    writeFileSync(
      input,
      Papa.unparse({
        fields: [...SYNTHETIC_COLUMNS],
        data: contacts.map((c) => SYNTHETIC_COLUMNS.map((k) => c[k])),
      }),
    );
    const person = new Map(contacts.map((c) => [c.id, String(c.person)]));
    // Baseline: exact-key dedupe, the same email (case folded) or the same phone digits.
    const exact = exactKeyClusters(contacts.length, [
      contacts.map((c) => c.email.toLowerCase() || null),
      contacts.map((c) => c.phone.replace(/\D/g, '').slice(-10) || null),
    ]);
    const exactScore = pairwiseScore(
      contacts.map((c) => String(c.person)),
      exact,
    );
    process.stderr.write('read + infer + block only (baseline)…\n');
    const block = child(['block', input, 'id']);
    process.stderr.write('contactkit dedupe, end to end…\n');
    const full = child(['full', input, 'id', out]);
    const rows = Papa.parse<{ id: string; cluster_id: string }>(readFileSync(out, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const score = pairwiseScore(
      rows.map((r) => person.get(r.id)!),
      rows.map((r) => r.cluster_id),
    );
    return [
      result('dedupe.synthetic_1m.seconds', full.seconds, 's', block.seconds),
      result('dedupe.synthetic_1m.peak_rss_mb', full.peakRssMb, 'MB', block.peakRssMb),
      result('dedupe.synthetic_1m.pairs_per_s', full.candidatePairs / full.seconds, 'per_s'),
      result('dedupe.synthetic_1m.f1', score.f1, 'ratio', exactScore.f1),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Duplicate detection: FEBRL3 (5,000 records) in process, and 1,000,000 generated contacts through the
 * `contactkit dedupe` command in a child process, so that its peak memory is measured alone. Baselines:
 * reading the same file and generating its candidate pairs, without comparing, training or clustering.
 */
const group: BenchGroup = {
  name: 'dedupe',
  async run() {
    return [...febrl3(), ...synthetic()];
  },
};
export default group;
