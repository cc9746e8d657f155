import type { StoreCapabilities } from '../../src/ports/store.js';
import type { Row, SqlSession } from '../sql/dialect.js';
import { SqlStore, type TransactionControl } from '../sql/store.js';
import { mariadbDialect } from './mariadb-dialect.js';
import { isMariadbPool, type MariadbConnection, type MariadbDriver } from './mariadb-driver.js';

/** How {@link MariadbStore} uses its driver. */
export interface MariadbStoreOptions {
  /**
   * How long a statement waits for a row another transaction holds, in seconds, before the
   * transaction fails with a retryable conflict (`innodb_lock_wait_timeout`). Default 20.
   */
  readonly lockWaitTimeoutSeconds?: number;
}

/** The queue of callers of each single connection, so two transactions never share it. */
const queues = new WeakMap<MariadbConnection, Promise<unknown>>();

/** A session over one connection; its statements run one at a time, in call order. */
function sessionOf(connection: MariadbConnection): SqlSession {
  let last: Promise<unknown> = Promise.resolve();
  const query = (text: string, params: readonly unknown[]) => {
    const next = last.then(() => connection.query(text, params as unknown[]));
    last = next.catch(() => undefined);
    return next;
  };
  return {
    all: async (text, params) => (await query(text, params)) as Row[],
    run: async (text, params) =>
      Number(((await query(text, params)) as { affectedRows?: number }).affectedRows ?? 0),
  };
}

/**
 * A contact store in MariaDB (10.6 or later, InnoDB), over the official `mariadb` connector: a `Pool`
 * (a connection leased per transaction, transactions in parallel) or one `Connection` (one
 * transaction at a time). Tables live in the connection's database; migrate once with
 * {@link MariadbStore.open} or {@link MariadbStore.migrate}.
 *
 * Transactions run at READ COMMITTED, like Postgres: identity uniqueness is a unique index, and a
 * contact is held with `SELECT … FOR UPDATE` until commit. A deadlock or a lock wait timeout is a
 * retryable `TransactionConflictError`.
 *
 * @example
 * ```ts
 * import mariadb from 'mariadb';
 * import { MariadbStore } from 'contactkit/mariadb';
 *
 * const store = await MariadbStore.open(mariadb.createPool({ host: '127.0.0.1', user: 'app', database: 'crm' }));
 * const count = await store.transaction('ws_1', (tx) => tx.contacts.count());
 * ```
 */
export class MariadbStore extends SqlStore {
  readonly capabilities: StoreCapabilities = { multiProcess: true, durable: true };
  protected readonly dialect = mariadbDialect;
  protected readonly location = 'the MariaDB database';
  /** Server connections (by thread id) already set up for contactkit's transactions. */
  private readonly ready = new Set<number>();
  private readonly setup: string;
  protected readonly control: TransactionControl = {
    begin: async (s) => void (await s.run('START TRANSACTION', [])),
    commit: async (s) => void (await s.run('COMMIT', [])),
    rollback: async (s) => void (await s.run('ROLLBACK', [])),
  };

  /** Prepares the store; does not touch the database. Call {@link migrate}, or use {@link open}. */
  constructor(
    private readonly driver: MariadbDriver,
    options: MariadbStoreOptions = {},
  ) {
    super();
    const wait = Math.max(1, Math.floor(options.lockWaitTimeoutSeconds ?? 20));
    // READ COMMITTED as on Postgres; strict mode so that a value too long for its column is an error,
    // never silently cut.
    this.setup = `SET SESSION tx_isolation = 'READ-COMMITTED', SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES'), SESSION innodb_lock_wait_timeout = ${wait}`;
  }

  /**
   * Makes a store and brings its schema up to date.
   *
   * @example
   * ```ts
   * const store = await MariadbStore.open(pool);
   * ```
   */
  static async open(driver: MariadbDriver, options: MariadbStoreOptions = {}): Promise<MariadbStore> {
    const store = new MariadbStore(driver, options);
    await store.migrate();
    return store;
  }

  /** Waits for running transactions. The driver belongs to the host, which ends it. */
  override async close(): Promise<void> {
    this.closed = true;
    if (!isMariadbPool(this.driver)) await (queues.get(this.driver) ?? Promise.resolve());
  }

  /**
   * DDL commits on its own in MariaDB, so migrations are not one transaction: a named lock keeps a
   * second process out until the first is done, and each table is created only if missing.
   */
  protected async migrationLock<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
    const name = 'contactkit:migrate';
    await session.all('SELECT GET_LOCK(CONCAT(?, DATABASE()), 60) AS got', [name]);
    try {
      return await fn();
    } finally {
      await session.all('SELECT RELEASE_LOCK(CONCAT(?, DATABASE())) AS released', [name]);
    }
  }

  /** Runs `fn` on one connection: leased from the pool and released after, or the single one, queued. */
  protected withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('MariadbStore is closed'));
    const driver = this.driver;
    if (isMariadbPool(driver)) {
      return (async () => {
        const connection = await driver.getConnection();
        try {
          return await fn(await this.prepared(connection));
        } finally {
          await connection.release();
        }
      })();
    }
    const run = (queues.get(driver) ?? Promise.resolve()).then(async () => fn(await this.prepared(driver)));
    queues.set(
      driver,
      run.catch(() => undefined),
    );
    return run;
  }

  /** A session on `connection`, set up once per server connection. */
  private async prepared(connection: MariadbConnection): Promise<SqlSession> {
    const session = sessionOf(connection);
    const id = connection.threadId ?? undefined;
    if (id === undefined || !this.ready.has(id)) {
      await session.run(this.setup, []);
      if (id !== undefined) this.ready.add(id);
    }
    return session;
  }
}
