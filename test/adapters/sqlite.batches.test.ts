import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describe, it } from 'vitest';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { AlreadyExistsError, IdentityTakenError } from '../../src/errors/errors.js';
import type { OrderRecord } from '../../src/model/order.js';
import { makeContact, makeIdentity, makeLogEntry, OWNED_ROWS } from '../../src/testing/fixtures.js';

/*
 * The SQLite dialect writes a call's rows in multi-row statements of up to 128 rows, inside a savepoint
 * when there are several. These calls span several statements, with the bad row late.
 */

const WS = 'ws_batches';

async function openStore(): Promise<SqliteStore> {
  return SqliteStore.open(new Database(':memory:'));
}

describe('sqlite store: writes of many rows', () => {
  it('a key conflict in a late statement leaves nothing of the call and names the first such row', async () => {
    const store = await openStore();
    await store.transaction(WS, (tx) => tx.log.append([makeLogEntry(WS, 'c1', 'a250')]));
    const rows = Array.from({ length: 300 }, (_, i) => makeLogEntry(WS, 'c1', `a${i}`));
    await assert.rejects(
      store.transaction(WS, (tx) => tx.log.append(rows)),
      (e) => e instanceof AlreadyExistsError && e.message.includes('a250'),
    );
    // A repeat inside the call counts too, and in the same transaction the store stays usable.
    await store.transaction(WS, async (tx) => {
      const repeated = [...rows.slice(0, 200).filter((r) => r.id !== 'a250'), rows[5]!];
      await assert.rejects(tx.log.append(repeated), (e) => e instanceof AlreadyExistsError);
      assert.deepEqual(
        (await tx.log.entriesOf('c1')).map((e) => e.id),
        ['a250'],
      );
      // No position was given away by the refused appends.
      assert.equal(await tx.log.lastPosition(), 1);
    });
    assert.equal((await store.inspect(WS)).log, 1);
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
    const rows: OrderRecord[] = Array.from({ length: 200 }, (_, i) =>
      OWNED_ROWS.orders(WS, 'c1', `o${i}`, i),
    );
    rows[150] = { ...rows[150]!, currency: undefined } as unknown as OrderRecord;
    await store.transaction(WS, async (tx) => {
      await assert.rejects(tx.orders.insert(rows), /NOT NULL/);
    });
    assert.equal((await store.inspect(WS)).orders, 0);
  });
});

describe('sqlite store: updates write what changed', () => {
  it('an update of counters writes no JSON column, and a changed profile only that', async () => {
    const db = new Database(':memory:');
    const texts: string[] = [];
    const prepare = db.prepare.bind(db);
    (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
      texts.push(sql);
      return prepare(sql);
    };
    const store = await SqliteStore.open(db);
    const c = makeContact(WS, 'c1');
    await store.transaction(WS, (tx) => tx.contacts.insertMany([c]));
    await store.transaction(WS, async (tx) => {
      const read = (await tx.contacts.get('c1'))!;
      texts.length = 0;
      await tx.contacts.updateMany([{ ...read, version: 2, stats: { ...read.stats, messages: 1 } }]);
      const update = texts.find((t) => t.startsWith('UPDATE contacts'));
      assert.ok(update);
      assert.match(update, /messages = \?/);
      assert.doesNotMatch(update, /profile|tags|custom_fields|channels|field_origins|extra/);
      const v2 = (await tx.contacts.get('c1'))!;
      texts.length = 0;
      await tx.contacts.updateMany([{ ...v2, version: 3, profile: { name: 'Renamed' } }]);
      const second = texts.find((t) => t.startsWith('UPDATE contacts'));
      assert.ok(second);
      assert.match(second, /profile = \?/);
      assert.doesNotMatch(second, /tags|custom_fields|channels|field_origins|messages/);
    });
    assert.equal((await store.transaction(WS, (tx) => tx.contacts.get('c1')))?.profile.name, 'Renamed');
    db.close();
  });
});
