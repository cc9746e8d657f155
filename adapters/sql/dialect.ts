import type { ColumnKind } from '../../src/ports/schema/table-spec.js';
import type { Sql } from './sql.js';

/*
 * What differs between SQL databases, and nothing else: the repository layer in this folder builds
 * every statement from the table specs and asks the dialect only for these pieces (Kysely's split of
 * dialect and query compiler is the model). A new database is one object of this shape, a driver
 * session and a store class: a few hundred lines.
 */

/** One row as a driver returns it: column name → value. */
export type Row = Record<string, unknown>;

/**
 * One connection inside one transaction, as the repository layer uses it. The store makes it over its
 * driver; statements are already rendered with the dialect's placeholders.
 */
export interface SqlSession {
  /** Runs a statement that returns rows. */
  all(text: string, params: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement that returns no rows; resolves to how many rows it changed. */
  run(text: string, params: readonly unknown[]): Promise<number>;
}

/** The shape of a column a row source carries: its name and how its values are bound. */
export interface ColumnShape {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** What a driver error means to the repository layer. */
export type ErrorMeaning =
  /** A unique index refused a row. */
  | 'unique'
  /** The transaction lost a race (deadlock, serialization failure, lock wait timeout): run it again. */
  | 'conflict'
  /** Another process holds the database (SQLite's write lock): try later. */
  | 'busy';

/**
 * An expression of an upsert: `stored(c)` names column `c` of the stored row, `incoming(c)` of the row
 * the INSERT proposed.
 */
export type Assign = (stored: (column: string) => string, incoming: (column: string) => string) => string;

/** A column type of a migration, mapped to each database's own type by {@link SqlDialect.ddl}. */
export type ColumnType = ColumnKind | 'bigint';

/** One column a migration creates. */
export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** Default false. */
  readonly nullable?: boolean;
  /**
   * Most characters of a `text` column that keys or indexes use (a VARCHAR on MariaDB, byte-ordered
   * text on Postgres). Without it a text column is unbounded and never indexed.
   */
  readonly length?: number;
}

/** One index a migration creates; `workspace_id` is always its first column. */
export interface IndexDef {
  readonly name: string;
  /** Columns after `workspace_id`. */
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /**
   * An index for `DESC NULLS LAST` sorts, on a database whose ascending index read backwards gives
   * NULLs first instead (Postgres): its columns descend, NULLs last. Databases whose ascending index
   * already serves that order (SQLite, where NULLs sort first) skip it.
   */
  readonly descendingNullsLast?: boolean;
}

/** A migration step, as frozen data each dialect turns into its DDL. */
export type MigrationOp =
  | {
      readonly op: 'createTable';
      readonly table: string;
      /** Columns after `workspace_id`, which every table leads with. */
      readonly columns: readonly ColumnDef[];
      /** Primary key columns after `workspace_id`. */
      readonly primaryKey: readonly string[];
      readonly indexes?: readonly IndexDef[];
    }
  | {
      /** New nullable columns of a table, and indexes over them. */
      readonly op: 'addColumns';
      readonly table: string;
      readonly columns: readonly ColumnDef[];
      readonly indexes?: readonly IndexDef[];
    }
  | {
      /**
       * A substring-search index over text columns of a table keyed by (`workspace_id`, `id`), as the
       * database does it best (SQLite: an FTS5 trigram table kept by triggers; Postgres: pg_trgm GIN
       * indexes when the extension can be had). A dialect may do nothing: searches then scan.
       */
      readonly op: 'searchIndex';
      readonly table: string;
      readonly columns: readonly string[];
    }
  | {
      /**
       * A table made again with every column and index it has so far, for a database whose layout of
       * it should change (SQLite: a table of wide rows kept in rowid order, its search index keyed by
       * that rowid). Dialects with nothing to change do nothing.
       */
      readonly op: 'rebuildTable';
      readonly table: string;
      readonly columns: readonly ColumnDef[];
      readonly primaryKey: readonly string[];
      readonly indexes: readonly IndexDef[];
      /** The columns of its search index, when it has one. */
      readonly search?: readonly string[];
    };

/**
 * A SQL database, as the shared repository layer needs to know it. Each member says one thing that
 * differs between databases; everything else (which statements run, in what order, with what checks)
 * is written once in adapters/sql.
 */
export interface SqlDialect {
  /** Name used in messages (`sqlite`, `postgres`, `mariadb`). */
  readonly name: string;
  /** The placeholder of the n-th parameter, from 1 (`?` or `$n`). */
  placeholder(n: number): string;
  /** A table's name as statements write it (qualified by the schema where there is one). */
  table(name: string): string;
  /** A hint to read a table through one of its indexes, after `table AS alias` ('' where none is needed). */
  useIndex(index: string): string;
  /** A record value of a column kind as the driver binds it (`undefined` and `null` become NULL). */
  bind(kind: ColumnKind, value: unknown): unknown;
  /** A SELECT of text tuples bound as one list parameter: columns `columns`, one row per entry. */
  list(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): Sql;
  /** What follows `INSERT INTO t (columns)` to insert these bound rows (VALUES, or a SELECT). */
  insertRows(columns: readonly ColumnShape[], rows: readonly (readonly unknown[])[]): Sql;
  /** A SELECT of these bound rows with named, typed columns, to join in an UPDATE. */
  rows(columns: readonly ColumnShape[], rows: readonly (readonly unknown[])[]): Sql;
  /** Most rows one statement binds; a write of more is split (a power of two, so statements repeat). */
  readonly maxRows: number;
  /**
   * The clause after an INSERT that, for a row whose `key` is stored, sets each column of `set` to its
   * expression instead, only where `onlyIf` holds of the stored row, when given.
   */
  upsert(
    table: string,
    key: readonly string[],
    set: readonly (readonly [string, Assign])[],
    onlyIf?: Assign,
  ): string;
  /**
   * For a database where a failed statement ends the transaction (Postgres): this INSERT, skipping
   * rows whose key exists, as a statement returning one row with `n` (rows inserted) and, when fewer
   * than `expected`, `inserted` (a JSON array of the inserted rows' `key` values, to take back).
   * Absent: a refused INSERT is undone by the database alone and the transaction goes on.
   */
  insertSkipping?(insert: Sql, key: readonly string[], expected: number): Sql;
  /** The clause that holds the rows of `t` a SELECT reads until commit (`FOR UPDATE`), or ''. */
  readonly lockRows: string;
  /**
   * The clause that holds the rows of `t` a SELECT reads until commit and skips those another
   * transaction holds (`FOR UPDATE SKIP LOCKED`): how several webhook relays claim workspaces without
   * waiting for each other. Absent: {@link lockRows}, which waits instead (still correct, as a claim
   * checks each row again once it holds it).
   */
  readonly skipLocked?: string;
  /** Whether one transaction runs at a time, so any row read stays as read until commit (SQLite). */
  readonly serialized: boolean;
  /**
   * `DELETE` of the rows of `table AS t` matching a row of `keys AS k` on `on`, driven by the key list
   * (MariaDB: a single-table DELETE with `IN (subquery)` scans, and waits on, every row of the
   * workspace). Absent: `DELETE … WHERE (columns) IN (SELECT … FROM keys)`.
   */
  deleteJoin?(table: string, keys: Sql, on: Sql): Sql;
  /**
   * `UPDATE table AS t … SET column = expression, …` joined with `source AS v` on `on` (expressions may
   * name `t.` and `v.` columns): one statement for many rows.
   * Absent: rows are updated one statement each, which an in-process database runs in microseconds.
   */
  updateFrom?(table: string, source: Sql, on: Sql, set: readonly (readonly [string, string])[]): Sql;
  /**
   * Rows of `table AS t` for each row of `keys AS k` matching `on`: the FROM clause of a lookup, shaped
   * so the planner probes an index per key, whatever its statistics say.
   */
  probe(keys: Sql, table: string, on: Sql, index?: string): Sql;
  /** Whether statements may end with `RETURNING` (SQLite 3.35+, Postgres; not MariaDB's UPDATE). */
  readonly returning: boolean;
  /**
   * Whether a WITH may hold UPDATE … FROM and DELETE … USING with RETURNING (Postgres): a merge and an
   * erasure are then one statement each, after the lock.
   */
  readonly writableCtes?: boolean;
  /** An expression true when the JSON array in `column` holds the text `value` (an SQL expression). */
  jsonHas(column: string, value: string): string;
  /**
   * A FROM item of the text elements of the JSON array in `column`, as a column named `value`
   * (`json_each(column)`, `jsonb_array_elements_text(column) AS e(value)`).
   */
  jsonElements(column: string): string;
  /**
   * The member `member` of the object at key `key` of the JSON object in `column`, as an SQL value of
   * its type: text for `s` and `j`, a number for `n` and `d`, a boolean for `b` (bound as `bind('bool')`
   * binds), NULL when absent. `key` is bound, never spliced. With `member` omitted: the object itself,
   * NULL when absent.
   */
  jsonMember(column: string, key: string, member?: 's' | 'n' | 'b' | 'd' | 'j'): Sql;
  /** True when the JSON array at `key`.`l` of the object in `column` holds the text `value` (bound). */
  jsonMemberHas(column: string, key: string, value: string): Sql;
  /** True when the text `value` (bound) occurs in the text `expression`, exactly (no pattern). */
  contains(expression: Sql, value: string): Sql;
  /**
   * A condition that narrows `t` (the contacts table) to rows whose `search` columns may hold one of
   * the `needles`, through the search index; the exact test is made apart. Absent or undefined: no
   * index narrows the search.
   */
  searchIndex?(workspaceId: string, needles: readonly string[]): Sql | undefined;
  /**
   * How a page of a search (a free-text match every row must hold) is read, its matches counted in the
   * same statement when a first page asks for its total:
   * - `window`: `count(*) OVER ()` in the page's query, where the planner narrows by the search index
   *   first anyway (SQLite);
   * - `materialized`: the matches taken once through the search index (a `MATERIALIZED` CTE), then
   *   sorted and counted. Postgres's planner, misled by a trigram estimate, would otherwise walk the
   *   sort index over every row looking for sparse matches (0.4 s for a phone fragment at 1M contacts
   *   instead of 10 ms; 4 s with a window);
   * - absent: the page's query as any other, counted apart.
   */
  readonly searchPage?: 'window' | 'materialized';
  /** A bound number compared with columns of any numeric type (Postgres would read it as the column's). */
  number(value: number): Sql;
  /**
   * Whether JSON columns hold the very text the library wrote (SQLite, MariaDB; not Postgres's jsonb):
   * a JSON array then holds `"value"` as text when it holds a plain value, a cheap test before parsing.
   */
  readonly jsonAsWritten?: boolean;
  /** `expression direction` in an ORDER BY, with NULLs after the rest in either direction. */
  orderNullsLast(expression: string, direction: 'asc' | 'desc'): string;
  /**
   * An extra condition matching an identity row `t` to the key `k.type`, `k.value`, for a database
   * whose identity index is a hash of the two (MariaDB). Absent: the key columns are the index.
   */
  identityKey?(alias: string, type: string, value: string): string;
  /** What a driver error means, or undefined for any other error. */
  classify(error: unknown): ErrorMeaning | undefined;
  /** The DDL statements of one migration step. */
  ddl(op: MigrationOp): string[];
  /** A statement returning a row when a table of this name exists (where the store's tables live). */
  tableExists(name: string): Sql;
  /** Statements to run in a transaction before it erases personal data, and after it commits. */
  readonly erasure?: { readonly before: readonly string[]; readonly after: readonly string[] };
}
