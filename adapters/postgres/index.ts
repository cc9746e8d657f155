/**
 * The Postgres storage adapter, for pg (Pool or Client) or PGlite.
 *
 * @packageDocumentation
 * @module contactkit/postgres
 */
export { migratePostgres, POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations.js';
export type { PostgresDriver, PostgresPool, PostgresPoolClient } from './postgres-driver.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
