/**
 * A webhook relay in a process of its own on one SQLite file, for the race test:
 * `node --import tsx test/webhooks/relay-child.ts <file> <owner> <workspaces,…> <expected> <settings JSON>`.
 * It runs passes until `expected` deliveries of those workspaces are delivered, then prints its report
 * as one JSON line.
 */
import Database from 'better-sqlite3';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { createRelay } from '../../src/service/webhook-relay.js';
import { addReports, emptyReport } from './relay-harness.js';

const [file, owner, spaces, expected, settings] = process.argv.slice(2);
const store = new SqliteStore(new Database(file!));
const relay = createRelay(store, { ...JSON.parse(settings!), owner });
const total = emptyReport();
const deadline = Date.now() + 60_000;
for (;;) {
  addReports(total, await relay.runOnce());
  let delivered = 0;
  for (const ws of spaces!.split(',')) {
    delivered += await store.transaction(ws, (tx) => tx.webhookDeliveries.count({ status: 'delivered' }));
  }
  if (delivered >= Number(expected) || Date.now() > deadline) break;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await relay.stop();
console.log(JSON.stringify(total));
