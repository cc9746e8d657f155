import { flagsOf, print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf } from '../store-command.js';

const USAGE = `usage: contactkit reclassify [--rules] [--db PATH | --pg URL] [--workspace ID] [--json]

Brings every contact's status, stage, score, grade and flags up to now (scores decay; a lead that
went quiet cools), writing only the contacts that changed and recording each status, stage and grade
change on the contact's timeline. Run it on a schedule (hourly or daily). --rules re-applies the
scoring rules to every ledger as well: after a rule change.

${STORE_USAGE}
--json prints {"scanned","updated","changes"}. Exit codes: 0 done, 1 failed, 2 bad usage.
`;

function parse(argv: string[]) {
  const values = flagsOf(argv, { ...STORE_OPTIONS, rules: { type: 'boolean' } });
  if (values.help) return null;
  return { ...storeArgsOf(values), rules: values.rules ?? false };
}

/**
 * `contactkit reclassify [--rules]`: the classification sweep.
 *
 * @returns 0 on success, 1 when the sweep failed, 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'reclassify',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const result = args.rules
        ? await kit.classification.reapplyRules(args.workspace)
        : await kit.classification.reclassify(args.workspace);
      const data = { scanned: result.scanned, updated: result.updated, changes: result.changes };
      print(args.json, data, () => [
        `${result.scanned} contacts classified: ${result.updated} updated, ${result.changes} status, stage or grade changes recorded`,
      ]);
      return 0;
    },
    { mustExist: true },
  );
}
