import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MIGRATIONS, PostgresStore } from '../../adapters/postgres/index.js';
import { makeContact, makeIdentity } from '../../src/testing/index.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';
import { serverStoreTests } from './server-store.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await testPostgres();
  console.info(`postgres store tests: running on ${pg.engine} in schema ${pg.schema}`);
});
afterAll(async () => pg?.dispose());

const VERSIONS = MIGRATIONS.map((m) => m.version);

describe('postgres store: migrations', () => {
  it('two processes migrating at once on two connections both succeed, with one schema', async () => {
    const schema = `${pg.schema}_m2`;
    const [a, b] = await Promise.all([pg.connect(), pg.connect()]);
    try {
      const results = await Promise.all([
        new PostgresStore(a.driver, { schema }).migrate(),
        new PostgresStore(b.driver, { schema }).migrate(),
      ]);
      assert.deepEqual(results.flat(), VERSIONS);
      const { rows } = await pg.driver.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
        [schema],
      );
      // Every table of the inspector, the log's position counter, the worker leases and the ledger.
      const tables = Object.keys(await new PostgresStore(pg.driver, { schema }).inspect('nobody')).length;
      assert.equal((rows[0] as { n: number }).n, tables + 3);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  it('declares a server durable and shared, and PGlite neither', async () => {
    const store = new PostgresStore(pg.driver, { schema: pg.schema });
    const server = pg.engine === 'postgres';
    assert.deepEqual(store.capabilities, { multiProcess: server, durable: server });
  });
});

describe('postgres store: across connections', () => {
  serverStoreTests('postgres', async () => {
    const [a, b] = await Promise.all([pg.connect(4), pg.connect(4)]);
    const stores = [
      await PostgresStore.open(a.driver, { schema: pg.schema }),
      await PostgresStore.open(b.driver, { schema: pg.schema }),
    ] as [PostgresStore, PostgresStore];
    return { stores, close: async () => void (await Promise.all([a.close(), b.close()])) };
  });

  it('a lone surrogate is stored as U+FFFD, as UTF-8 encoding would send it', async () => {
    const store = await PostgresStore.open(pg.driver, { schema: pg.schema });
    const ws = 'surrogate';
    await store.transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'c1')]);
      await tx.identities.insertMany([makeIdentity(ws, 'c1', 'cookie', 'ab', { raw: 'a\ud800b' })]);
    });
    const [found] = await store.transaction(ws, (tx) =>
      tx.identities.findByKeys([{ type: 'cookie', value: 'ab' }]),
    );
    assert.equal(found?.raw, 'a\ufffdb');
  });
});
