import { createWriteStream, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { EXPORT_PRESET_NAMES, type ExportPresetName } from '../../csv/export/presets.js';
import { ValidationError } from '../../errors/errors.js';
import { BUILTIN_SEGMENTS, type SegmentFilterInput } from '../../segments/filter.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  ExportService,
  type ExportStream,
} from '../../service/export-service.js';
import { parseCommandLineOf } from '../command-line.js';
import { progress } from '../progress.js';
import { DEFAULT_WORKSPACE, MissingDriverError, type OpenedStore, openStore } from '../store.js';
import { storeLocationOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit export --out PATH [--db PATH | --pg URL] [--workspace ID] [--format csv|json|ndjson|xlsx]
                        [--columns a,b,…] [--preset hubspot|mailchimp|klaviyo] [--bom]
                        [--segment leads|customers|<saved id>|<filter JSON>|@filter.json] [--json]

Writes the contacts of a SQLite store (default ./contactkit.db) or Postgres (--pg URL [--schema NAME])
to a file, streaming. The format
follows --out's extension (csv, json, ndjson, xlsx; another one is refused) unless --format says. Columns are field names (id, identity.email,
profile.firstName, tags, custom.plan, stats.orders…); --preset writes the headers another tool's
importer recognises. CSV cells that would run as formulas get a leading ' (spreadsheets hide it);
in a --preset file, meant for that tool's importer, which would keep the ', their leading = + - @ are
dropped instead and phones stay as they are (+14155552671). --bom helps Excel.
The file is written aside and renamed, so a failed export leaves nothing behind.

--json prints {"rows": N, "out": PATH}. Exit codes: 0 done, 1 the job failed (nothing written), 2 bad usage.
`;

function parseCommandLine(argv: string[]) {
  const options = {
    db: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    workspace: { type: 'string' },
    format: { type: 'string' },
    columns: { type: 'string', multiple: true },
    preset: { type: 'string' },
    bom: { type: 'boolean' },
    segment: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const { values } = usageOf(() => parseArgs({ args: argv, options, allowPositionals: false }));
  if (values.help) return null;
  if (!values.out) throw new UsageError('--out is required');
  const fromExtension = extname(values.out).slice(1).toLowerCase();
  const known = (EXPORT_FORMATS as readonly string[]).includes(fromExtension);
  // "x.pdf" would get CSV under a name that promises something else: refused unless --format says.
  if (values.format === undefined && fromExtension !== '' && !known)
    throw new UsageError(
      `cannot write .${fromExtension}: --out's extension is one of ${EXPORT_FORMATS.join(', ')} (or give --format)`,
    );
  const format = (values.format ?? (known ? fromExtension : 'csv')) as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format is one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
  if (values.preset !== undefined && !(EXPORT_PRESET_NAMES as readonly string[]).includes(values.preset))
    throw new UsageError(`--preset is one of ${EXPORT_PRESET_NAMES.join(', ')}, got "${values.preset}"`);
  if (values.workspace !== undefined && values.workspace.trim() === '')
    throw new UsageError('--workspace must not be empty');
  const columns = (values.columns ?? [])
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    ...storeLocationOf(values),
    workspace: values.workspace ?? DEFAULT_WORKSPACE,
    format,
    columns,
    preset: values.preset as ExportPresetName | undefined,
    bom: values.bom ?? false,
    segment: values.segment === undefined ? undefined : readSegment(values.segment),
    out: values.out,
    json: values.json ?? false,
  };
}

/** A built-in list (`leads`, …), a filter as JSON, `@file.json`, or a saved segment's id. */
function readSegment(value: string): SegmentFilterInput {
  if (Object.hasOwn(BUILTIN_SEGMENTS, value)) return BUILTIN_SEGMENTS[value as keyof typeof BUILTIN_SEGMENTS];
  if (!value.startsWith('{') && !value.startsWith('@')) return { type: 'segment', id: value };
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text) as SegmentFilterInput;
  } catch (error) {
    throw new UsageError(`--segment is not JSON: ${(error as Error).message}`);
  }
}

/** Progress of an export: the stream counts its rows; they are read four times a second. */
function exportProgress(total: number, file: ExportStream): { stop: () => void } {
  const bar = progress('export', total);
  const timer = setInterval(() => bar.update(file.rows, file.rows), 250);
  return {
    stop: () => {
      clearInterval(timer);
      bar.stop();
    },
  };
}

/**
 * `contactkit export --out PATH [--db PATH] [--workspace ID] [--format csv|json|ndjson|xlsx] [--columns …] [--preset …] [--bom] [--json]`.
 *
 * @returns 0 on success, 2 on bad usage, 1 when the job failed (nothing written).
 *
 * @example
 * ```ts
 * process.exitCode = await run(['--out', 'contacts.csv', '--preset', 'hubspot', '--bom']);
 * ```
 */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandLineOf('export', argv, parseCommandLine, USAGE);
  if ('exit' in parsed) return parsed.exit;
  const { args } = parsed;
  if (args.pg === undefined && !existsSync(args.db)) {
    process.stderr.write(`contactkit export: no store at ${args.db} (import a file first, or give --db)\n`);
    return 1;
  }
  let opened: OpenedStore;
  try {
    opened = await openStore(args, { readonly: true });
  } catch (error) {
    const where = args.pg === undefined ? args.db : 'Postgres';
    const message =
      error instanceof MissingDriverError
        ? error.message
        : `cannot open ${where}: ${(error as Error).message}`;
    process.stderr.write(`contactkit export: ${message}\n`);
    return 1;
  }
  let file: ExportStream;
  try {
    file = new ExportService({ store: opened.store }).export({
      workspaceId: args.workspace,
      format: args.format,
      bom: args.bom,
      ...(args.columns.length > 0 ? { columns: args.columns } : {}),
      ...(args.preset ? { preset: args.preset } : {}),
      ...(args.segment === undefined ? {} : { segment: args.segment }),
    });
  } catch (error) {
    await opened.close();
    process.stderr.write(`contactkit export: ${(error as Error).message}\n`);
    // An unknown column or a malformed segment is the caller's mistake.
    return error instanceof ValidationError ? 2 : 1;
  }
  const total = await opened.store.transaction(args.workspace, (tx) => tx.contacts.count());
  const bar = exportProgress(total, file);
  const tmp = `${args.out}.${process.pid}.tmp`;
  try {
    // Written aside and renamed, so a failed export never leaves half a file behind.
    await pipeline(Readable.from(file), createWriteStream(tmp));
    renameSync(tmp, args.out);
  } catch (error) {
    bar.stop();
    rmSync(tmp, { force: true });
    await opened.close();
    process.stderr.write(`contactkit export: cannot write ${args.out}: ${(error as Error).message}\n`);
    return 1;
  }
  bar.stop();
  await opened.close();
  if (args.json) process.stdout.write(`${JSON.stringify({ rows: file.rows, out: args.out })}\n`);
  else process.stdout.write(`${file.rows} contacts written to ${args.out} (${args.format})\n`);
  return 0;
}
