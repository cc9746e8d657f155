/**
 * The Postgres storage adapter, for pg (Pool or Client) or PGlite.
 *
 * @packageDocumentation
 * @module contactkit/postgres
 */
export { MIGRATIONS, type Migration, OldSchemaError } from '../sql/migrations.js';
export { postgresDialect } from './postgres-dialect.js';
export type { PostgresDriver, PostgresPool, PostgresPoolClient } from './postgres-driver.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
