import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import Papa from 'papaparse';
import { parseMatchConfig } from '../../dedupe/config.js';
import { type DedupeProgress, type DedupeResult, dedupe } from '../../dedupe/engine.js';
import type { MatchRecord } from '../../dedupe/records.js';
import { ValidationError } from '../../errors/errors.js';

const USAGE = `usage: contactkit dedupe <input.csv> --id-column <col> [--config <match.json>] [--exclude-columns a,b] --out <clusters.csv>

Finds records of the same person (or business) and writes one row per input record: id,cluster_id.
Without --config the match configuration is inferred from the column names and values.
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

/** A problem with how the command was called (exit code 2), as opposed to a failed job (exit 1). */
class UsageError extends Error {}

/**
 * Reads a CSV file (cells trimmed) and runs the duplicate finder on it: the core of
 * `contactkit dedupe`, for callers that want the result rather than a file.
 *
 * @throws {@link ValidationError} when the id column is absent or ids are empty or repeated, or the
 * configuration is invalid.
 *
 * @example
 * ```ts
 * const { ids, result } = dedupeCsvFile({ input: 'people.csv', idColumn: 'id' });
 * result.clusterIds; // aligned with ids
 * ```
 */
export function dedupeCsvFile(options: DedupeCsvOptions): DedupeCsvResult {
  const records = readCsvRecords(options);
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
 * @throws {@link ValidationError} when the id column is absent or an id is empty.
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
  let kept: string[] | null = null;
  let problem: ValidationError | null = null;
  // Rows are turned into records as they are parsed, so a million-row file is never held twice.
  Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
    transform: (v) => v.trim(),
    step: (row, parser) => {
      if (kept === null) {
        const header = row.meta.fields ?? [];
        if (!header.includes(options.idColumn)) {
          problem = new ValidationError({
            field: 'id-column',
            value: options.idColumn,
            reason: `"${options.idColumn}" is not a column of ${options.input} (columns: ${header.join(', ')})`,
          });
          parser.abort();
          return;
        }
        const excluded = new Set([options.idColumn, ...(options.excludeColumns ?? [])]);
        kept = header.filter((h) => !excluded.has(h));
      }
      const data = row.data;
      const id = data[options.idColumn] ?? '';
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
      const values: Record<string, string> = {};
      for (const column of kept) values[column] = data[column] ?? '';
      records.push({ id, values });
    },
  });
  if (problem !== null) throw problem;
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
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError('give exactly one input CSV file');
  if (!values['id-column']) throw new UsageError('--id-column is required');
  if (!values.out) throw new UsageError('--out is required');
  const exclude = (values['exclude-columns'] ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    input: positionals[0]!,
    idColumn: values['id-column'],
    config: values.config,
    exclude,
    out: values.out,
  };
}

function progressReporter(): { onProgress: (p: DedupeProgress) => void; stop: () => void } | null {
  if (!process.stderr.isTTY) return null;
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
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`contactkit dedupe: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config: unknown;
  if (args.config !== undefined) {
    try {
      config = JSON.parse(readFileSync(args.config, 'utf8'));
    } catch (error) {
      process.stderr.write(
        `contactkit dedupe: cannot read config ${args.config}: ${(error as Error).message}\n`,
      );
      return 2;
    }
  }
  const started = performance.now();
  const reporter = progressReporter();
  let outcome: DedupeCsvResult;
  try {
    outcome = dedupeCsvFile({
      input: args.input,
      idColumn: args.idColumn,
      config,
      excludeColumns: args.exclude,
      ...(reporter ? { onProgress: reporter.onProgress } : {}),
    });
  } catch (error) {
    reporter?.stop();
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`contactkit dedupe: ${message}\n`);
    // A wrong id column or an invalid configuration is a usage problem; anything else failed the job.
    const usage =
      error instanceof ValidationError &&
      (error.field === 'id-column' ||
        (args.config !== undefined &&
          /^(fields|blocking|threshold|config|clustering|em|maxBlockSize|uSamplePairs)/.test(error.field)));
    return usage ? 2 : 1;
  }
  reporter?.stop();
  const { ids, result } = outcome;
  try {
    const rows = ids.map((id, i) => [id, result.clusterIds[i]!]);
    const csv = `${Papa.unparse({ fields: ['id', 'cluster_id'], data: rows }, { newline: '\n' })}\n`;
    // Written aside and renamed, so a failed run never leaves half a file behind.
    const tmp = `${args.out}.${process.pid}.tmp`;
    writeFileSync(tmp, csv);
    renameSync(tmp, args.out);
  } catch (error) {
    process.stderr.write(`contactkit dedupe: cannot write ${args.out}: ${(error as Error).message}\n`);
    return 1;
  }
  const s = result.stats;
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `records: ${s.records}, candidate pairs: ${s.candidatePairs}, pairs above threshold: ${s.pairsAboveThreshold}, ` +
      `clusters: ${s.clusters}, seconds: ${seconds.toFixed(2)}\n`,
  );
  return 0;
}
