/**
 * The SQLite storage adapter, for better-sqlite3 or node:sqlite.
 *
 * @packageDocumentation
 * @module contactkit/sqlite
 */
export { MIGRATIONS, type Migration, OldSchemaError } from '../sql/migrations.js';
export { sqliteDialect } from './sqlite-dialect.js';
export type { SqliteDatabase, SqliteStatement, SqliteValue } from './sqlite-driver.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
