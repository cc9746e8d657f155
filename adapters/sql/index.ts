/**
 * The repository layer every SQL database shares, for writing a dialect of another one: implement
 * `SqlDialect`, extend `SqlStore`, and run the conformance suite.
 *
 * @packageDocumentation
 * @module contactkit/sql
 */
export type {
  Assign,
  ColumnDef,
  ColumnShape,
  ColumnType,
  ErrorMeaning,
  IndexDef,
  MigrationOp,
  Row,
  SqlDialect,
  SqlSession,
} from './dialect.js';
export { LEDGER, MIGRATIONS, type Migration, type MigrationSession, OldSchemaError } from './migrations.js';
export { join, raw, Sql, sql } from './sql.js';
export { SqlStore, type TransactionControl } from './store.js';
