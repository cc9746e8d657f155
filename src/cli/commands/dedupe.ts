import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import Papa from 'papaparse';
import { type MatchConfig, parseMatchConfig } from '../../dedupe/config.js';
import { type DedupeProgress, type DedupeResult, dedupe } from '../../dedupe/engine.js';
import type { MatchRecord } from '../../dedupe/records.js';
import { ValidationError } from '../../errors/errors.js';
import type { Contactkit } from '../../service/contactkit.js';
import { parseCommandLineOf } from '../command-line.js';
import { explainSuggestion } from '../format.js';
import { print, runOverStore, type StoreCommandArgs, storeArgsOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit dedupe <input.csv> --id-column <col> [--config <match.json>] [--exclude-columns a,b]
                        --out <clusters.csv> [--json]
       contactkit dedupe --db PATH | --pg URL [--schema NAME] [--workspace ID] [--threshold P] [--limit N] [--json]

File mode: finds records of the same person (or business) in a CSV file and writes one row per input
record: id,cluster_id. Without --config the match configuration is inferred from the column names
and values. The summary goes to stderr; --json prints it to stdout as {"records","candidatePairs",
"pairsAboveThreshold","clusters","seconds","out"}.

Store mode (--db or --pg): scans the stored contacts of a workspace, stores the suggestions (people
accept them with "contactkit merge", or through the API) and lists the likeliest, each with the
fields that made it. --json prints {"contacts","candidatePairs","suggestions":[{"id","contactIds",
"probability","weight","why"}],…}.

Exit codes: 0 done (whether or not duplicates were found), 1 the job failed (nothing written),
2 bad usage.
`;

/** What {@link dedupeCsvFile} needs: the same as the command's flags. */
export interface DedupeCsvOptions {
  readonly input: string;
  readonly idColumn: string;
  /** A match configuration (already read from JSON); inferred when absent. */
  readonly config?: unknown;
  /** Columns never compared (ground truth, notes). */
  readonly excludeColumns?: readonly string[];
  readonly seed?: number;
  readonly onProgress?: (progress: DedupeProgress) => void;
}

/** The outcome of {@link dedupeCsvFile}: the engine's result and the records it ran on. */
export interface DedupeCsvResult {
  readonly ids: readonly string[];
  readonly result: DedupeResult;
}

/**
 * Reads a CSV file (cells trimmed) and runs the duplicate finder on it: the core of
 * `contactkit dedupe`, for callers that want the result rather than a file.
 *
 * @throws {@link contactkit!ValidationError} when the id column is absent or ids are empty or repeated, or the
 * configuration is invalid.
 *
 * @example
 * ```ts
 * const { ids, result } = dedupeCsvFile({ input: 'people.csv', idColumn: 'id' });
 * result.clusterIds; // aligned with ids
 * ```
 */
export function dedupeCsvFile(options: DedupeCsvOptions): DedupeCsvResult {
  return dedupeRecords(readCsvRecords(options), options);
}

/** The engine call of the command, shared by {@link dedupeCsvFile} and {@link run}. */
function dedupeRecords(records: readonly MatchRecord[], options: DedupeCsvOptions): DedupeCsvResult {
  const result = dedupe(records, {
    config: options.config === undefined ? undefined : parseMatchConfig(options.config),
    seed: options.seed,
    explain: false,
    onProgress: options.onProgress,
  });
  return { ids: records.map((r) => r.id), result };
}

/**
 * Reads a CSV file into match records: cells trimmed, the id column as the id, the id column and the
 * excluded columns left out of the values.
 *
 * @throws {@link contactkit!ValidationError} when the id column is absent or an id is empty.
 *
 * @example
 * ```ts
 * const records = readCsvRecords({ input: 'people.csv', idColumn: 'id', excludeColumns: ['notes'] });
 * ```
 */
export function readCsvRecords(
  options: Pick<DedupeCsvOptions, 'input' | 'idColumn' | 'excludeColumns'>,
): MatchRecord[] {
  const text = readFileSync(options.input, 'utf8');
  const records: MatchRecord[] = [];
  let header: string[] | null = null;
  let idIndex = -1;
  let kept: { name: string; index: number }[] = [];
  let problem: ValidationError | null = null;
  const missingIdColumn = (columns: string[]) =>
    new ValidationError({
      field: 'id-column',
      value: options.idColumn,
      reason: `"${options.idColumn}" is not a column of ${options.input} (columns: ${columns.join(', ')})`,
    });
  // Rows arrive as arrays and become records as they are parsed, so a million-row file is never
  // held twice; the header row is read by hand (papaparse's header mode builds an extra object a row).
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (row, parser) => {
      const cells = row.data;
      if (header === null) {
        header = cells.map((h) => h.trim());
        idIndex = header.indexOf(options.idColumn);
        if (idIndex < 0) {
          problem = missingIdColumn(header);
          parser.abort();
          return;
        }
        const excluded = new Set([options.idColumn, ...(options.excludeColumns ?? [])]);
        kept = header.flatMap((name, index) => (excluded.has(name) ? [] : [{ name, index }]));
        return;
      }
      const id = (cells[idIndex] ?? '').trim();
      if (id.length === 0) {
        problem = new ValidationError({
          field: options.idColumn,
          value: id,
          reason: 'empty id',
          row: records.length + 1,
          column: options.idColumn,
        });
        parser.abort();
        return;
      }
      // Keys are the file's headers: a null prototype makes `__proto__` or `constructor` plain columns.
      const values: Record<string, string> = Object.create(null);
      for (const column of kept) values[column.name] = (cells[column.index] ?? '').trim();
      records.push({ id, values });
    },
  });
  if (problem !== null) throw problem;
  if (header === null) throw missingIdColumn([]);
  return records;
}

function parseCommandLine(argv: string[]) {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        'id-column': { type: 'string' };
        config: { type: 'string' };
        'exclude-columns': { type: 'string' };
        out: { type: 'string' };
        db: { type: 'string' };
        pg: { type: 'string' };
        schema: { type: 'string' };
        workspace: { type: 'string' };
        threshold: { type: 'string' };
        limit: { type: 'string' };
        json: { type: 'boolean' };
        help: { type: 'boolean'; short: 'h' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'id-column': { type: 'string' },
        config: { type: 'string' },
        'exclude-columns': { type: 'string' },
        out: { type: 'string' },
        db: { type: 'string' },
        pg: { type: 'string' },
        schema: { type: 'string' },
        workspace: { type: 'string' },
        threshold: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (values.db !== undefined || values.pg !== undefined) {
    if (positionals.length > 0) throw new UsageError('give a CSV file or --db/--pg, not both');
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !(threshold > 0 && threshold < 1))
      throw new UsageError(`--threshold is a probability between 0 and 1, got "${values.threshold}"`);
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new UsageError(`--limit is a whole number from 1 to 1000, got "${values.limit}"`);
    return { mode: 'store' as const, ...storeArgsOf(values), threshold, limit };
  }
  if (positionals.length !== 1)
    throw new UsageError('give exactly one input CSV file (or --db/--pg to scan a store)');
  if (!values['id-column']) throw new UsageError('--id-column is required');
  if (!values.out) throw new UsageError('--out is required');
  const exclude = (values['exclude-columns'] ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    mode: 'file' as const,
    json: values.json ?? false,
    input: positionals[0]!,
    idColumn: values['id-column'],
    config: values.config,
    exclude,
    out: values.out,
  };
}

function progressReporter(): { onProgress: (p: DedupeProgress) => void; stop: () => void } | null {
  if (!process.stderr.isTTY) {
    // Plain lines for a log: one as each stage starts, with how much it has to do.
    let current = '';
    return {
      onProgress: (p) => {
        if (p.stage === current) return;
        current = p.stage;
        process.stderr.write(`dedupe: ${p.stage} (${p.total})\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{stage} [{bar}] {percentage}% | {value}/{total}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage = '';
  return {
    onProgress: (p) => {
      if (p.stage !== stage) {
        if (stage) bar.stop();
        stage = p.stage;
        bar.start(Math.max(p.total, 1), p.done, { stage: p.stage.padEnd(8) });
      } else bar.update(p.done, { stage: p.stage.padEnd(8) });
    },
    stop: () => bar.stop(),
  };
}

