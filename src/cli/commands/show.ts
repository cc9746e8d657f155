import { parseArgs } from 'node:util';
import { resolveContact } from '../contact-ref.js';
import { shortDate } from '../format.js';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit show <id|email|phone|type:value> [--db PATH | --pg URL] [--workspace ID] [--json]

Shows one contact: profile, identities, status, stage, score and grade (the facts lists filter on),
the score ledger with each rule's part of the score now, and the newest timeline entries. A phone is
given in international form (+1 415 555 2671); any other identity as type:value (telegram:88120311).

${STORE_USAGE}
--json prints {"contact","status","classification","identities","timeline","ledger","score",…}.
Exit codes: 0 shown, 1 no such contact or the store failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({ args: argv, options: STORE_OPTIONS, allowPositionals: true }),
  );
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError('give one contact: an id, an email or a phone number');
  return { ...storeArgsOf(values), ref: positionals[0]! };
}

/**
 * `contactkit show <id|email|phone>`: a contact with identities, timeline, score ledger and facts.
 *
 * @returns 0 when shown, 1 when no contact matches (or the store failed), 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'show',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const id = await resolveContact(kit, args.workspace, args.ref);
      const view = (await kit.contacts.getContact(args.workspace, id))!;
      const ledger = await kit.classification.ledger(args.workspace, id, { limit: 1000 });
      const score = await kit.classification.explainScore(args.workspace, id);
      const { contact, classification: c } = view;
      print(args.json, { ...view, ledger: ledger.items, score }, () => [
        `${contact.id}  ${contact.profile.name ?? '(no name)'}  ${contact.kind}${contact.deletedAt ? '  (deleted)' : ''}`,
        `  status ${c.status} (${c.statusReason}), stage ${c.stage ?? '-'}, score ${c.score}, grade ${c.grade}, ${c.temperature}${c.vip ? ', VIP' : ''}${c.atRisk ? ', at risk' : ''}`,
        `  channels ${contact.channels.join(', ') || '-'}; source ${contact.source}; ${contact.stats.messages} message${contact.stats.messages === 1 ? '' : 's'}, ${contact.stats.orders} order${contact.stats.orders === 1 ? '' : 's'}; created ${shortDate(contact.createdAt)}`,
        `  identities: ${view.identities.map((i) => `${i.type}:${i.value}`).join(', ') || '-'}`,
        ...(contact.tags.length > 0 ? [`  tags: ${contact.tags.join(', ')}`] : []),
        `  score ledger (${ledger.items.length} awards; now ${score.score}):`,
        ...ledger.items.map(
          (e) =>
            `    ${shortDate(e.at)}  ${e.ruleId.padEnd(24)} ${e.points >= 0 ? '+' : ''}${e.points} (${e.category})`,
        ),
        ...score.byRule.map(
          (r) => `    now: ${r.key} ${r.points} from ${r.awards} award${r.awards === 1 ? '' : 's'}`,
        ),
        `  timeline (newest ${view.timeline.items.length}):`,
        ...view.timeline.items.map(
          (a) =>
            `    ${shortDate(a.at)}  ${a.type}${typeof a.data.channel === 'string' ? ` via ${a.data.channel}` : ''}`,
        ),
      ]);
      return 0;
    },
    { mustExist: true },
  );
}
