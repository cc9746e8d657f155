import type { StoreCapabilities } from '../../src/ports/store.js';
import type { Row, SqlSession } from '../sql/dialect.js';
import { SqlStore, type TransactionControl } from '../sql/store.js';
import { driverError, watchClient } from './driver-errors.js';
import { postgresDialect, quoteIdent } from './postgres-dialect.js';
import { isPool, type PostgresDriver, type PostgresPool } from './postgres-driver.js';

/**
 * The queue of callers of each single connection. It belongs to the connection, not to a store, so two
 * stores on one connection (two schemas on one PGlite, say) still never interleave their transactions.
 */
const queues = new WeakMap<PostgresDriver, Promise<unknown>>();

/** How {@link PostgresStore} uses its driver. */
export interface PostgresStoreOptions {
  /** The schema holding contactkit's tables; created by {@link PostgresStore.migrate}. Default `contactkit`. */
  readonly schema?: string;
  /**
   * Whether the driver is a pool that lends connections (`connect()` → client with `release()`).
   * Default: detected (pg's `Pool` is one; pg's `Client` and PGlite are single connections).
   */
  readonly pooled?: boolean;
}

/** A session over one connection; its statements run one at a time, in call order. */
function sessionOf(connection: PostgresDriver): SqlSession {
  let last: Promise<unknown> = Promise.resolve();
  const query = (text: string, params: readonly unknown[]) => {
    const next = last.then(() => connection.query(text, params as unknown[]));
    last = next.catch(() => undefined);
    return next;
  };
  return {
    all: async (text, params) => (await query(text, params)).rows as Row[],
    run: async (text, params) => {
      const result = (await query(text, params)) as { rowCount?: number | null; affectedRows?: number };
      return Number(result.rowCount ?? result.affectedRows ?? 0);
    },
  };
}

/**
 * A contact store in Postgres, over any driver with `query(text, values) → { rows }`: pg's `Pool` or
 * `Client`, or PGlite. With a pool, each transaction runs on a connection of its own, so transactions
 * run in parallel; a single connection carries one transaction at a time, in call order.
 *
 * Transactions run at READ COMMITTED, Postgres's default: identity uniqueness is the primary key's, and
 * a contact is held with `SELECT … FOR UPDATE` (`lock`, and every update) until commit, so two
 * transactions about one contact wait for each other instead of overwriting each other.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { PostgresStore } from 'contactkit/postgres';
 *
 * const store = await PostgresStore.open(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * const count = await store.transaction('ws_1', (tx) => tx.contacts.count());
 * ```
 */
export class PostgresStore extends SqlStore {
  readonly capabilities: StoreCapabilities;
  /** The quoted schema name. */
  readonly schema: string;
  protected readonly dialect;
  protected readonly location: string;
  private readonly pool: PostgresPool | undefined;
  protected readonly control: TransactionControl = {
    begin: async (s) => void (await s.run('BEGIN', [])),
    commit: async (s) => void (await s.run('COMMIT', [])),
    rollback: async (s) => void (await s.run('ROLLBACK', [])),
  };

  /** Prepares the store; does not touch the database. Call {@link migrate}, or use {@link open}. */
  constructor(
    private readonly driver: PostgresDriver,
    options: PostgresStoreOptions = {},
  ) {
    super();
    const schema = options.schema ?? 'contactkit';
    this.schema = quoteIdent(schema);
    this.dialect = postgresDialect(schema);
    this.location = `Postgres schema ${this.schema}`;
    this.pool = (options.pooled ?? isPool(driver)) ? (driver as PostgresPool) : undefined;
    // A server (a pool, or a pg client: it has a backend process id) is shared and durable; PGlite is
    // one connection inside this process, and "reopening" it hands back the same instance.
    const server = this.pool !== undefined || 'processID' in (driver as object);
    this.capabilities = { multiProcess: server, durable: server };
  }

  /**
   * Makes a store and brings its schema up to date.
   *
   * @example
   * ```ts
   * const store = await PostgresStore.open(new PGlite(), { schema: 'crm' });
   * ```
   */
  static async open(driver: PostgresDriver, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const store = new PostgresStore(driver, options);
    await store.migrate();
    return store;
  }

  /** Lost races and lost connections as the typed, retryable errors the service knows. */
  protected override translate(error: unknown, workspaceId: string): unknown {
    return driverError(error, workspaceId) ?? super.translate(error, workspaceId);
  }

  /** Waits for running transactions. The driver belongs to the host, which closes or ends it. */
  override async close(): Promise<void> {
    this.closed = true;
    await (queues.get(this.driver) ?? Promise.resolve());
  }

  /**
   * A transaction-scoped advisory lock, keyed by the schema name, is taken before anything is read, so a
   * second process migrating at the same time waits for the first to commit, then finds everything
   * applied. The schema is created here too, under the lock.
   */
  protected async migrationLock<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
    await session.run('BEGIN', []);
    try {
      await session.all('SELECT pg_advisory_xact_lock(hashtext($1))', [`contactkit:migrate:${this.schema}`]);
      await session.run(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`, []);
      const result = await fn();
      await session.run('COMMIT', []);
      return result;
    } catch (error) {
      await session.run('ROLLBACK', []).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs `fn` on one connection: a client of the pool, released afterwards (discarded if it failed
   * mid-way), or the single connection, one caller at a time so that two transactions never share it.
   */
  protected withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('PostgresStore is closed'));
    const pool = this.pool;
    if (pool) {
      return (async () => {
        let client: Awaited<ReturnType<PostgresPool['connect']>>;
        try {
          client = await pool.connect();
        } catch (error) {
          // A server that is down or full is a typed, retryable StoreUnavailableError (driver-errors.ts).
          throw driverError(error, undefined) ?? error;
        }
        // A connection that dies while leased emits 'error' on the client; with no listener that would
        // crash the host process. It is noted in the lease instead, and the client discarded on release.
        const lease = watchClient(client);
        try {
          return await fn(sessionOf(client));
        } catch (error) {
          if (isConnectionError(error)) lease.broken ??= error as Error;
          throw driverError(error, undefined, lease.broken) ?? error;
        } finally {
          client.release(lease.broken);
        }
      })();
    }
    const run = (queues.get(this.driver) ?? Promise.resolve()).then(() => fn(sessionOf(this.driver)));
    queues.set(
      this.driver,
      run.catch(() => undefined),
    );
    return run;
  }
}

/** Whether an error means the connection itself is gone (it must not go back to the pool). */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code.startsWith('57P') || code.startsWith('08');
  // pg reports a dropped socket as a plain Error.
  return (
    error instanceof Error && /connection (terminated|closed|ended)|ECONNRESET|EPIPE/i.test(error.message)
  );
}
