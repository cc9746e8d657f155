export { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations.js';
export type { PostgresDriver, PostgresPool, PostgresPoolClient } from './postgres-driver.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
