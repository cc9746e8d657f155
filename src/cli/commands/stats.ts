import { flagsOf, print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf } from '../store-command.js';

const USAGE = `usage: contactkit stats [--db PATH | --pg URL] [--workspace ID] [--json]

Counts a workspace's contacts by kind, status, stage, grade and channel (as last classified: run
"contactkit reclassify" to bring them up to now), and its open follow-ups, review items and
duplicate suggestions. Over the conversations started in the last 30 days (the workspace time
zone's days): the average first-response time, where the host sends its replies as outbound
messages, and the average sentiment of customer messages per day, where the host scores them;
and the orders placed through the assistant with their revenue, per currency.

${STORE_USAGE}
--json prints {"contacts","byKind","byStatus","byStage","byGrade","byChannel","followUps","reviews",
"suggestions","firstResponse":{"averageMs","conversations"},"sentimentByDay":[{"date","average",
"messages"}],"revenueViaAssistant":[{"currency","orders","amount"}]}. Exit codes: 0 done, 1 the store
failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const values = flagsOf(argv, STORE_OPTIONS);
  if (values.help) return null;
  return storeArgsOf(values);
}

const line = (title: string, counts: Record<string, number>) =>
  `  ${title.padEnd(9)} ${
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-'
  }`;

/** A duration for people: `45s`, `4m 12s`, `3h 5m`, `2d 4h`. */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

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
        firstResponse: figures.firstResponse,
        sentimentByDay: figures.sentimentByDay,
        revenueViaAssistant: figures.revenueViaAssistant,
      };
      const { averageMs, conversations } = figures.firstResponse;
      const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
      print(args.json, data, () => [
        `workspace "${ws}": ${contacts} contacts`,
        line('kind', byKind),
        line('status', byStatus),
        line('stage', byStage),
        line('grade', byGrade),
        line('channel', byChannel),
        `  open: ${followUps} follow-ups, ${reviews} review items, ${suggestions} duplicate suggestions`,
        // The conversations started in the last 30 days (analytics' default range).
        `  ${'reply'.padEnd(9)} ${
          averageMs === null
            ? '-'
            : `first reply in ${formatDuration(averageMs)} on average, ${conversations} conversation${
                conversations === 1 ? '' : 's'
              } (30 days)`
        }`,
        `  ${'assistant'.padEnd(9)} ${
          figures.revenueViaAssistant
            .map((r) => `${r.orders} orders, ${r.currency} ${r.amount}`)
            .join('; ') || '-'
        }`,
        `  ${'sentiment'.padEnd(9)} ${
          figures.sentimentByDay.map((d) => `${d.date} ${signed(d.average)} (${d.messages})`).join(', ') ||
          '-'
        }`,
      ]);
      return 0;
    },
    { mustExist: true },
  );
}
