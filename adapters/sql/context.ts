import { TransactionConflictError } from '../../src/errors/errors.js';
import type { TableSpec } from '../../src/ports/schema/table-spec.js';
import { TableCodec } from './codec.js';
import type { Assign, Row, SqlDialect, SqlSession } from './dialect.js';
import { raw, render, type Sql, sql } from './sql.js';

/** `n` rows as statement sizes: powers of two, largest first, none above `max` (statements repeat). */
export function chunkSizes(n: number, max: number): number[] {
  if (n === 0) return [];
  if (!Number.isFinite(max)) return [n];
  const sizes: number[] = [];
  let left = n;
  while (left >= max) {
    sizes.push(max);
    left -= max;
  }
  for (let size = max / 2; size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/** Sorts strings by code unit, as JavaScript and the memory adapter do. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What every repository of one transaction shares: the dialect, the session, the workspace, and the
 * few ways statements are run (rendered, in savepoints, in chunks).
 */
export class SqlContext {
  private readonly codecs = new Map<TableSpec<never>, TableCodec<never>>();
  private savepoints = 0;

  constructor(
    readonly dialect: SqlDialect,
    readonly session: SqlSession,
    readonly workspaceId: string,
  ) {}

  /** The codec of a table (built once per transaction). */
  codec<R>(spec: TableSpec<R>): TableCodec<R> {
    let codec = this.codecs.get(spec as TableSpec<never>);
    if (!codec) {
      codec = new TableCodec(spec as TableSpec<never>, this.dialect);
      this.codecs.set(spec as TableSpec<never>, codec);
    }
    return codec as unknown as TableCodec<R>;
  }

  all(query: Sql): Promise<Row[]> {
    const { text, params } = render(query, this.dialect.placeholder);
    return this.session.all(text, params);
  }

  run(query: Sql): Promise<number> {
    const { text, params } = render(query, this.dialect.placeholder);
    return this.session.run(text, params);
  }

  /** A SELECT of one text column `k` from a bound list. */
  keys(values: readonly string[]): Sql {
    return this.dialect.list(
      ['k'],
      values.map((v) => [v]),
    );
  }

  /** `t.workspace_id = <ws>`. */
  get inWorkspace(): Sql {
    return sql`t.workspace_id = ${this.workspaceId}`;
  }

  /** The lock clause when `lock` (else ''). */
  lockIf(lock: boolean | undefined): Sql {
    return raw(lock && this.dialect.lockRows ? ` ${this.dialect.lockRows}` : '');
  }

  /** Runs `fn` in a savepoint: undone if it throws, and the error rethrown. */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `contactkit_${++this.savepoints}`;
    await this.run(raw(`SAVEPOINT ${name}`));
    try {
      const result = await fn();
      await this.run(raw(`RELEASE SAVEPOINT ${name}`));
      return result;
    } catch (error) {
      await this.run(raw(`ROLLBACK TO SAVEPOINT ${name}`));
      await this.run(raw(`RELEASE SAVEPOINT ${name}`));
      throw error;
    }
  }

  /** An error for a state another transaction changed between two statements: run it all again. */
  raced(what: string): TransactionConflictError {
    return new TransactionConflictError(this.workspaceId, `${what} changed meanwhile`);
  }

  /**
   * Inserts rows whose keys must be new, all or none. Resolves to true when every row went in, false
   * when a key exists (nothing of the call is then left written).
   */
  async insertNew<R>(codec: TableCodec<R>, records: readonly R[], keyColumns: readonly string[]) {
    const { dialect } = this;
    const ordered = dialect.serialized
      ? records
      : [...records].sort((a, b) => byText(codec.keyOf(a), codec.keyOf(b)));
    const head = raw(`INSERT INTO ${codec.table} (${codec.names.join(', ')}) `);
    if (dialect.insertSkipping) {
      const insert = sql`${head}${dialect.insertRows(
        codec.shapes,
        ordered.map((r) => codec.row(this.workspaceId, r)),
      )}`;
      const [row] = await this.all(dialect.insertSkipping(insert, keyColumns, ordered.length));
      if (Number(row?.n) === ordered.length) return true;
      const inserted = (typeof row?.inserted === 'string' ? JSON.parse(row.inserted) : row?.inserted) as
        | string[][]
        | null;
      if (inserted && inserted.length > 0) await this.deleteTuples(codec.table, keyColumns, inserted);
      return false;
    }
    const sizes = chunkSizes(ordered.length, dialect.maxRows);
    const write = async () => {
      let next = 0;
      for (const size of sizes) {
        const rows = ordered.slice(next, next + size).map((r) => codec.row(this.workspaceId, r));
        next += size;
        await this.run(sql`${head}${dialect.insertRows(codec.shapes, rows)}`);
      }
    };
    try {
      await (sizes.length > 1 ? this.savepoint(write) : write());
      return true;
    } catch (error) {
      if (dialect.classify(error) === 'unique') return false;
      throw error;
    }
  }

  /** Inserts rows or replaces the stored row of each key (the last of a repeated key wins). */
  async put<R>(codec: TableCodec<R>, records: readonly R[], onlyIf?: Assign, set?: readonly string[]) {
    const last = new Map<string, R>();
    for (const r of records) last.set(codec.keyOf(r), r);
    const ordered = [...last.entries()].sort(([a], [b]) => byText(a, b)).map(([, r]) => r);
    const columns = set ?? codec.names.filter((n) => n !== 'workspace_id' && n !== codec.key);
    const assign = columns.map(
      (c) => [c, (_: unknown, incoming: (c: string) => string) => incoming(c)] as const,
    );
    const tail = raw(` ${this.dialect.upsert(codec.table, ['workspace_id', codec.key], assign, onlyIf)}`);
    const head = raw(`INSERT INTO ${codec.table} (${codec.names.join(', ')}) `);
    let next = 0;
    for (const size of chunkSizes(ordered.length, this.dialect.maxRows)) {
      const rows = ordered.slice(next, next + size).map((r) => codec.row(this.workspaceId, r));
      next += size;
      await this.run(sql`${head}${this.dialect.insertRows(codec.shapes, rows)}${tail}`);
    }
  }

  /**
   * Deletes the workspace's rows of `table` whose `columns` equal a tuple of `keys` (a list of the
   * dialect, its columns named `c0`, `c1`, …); returns how many.
   */
  deleteMatching(table: string, columns: readonly string[], keys: Sql, extra?: string): Promise<number> {
    const names = columns.map((_, i) => `c${i}`);
    if (this.dialect.deleteJoin) {
      const on = columns.map((c, i) => `t.${c} = k.${names[i]}`).join(' AND ');
      return this.run(
        this.dialect.deleteJoin(
          table,
          keys,
          sql`t.workspace_id = ${this.workspaceId} AND ${raw(on)}${raw(extra ? ` AND ${extra}` : '')}`,
        ),
      );
    }
    return this.run(
      sql`DELETE FROM ${raw(table)} WHERE workspace_id = ${this.workspaceId} AND (${raw(columns.join(', '))}) IN (SELECT ${raw(
        names.join(', '),
      )} FROM (${keys}) AS k)`,
    );
  }

  /** A list of one text column `c0`, for {@link deleteMatching}. */
  column(values: readonly string[]): Sql {
    return this.dialect.list(
      ['c0'],
      values.map((v) => [v]),
    );
  }

  /** Deletes rows by key tuples (what a refused insert had written). */
  async deleteTuples(table: string, keyColumns: readonly string[], keys: readonly (readonly string[])[]) {
    await this.deleteMatching(
      table,
      keyColumns,
      this.dialect.list(
        keyColumns.map((_, i) => `c${i}`),
        keys,
      ),
    );
  }
}
