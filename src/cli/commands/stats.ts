import { parseArgs } from 'node:util';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit stats [--db PATH | --pg URL] [--workspace ID] [--json]

Counts a workspace's contacts by kind, status, stage, grade and channel (as last classified: run
"contactkit reclassify" to bring them up to now), and its open follow-ups, review items and
duplicate suggestions.

${STORE_USAGE}
--json prints {"contacts","byKind","byStatus","byStage","byGrade","byChannel","followUps","reviews",
"suggestions"}. Exit codes: 0 done, 1 the store failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({ args: argv, options: STORE_OPTIONS, allowPositionals: true }),
  );
  if (values.help) return null;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return storeArgsOf(values);
}

const line = (title: string, counts: Record<string, number>) =>
  `  ${title.padEnd(9)} ${
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-'
  }`;

/** Counts every page of `list` (items past the first 1000 are counted too). */
async function countAll<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return n;
}

/**
 * `contactkit stats`: the workspace in numbers.
 *
 * @returns 0 on success, 1 when the store failed, 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'stats',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const ws = args.workspace;
      // The figures come from the store's grouped query (kit.lists.analytics), not a scan.
      const figures = await kit.lists.analytics(ws);
      const contacts = figures.contacts;
      const leads = await kit.lists.count(ws, { segment: 'leads' });
      const customers = await kit.lists.count(ws, { segment: 'customers' });
      const byKind: Record<string, number> = {};
      if (leads > 0) byKind.lead = leads;
      if (customers > 0) byKind.customer = customers;
      const unclassified = contacts - Object.values(figures.by.status).reduce((a, b) => a + b, 0);
      const byStatus = { ...figures.by.status, ...(unclassified > 0 ? { unclassified } : {}) };
      const byStage = { ...figures.by.stage };
      const byGrade = { ...figures.by.grade };
      const byChannel = { ...figures.by.channel };
      const page = (c: string | undefined) => ({ limit: 1000, ...(c === undefined ? {} : { cursor: c }) });
      const followUps = await countAll((c) => kit.followUps.queue(ws, page(c)));
      const reviews = await countAll((c) => kit.review.queue(ws, page(c)));
      const suggestions = await countAll((c) => kit.duplicates.listSuggestions(ws, page(c)));
      const data = {
        contacts,
        byKind,
        byStatus,
        byStage,
        byGrade,
        byChannel,
        followUps,
        reviews,
        suggestions,
      };
      print(args.json, data, () => [
        `workspace "${ws}": ${contacts} contacts`,
        line('kind', byKind),
        line('status', byStatus),
        line('stage', byStage),
        line('grade', byGrade),
        line('channel', byChannel),
        `  open: ${followUps} follow-ups, ${reviews} review items, ${suggestions} duplicate suggestions`,
      ]);
      return 0;
    },
    { mustExist: true },
  );
}
