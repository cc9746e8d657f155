/**
 * The SQLite storage adapter, for better-sqlite3 or node:sqlite.
 *
 * @packageDocumentation
 * @module contactkit/sqlite
 */
export { migrateSqlite, SQLITE_MIGRATIONS, type SqliteMigration } from './migrations.js';
export type { SqliteDatabase, SqliteStatement, SqliteValue } from './sqlite-driver.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
