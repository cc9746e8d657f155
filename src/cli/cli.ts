/**
 * The `contactkit` command. Each subcommand lives in ./commands/<name>.ts and exports a `run(argv)` that
 * returns the process exit code: 0 success, 1 the job failed or found what it reports (each command
 * says which), 2 bad usage. Every command takes `--help`; those that print results take `--json`.
 */
import { packageVersion } from './version.js';

/** A subcommand: one line for the overview, and its module, loaded only when it runs. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

/**
 * Every subcommand, by name. A new command is one entry here and one module in ./commands; the
 * overview lists them in this order.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  import: { summary: 'import contacts from a CSV file', load: () => import('./commands/import.js') },
  export: {
    summary: 'write contacts to CSV, JSON, NDJSON or XLSX',
    load: () => import('./commands/export.js'),
  },
  dedupe: {
    summary: 'find duplicates in a CSV file, or (--db/--pg) among stored contacts',
    load: () => import('./commands/dedupe.js'),
  },
  merge: { summary: 'merge contacts into one', load: () => import('./commands/merge.js') },
  unmerge: { summary: 'undo a merge', load: () => import('./commands/unmerge.js') },
  show: {
    summary: 'a contact with identities, timeline, score ledger and facts',
    load: () => import('./commands/show.js'),
  },
  search: {
    summary: 'find contacts by name, email, phone, company…',
    load: () => import('./commands/search.js'),
  },
  segments: {
    summary: 'list, save, count and delete segments',
    load: () => import('./commands/segments.js'),
  },
  stats: {
    summary: 'counts of contacts by kind, status, stage and grade',
    load: () => import('./commands/stats.js'),
  },
  reclassify: {
    summary: 'bring statuses, stages, scores and grades up to date',
    load: () => import('./commands/reclassify.js'),
  },
  followups: { summary: 'due follow-ups and review items', load: () => import('./commands/followups.js') },
  erase: { summary: "erase a person's data (right to erasure)", load: () => import('./commands/erase.js') },
  migrate: { summary: "bring the store's schema up to date", load: () => import('./commands/migrate.js') },
  serve: { summary: 'serve the HTTP API', load: () => import('./commands/serve.js') },
  relay: { summary: 'deliver webhooks', load: () => import('./commands/relay.js') },
  demo: {
    summary: 'the whole story on a bundled sample, in seconds',
    load: () => import('./commands/demo.js'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: contactkit <command> [options]
       contactkit <command> --help     the command's options and exit codes
       contactkit --version

commands:
${lines.join('\n')}

The store is a SQLite file (--db PATH, default ./contactkit.db) or Postgres (--pg URL), migrated on
first use. Exit codes: 0 done, 1 failed (or, where a command says so, found something), 2 bad usage.
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  // Own commands only: `contactkit constructor` is an unknown command, not Object.
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    process.stderr.write(`contactkit: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  return command.run(rest);
}
