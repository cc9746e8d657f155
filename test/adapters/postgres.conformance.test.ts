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
  inspect: (store, workspaceId) => (store as PostgresStore).inspect(workspaceId),
  capabilities: { durable: true, multiProcess: true },
  // Another store on the same schema: a separate pooled connection on a real server.
  connect: async () => {
    const { driver, schema } = await database();
    return PostgresStore.open(driver, { schema });
  },
});
