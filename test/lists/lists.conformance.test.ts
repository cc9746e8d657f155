import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { MemoryStore } from '../../adapters/memory/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { CONFORMANCE_GROUPS, type ConformanceGroup, runConformanceSuite } from '../../src/testing/index.js';
import { mariadbAvailable, type TestMariadb, testMariadb } from '../support/mariadb.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

// Only the lists group: the full suites in test/adapters run it with every other group.
const others = (Object.keys(CONFORMANCE_GROUPS) as ConformanceGroup[]).filter((g) => g !== 'lists');
const quiet = () => {};

runConformanceSuite({
  name: 'lists on memory',
  describe,
  it,
  beforeAll,
  afterAll,
  createStore: () => new MemoryStore(),
  skip: others,
  report: quiet,
});

const handles = new Map<SqliteStore, Database.Database>();
runConformanceSuite({
  name: 'lists on sqlite',
  describe,
  it,
  beforeAll,
  afterAll,
  createStore: async () => {
    const db = new Database(':memory:');
    const store = await SqliteStore.open(db);
    handles.set(store, db);
    return store;
  },
  destroyStore: async (store) => {
    await store.close();
    handles.get(store as SqliteStore)?.close();
  },
  skip: others,
  report: quiet,
});

let pg: TestPostgres | undefined;
afterAll(async () => pg?.dispose());
runConformanceSuite({
  name: 'lists on postgres',
  describe,
  it,
  beforeAll,
  afterAll,
  createStore: async () => {
    pg ??= await testPostgres();
    return PostgresStore.open(pg.driver, { schema: pg.schema });
  },
  skip: others,
  report: quiet,
});

let maria: TestMariadb | undefined;
afterAll(async () => maria?.dispose());
if (mariadbAvailable('lists.conformance.test.ts')) {
  runConformanceSuite({
    name: 'lists on mariadb',
    describe,
    it,
    beforeAll,
    afterAll,
    createStore: async () => {
      maria ??= await testMariadb();
      return MariadbStore.open(maria.pool);
    },
    skip: others,
    report: quiet,
  });
}
