import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveContact } from '../contact-ref.js';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit erase <id|email|phone|type:value> [--export-to FILE] [--yes] [--db PATH | --pg URL]
                       [--workspace ID] [--json]

Erases a person (the right to erasure): their contact, identities, timeline, notes and orders are
deleted, and rows the workspace keeps (orders for accounting) lose their link to them. Only the
contact id is left, in a contact.erased event. --export-to writes their data first, as JSON (the
right of access). Without --yes it only says what it would erase.

${STORE_USAGE}
--json prints {"contactIds","removed":{table:n},"unlinked":{table:n},"exported"?}.
Exit codes: 0 erased (or, without --yes, found), 1 no such contact or failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({
      args: argv,
      options: { ...STORE_OPTIONS, 'export-to': { type: 'string' }, yes: { type: 'boolean' } },
      allowPositionals: true,
    }),
  );
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError('give one contact: an id, an email or a phone number');
  return {
    ...storeArgsOf(values),
    ref: positionals[0]!,
    exportTo: values['export-to'],
    yes: values.yes ?? false,
  };
}

/**
 * `contactkit erase <contact> [--export-to FILE] --yes`: a subject export, then erasure.
 *
 * @returns 0 when erased (or found, without --yes), 1 when no contact matches or it failed, 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'erase',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const id = await resolveContact(kit, args.workspace, args.ref);
      if (args.exportTo !== undefined) {
        const subject = await kit.privacy.exportSubject(args.workspace, id);
        writeFileSync(args.exportTo, `${JSON.stringify(subject, null, 2)}\n`);
      }
      const exported = args.exportTo === undefined ? {} : { exported: args.exportTo };
      if (!args.yes) {
        print(args.json, { contactIds: [id], erased: false, ...exported }, () => [
          `would erase ${id}${args.exportTo ? ` (data exported to ${args.exportTo})` : ''}; add --yes to erase`,
        ]);
        return 0;
      }
      const result = await kit.privacy.erase(args.workspace, id);
      const counts = (r: Readonly<Record<string, number>>) =>
        Object.entries(r)
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ') || 'none';
      print(args.json, { ...result, erased: true, ...exported }, () => [
        `erased ${result.contactIds.join(', ')}${args.exportTo ? ` (data exported to ${args.exportTo} first)` : ''}`,
        `  rows deleted: ${counts(result.removed)}`,
        `  rows kept without the link: ${counts(result.unlinked)}`,
      ]);
      return 0;
    },
    { mustExist: true },
  );
}
