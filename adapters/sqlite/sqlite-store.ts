import type { StoreCapabilities } from '../../src/ports/store.js';
import type { Row, SqlSession } from '../sql/dialect.js';
import { SqlStore, type TransactionControl } from '../sql/store.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { type SqliteDatabase, StatementCache } from './sqlite-driver.js';

/** How {@link SqliteStore} sets up its connection. */
export interface SqliteStoreOptions {
  /**
   * `PRAGMA synchronous`. Default `NORMAL`: with WAL it never corrupts the database, and a power loss
   * can only lose the last transactions; `FULL` syncs on every commit, at several times the cost.
   */
  readonly synchronous?: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** How long a write waits for another process's write lock before failing, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * SQLite's page cache for this connection, in KiB. Default 65536 (64 MiB): SQLite's own default of
   * 2 MiB makes every batch re-read the index pages it is about to change once a workspace has grown.
   */
  readonly cacheSizeKiB?: number;
  /**
   * `PRAGMA wal_autocheckpoint`, in pages. Default 10000 (about 40 MiB of WAL at 4 KiB pages), against
   * SQLite's 1000: intake rewrites the same hot pages (indexes, recent contacts) in every batch, and a
   * checkpoint after nearly every commit copies and syncs them each time. Measured on intake batches
   * of 1,000 events, commits took about half as long.
   */
  readonly walAutocheckpointPages?: number;
}

/** Statements that are not prepared and cached: transaction control and pragmas. */
const CONTROL = /^(PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)\b/;

/**
 * A contact store in one SQLite database (a file, or `:memory:`), over any connection with
 * better-sqlite3's `prepare`/`exec` (better-sqlite3, node:sqlite). Several processes may share one
 * file: it runs in WAL mode, and each transaction takes the write lock up front (`BEGIN IMMEDIATE`),
 * so transactions never interleave and never fail halfway on a lock upgrade.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { SqliteStore } from 'contactkit/sqlite';
 *
 * const store = await SqliteStore.open(new Database('contacts.db'));
 * const count = await store.transaction('ws_1', (tx) => tx.contacts.count());
 * ```
 */
export class SqliteStore extends SqlStore {
  readonly capabilities: StoreCapabilities;
  protected readonly dialect = sqliteDialect;
  protected readonly location: string;
  private readonly statements: StatementCache;
  private readonly session: SqlSession;
  private queue: Promise<unknown> = Promise.resolve();
  protected readonly control: TransactionControl = {
    begin: async (s) => void (await s.run('BEGIN IMMEDIATE', [])),
    commit: async (s) => void (await s.run('COMMIT', [])),
    rollback: async (s) => void (await s.run('ROLLBACK', [])),
  };

  /** Sets the connection up (pragmas) but does not migrate: call {@link migrate}, or use {@link open}. */
  constructor(db: SqliteDatabase, options: SqliteStoreOptions = {}) {
    super();
    // The busy timeout first, so that switching to WAL waits for other processes instead of failing.
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    // Switching a new file to WAL needs an exclusive lock, and SQLite does not call the busy handler for
    // it: when two processes open a new file at once, one gets SQLITE_BUSY at once. Try again for as
    // long as the busy timeout allows.
    untilNotBusy(() => db.exec('PRAGMA journal_mode = WAL'), busyTimeoutMs);
    const synchronous = options.synchronous ?? 'NORMAL';
    if (!['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(synchronous)) {
      throw new Error(`contactkit: synchronous must be OFF, NORMAL, FULL or EXTRA, not "${synchronous}"`);
    }
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    db.exec(`PRAGMA cache_size = -${Math.max(64, Math.floor(options.cacheSizeKiB ?? 65536))}`);
    db.exec(
      `PRAGMA wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpointPages ?? 10000))}`,
    );
    // Savepoints keep the pages they change in a temporary journal, which SQLite otherwise spills to a
    // temporary file past 64 KiB: every multi-row write of a batch would go through the file system.
    db.exec('PRAGMA temp_store = MEMORY');
    this.statements = new StatementCache(db);
    // An in-memory (or temporary) database has no file: it neither outlives nor is shared by processes.
    const main = (db.prepare('PRAGMA database_list').all() as Array<{ name?: unknown; file?: unknown }>).find(
      (d) => d.name === 'main',
    );
    const inMemory = !main?.file;
    this.location = inMemory ? 'the in-memory SQLite database' : `SQLite file ${String(main?.file)}`;
    this.capabilities = { multiProcess: !inMemory, durable: !inMemory };
    const cache = this.statements;
    // better-sqlite3 binds an array as the statement's parameters; spreading a multi-row insert's
    // thousand-odd values into arguments instead cost a tenth of a batch. node:sqlite takes arguments.
    const arrays = typeof (db as { pragma?: unknown }).pragma === 'function';
    const args = (params: readonly unknown[]) => (arrays ? [params] : params);
    this.session = {
      all: async (text, params) => cache.get(text).all(...args(params)) as Row[],
      run: async (text, params) => {
        if (params.length === 0 && CONTROL.test(text)) {
          db.exec(text);
          return 0;
        }
        return Number(cache.get(text).run(...args(params)).changes);
      },
    };
  }

  /**
   * Makes a store and brings its schema up to date.
   *
   * @example
   * ```ts
   * const store = await SqliteStore.open(new Database(':memory:'), { synchronous: 'FULL' });
   * ```
   */
  static async open(db: SqliteDatabase, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const store = new SqliteStore(db, options);
    await store.migrate();
    return store;
  }

  override async migrate(): Promise<number[]> {
    const applied = await super.migrate();
    // A schema change invalidates prepared statements.
    if (applied.length > 0) this.statements.clear();
    return applied;
  }

  /** Forgets the prepared statements. The connection belongs to the host, which closes it. */
  override async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.statements.clear();
  }

  protected withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('SqliteStore is closed'));
    // One connection carries one transaction at a time, and `fn` is async: without this queue a second
    // transaction's statements would run inside the first's. Calls run in the order they were made.
    const run = this.queue.then(() => fn(this.session));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * `BEGIN IMMEDIATE` takes SQLite's write lock before the ledger is read, so a second process migrating
   * at the same time waits (busy timeout), then finds everything applied.
   */
  protected async migrationLock<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
    await this.control.begin(session);
    try {
      const result = await fn();
      await this.control.commit(session);
      return result;
    } catch (error) {
      await this.control.rollback(session).catch(() => undefined);
      throw error;
    }
  }
}

/** Runs `fn`, again every 10 ms while SQLite answers busy, for at most `timeoutMs`. */
function untilNotBusy(fn: () => void, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fn();
      return;
    } catch (error) {
      if (sqliteDialect.classify(error) !== 'busy' || Date.now() >= deadline) throw error;
      // A synchronous pause: the constructor cannot await, and this only happens while opening.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
