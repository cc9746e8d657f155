import { parseArgs } from 'node:util';
import type { Contact } from '../../model/contact.js';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit search <text> [--limit N] [--db PATH | --pg URL] [--workspace ID] [--json]

Finds contacts whose name, email, phone (typed in any format), company, location or address contain
the text, case and accents ignored, most recently seen first: the list API's search, from the
store's index.

${STORE_USAGE}
--limit N  most contacts listed (default 50).
--json prints {"matches":[{"id","kind","name","email","phone","status","score","grade"}],"more":bool}.
Exit codes: 0 found at least one, 1 found none (or the store failed), 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({
      args: argv,
      options: { ...STORE_OPTIONS, limit: { type: 'string' } },
      allowPositionals: true,
    }),
  );
  if (values.help) return null;
  const query = positionals.join(' ').trim();
  if (query === '') throw new UsageError('give the text to search for');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit is a whole number above 0, got "${values.limit}"`);
  return { ...storeArgsOf(values), query, limit };
}

/** One line of the result: what a person needs to tell contacts apart. */
const row = (c: Contact) => ({
  id: c.id,
  kind: c.kind,
  name: c.profile.name ?? null,
  email: c.profile.email ?? null,
  phone: c.profile.phone ?? null,
  status: c.classification?.status ?? null,
  score: c.classification?.score ?? null,
  grade: c.classification?.grade ?? null,
});

/**
 * `contactkit search <text>`: contacts matching a text, a page of the store at a time.
 *
 * @returns 0 when something matched, 1 when nothing did (or the store failed), 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'search',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      // The list API: the store's search index (FTS5 trigrams on SQLite, pg_trgm on Postgres).
      const page = await kit.lists.page(args.workspace, {
        search: args.query,
        limit: args.limit,
        sort: { field: 'lastSeenAt', direction: 'desc' },
        total: 'none',
      });
      const matches = page.items as Contact[];
      const more = page.nextCursor !== undefined;
      const rows = matches.map(row);
      print(args.json, { matches: rows, more }, () => [
        ...rows.map(
          (r) =>
            `${r.id}  ${(r.name ?? '-').padEnd(24)} ${(r.email ?? r.phone ?? '-').padEnd(32)} ${r.kind.padEnd(8)} ${r.status ?? '-'} ${r.grade ?? ''}`,
        ),
        `${rows.length}${more ? '+' : ''} contact${rows.length === 1 ? '' : 's'} match "${args.query}"`,
      ]);
      return rows.length > 0 ? 0 : 1;
    },
    { mustExist: true },
  );
}
