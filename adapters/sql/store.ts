import { TransactionConflictError } from '../../src/errors/errors.js';
import { TABLES } from '../../src/ports/schema/tables.js';
import type { ContactStore, StoreCapabilities, WorkspaceTransaction } from '../../src/ports/store.js';
import type { WorkerLeases } from '../../src/ports/worker-leases.js';
import { TableCodec } from './codec.js';
import { SqlContext } from './context.js';
import type { SqlDialect, SqlSession } from './dialect.js';
import { sqlLeases } from './leases.js';
import { applyMigrations } from './migrations.js';
import { raw, sql } from './sql.js';
import { SqlTransaction } from './transaction.js';

/** How errors of store-wide transactions name their scope. */
const ALL_WORKSPACES = '(all workspaces)';

/** How a store runs one transaction on its driver: what the dialect's store class provides. */
export interface TransactionControl {
  /** Starts a transaction on the session. */
  begin(session: SqlSession): Promise<void>;
  commit(session: SqlSession): Promise<void>;
  rollback(session: SqlSession): Promise<void>;
}

/**
 * The store every SQL dialect shares: transactions over the repository layer, the inspector and dump
 * the conformance suite reads, and migrations. A dialect's store says how to lease a session from its
 * driver and how to begin, commit and roll back on it.
 */
export abstract class SqlStore implements ContactStore {
  abstract readonly capabilities: StoreCapabilities;
  protected abstract readonly dialect: SqlDialect;
  protected closed = false;
  private workerLeases: WorkerLeases | undefined;

  /** Runs `fn` on one session of the driver (a leased or queued connection). */
  protected abstract withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  protected abstract readonly control: TransactionControl;
  /** Runs `fn` with the migration lock held on the session (and whatever transaction DDL allows). */
  protected abstract migrationLock<T>(session: SqlSession, fn: () => Promise<T>): Promise<T>;
  /** Where the tables live, for messages. */
  protected abstract readonly location: string;

  /**
   * Applies the migrations this version has and the database lacks; returns their versions.
   * Idempotent, and safe when several processes run it at once.
   *
   * @example
   * ```ts
   * await store.migrate(); // [1] the first time, [] after
   * ```
   */
  async migrate(): Promise<number[]> {
    return this.withSession((session) =>
      this.migrationLock(session, () => applyMigrations(this.dialect, session, this.location)),
    );
  }

  async transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`contactkit: the ${this.dialect.name} store is closed`);
    const erasure = this.dialect.erasure;
    let erased = false;
    const result = await this.withSession(async (session) => {
      try {
        await this.control.begin(session);
      } catch (error) {
        throw this.translate(error, workspaceId);
      }
      try {
        const tx = new SqlTransaction(new SqlContext(this.dialect, session, workspaceId));
        const value = await fn(tx);
        await this.control.commit(session);
        erased = tx.erased;
        if (erased && erasure) for (const statement of erasure.after) await session.run(statement, []);
        return value;
      } catch (error) {
        try {
          await this.control.rollback(session);
        } catch {
          // The database already ended the transaction (a deadlock victim, a full disk); the error
          // that matters is the one that got here.
        }
        throw this.translate(error, workspaceId);
      }
    });
    return result;
  }

  /**
   * Store-wide leases for background workers (the webhook relay): see `WorkerLeases`. Each call is
   * one short transaction of its own.
   */
  get leases(): WorkerLeases {
    this.workerLeases ??= sqlLeases(this.dialect, (fn) => this.storeTransaction(fn));
    return this.workerLeases;
  }

  /** Runs `fn` in one transaction that no workspace scopes: the store-wide reads and writes of leases. */
  protected async storeTransaction<T>(fn: (ctx: SqlContext) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`contactkit: the ${this.dialect.name} store is closed`);
    return this.withSession(async (session) => {
      try {
        await this.control.begin(session);
      } catch (error) {
        throw this.translate(error, ALL_WORKSPACES);
      }
      try {
        const value = await fn(new SqlContext(this.dialect, session, ALL_WORKSPACES));
        await this.control.commit(session);
        return value;
      } catch (error) {
        try {
          await this.control.rollback(session);
        } catch {
          // As in `transaction`: the error that matters is the one that got here.
        }
        throw this.translate(error, ALL_WORKSPACES);
      }
    });
  }

  /** A driver error that means "lost a race" or "busy", as the retryable error the service knows. */
  protected translate(error: unknown, workspaceId: string): unknown {
    const meaning = this.dialect.classify(error);
    if (meaning === 'conflict' || meaning === 'busy' || meaning === 'unique') {
      const reason =
        meaning === 'busy'
          ? 'database is busy'
          : meaning === 'unique'
            ? 'a row was written by another transaction meanwhile'
            : 'lost a race with another transaction';
      return new TransactionConflictError(workspaceId, reason, { cause: error });
    }
    return error;
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
    const entries = Object.entries(TABLES);
    // Aliases n0, n1, …: unquoted names fold to lower case on some databases.
    const counts = entries.map(
      ([, spec], i) =>
        sql`(SELECT count(*) FROM ${raw(this.dialect.table(spec.table))} WHERE workspace_id = ${workspaceId}) AS ${raw(
          `n${i}`,
        )}`,
    );
    const [row] = await this.withSession((session) =>
      new SqlContext(this.dialect, session, workspaceId).all(sql`SELECT ${joinSql(counts)}`),
    );
    return Object.fromEntries(entries.map(([name], i) => [name, Number(row?.[`n${i}`] ?? 0)]));
  }

  /**
   * Every stored row of one workspace, per table, decoded: lets tests search what is stored for a value
   * (the conformance suite's `dump`).
   *
   * @example
   * ```ts
   * const rows = await store.dump('ws_1');
   * ```
   */
  async dump(workspaceId: string): Promise<Record<string, unknown[]>> {
    return this.withSession(async (session) => {
      const out: Record<string, unknown[]> = {};
      for (const [name, spec] of Object.entries(TABLES)) {
        const codec = new TableCodec(spec as never, this.dialect);
        const { text, params } = renderFor(this.dialect, codec, workspaceId);
        out[name] = (await session.all(text, params)).map((row) => codec.decode(row));
      }
      return out;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function joinSql(items: ReturnType<typeof sql>[]) {
  return items.reduce((all, item, i) => (i === 0 ? item : sql`${all}, ${item}`));
}

function renderFor(dialect: SqlDialect, codec: TableCodec<unknown>, workspaceId: string) {
  return {
    text: `SELECT ${codec.select} FROM ${codec.table} AS t WHERE t.workspace_id = ${dialect.placeholder(1)}`,
    params: [workspaceId],
  };
}