/**
 * `contactkit dedupe <input.csv> --id-column <col> [--config <match.json>] [--exclude-columns a,b] --out <clusters.csv>`:
 * writes `id,cluster_id` for every input record and a summary to stderr.
 *
 * @returns 0 on success, 2 on bad usage, 1 when the job failed (nothing written).
 *
 * @example
 * ```ts
 * process.exitCode = await run(['people.csv', '--id-column', 'id', '--out', 'clusters.csv']);
 * ```
 */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--db') || argv.includes('--pg') || argv.some((a) => /^--(db|pg)=/.test(a)))
    return runOverStore('dedupe', argv, USAGE, storeMode, scanStore);
  const parsed = parseCommandLineOf('dedupe', argv, parseCommandLine, USAGE);
  if ('exit' in parsed) return parsed.exit;
  if (parsed.args.mode !== 'file') return 2;
  const args = parsed.args;
  let config: MatchConfig | undefined;
  if (args.config !== undefined) {
    try {
      config = parseMatchConfig(JSON.parse(readFileSync(args.config, 'utf8')));
    } catch (error) {
      process.stderr.write(
        `contactkit dedupe: cannot use config ${args.config}: ${(error as Error).message}\n`,
      );
      return 2;
    }
  }
  const started = performance.now();
  const reporter = progressReporter();
  let outcome: DedupeCsvResult | null;
  try {
    const options = {
      input: args.input,
      idColumn: args.idColumn,
      config,
      excludeColumns: args.exclude,
      ...(reporter ? { onProgress: reporter.onProgress } : {}),
    };
    const records = readCsvRecords(options);
    // A file with a header and no rows has nothing to deduplicate, which is not a failure.
    outcome = records.length === 0 ? null : dedupeRecords(records, options);
  } catch (error) {
    reporter?.stop();
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`contactkit dedupe: ${message}\n`);
    // A wrong id column is a usage problem; anything else (unreadable file, repeated ids) failed the job.
    return error instanceof ValidationError && error.field === 'id-column' ? 2 : 1;
  }
  reporter?.stop();
  const ids = outcome?.ids ?? [];
  const clusterIds = outcome?.result.clusterIds ?? [];
  const tmp = `${args.out}.${process.pid}.tmp`;
  try {
    const rows = ids.map((id, i) => [id, clusterIds[i]!]);
    const body = rows.length === 0 ? '' : `${Papa.unparse(rows, { newline: '\n' })}\n`;
    const csv = `id,cluster_id\n${body}`;
    // Written aside and renamed, so a failed run never leaves half a file behind.
    writeFileSync(tmp, csv);
    renameSync(tmp, args.out);
  } catch (error) {
    rmSync(tmp, { force: true });
    process.stderr.write(`contactkit dedupe: cannot write ${args.out}: ${(error as Error).message}\n`);
    return 1;
  }
  const s = outcome?.result.stats;
  const seconds = (performance.now() - started) / 1000;
  if (args.json)
    process.stdout.write(
      `${JSON.stringify({
        records: s?.records ?? 0,
        candidatePairs: s?.candidatePairs ?? 0,
        pairsAboveThreshold: s?.pairsAboveThreshold ?? 0,
        clusters: s?.clusters ?? 0,
        seconds: Number(seconds.toFixed(3)),
        out: args.out,
      })}\n`,
    );
  process.stderr.write(
    `records: ${s?.records ?? 0}, candidate pairs: ${s?.candidatePairs ?? 0}, ` +
      `pairs above threshold: ${s?.pairsAboveThreshold ?? 0}, clusters: ${s?.clusters ?? 0}, seconds: ${seconds.toFixed(2)}\n`,
  );
  // As Splink does: say which keys were too common to compare pair by pair.
  if (outcome !== null && outcome.result.stats.oversizedBlocks > 0) {
    const { oversized, stats } = outcome.result;
    process.stderr.write(
      `warning: ${stats.oversizedBlocks} blocks too large to compare pair by pair; the largest:\n`,
    );
    for (const block of oversized.slice(0, 5)) {
      const how = block.handled === 'windowed' ? 'compared with their nearest neighbours only' : 'skipped';
      process.stderr.write(`  rule ${block.rule}: ${block.size} records share ${block.key}, ${how}\n`);
    }
  }
  return 0;
}

