/**
 * One step of the stored-scan benchmark in its own process, so that its peak memory is its own. Prints
 * one line of JSON: `{ seconds, peakRssMb, contacts, candidatePairs, pairs, stored, warnings }`.
 * Used by bench/groups/dedupe.ts.
 *
 *   node --import tsx bench/dedupe-scan-child.ts populate <db> <count> realistic|few
 *   node --import tsx bench/dedupe-scan-child.ts scan <db>
 *   node --import tsx bench/dedupe-scan-child.ts read <db>
 *
 * `populate` writes a generated chat list through the port (`tx.contacts.insertMany`,
 * `tx.identities.insertMany`, 20,000 contacts a transaction), not through intake. `scan` is
 * `kit.duplicates.scan`. `read` is the baseline: every page of contacts and their identities read
 * through the same port calls the scan makes, and nothing else.
 */
import Database from 'better-sqlite3';
import { SqliteStore } from '../adapters/sqlite/index.js';
import { createContactkit } from '../src/service/index.js';
import { generateChatContacts } from '../test/dedupe/support/chat-contacts.js';
import { storeChatContacts } from '../test/dedupe/support/stored-contacts.js';

const WS = 'bench';
const [mode, db, countArg, variant] = process.argv.slice(2);
if (!db || (mode !== 'populate' && mode !== 'scan' && mode !== 'read')) {
  process.stderr.write(
    'usage: dedupe-scan-child.ts populate <db> <count> realistic|few | scan <db> | read <db>\n',
  );
  process.exit(2);
}
const store = await SqliteStore.open(new Database(db));
const started = performance.now();
let report: Record<string, number> = {};
if (mode === 'populate') {
  const rows = generateChatContacts({
    count: Number(countArg),
    seed: 2026,
    sparsity: 0.4,
    fewNames: variant === 'few',
  });
  await storeChatContacts(store, WS, rows, { batch: 20_000 });
  report = { contacts: rows.length };
} else if (mode === 'scan') {
  const kit = createContactkit({ store });
  const scan = await kit.duplicates.scan(WS);
  report = {
    contacts: scan.stats.contacts,
    candidatePairs: scan.stats.candidatePairs,
    pairs: scan.stats.pairs,
    stored: scan.stats.stored,
    warnings: scan.warnings.length,
  };
} else {
  let cursor: string | undefined;
  let contacts = 0;
  let identities = 0;
  do {
    cursor = await store.transaction(WS, async (tx) => {
      const page = await tx.contacts.list({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
      identities += (await tx.identities.listByContacts(page.items.map((c) => c.id))).length;
      contacts += page.items.length;
      return page.nextCursor;
    });
  } while (cursor !== undefined);
  report = { contacts, identities };
}
await store.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, ...report })}\n`,
);
