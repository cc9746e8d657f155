/**
 * The subset of a synchronous SQLite connection that contactkit needs. better-sqlite3's `Database` and
 * node:sqlite's `DatabaseSync` both have it, so the adapter imports neither: the host passes its own
 * connection (Kysely's `SqliteDatabase` does the same).
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * const db: SqliteDatabase = new Database('contacts.db');
 * ```
 */
export interface SqliteDatabase {
  /** Compiles one SQL statement. The adapter caches the result per SQL text and reuses it. */
  prepare(sql: string): SqliteStatement;
  /** Runs SQL text that returns no rows (pragmas, BEGIN/COMMIT, migrations). */
  exec(sql: string): unknown;
}

/** A value SQLite binds: the adapter only binds these (booleans as 0/1, dates as epoch ms). */
export type SqliteValue = string | number | bigint | null;

/**
 * A prepared statement, as better-sqlite3's `Statement` and node:sqlite's `StatementSync` have it.
 * Parameters are typed `unknown` so both drivers' own signatures fit; contactkit only binds
 * {@link SqliteValue}s.
 */
export interface SqliteStatement {
  /** Executes a write; `changes` is how many rows it changed. */
  run(...params: unknown[]): { changes: number | bigint };
  /** The first row, or undefined. */
  get(...params: unknown[]): unknown;
  /** Every row. */
  all(...params: unknown[]): unknown[];
}

/**
 * Prepared statements by SQL text. Compiling is the costly part of a small statement, and the adapter's
 * SQL texts are a fixed set, so each is compiled once per connection.
 */
export class StatementCache {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDatabase) {}

  get(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  clear(): void {
    this.statements.clear();
  }
}
