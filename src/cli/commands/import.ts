import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  renameSync,
  rmSync,
  statSync,
  type WriteStream,
} from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportRejection } from '../../csv/import/rows/candidate.js';
import { writeErrorsCsv } from '../../csv/import/rows/errors-csv.js';
import { countryCode } from '../../csv/import/validate/country.js';
import { ValidationError } from '../../errors/errors.js';
import { type ImportOptions, type ImportReport, ImportService } from '../../service/import-service.js';
import { parseCommandLineOf } from '../command-line.js';
import { progress } from '../progress.js';
import { DEFAULT_DB, DEFAULT_WORKSPACE, MissingDriverError, type OpenedStore, openStore } from '../store.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit import <file.csv> [--db PATH | --pg URL [--schema NAME]] [--workspace ID] [--dry-run] [--errors out.csv]
                        [--map "Header=field" …] [--preset NAME] [--duplicates merge|report]
                        [--upsert-key email|phone|<type>] [--country CC] [--json]

Imports contacts from a CSV export (Mailchimp, Klaviyo, HubSpot, Shopify, Intercom, Chatwoot or any
sheet with an email or phone column) into a SQLite store (default ./contactkit.db, created and migrated
on first use) or Postgres (--pg). --country (an ISO code or a name) says where national phone numbers
are from; without an email or phone column it is refused and --map names one. A row with a known email or phone updates that contact. Importing the same file again
changes nothing. --dry-run validates and reports, writing nothing. Rejected rows are listed (and written
to --errors as a CSV to fix and import again); they do not fail the import.

--json prints {"rows","created","updated","unchanged","rejected","errors":[{"row","column","reason"}],
"warnings":[{"row","column","reason"}],…}: every rejected row, and every value dropped from a kept row.
Text mode prints the first 20 of each.
Exit codes: 0 done (even with rejected rows); 2 bad usage; 1 failed: either the file was refused (the
whole file is checked before anything is written, so nothing was), or the store failed part-way, and
then the message says how many rows were written: running the same command again completes the import.
`;

function parseCommandLine(argv: string[]) {
  const options = {
    db: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    workspace: { type: 'string' },
    'dry-run': { type: 'boolean' },
    errors: { type: 'string' },
    map: { type: 'string', multiple: true },
    preset: { type: 'string' },
    duplicates: { type: 'string' },
    'upsert-key': { type: 'string' },
    country: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError('give exactly one CSV file to import');
  const overrides: Record<string, string> = {};
  for (const pair of values.map ?? []) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--map wants "Header=field", got "${pair}"`);
    overrides[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const duplicates = values.duplicates ?? 'merge';
  if (duplicates !== 'merge' && duplicates !== 'report')
    throw new UsageError(`--duplicates is merge or report, got "${duplicates}"`);
  if (values.workspace !== undefined && values.workspace.trim() === '')
    throw new UsageError('--workspace must not be empty');
  if (values.db !== undefined && values.pg !== undefined) throw new UsageError('give --db or --pg, not both');
  if (values.schema !== undefined && values.pg === undefined) throw new UsageError('--schema goes with --pg');
  return {
    file: positionals[0]!,
    db: values.db ?? DEFAULT_DB,
    pg: values.pg,
    schema: values.schema,
    workspace: values.workspace ?? DEFAULT_WORKSPACE,
    dryRun: values['dry-run'] ?? false,
    errors: values.errors,
    overrides,
    preset: values.preset,
    duplicates: duplicates as 'merge' | 'report',
    upsertKey: values['upsert-key'],
    country: values.country === undefined ? undefined : countryOf(values.country),
    json: values.json ?? false,
  };
}

/** `--country`: an ISO code (US, DE, UK) or a country's name, else a usage error. */
function countryOf(value: string): string {
  const code = countryCode(value);
  if (code === undefined)
    throw new UsageError(
      `--country "${value}" is not a country: give its ISO code (US, DE, GB…) or its name`,
    );
  return code;
}

/** Streams rejected rows into `<path>.<pid>.tmp`, renamed to `path` only when the import finished. */
class ErrorsFile {
  private readonly tmp: string;
  private readonly out: WriteStream;
  private started = false;

  constructor(private readonly path: string) {
    this.tmp = `${path}.${process.pid}.tmp`;
    this.out = createWriteStream(this.tmp);
  }

  async add(rejection: ImportRejection, header: readonly string[]): Promise<void> {
    // writeErrorsCsv's first chunk is the header: written once, then skipped.
    let first = true;
    for await (const chunk of writeErrorsCsv(header, [rejection])) {
      if (first && this.started) {
        first = false;
        continue;
      }
      first = false;
      this.started = true;
      if (!this.out.write(chunk)) await once(this.out, 'drain');
    }
  }

  async commit(header: readonly string[]): Promise<void> {
    if (!this.started) for await (const chunk of writeErrorsCsv(header, [])) this.out.write(chunk);
    this.out.end();
    await once(this.out, 'finish');
    renameSync(this.tmp, this.path);
  }

  discard(): void {
    this.out.destroy();
    rmSync(this.tmp, { force: true });
  }
}

/** Most errors, and most warnings, the text summary lists; `--json` and `--errors` have them all. */
const LISTED = 20;

function listed(
  lines: string[],
  title: string,
  file: string,
  items: ReadonlyArray<{ row: number; column: string; reason: string }>,
): void {
  if (items.length === 0) return;
  lines.push(`${title}:`);
  for (const e of items.slice(0, LISTED))
    lines.push(`  ${file} row ${e.row}${e.column ? `, column "${e.column}"` : ''}: ${e.reason}`);
  if (items.length > LISTED) lines.push(`  … and ${items.length - LISTED} more (--json lists them all)`);
}

