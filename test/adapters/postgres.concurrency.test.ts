import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { runConcurrencySuite } from '../../src/testing/index.js';
import { PG_URL, type TestPostgres, testPostgres } from '../support/postgres.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await testPostgres();
  console.info(`postgres concurrency tests: running on ${pg.engine} in schema ${pg.schema}`);
});
afterAll(async () => pg?.dispose());

runConcurrencySuite({
  describe,
  it,
  name: 'postgres intake under concurrency',
  // PGlite is one connection in this process, so its "connections" take turns: smaller runs suffice.
  // It does not declare `multiProcess`, so the kill test is reported as skipped there.
  scale: PG_URL ? 1 : 0.1,
  createPlace: async (name) => {
    const schema = `${pg.schema}_${name}`;
    await PostgresStore.open(pg.driver, { schema });
    return schema;
  },
  open: async (schema) => {
    const c = await pg.connect(1);
    return { store: await PostgresStore.open(c.driver, { schema }), close: c.close };
  },
  dropPlace: async (schema) => void (await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
  ...(PG_URL && {
    child: [process.execPath, '--import', 'tsx', join(import.meta.dirname, 'server-child.ts'), PG_URL],
  }),
});
