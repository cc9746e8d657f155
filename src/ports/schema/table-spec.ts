/*
 * The description of a stored table that every adapter shares: which record field lives in which
 * column and as what kind of value, its key, its owner, what it can be filtered on and the orders it is
 * listed in. The memory adapter keeps rows by these specs, the SQL layer builds its statements from
 * them, and migrations create the columns they name. A new kind of record is a new spec and a migration:
 * no adapter code.
 */

/** How a column's value is stored. */
export type ColumnKind = 'text' | 'int' | 'real' | 'bool' | 'date' | 'json';

/** One column and the record field it holds. */
export interface ColumnSpec {
  /** SQL column name. */
  readonly column: string;
  /** The record field it holds: a top-level name, or a dotted path into a nested object (`stats.messages`). */
  readonly field: string;
  readonly kind: ColumnKind;
  /**
   * The field is `null`, not absent, when it has no value (a `.nullable()` field of the model): a SQL
   * NULL reads back as `null`. Other columns' NULLs leave their field absent.
   */
  readonly keepsNull?: boolean;
  /**
   * The column is never NULL (the model requires the field, or the derivation always gives a value).
   * Orders and page cursors over it then skip the missing-value terms, so an index on it serves the
   * `ORDER BY` and the cursor seeks into it, instead of every page sorting the whole workspace.
   */
  readonly required?: boolean;
  /**
   * For a column computed from the record rather than holding a field of it (written, never read
   * back): how to compute it. `field` is then the name orders and filters use for it.
   */
  readonly derive?: (record: never) => unknown;
}

/** One step of a sort order. */
export interface OrderStep {
  /** The record field (a column's `field`) to sort on. */
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/**
 * A named sort order. Every order ends with the key, ascending or descending, so it is total and a
 * page cursor is exact. Rows with a missing (NULL) value in an order field sort after the others in
 * either direction.
 */
export type OrderSpec = readonly OrderStep[];

/** What a table's rows belong to. */
export interface OwnerSpec {
  /** The record field naming the owning contact (`contactId`). */
  readonly field: string;
  /** Rows can lose their owner (erasure that keeps history) and then have none. */
  readonly nullable: boolean;
  /**
   * Optional fields that could hold personal data, cleared when a row is unlinked from its erased
   * contact and kept as the workspace's history.
   */
  readonly scrub?: readonly string[];
}

/**
 * A stored table.
 *
 * @typeParam R - the record type of its rows.
 */
export interface TableSpec<R> {
  /** Table name in SQL, and the name the inspector reports it under. */
  readonly table: string;
  /** Entity name used in errors (`AlreadyExistsError('order', …)`). */
  readonly entity: string;
  /** The record field that is the row's key inside its workspace; its column is `columns[0]`. */
  readonly key: string;
  /** The contact the rows belong to, for tables whose rows move on merge and go on erasure. */
  readonly owner?: OwnerSpec;
  /** Every column but `workspace_id` and `extra`, the key's first. */
  readonly columns: readonly ColumnSpec[];
  /** Fields `find` may filter on with equality (each has a column; SQL indexes them as needed). */
  readonly filters: readonly string[];
  /** Named orders for `find`; `default` is the order of a contact's rows. */
  readonly orders: { readonly default: OrderSpec } & Readonly<Record<string, OrderSpec>>;
  /** The cheap checks every adapter runs on a row before writing it (record-checks.ts). */
  check(record: R, workspaceId: string): void;
  /** Phantom, for inference. */
  readonly _record?: R;
}

/**
 * A column spec.
 *
 * @example
 * ```ts
 * col('last_seen_at', 'stats.lastSeenAt', 'date')
 * ```
 */
export const col = (
  column: string,
  field: string,
  kind: ColumnKind,
  options: { readonly keepsNull?: boolean; readonly required?: boolean } = {},
): ColumnSpec => ({
  column,
  field,
  kind,
  ...(options.keepsNull ? { keepsNull: true } : {}),
  ...(options.required ? { required: true } : {}),
});

/**
 * A computed column (see {@link ColumnSpec.derive}).
 *
 * @example
 * ```ts
 * derived('active_at', 'activeAt', 'date', (c: ConversationSummary) => c.lastMessageAt ?? c.startedAt)
 * ```
 */
export function derived<R>(
  column: string,
  field: string,
  kind: ColumnKind,
  derive: (record: R) => unknown,
  options: { readonly required?: boolean } = {},
): ColumnSpec {
  return {
    column,
    field,
    kind,
    derive: derive as (record: never) => unknown,
    ...(options.required ? { required: true } : {}),
  };
}

/** A column's value for a record: its field's, or what it is computed from. */
export function cellOf(column: ColumnSpec, record: object): unknown {
  return column.derive ? (column.derive as (r: object) => unknown)(record) : readField(record, column.field);
}

const PATHS = new Map<string, string[]>();

/** The value at a dotted path of a record, or undefined. */
export function readField(record: object, path: string): unknown {
  if (!path.includes('.')) return (record as Record<string, unknown>)[path];
  let parts = PATHS.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    // Paths are the specs' and filters' fields, a few dozen: kept so each read does not split again.
    if (PATHS.size < 1000) PATHS.set(path, parts);
  }
  let value: unknown = record;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/** The top-level record fields a spec's columns cover (the first segment of each path). */
export function coveredFields(spec: TableSpec<unknown>): ReadonlySet<string> {
  return new Set([
    'workspaceId',
    ...spec.columns.filter((c) => !c.derive).map((c) => c.field.split('.')[0]!),
  ]);
}

/** The column a record field (or computed field) is stored in. */
export function columnOf(spec: TableSpec<unknown>, field: string): ColumnSpec {
  const column = spec.columns.find((c) => c.field === field);
  if (!column) throw new Error(`contactkit: ${spec.table} has no column for "${field}"`);
  return column;
}
