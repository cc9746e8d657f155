import { afterAll, beforeAll, describe, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';
import { mariadbAvailable, type TestMariadb, testMariadb } from '../support/mariadb.js';

let db: TestMariadb | undefined;
const database = async () => {
  if (!db) {
    db = await testMariadb();
    console.info(`mariadb conformance: running in database ${db.database}`);
  }
  return db;
};
afterAll(async () => db?.dispose());

if (mariadbAvailable('mariadb.conformance.test.ts')) {
  runConformanceSuite({
    name: 'mariadb adapter',
    describe,
    it,
    beforeAll,
    afterAll,
    createStore: async () => MariadbStore.open((await database()).pool),
    dump: (store, workspaceId) => (store as MariadbStore).dump(workspaceId),
    connect: async () => {
      const other = await (await database()).connect();
      const store = await MariadbStore.open(other.pool);
      const close = store.close.bind(store);
      store.close = async () => {
        await close();
        await other.close();
      };
      return store;
    },
  });
} else {
  describe.skip('mariadb adapter (CONTACTKIT_MARIADB_URL is not set)', () => {
    it('runs the conformance suite', () => undefined);
  });
}
