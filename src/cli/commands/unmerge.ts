import { parseArgs } from 'node:util';
import { print, runOverStore, STORE_OPTIONS, STORE_USAGE, storeArgsOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit unmerge <mergeId> [--actor NAME] [--db PATH | --pg URL] [--workspace ID] [--json]

Undoes a merge: the merged-away contacts come back with their identities and timelines, and the
fields the merge changed on the kept contact go back to what they were (unless edited since).

${STORE_USAGE}
--json prints {"mergeId","primary","restored":[ids],"reverted":[fields]}.
Exit codes: 0 undone, 1 no such merge, or it can no longer be undone (the message says why), or it
failed; 2 bad usage.
`;

function parse(argv: string[]) {
  const { values, positionals } = usageOf(() =>
    parseArgs({
      args: argv,
      options: { ...STORE_OPTIONS, actor: { type: 'string' } },
      allowPositionals: true,
    }),
  );
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError('give the id of one merge (merge prints it)');
  return { ...storeArgsOf(values), mergeId: positionals[0]!, actor: values.actor ?? 'cli' };
}

/**
 * `contactkit unmerge <mergeId>`.
 *
 * @returns 0 when undone, 1 when it cannot be (or failed), 2 on bad usage.
 */
export function run(argv: string[]): Promise<number> {
  return runOverStore(
    'unmerge',
    argv,
    USAGE,
    parse,
    async ({ kit, args }) => {
      const result = await kit.merges.unmerge(args.workspace, args.mergeId, { actor: args.actor });
      const restored = result.restored.map((c) => c.id);
      print(
        args.json,
        { mergeId: result.mergeId, primary: result.primary.id, restored, reverted: result.reverted },
        () => [
          `undid ${result.mergeId}: ${restored.join(', ')} restored beside ${result.primary.id}`,
          ...(result.reverted.length > 0 ? [`  fields put back: ${result.reverted.join(', ')}`] : []),
        ],
      );
      return 0;
    },
    { mustExist: true },
  );
}
