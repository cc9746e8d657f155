import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { PG_URL, type TestPostgres, testPostgres } from '../support/postgres.js';
import {
  assertIntakeInvariants,
  assertMergedIntakeInvariants,
  INTAKE_WS,
  ingestShare,
  killMidIntake,
  mergingEvents,
  overlappingEvents,
} from './sqlite-postgres-intake.js';

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, 'postgres-child.ts');

let pg: TestPostgres;
beforeAll(async () => {
  pg = await testPostgres();
  console.info(`postgres concurrency tests: running on ${pg.engine} in schema ${pg.schema}`);
});
afterAll(async () => pg?.dispose());

describe('postgres intake under concurrency', () => {
  it('8 connections ingesting overlapping identities leave one contact per person', {
    timeout: 300_000,
  }, async () => {
    const workers = 8;
    // PGlite is one connection in this process, so its "workers" take turns: fewer events suffice there.
    const total = pg.engine === 'postgres' ? 20_000 : 2_000;
    const events = overlappingEvents(total, workers, 25);
    const connections = await Promise.all(Array.from({ length: workers }, () => pg.connect(1)));
    try {
      const stores = await Promise.all(
        connections.map((c) => PostgresStore.open(c.driver, { schema: pg.schema })),
      );
      const started = performance.now();
      await Promise.all(
        stores.map((store, w) => ingestShare(store, events, w, workers, { callSize: 500, batchSize: 100 })),
      );
      console.info(
        `postgres concurrency: ${total} events on ${workers} connections in ${Math.round(performance.now() - started)} ms`,
      );
      const check = await PostgresStore.open(pg.driver, { schema: pg.schema });
      await assertIntakeInvariants(check, events, (ws) => check.inspect(ws));
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });

  it('8 connections merging the same people away from under each other lose nothing', {
    timeout: 300_000,
  }, async () => {
    const workers = 8;
    const persons = pg.engine === 'postgres' ? 400 : 40;
    const events = mergingEvents(persons, workers);
    const schema = `${pg.schema}_merging`;
    const connections = await Promise.all(Array.from({ length: workers }, () => pg.connect(1)));
    try {
      const stores = await Promise.all(connections.map((c) => PostgresStore.open(c.driver, { schema })));
      await Promise.all(
        stores.map((store, w) => ingestShare(store, events, w, workers, { callSize: 50, batchSize: 50 })),
      );
      const check = await PostgresStore.open(pg.driver, { schema });
      await assertMergedIntakeInvariants(check, events, (ws) => check.inspect(ws));
    } finally {
      await Promise.all(connections.map((c) => c.close()));
      await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  // Another process is needed to kill one, and PGlite lives inside this one: only on a real server.
  it.skipIf(!PG_URL)(
    'a process killed in the middle of a large ingestBatch leaves whole batches only, and a re-run ends as if it had not crashed',
    { timeout: 300_000 },
    async () => {
      const total = 6_000;
      const events = overlappingEvents(total, 1, 10);
      const args = (schema: string) => [
        '--import',
        'tsx',
        CHILD,
        PG_URL!,
        schema,
        String(total),
        '10',
        '500',
      ];

      const clean = `${pg.schema}_clean`;
      await run(process.execPath, args(clean), { timeout: 240_000 });
      const cleanStore = new PostgresStore(pg.driver, { schema: clean });
      const expected = await assertIntakeInvariants(cleanStore, events, (ws) => cleanStore.inspect(ws));
      const expectedCounts = await cleanStore.inspect(INTAKE_WS);

      const crash = `${pg.schema}_crash`;
      const store = await PostgresStore.open(pg.driver, { schema: crash });
      try {
        // The server rolls the open transaction back when the connection dies.
        await killMidIntake({
          spawnChild: () => spawn(process.execPath, args(crash), { stdio: 'ignore' }),
          store,
          events,
          batchSize: 500,
        });

        await run(process.execPath, args(crash), { timeout: 240_000 });
        const snapshot = await assertIntakeInvariants(store, events, (ws) => store.inspect(ws));
        assert.deepEqual(snapshot.people, expected.people);
        assert.deepEqual(snapshot.outbox, expected.outbox);
        assert.deepEqual(await store.inspect(INTAKE_WS), expectedCounts);
      } finally {
        await pg.driver.query(`DROP SCHEMA IF EXISTS "${clean}" CASCADE`);
        await pg.driver.query(`DROP SCHEMA IF EXISTS "${crash}" CASCADE`);
      }
    },
  );
});
