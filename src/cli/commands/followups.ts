import { shortDate } from '../format.js';
import { flagsOf, print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit followups [--list] [--limit N] [--db PATH | --pg URL] [--workspace ID] [--json]

Runs the follow-up sweep (which makes the follow-ups whose time has come, and opens review items for
conversations a person should look at), then lists the follow-ups waiting for someone, by due time,
and the open review items. --list only lists, writing nothing.

${STORE_USAGE}
--limit N  most items of each kind listed (default 50).
--json prints {"sweep":{…}|null,"followUps":[{"id","contactId","reason","channel","dueAt","status"}],
"reviews":[{"id","contactId","reason","summary","status"}]}.
Exit codes: 0 nothing waiting, 1 items wait for someone (or the job failed), 2 bad usage: so a
scheduler can tell when to call a person.
`;

function parse(argv: string[]) {
  const values = flagsOf(argv, { ...STORE_OPTIONS, list: { type: 'boolean' }, limit: { type: 'string' } });
  if (values.help) return null;
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError(`--limit is a whole number from 1 to 1000, got "${values.limit}"`);
  return { ...storeArgsOf(values), list: values.list ?? false, limit };
}

/**
 * `contactkit followups [--list]`: the sweep, then what waits for a person.
 *
 * @returns 0 when nothing waits, 1 when items wait (or the job failed), 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'followups',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const ws = args.workspace;
      const sweep = args.list ? null : await kit.followUps.runFollowUps(ws);
      const followUps = (await kit.followUps.queue(ws, { limit: args.limit })).items.map((f) => ({
        id: f.id,
        contactId: f.contactId,
        reason: f.reason,
        channel: f.channel,
        dueAt: f.dueAt,
        status: f.status,
      }));
      const reviews = (await kit.review.queue(ws, { limit: args.limit })).items.map((r) => ({
        id: r.id,
        contactId: r.contactId,
        reason: r.reason,
        summary: r.summary,
        status: r.status,
      }));
      // Names for the text listing: a person reads "Ana Lima", not an id.
      const ids = [...new Set([...followUps, ...reviews].map((i) => i.contactId))];
      const people = await kit.context.store.transaction(ws, (tx) => tx.contacts.getMany(ids));
      const names = new Map(people.map((c) => [c.id, c.profile.name ?? c.profile.email ?? '(no name)']));
      const who = (id: string) => `${(names.get(id) ?? id).slice(0, 28).padEnd(28)}`;
      print(args.json, { sweep, followUps, reviews }, () => [
        ...(sweep
          ? [
              `sweep: ${sweep.conversations} conversations read, ${sweep.created} follow-ups made, ${sweep.reviewsOpened} review items opened, ${sweep.expired} expired`,
            ]
          : []),
        `follow-ups waiting (${followUps.length}):`,
        ...followUps.map(
          (f) =>
            `  ${shortDate(f.dueAt)}  ${f.reason.padEnd(12)} ${f.channel.padEnd(9)} ${who(f.contactId)} ${f.status}  ${f.contactId}`,
        ),
        `review items open (${reviews.length}):`,
        ...reviews.map((r) => `  ${r.reason.padEnd(12)} ${who(r.contactId)} ${r.summary}`),
      ]);
      return followUps.length + reviews.length > 0 ? 1 : 0;
    },
    { mustExist: true },
  );
}