function summary(report: ImportReport, file: string, db: string): string {
  const lines = [
    `${report.dryRun ? 'dry run (nothing written): ' : ''}${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected; ${report.warnings.length} values dropped with a warning`,
    `file: ${report.file.encoding}, delimiter ${JSON.stringify(report.file.delimiter)}, preset ${report.mapping.preset ?? 'none'}; store ${db}`,
  ];
  listed(lines, 'rejected rows', basename(file), report.errors);
  listed(lines, 'warnings', basename(file), report.warnings);
  return `${lines.join('\n')}\n`;
}

/**
 * `contactkit import <file.csv> [--db PATH] [--workspace ID] [--dry-run] [--errors out.csv] [--map "Header=field" …] [--json]`.
 *
 * @returns 0 when the import ran (rows may have been rejected); 1 when the file was refused (nothing
 * written) or the job failed part-way (stderr says how many rows were written; a re-run completes it);
 * 2 on bad usage.
 *
 * @example
 * ```ts
 * process.exitCode = await run(['mailchimp.csv', '--db', 'contacts.db', '--json']);
 * ```
 */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandLineOf('import', argv, parseCommandLine, USAGE);
  if ('exit' in parsed) return parsed.exit;
  const { args } = parsed;
  let size: number;
  try {
    size = statSync(args.file).size;
  } catch (error) {
    process.stderr.write(`contactkit import: cannot read ${args.file}: ${(error as Error).message}\n`);
    return 1;
  }
  const options: ImportOptions = {
    workspaceId: args.workspace,
    dryRun: args.dryRun,
    duplicates: args.duplicates,
    ...(Object.keys(args.overrides).length > 0 ? { overrides: args.overrides } : {}),
    ...(args.preset ? { preset: args.preset as ImportOptions['preset'] } : {}),
    ...(args.upsertKey ? { upsertKey: args.upsertKey } : {}),
    ...(args.country ? { defaultCountry: args.country } : {}),
  };
  const open = () => createReadStream(args.file, { highWaterMark: 256 * 1024 });

  // The file is checked before the store is opened: a bad file leaves no database and no rows behind.
  const { MemoryStore } = await import('../../../adapters/memory/index.js');
  try {
    await new ImportService({ store: new MemoryStore() }).checkFile(open, options);
  } catch (error) {
    return failed(error, args.file);
  }

  // A dry run of a store that does not exist yet is a dry run against an empty one.
  let opened: OpenedStore;
  try {
    opened =
      args.dryRun && args.pg === undefined && !existsSync(args.db)
        ? { store: new MemoryStore(), where: 'no store yet', applied: [], close: async () => {} }
        : await openStore(args, { readonly: args.dryRun });
  } catch (error) {
    const where = args.pg === undefined ? args.db : 'Postgres';
    const message =
      error instanceof MissingDriverError
        ? error.message
        : `cannot open ${where}: ${(error as Error).message}`;
    process.stderr.write(`contactkit import: ${message}\n`);
    return 1;
  }
  // The errors CSV is part of the report, so a dry run writes it too.
  const sink = args.errors ? new ErrorsFile(args.errors) : null;
  const bar = progress('import', size);
  let report: ImportReport;
  // Rows of the batches committed so far: progress is reported after each batch's transaction.
  let written = 0;
  try {
    report = await new ImportService({ store: opened.store }).importFile(open, {
      ...options,
      onProgress: (p) => {
        bar.update(p.bytes, p.rows);
        written = p.rows;
      },
      ...(sink ? { onRejected: (r, header) => sink.add(r, header) } : {}),
    });
    await sink?.commit(report.file.header);
  } catch (error) {
    bar.stop();
    sink?.discard();
    await opened.close();
    const code = failed(error, args.file);
    if (!args.dryRun) process.stderr.write(`${whatWasWritten(written, args.file, args.db)}\n`);
    return code;
  }
  bar.stop();
  await opened.close();
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({
        rows: report.rows,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected,
        errors: report.errors,
        warnings: report.warnings,
        dryRun: report.dryRun,
        importId: report.importId,
        preset: report.mapping.preset ?? null,
        db: args.db,
        workspace: args.workspace,
        ...(args.errors ? { errorsFile: args.errors } : {}),
      })}\n`,
    );
  } else process.stdout.write(summary(report, args.file, args.pg === undefined ? args.db : 'Postgres'));
  return 0;
}

/** The truth about a failed import's writes, for the message after it. */
function whatWasWritten(rows: number, file: string, db: string): string {
  if (rows === 0) return 'contactkit import: nothing was written.';
  return `contactkit import: the first ${rows} rows of ${file} were written to ${db} before the failure; run the same command again to import the rest (rows already imported are skipped).`;
}

function failed(error: unknown, file: string): number {
  let message = error instanceof Error ? error.message : String(error);
  // The library's hint speaks of its options; on the command line the way is --map.
  if (error instanceof ValidationError && error.reason.startsWith('no identity column')) {
    const headers = Array.isArray(error.value) ? (error.value as unknown[]).map(String) : [];
    const example = headers[0] ?? 'Contact';
    message = `${message.replace(/; map one with overrides.*$/s, '')}\n  name the column that holds an email or phone with --map, e.g. --map "${example}=identity.email" (or identity.phone, identity.userId)`;
  }
  process.stderr.write(`contactkit import: ${file}: ${message}\n`);
  // A bad --map, --preset, --country or --upsert-key is the caller's mistake; a bad file failed the job.
  if (error instanceof ValidationError) {
    const field = error.field ?? '';
    if (/^(options|overrides|upsertKey)/.test(field) && !/^file/.test(field)) return 2;
  }
  return 1;
}
