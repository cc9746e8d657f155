import { parseArgs } from 'node:util';
import { MIGRATIONS } from '../../../adapters/sql/migrations.js';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit migrate [--db PATH | --pg URL [--schema NAME]] [--json]

Brings the store's schema up to date (every other command also does this on first use). Safe to run
again, and from several processes at once.

${STORE_USAGE}
--json prints {"store","applied":[ids],"latest"}. Exit codes: 0 up to date, 1 failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({ args: argv, options: STORE_OPTIONS, allowPositionals: true }),
  );
  if (values.help) return null;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return storeArgsOf(values);
}

/**
 * `contactkit migrate [--db PATH | --pg URL]`: applies the migrations the store lacks.
 *
 * @returns 0 when the schema is up to date, 1 when it could not be, 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore('migrate', argv, USAGE, parse, async ({ opened, args }) => {
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    print(args.json, { store: opened.where, applied: opened.applied, latest }, () => [
      opened.applied.length === 0
        ? `${opened.where}: schema up to date (migration ${latest})`
        : `${opened.where}: applied migrations ${opened.applied.join(', ')}; now at ${latest}`,
    ]);
    return 0;
  });
}
