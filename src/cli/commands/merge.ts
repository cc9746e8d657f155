import { parseArgs } from 'node:util';
import { resolveContact } from '../contact-ref.js';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit merge <keep> <other> [more…] [--most-recent] [--actor NAME] [--db PATH | --pg URL]
                       [--workspace ID] [--json]

Merges contacts into the first one named (each an id, email, phone or type:value). Its values win and
the others fill the gaps (--most-recent: the newest value of each field wins). The merge is recorded
with where each value came from, and "contactkit unmerge <mergeId>" undoes it. Two contacts with
different user ids are refused.

${STORE_USAGE}
--json prints {"contactId","mergeId","merged":[ids],"provenance"}.
Exit codes: 0 merged, 1 refused or failed (the message says why), 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({
      args: argv,
      options: { ...STORE_OPTIONS, 'most-recent': { type: 'boolean' }, actor: { type: 'string' } },
      allowPositionals: true,
    }),
  );
  if (values.help) return null;
  if (positionals.length < 2)
    throw new UsageError('give the contact to keep and at least one to merge into it');
  return {
    ...storeArgsOf(values),
    refs: positionals,
    mostRecent: values['most-recent'] ?? false,
    actor: values.actor ?? 'cli',
  };
}

/**
 * `contactkit merge <keep> <other…>`.
 *
 * @returns 0 when merged, 1 when refused or failed, 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'merge',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const ids: string[] = [];
      for (const ref of args.refs) ids.push(await resolveContact(kit, args.workspace, ref));
      const [keep, ...others] = ids as [string, ...string[]];
      if (others.includes(keep) || new Set(others).size !== others.length)
        throw new UsageError('the same contact is named twice');
      const result = await kit.merges.merge(args.workspace, keep, others, {
        actor: args.actor,
        ...(args.mostRecent ? { policy: { survivorship: 'most-recent' } } : {}),
      });
      print(
        args.json,
        {
          contactId: result.contact.id,
          mergeId: result.record.id,
          merged: others,
          provenance: result.record.provenance,
        },
        () => [
          `merged ${others.join(', ')} into ${result.contact.id} (${result.contact.profile.name ?? 'no name'})`,
          `undo with: contactkit unmerge ${result.record.id}`,
        ],
      );
      return 0;
    },
    { mustExist: true },
  );
}
