import { afterAll, beforeAll, describe, it } from 'vitest';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

let pg: TestPostgres | undefined;
const database = async () => {
  if (!pg) {
    pg = await testPostgres();
    console.info(`postgres conformance: running on ${pg.engine} in schema ${pg.schema}`);
  }
  return pg;
};
afterAll(async () => pg?.dispose());

runConformanceSuite({
  name: 'postgres adapter',
  describe,
  it,
  beforeAll,
  afterAll,
  createStore: async () => {
    const { driver, schema } = await database();
    return PostgresStore.open(driver, { schema });
  },
  dump: (store, workspaceId) => (store as PostgresStore).dump(workspaceId),
  // Another store on the same schema over its own pool (on PGlite, the same single connection).
  connect: async () => {
    const db = await database();
    const other = await db.connect();
    const store = await PostgresStore.open(other.driver, { schema: db.schema });
    const close = store.close.bind(store);
    store.close = async () => {
      await close();
      await other.close();
    };
    return store;
  },
});
