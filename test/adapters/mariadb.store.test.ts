import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MariadbStore, MIGRATIONS } from '../../adapters/mariadb/index.js';
import { mariadbAvailable, type TestMariadb, testMariadb } from '../support/mariadb.js';
import { serverStoreTests } from './server-store.js';

const available = mariadbAvailable('mariadb.store.test.ts');
let db: TestMariadb;
beforeAll(async () => {
  if (available) db = await testMariadb();
});
afterAll(async () => db?.dispose());

describe.skipIf(!available)('mariadb store', () => {
  it('two processes migrating at once on two connections both succeed, with one schema', async () => {
    const other = await testMariadb({ poolSize: 1 });
    const [a, b] = await Promise.all([other.connect(1), other.connect(1)]);
    try {
      const results = await Promise.all([
        new MariadbStore(a.pool).migrate(),
        new MariadbStore(b.pool).migrate(),
      ]);
      assert.deepEqual(
        results.flat(),
        MIGRATIONS.map((m) => m.version),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
      await other.dispose();
    }
  });

  serverStoreTests('mariadb', async () => {
    const [a, b] = await Promise.all([db.connect(4), db.connect(4)]);
    const stores = [await MariadbStore.open(a.pool), await MariadbStore.open(b.pool)] as [
      MariadbStore,
      MariadbStore,
    ];
    return { stores, close: async () => void (await Promise.all([a.close(), b.close()])) };
  });
});