/** The store-mode arguments, or null for --help. */
function storeMode(argv: string[]) {
  const args = parseCommandLine(argv);
  if (args === null) return null;
  if (args.mode !== 'store') throw new UsageError('give --db or --pg to scan a store');
  return args;
}

/** `dedupe --db|--pg`: the duplicate scan over stored contacts, listing its likeliest suggestions. */
async function scanStore({
  kit,
  args,
}: {
  kit: Contactkit;
  args: StoreCommandArgs & { threshold: number | undefined; limit: number };
}): Promise<number> {
  if (!args.json) process.stderr.write(`dedupe: scanning the contacts of workspace "${args.workspace}"…\n`);
  const scan = await kit.duplicates.scan(args.workspace, {
    limit: args.limit,
    ...(args.threshold === undefined ? {} : { threshold: args.threshold }),
  });
  const suggestions = scan.suggestions.map((s) => ({
    id: s.id,
    contactIds: s.contactIds,
    probability: s.probability,
    weight: s.weight,
    why: explainSuggestion(s),
  }));
  print(
    args.json,
    {
      contacts: scan.stats.contacts,
      candidatePairs: scan.stats.candidatePairs,
      pairs: scan.stats.pairs,
      stored: scan.stats.stored,
      skippedDecided: scan.skippedDecided,
      suggestions,
      warnings: scan.warnings,
    },
    () => [
      `${scan.stats.contacts} contacts, ${scan.stats.candidatePairs} candidate pairs, ${scan.stats.pairs} likely duplicate${scan.stats.pairs === 1 ? '' : 's'} (${scan.skippedDecided} already decided)`,
      ...suggestions.flatMap((s) => [
        `  ${s.id}: ${s.contactIds.join(' + ')}  p=${s.probability.toFixed(3)}  weight ${s.weight.toFixed(1)}`,
        `    ${s.why}`,
      ]),
      ...(suggestions.length > 0 ? ['merge one with: contactkit merge <a> <b>  (the first id is kept)'] : []),
      ...scan.warnings.map((w) => `warning: ${w}`),
    ],
  );
  return 0;
}
