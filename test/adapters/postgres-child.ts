/**
 * Another process on the Postgres server, for the crash test:
 * `node --import tsx test/adapters/postgres-child.ts <url> <schema> <total> <perWorker> <batch size>`
 * ingests the whole overlapping stream in one large ingestBatch call.
 */
import pg from 'pg';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { createContactService } from '../../src/service/index.js';
import { overlappingEvents } from './sqlite-postgres-intake.js';

const [url, schema, total, perWorker, batchSize] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url! });
await client.connect();
const store = await PostgresStore.open(client, { schema: schema! });
const service = createContactService({ store, batchSize: Number(batchSize) });
const results = await service.ingestBatch(overlappingEvents(Number(total), 1, Number(perWorker)));
const failed = results.find((r) => !r.ok);
if (failed && !failed.ok) throw failed.error;
await client.end();
console.log(JSON.stringify({ ingested: results.length }));
