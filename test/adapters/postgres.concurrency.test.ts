import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { PG_URL, type TestPostgres, testPostgres } from '../support/postgres.js';
import { type ServerUnderTest, serverConcurrencyTests } from './server-concurrency.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await testPostgres();
  console.info(`postgres concurrency tests: running on ${pg.engine} in schema ${pg.schema}`);
});
afterAll(async () => pg?.dispose());

const server = (): ServerUnderTest => ({
  name: 'postgres',
  shared: pg.engine === 'postgres',
  // PGlite is one connection in this process, so its "connections" take turns.
  scale: pg.engine === 'postgres' ? 1 : 0.1,
  url: PG_URL,
  place: async (name) => {
    const schema = `${pg.schema}_${name}`;
    await PostgresStore.open(pg.driver, { schema });
    return schema;
  },
  open: async (schema) => {
    const c = await pg.connect(1);
    return { store: await PostgresStore.open(c.driver, { schema }), close: c.close };
  },
  drop: async (schema) => void (await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
});

describe('postgres intake under concurrency', () => serverConcurrencyTests(server));
