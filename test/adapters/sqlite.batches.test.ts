import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describe, it } from 'vitest';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { AlreadyExistsError, IdentityTakenError } from '../../src/errors/errors.js';
import type { Activity } from '../../src/model/activity.js';
import { makeActivity, makeContact, makeIdentity } from '../../src/testing/fixtures.js';

/*
 * The SQLite adapter writes a call's rows in multi-row statements of up to 128 rows and takes them back
 * with a savepoint when one does not fit. These calls span several statements, with the bad row late.
 */

const WS = 'ws_batches';

async function openStore(): Promise<SqliteStore> {
  return SqliteStore.open(new Database(':memory:'));
}

describe('sqlite store: writes of many rows', () => {
  it('a key conflict in a late statement leaves nothing of the call and names the first such row', async () => {
    const store = await openStore();
    await store.transaction(WS, async (tx) => {
      await tx.contacts.insertMany([makeContact(WS, 'c1')]);
      await tx.activities.append([makeActivity(WS, 'c1', 'a250')]);
    });
    const rows = Array.from({ length: 300 }, (_, i) => makeActivity(WS, 'c1', `a${i}`));
    await assert.rejects(
      store.transaction(WS, (tx) => tx.activities.append(rows)),
      (e) => e instanceof AlreadyExistsError && e.message.includes('a250'),
    );
    // A repeat inside the call counts too, and in the same transaction the store stays usable.
    await store.transaction(WS, async (tx) => {
      const repeated = [...rows.slice(0, 200).filter((r) => r.id !== 'a250'), rows[5]!];
      await assert.rejects(tx.activities.append(repeated), (e) => e instanceof AlreadyExistsError);
      const page = await tx.activities.listByContact('c1', { limit: 1000 });
      assert.deepEqual(
        page.items.map((a) => a.id),
        ['a250'],
      );
    });
    assert.equal((await store.inspect(WS)).activities, 1);
  });

  it('a taken identity in a late statement names its holder and stores none of the call', async () => {
    const store = await openStore();
    await store.transaction(WS, async (tx) => {
      await tx.contacts.insertMany([makeContact(WS, 'c1'), makeContact(WS, 'c2')]);
      await tx.identities.insertMany([makeIdentity(WS, 'c1', 'email', 'held@example.com')]);
    });
    const rows = Array.from({ length: 300 }, (_, i) => makeIdentity(WS, 'c2', 'cookie', `k${i}`));
    rows[280] = makeIdentity(WS, 'c2', 'email', 'held@example.com');
    await assert.rejects(
      store.transaction(WS, (tx) => tx.identities.insertMany(rows)),
      (e) => e instanceof IdentityTakenError && e.message.includes('c1'),
    );
    assert.equal((await store.inspect(WS)).identities, 1);
  });

  it('a row the database refuses (a missing required field) leaves none of the call behind', async () => {
    const store = await openStore();
    await store.transaction(WS, (tx) => tx.contacts.insertMany([makeContact(WS, 'c1')]));
    const rows: Activity[] = Array.from({ length: 200 }, (_, i) => makeActivity(WS, 'c1', `b${i}`));
    rows[150] = { ...rows[150]!, data: undefined } as unknown as Activity;
    await store.transaction(WS, async (tx) => {
      await assert.rejects(tx.activities.append(rows), /NOT NULL/);
    });
    assert.equal((await store.inspect(WS)).activities, 0);
  });
});
