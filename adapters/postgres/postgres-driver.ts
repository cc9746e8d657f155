/**
 * The subset of a Postgres client that contactkit needs: `query(text, values)` resolving to `{ rows }`.
 * pg's `Pool` and `Client` and PGlite all have it, so the adapter imports none of them; the host passes
 * its own (Kysely's dialects take drivers the same way).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const driver: PostgresDriver = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PostgresDriver {
  /** Runs one statement with `$1…$n` parameters. Arrays are bound as Postgres arrays. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A pool: a driver that can also lend one connection (pg's `Pool`). A transaction must run all its
 * statements on one connection, so with a pool the store checks one out per transaction.
 */
export interface PostgresPool extends PostgresDriver {
  connect(): Promise<PostgresPoolClient>;
}

/** A connection lent by a {@link PostgresPool}; `release(error)` with an error discards it. */
export interface PostgresPoolClient extends PostgresDriver {
  release(error?: Error | boolean): void;
  /**
   * pg's event emitter: the store listens for `'error'` while it holds the client (a backend that dies
   * mid-transaction emits one, and an unheard `'error'` event would crash the process).
   */
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Whether `driver` is a pool. pg's `Client` has `connect()` too, but it connects the client itself
 * rather than lending one; it is recognised by the `processID` every pg connection has. PGlite has no
 * `connect()`. Pass `pooled` in the store options to decide explicitly.
 */
export function isPool(driver: PostgresDriver): driver is PostgresPool {
  return (
    typeof (driver as { connect?: unknown }).connect === 'function' && !('processID' in (driver as object))
  );
}
