/**
 * A second (or third) process on one SQLite file, for the multi-process store tests:
 * `node --import tsx test/adapters/sqlite-child.ts <action> <file> <startAt> [...args]`.
 * Each child waits until `startAt` (epoch ms) so that children really run at the same time, then
 * prints one JSON line with what it did. (The concurrency suite's child is `sqlite-intake-child.ts`.)
 */
import Database from 'better-sqlite3';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { IdentityTakenError } from '../../src/errors/errors.js';
import { makeContact, makeIdentity } from '../../src/testing/index.js';

const [action, file, startAt, ...args] = process.argv.slice(2);
const db = new Database(file!);
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

if (action === 'migrate') {
  const store = new SqliteStore(db);
  console.log(JSON.stringify({ applied: await store.migrate() }));
} else if (action === 'claim') {
  // Claims identities race0..raceN-1 for contacts named after this child: find, else create.
  const [who, count] = args;
  const store = new SqliteStore(db);
  let created = 0;
  let found = 0;
  let taken = 0;
  for (let i = 0; i < Number(count); i++) {
    try {
      const outcome = await store.transaction('race', async (tx) => {
        const key = { type: 'email', value: `race${i}@example.com` };
        if ((await tx.identities.findByKeys([key])).length > 0) return 'found';
        await tx.contacts.insertMany([makeContact('race', `${who}-${i}`)]);
        await tx.identities.insertMany([makeIdentity('race', `${who}-${i}`, key.type, key.value)]);
        return 'created';
      });
      if (outcome === 'created') created++;
      else found++;
    } catch (error) {
      if (!(error instanceof IdentityTakenError)) throw error;
      taken++;
    }
  }
  console.log(JSON.stringify({ created, found, taken }));
} else {
  throw new Error(`unknown action ${action}`);
}
db.close();
