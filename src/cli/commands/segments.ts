import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SegmentFilterInput } from '../../segments/filter.js';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit segments [list] [--db PATH | --pg URL] [--workspace ID] [--json]
       contactkit segments create <name> [--filter JSON|@file.json] [--members id,id,…] [store] [--json]
       contactkit segments count <segment> [--filter JSON|@file.json] [--search TEXT] [store] [--json]
       contactkit segments delete <id> [store] [--json]

Segments: the built-in lists (all, leads, customers, visitors, ordered) and saved segments, each a
filter tree (docs/segments.md), hand-picked members, or both. Counts are exact and come from the
store's compiled query, not a scan.

${STORE_USAGE}
--filter   a filter tree as JSON, or @file.json: {"type":"and","filters":[{"type":"grade","any":["A","B"]},
           {"type":"channel","any":["whatsapp"]}]}
--members  contact ids added by hand, comma-separated
--search   free text narrowing a count: name, email, phone (any format), company, address
--json     list: {"segments":[{"kind","id","name?","members?","filter"}]}; create: the saved segment;
           count: {"segment","count"}; delete: {"deleted"}
Exit codes: 0 done, 1 the store failed or the segment is unknown, 2 bad usage.
`;

type Action = 'list' | 'create' | 'count' | 'delete';

function readFilter(value: string): SegmentFilterInput {
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text) as SegmentFilterInput;
  } catch (error) {
    throw new UsageError(`--filter is not JSON: ${(error as Error).message}`);
  }
}

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({
      args: argv,
      options: {
        ...STORE_OPTIONS,
        filter: { type: 'string' },
        members: { type: 'string' },
        search: { type: 'string' },
      },
      allowPositionals: true,
    }),
  );
  if (values.help) return null;
  const [first, ...rest] = positionals;
  const action = (first ?? 'list') as Action;
  if (!['list', 'create', 'count', 'delete'].includes(action))
    throw new UsageError(`unknown action "${first}": list, create, count or delete`);
  const target = rest.join(' ').trim();
  if (action !== 'list' && target === '')
    throw new UsageError(`segments ${action} needs a ${action === 'create' ? 'name' : 'segment'}`);
  if (action === 'list' && rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const members = values.members
    ?.split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  return {
    ...storeArgsOf(values),
    action,
    target,
    ...(values.filter === undefined ? {} : { filter: readFilter(values.filter) }),
    ...(members === undefined ? {} : { members }),
    ...(values.search === undefined ? {} : { search: values.search }),
  };
}

/**
 * `contactkit segments`: list, save, count and delete segments over a store.
 *
 * @returns 0 when done, 1 when the store failed or a segment is unknown, 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'segments',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const ws = args.workspace;
      switch (args.action) {
        case 'list': {
          const segments = await kit.lists.segments(ws);
          print(args.json, { segments }, () =>
            segments.map((s) =>
              s.kind === 'builtin'
                ? `${s.id.padEnd(28)} built-in  ${JSON.stringify(s.filter)}`
                : `${s.id.padEnd(28)} ${s.name}${s.members.length ? `  (${s.members.length} by hand)` : ''}${
                    s.filter ? `  ${JSON.stringify(s.filter)}` : ''
                  }`,
            ),
          );
          return 0;
        }
        case 'create': {
          const saved = await kit.lists.createSegment(ws, {
            name: args.target,
            ...(args.filter === undefined ? {} : { filter: args.filter }),
            ...(args.members === undefined ? {} : { members: args.members }),
          });
          print(args.json, saved, () => [`saved segment ${saved.id} "${saved.name}"`]);
          return 0;
        }
        case 'count': {
          const count = await kit.lists.count(ws, {
            segment: args.target,
            ...(args.filter === undefined ? {} : { filter: args.filter }),
            ...(args.search === undefined ? {} : { search: args.search }),
          });
          print(args.json, { segment: args.target, count }, () => [
            `${count} contact${count === 1 ? '' : 's'} in ${args.target}`,
          ]);
          return 0;
        }
        case 'delete': {
          await kit.lists.deleteSegment(ws, args.target);
          print(args.json, { deleted: args.target }, () => [`deleted segment ${args.target}`]);
          return 0;
        }
      }
    },
    { mustExist: true },
  );
}
