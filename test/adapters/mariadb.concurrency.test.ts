import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { runConcurrencySuite } from '../../src/testing/index.js';
import { MARIADB_URL, mariadbAvailable, type TestMariadb, testMariadb } from '../support/mariadb.js';

const available = mariadbAvailable('mariadb.concurrency.test.ts');
const places = new Map<string, TestMariadb>();
let main: TestMariadb | undefined;
beforeAll(async () => {
  if (available) main = await testMariadb();
});
afterAll(async () => {
  await Promise.all([...places.values()].map((p) => p.dispose()));
  await main?.dispose();
});

if (available)
  runConcurrencySuite({
    describe,
    it,
    name: 'mariadb intake under concurrency',
    createPlace: async (name) => {
      const db = await testMariadb({ database: `${main!.database}_${name}`, poolSize: 1 });
      places.set(db.database, db);
      await MariadbStore.open(db.pool);
      return db.database;
    },
    open: async (database) => {
      const c = await places.get(database)!.connect(1);
      return { store: await MariadbStore.open(c.pool), close: c.close };
    },
    dropPlace: async (database) => {
      await places.get(database)?.dispose();
      places.delete(database);
    },
    child: [process.execPath, '--import', 'tsx', join(import.meta.dirname, 'server-child.ts'), MARIADB_URL!],
  });
else
  describe.skip('mariadb intake under concurrency (CONTACTKIT_MARIADB_URL is not set)', () =>
    it('runs', () => {}));
