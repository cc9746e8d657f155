/**
 * A host process for the Postgres fault test, set up as hosts are told to: a `pg.Pool` with its own
 * `'error'` listener. `node --import tsx test/adapters/postgres-fault-child.ts <url> <schema> <total>
 * <batch size> <application name>` ingests the overlapping stream in one ingestBatch call and prints
 * `{ "ok": true }`, or the error the call failed with (`{ "ok": false, "name", "code" }`). A crash is
 * what the test looks for: the process must always get to print.
 */
import pg from 'pg';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { ContactkitError } from '../../src/errors/errors.js';
import { createContactService } from '../../src/service/index.js';
import { overlappingEvents } from '../../src/testing/concurrency/events.js';

const [url, schema, total, batchSize, applicationName] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url!, application_name: applicationName!, max: 2 });
// What every pg host does for idle clients; the library must not need more than this.
pool.on('error', (error) => console.error(`pool error: ${error.message}`));
const store = await PostgresStore.open(pool, { schema: schema! });
const service = createContactService({ store, batchSize: Number(batchSize) });
const describe = (error: unknown) => ({
  name: error instanceof Error ? error.constructor.name : typeof error,
  code: error instanceof ContactkitError ? error.code : (error as { code?: string } | null)?.code,
  message: error instanceof Error ? error.message : String(error),
});
try {
  const results = await service.ingestBatch(overlappingEvents(Number(total), 1, 10));
  const failed = results.filter((r) => !r.ok);
  console.log(
    JSON.stringify(
      failed.length === 0
        ? { ok: true }
        : { ok: false, ...describe(failed[0]!.ok ? undefined : failed[0]!.error) },
    ),
  );
} catch (error) {
  console.log(JSON.stringify({ ok: false, ...describe(error) }));
}
await pool.end();
