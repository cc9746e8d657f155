/**
 * The subset of a MariaDB connection that contactkit needs: `query(sql, values)`, resolving to rows for
 * a SELECT and to `{ affectedRows }` for a write. The `mariadb` connector's `Connection` and
 * `PoolConnection` have it, so the adapter imports no driver; the host passes its own.
 *
 * @example
 * ```ts
 * import mariadb from 'mariadb';
 * const pool: MariadbPool = mariadb.createPool({ host: '127.0.0.1', user: 'app', database: 'crm' });
 * ```
 */
export interface MariadbConnection {
  /** Runs one statement with `?` placeholders. */
  query(sql: string, values?: unknown[]): Promise<unknown>;
  /** The server's id of the connection (the connector's `threadId`). */
  readonly threadId?: number | null;
}

/** A connection lent by a {@link MariadbPool}, given back with `release()`. */
export interface MariadbPoolConnection extends MariadbConnection {
  release(): void | Promise<void>;
}

/** A pool (the connector's `Pool`): the store leases one connection per transaction. */
export interface MariadbPool {
  getConnection(): Promise<MariadbPoolConnection>;
}

/** Either a pool or one connection. */
export type MariadbDriver = MariadbPool | MariadbConnection;

/** Whether `driver` lends connections. */
export function isMariadbPool(driver: MariadbDriver): driver is MariadbPool {
  return typeof (driver as { getConnection?: unknown }).getConnection === 'function';
}
