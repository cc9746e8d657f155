import { MIGRATIONS } from '../../../adapters/sql/migrations.js';
import { flagsOf, print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf } from '../store-command.js';

const USAGE = `usage: contactkit migrate [--db PATH | --pg URL [--schema NAME]] [--json]

Brings the store's schema up to date (every other command also does this on first use). Safe to run
again, and from several processes at once.

${STORE_USAGE}
--json prints {"store","applied":[ids],"latest"}. Exit codes: 0 up to date, 1 failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const values = flagsOf(argv, STORE_OPTIONS);
  if (values.help) return null;
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
