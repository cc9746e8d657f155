import { afterAll, beforeAll, describe, it } from 'vitest';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { createContactService } from '../../src/service/index.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';
import { assertIntakeInvariants, eventsOfWorker, overlappingEvents } from './sqlite-postgres-intake.js';

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
        stores.map(async (store, w) => {
          // Races lose often here by design; the service retries on fresh reads.
          const service = createContactService({ store, batchSize: 100, maxAttempts: 100 });
          const mine = eventsOfWorker(events, w, workers);
          for (let i = 0; i < mine.length; i += 500) {
            const results = await service.ingestBatch(mine.slice(i, i + 500));
            const failed = results.find((r) => !r.ok);
            if (failed && !failed.ok) throw failed.error;
          }
        }),
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
});
