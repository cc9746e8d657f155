import { existsSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ContactkitError } from '../errors/errors.js';
import { type Contactkit, createContactkit } from '../service/contactkit.js';
import { parseCommandLineOf } from './command-line.js';
import {
  DEFAULT_DB,
  DEFAULT_WORKSPACE,
  MissingDriverError,
  type OpenedStore,
  openStore,
  type StoreArgs,
} from './store.js';
import { UsageError } from './usage-error.js';

/** The options every command over a store takes. */
export const STORE_OPTIONS = {
  db: { type: 'string' },
  pg: { type: 'string' },
  schema: { type: 'string' },
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The usage lines of {@link STORE_OPTIONS}, shared by every command's help. */
export const STORE_USAGE = `store:  --db PATH (SQLite, default ${DEFAULT_DB}, created and migrated on first use)
        --pg URL [--schema NAME] (Postgres, schema contactkit unless --schema says; migrated on first use)
        --workspace ID (default "${DEFAULT_WORKSPACE}")   --json (machine-readable output)
`;

/** The parsed store options, checked. */
export interface StoreCommandArgs {
  readonly db: string;
  readonly pg: string | undefined;
  readonly schema: string | undefined;
  readonly workspace: string;
  readonly json: boolean;
}

/** Where the store is, from `--db`, or `--pg` with `--schema`: never both. */
export function storeLocationOf(values: {
  db?: string | undefined;
  pg?: string | undefined;
  schema?: string | undefined;
}): { readonly db: string; readonly pg: string | undefined; readonly schema: string | undefined } {
  if (values.db !== undefined && values.pg !== undefined) throw new UsageError('give --db or --pg, not both');
  if (values.schema !== undefined && values.pg === undefined) throw new UsageError('--schema goes with --pg');
  return { db: values.db ?? DEFAULT_DB, pg: values.pg, schema: values.schema };
}

/** Checks the store options parseArgs gave. */
export function storeArgsOf(values: {
  db?: string | undefined;
  pg?: string | undefined;
  schema?: string | undefined;
  workspace?: string | undefined;
  json?: boolean | undefined;
}): StoreCommandArgs {
  if (values.workspace !== undefined && values.workspace.trim() === '')
    throw new UsageError('--workspace must not be empty');
  return {
    ...storeLocationOf(values),
    workspace: values.workspace ?? DEFAULT_WORKSPACE,
    json: values.json ?? false,
  };
}

/** Runs parseArgs (or any parser) so that a bad flag is a usage error (exit 2). */
export function usageOf<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The flags of a command that takes no arguments: parsed as {@link usageOf} does, and any argument
 * left over refused as a usage error (unless `--help` was asked for, which wins).
 */
export function flagsOf<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>>['values'] {
  const { values, positionals } = usageOf(() => parseArgs({ args: argv, options, allowPositionals: true }));
  if (!(values as { help?: unknown }).help && positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return values;
}

/** What a command body gets: the services over the opened store, and the checked arguments. */
export interface KitRun<A> {
  readonly kit: Contactkit;
  readonly opened: OpenedStore;
  readonly args: A & StoreCommandArgs;
}

/**
 * The frame of every command over a store: parses the command line (usage errors exit 2, `--help`
 * exits 0), opens the store (migrating on first use), runs the body, closes the store, and turns a
 * failure into a message and an exit code: 2 for a {@link UsageError}, 1 otherwise.
 * `mustExist` refuses a SQLite file that is not there yet rather than creating an empty one.
 */
export async function runOverStore<A>(
  command: string,
  argv: string[],
  usage: string,
  parse: (argv: string[]) => (A & StoreCommandArgs) | null,
  body: (run: KitRun<A>) => Promise<number>,
  options: { readonly mustExist?: boolean; readonly now?: () => Date } = {},
): Promise<number> {
  const parsed = parseCommandLineOf(command, argv, parse, usage);
  if ('exit' in parsed) return parsed.exit;
  const { args } = parsed;
  const opened = await openStoreOf(command, args, {
    ...(options.mustExist ? { mustExist: 'import a file first, or give --db or --pg' } : {}),
  });
  if (typeof opened === 'number') return opened;
  try {
    const kit = createContactkit({ store: opened.store, ...(options.now ? { clock: options.now } : {}) });
    return await body({ kit, opened, args });
  } catch (error) {
    process.stderr.write(`contactkit ${command}: ${messageOf(error)}\n`);
    // Arguments were checked before the store opened; what the library refuses now (a merge that would
    // join two user ids, an unknown contact) is the job failing, not bad usage.
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await opened.close();
  }
}

/**
 * Opens the store a command's arguments name, or says on stderr why it cannot and returns the exit
 * code (1). `mustExist`, the hint to print, refuses a SQLite file that is not there yet rather than
 * creating an empty one.
 */
export async function openStoreOf(
  command: string,
  args: StoreArgs & { readonly db: string },
  options: { readonly mustExist?: string } = {},
): Promise<OpenedStore | number> {
  if (options.mustExist !== undefined && args.pg === undefined && !existsSync(args.db)) {
    process.stderr.write(`contactkit ${command}: no store at ${args.db} (${options.mustExist})\n`);
    return 1;
  }
  try {
    return await openStore(args);
  } catch (error) {
    const message =
      error instanceof MissingDriverError ? error.message : `cannot open the store: ${messageOf(error)}`;
    process.stderr.write(`contactkit ${command}: ${message}\n`);
    return 1;
  }
}

/** A failure's message; a library error already says what and where. */
export function messageOf(error: unknown): string {
  if (error instanceof ContactkitError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Prints `data` as one JSON line under --json, else the text lines. */
export function print(json: boolean, data: unknown, text: () => string[]): void {
  if (json) process.stdout.write(`${JSON.stringify(data)}\n`);
  else {
    const lines = text();
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }
}
