import type { ContactStore, StoreCapabilities, WorkspaceTransaction } from '../../src/ports/store.js';
import { driverError, watchClient } from './driver-errors.js';
import { migratePostgres, quoteIdent } from './migrations.js';
import { isPool, type PostgresDriver, type PostgresPool } from './postgres-driver.js';
import { countRows, type PgTables, PostgresTransaction, pgTables } from './postgres-repositories.js';

/**
 * The queue of callers of each single connection. It belongs to the connection, not to a store, so two
 * stores on one connection (two schemas on one PGlite, say) still never interleave their transactions.
 */
const queues = new WeakMap<PostgresDriver, Promise<unknown>>();

/** What a caller learned about the connection it used: `broken` if it must not be reused. */
interface Lease {
  broken?: Error;
}

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

/**
 * A contact store in Postgres, over any driver with `query(text, values) → { rows }`: pg's `Pool` or
 * `Client`, or PGlite. With a pool, each transaction runs on a connection of its own, so transactions
 * run in parallel; a single connection carries one transaction at a time, in call order.
 *
 * Transactions run at READ COMMITTED, Postgres's default, on purpose: the invariants do not need more.
 * Identity uniqueness is enforced by the primary key `(workspace_id, type, normalized_value)` (a racing
 * insert waits for the other transaction and then conflicts), and contacts carry a version that every
 * update checks, which gives optimistic concurrency; the service retries on `IdentityTakenError` and
 * `ConcurrentUpdateError`. A contact an update wrote stays locked until commit, and the service writes a
 * contact at its next version before merging it away, erasing it, or adding rows for it that nothing
 * else locks, so two transactions about one contact wait for each other or fail a version check rather
 * than commit rows for a deleted contact. SERIALIZABLE would only add failures to retry.
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
export class PostgresStore implements ContactStore {
  readonly capabilities: StoreCapabilities = { multiProcess: true, durable: true };
  /** The quoted schema name. */
  readonly schema: string;
  private readonly tables: PgTables;
  private readonly pool: PostgresPool | undefined;
  private closed = false;

  /** Prepares the store; does not touch the database. Call {@link migrate}, or use {@link open}. */
  constructor(
    private readonly driver: PostgresDriver,
    options: PostgresStoreOptions = {},
  ) {
    this.schema = quoteIdent(options.schema ?? 'contactkit');
    this.tables = pgTables(this.schema);
    this.pool = (options.pooled ?? isPool(driver)) ? (driver as PostgresPool) : undefined;
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

  /**
   * Applies the migrations this version has and the schema lacks; returns their versions. Idempotent,
   * and safe when several processes run it at once (an advisory lock, see {@link migratePostgres}).
   *
   * @example
   * ```ts
   * await new PostgresStore(pool).migrate(); // [1] the first time, [] after
   * ```
   */
  async migrate(): Promise<number[]> {
    return this.withConnection((connection) => migratePostgres(connection, this.schema.slice(1, -1)));
  }

  async transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    return this.withConnection(async (connection, lease) => {
      await connection.query('BEGIN');
      try {
        const result = await fn(new PostgresTransaction(workspaceId, connection, this.tables));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch((rollbackError: unknown) => {
          // The session may still be mid-transaction: a pooled connection must not be reused.
          lease.broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        // A lost race or a lost connection becomes a typed, retryable error (driver-errors.ts).
        throw driverError(error, workspaceId, lease.broken) ?? error;
      }
    });
  }

  /**
   * Row counts per table for one workspace, read straight from the tables: lets tests check what is
   * stored, not only what the repositories return.
   *
   * @example
   * ```ts
   * const { contacts, identities } = await store.inspect('ws_1');
   * ```
   */
  async inspect(workspaceId: string): Promise<Record<string, number>> {
    return this.withConnection((connection) => countRows(connection, this.tables, workspaceId));
  }

  /** Waits for running transactions. The driver belongs to the host, which closes or ends it. */
  async close(): Promise<void> {
    this.closed = true;
    await (queues.get(this.driver) ?? Promise.resolve());
  }

  /**
   * Runs `fn` on one connection: a client of the pool, released afterwards (discarded if it failed
   * mid-way), or the single connection, one caller at a time so that two transactions never share it.
   */
  private withConnection<T>(fn: (connection: PostgresDriver, lease: Lease) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('PostgresStore is closed'));
    const pool = this.pool;
    if (pool) {
      return (async () => {
        let client: Awaited<ReturnType<PostgresPool['connect']>>;
        try {
          client = await pool.connect();
        } catch (error) {
          throw driverError(error, undefined) ?? error;
        }
        // Notes the client's 'error' event in the lease: heard, it cannot crash the host.
        const lease: Lease = watchClient(client);
        try {
          return await fn(client, lease);
        } catch (error) {
          throw driverError(error, undefined, lease.broken) ?? error;
        } finally {
          client.release(lease.broken);
        }
      })();
    }
    const run = (queues.get(this.driver) ?? Promise.resolve()).then(() => fn(this.driver, {}));
    queues.set(
      this.driver,
      run.catch(() => undefined),
    );
    return run;
  }
}
