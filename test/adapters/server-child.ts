/**
 * Another process on a database server, for the crash tests:
 * `node --import tsx test/adapters/server-child.ts <url> <schema or database> <total> <perWorker> <batch size>`
 * ingests the whole overlapping stream in one large ingestBatch call, on Postgres (`postgres://…`)
 * or MariaDB (`mariadb://…`).
 */
import type { ContactStore } from '../../src/ports/store.js';
import { createContactService } from '../../src/service/index.js';
import { overlappingEvents } from './sql-intake.js';

const [url, place, total, perWorker, batchSize] = process.argv.slice(2);
let store: ContactStore;
let end: () => Promise<void>;
if (url!.startsWith('mariadb:')) {
  const { default: mariadb } = await import('mariadb');
  const { MariadbStore } = await import('../../adapters/mariadb/index.js');
  const u = new URL(url!);
  const connection = await mariadb.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: place!,
  });
  store = await MariadbStore.open(connection);
  end = () => connection.end();
} else {
  const { default: pg } = await import('pg');
  const { PostgresStore } = await import('../../adapters/postgres/index.js');
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  store = await PostgresStore.open(client, { schema: place! });
  end = () => client.end();
}
const service = createContactService({ store, batchSize: Number(batchSize) });
const results = await service.ingestBatch(overlappingEvents(Number(total), 1, Number(perWorker)));
const failed = results.find((r) => !r.ok);
if (failed && !failed.ok) throw failed.error;
await end();
console.log(JSON.stringify({ ingested: results.length }));
