import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../../examples/demo/story.js';
import { MissingDriverError, openStore } from '../store.js';
import { flagsOf, messageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit demo [--db PATH] [--json]

Tells contactkit's whole story in seconds, on a bundled sample: a month of a shop's chat traffic
(a few thousand events on its web widget, WhatsApp, Telegram and email) and its Mailchimp list.
It shows contacts made and linked across channels and leads becoming customers, a refused identity
conflict, duplicates explained and a merge undone, statuses, stages, grades and the top leads with
their ledgers, a segment exported, the follow-ups and review items due, and a person's data exported
and erased.

The sample goes into a temporary SQLite file, removed afterwards; --db PATH keeps it (a new file)
to explore with show, search, stats or serve.

--json prints the figures instead of the story. Exit codes: 0 done, 1 failed, 2 bad usage.
`;

/**
 * `contactkit demo [--db PATH] [--json]`.
 *
 * @returns 0 when the story ran, 1 when it failed, 2 on bad usage.
 */
export async function run(argv: string[]): Promise<number> {
  let args: { db: string | undefined; json: boolean };
  try {
    const values = flagsOf(argv, {
      db: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (values.db !== undefined && existsSync(values.db))
      throw new UsageError(`--db ${values.db} exists: the demo fills a new store`);
    args = { db: values.db, json: values.json ?? false };
  } catch (error) {
    process.stderr.write(`contactkit demo: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dir = args.db === undefined ? mkdtempSync(join(tmpdir(), 'contactkit-demo-')) : undefined;
  const db = args.db ?? join(dir!, 'demo.db');
  const started = performance.now();
  try {
    const opened = await openStore({ db });
    try {
      const say = args.json ? () => {} : (line = '') => process.stdout.write(`${line}\n`);
      say(`contactkit demo: a shop's month of chats, in ${opened.where}`);
      const summary = await runDemo({ store: opened.store, say });
      const seconds = (performance.now() - started) / 1000;
      if (args.json) process.stdout.write(`${JSON.stringify({ ...summary, seconds })}\n`);
      else {
        say();
        say(
          `done in ${seconds.toFixed(1)} s.${args.db ? ` Explore it: contactkit show ana.lima@example.com --db ${args.db}` : ''}`,
        );
      }
      return 0;
    } finally {
      await opened.close();
    }
  } catch (error) {
    const message = error instanceof MissingDriverError ? error.message : messageOf(error);
    process.stderr.write(`contactkit demo: ${message}\n`);
    return 1;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
