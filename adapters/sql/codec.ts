import {
  type ColumnKind,
  type ColumnSpec,
  cellOf,
  coveredFields,
  readField,
  type TableSpec,
} from '../../src/ports/schema/table-spec.js';
import type { ColumnShape, Row, SqlDialect } from './dialect.js';
import { decodeJson, encodeJson } from './tagged-json.js';

/*
 * Records to rows and back, from a table's spec: which field lives in which column, computed columns,
 * and `extra`, the JSON of any top-level field the columns do not cover (so a field added to a model
 * later round-trips instead of vanishing). Written once for every table and every dialect.
 */

/** A stored value of a column kind as the record holds it; NULL is `undefined` (the field is absent). */
export function decodeCell(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (kind) {
    case 'date':
      if (value instanceof Date) return value;
      return new Date(typeof value === 'string' && !/^-?\d+$/.test(value) ? value : Number(value));
    case 'bool':
      return value === true || value === 1 || value === 1n || value === '1' || value === 't';
    case 'int':
    case 'real':
      return Number(value);
    case 'json':
      return decodeJson(value);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** Sets `value` at a dotted path of `target`, making the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const dot = path.indexOf('.');
  if (dot < 0) {
    target[path] = value;
    return;
  }
  const head = path.slice(0, dot);
  let inner = target[head] as Record<string, unknown> | undefined;
  if (inner === undefined) {
    inner = {};
    target[head] = inner;
  }
  setPath(inner, path.slice(dot + 1), value);
}

/** The statements' view of one table: its columns, and records encoded to rows and back. */
export class TableCodec<R> {
  /** Column names: `workspace_id`, the spec's, `extra`. */
  readonly names: readonly string[];
  /** The same, with kinds, for row sources. */
  readonly shapes: readonly ColumnShape[];
  /** Stored (not computed) columns, read back into records. */
  readonly stored: readonly ColumnSpec[];
  /** `t.workspace_id, t.id, …` for a SELECT of the table as `t`. */
  readonly select: string;
  /** The key column (the first). */
  readonly key: string;
  /** The owner column, for contact-owned tables. */
  readonly owner: string | undefined;
  private readonly covered: ReadonlySet<string>;

  constructor(
    readonly spec: TableSpec<R>,
    private readonly dialect: SqlDialect,
  ) {
    this.names = ['workspace_id', ...spec.columns.map((c) => c.column), 'extra'];
    this.shapes = [
      { name: 'workspace_id', kind: 'text' },
      ...spec.columns.map((c) => ({ name: c.column, kind: c.kind })),
      { name: 'extra', kind: 'json' },
    ];
    this.stored = spec.columns.filter((c) => !c.derive);
    this.select = ['workspace_id', ...this.stored.map((c) => c.column), 'extra']
      .map((c) => `t.${c}`)
      .join(', ');
    this.key = spec.columns[0]!.column;
    this.owner = spec.owner ? spec.columns.find((c) => c.field === spec.owner!.field)?.column : undefined;
    this.covered = coveredFields(spec as TableSpec<unknown>);
  }

  /** The table's name as statements write it. */
  get table(): string {
    return this.dialect.table(this.spec.table);
  }

  /** A column's value of a record, bound. */
  cell(column: ColumnSpec, record: R): unknown {
    return this.dialect.bind(column.kind, cellOf(column, record as object));
  }

  /** The record's key, as text. */
  keyOf(record: R): string {
    return String(readField(record as object, this.spec.key));
  }

  /** `extra` of a record: its uncovered top-level fields as JSON, or null. */
  extra(record: R): string | null {
    const source = record as Record<string, unknown>;
    let extra: Record<string, unknown> | undefined;
    for (const key in source) {
      if (this.covered.has(key) || source[key] === undefined) continue;
      extra ??= {};
      extra[key] = source[key];
    }
    return extra ? encodeJson(extra) : null;
  }

  /** A record as one bound row, in {@link names} order. */
  row(workspaceId: string, record: R): unknown[] {
    const out: unknown[] = [workspaceId];
    for (const column of this.spec.columns) out.push(this.cell(column, record));
    out.push(this.extra(record));
    return out;
  }

  /** A record from a row holding the {@link select} columns. NULL columns leave their field absent. */
  decode(row: Row): R {
    const out: Record<string, unknown> = { workspaceId: row.workspace_id };
    for (const { column, field, kind, keepsNull } of this.stored) {
      const decoded = decodeCell(kind, row[column]);
      const value = decoded === undefined && keepsNull ? null : decoded;
      if (value === undefined) continue;
      if (field.includes('.')) setPath(out, field, value);
      else out[field] = value;
    }
    const extra = row.extra;
    if (extra !== null && extra !== undefined) Object.assign(out, decodeJson(extra));
    return out as R;
  }
}

/** `value` as bound JSON text (tagged dates), or null. */
export function jsonCell(value: unknown): string | null {
  return value === undefined || value === null ? null : encodeJson(value);
}
