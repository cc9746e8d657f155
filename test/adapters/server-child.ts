/**
 * The concurrency suite's child on a database server: `runConcurrencySuite` starts it with the schema
 * or database and the job appended to `node --import tsx test/adapters/server-child.ts <url>`, on
 * Postgres (`postgres://…`) or MariaDB (`mariadb://…`).
 */
import type { OpenPlace } from '../../src/testing/index.js';
import { runIntakeChild } from '../../src/testing/index.js';

const url = process.argv[2]!;

const openPostgres: OpenPlace = async (schema) => {
  const { default: pg } = await import('pg');
  const { PostgresStore } = await import('../../adapters/postgres/index.js');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { store: await PostgresStore.open(client, { schema }), close: () => client.end() };
};

const openMariadb: OpenPlace = async (database) => {
  const { default: mariadb } = await import('mariadb');
  const { MariadbStore } = await import('../../adapters/mariadb/index.js');
  const u = new URL(url);
  const connection = await mariadb.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  });
  return { store: await MariadbStore.open(connection), close: () => connection.end() };
};

await runIntakeChild({ open: url.startsWith('mariadb:') ? openMariadb : openPostgres });
