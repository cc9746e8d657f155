import type { ColumnMapping, MappedColumn } from '../map/map-columns.js';
import type { RowIssue } from './candidate.js';

/** A mapped column whose target is of kind `K`. */
export type ColumnOf<K extends MappedColumn['target']['kind']> = MappedColumn & {
  readonly target: Extract<MappedColumn['target'], { kind: K }>;
};

/**
 * The columns of a mapping whose target is of one kind, in file order.
 *
 * @example
 * ```ts
 * columnsOfKind(mapping, 'identity') // the email, phone and id columns
 * ```
 */
export function columnsOfKind<K extends MappedColumn['target']['kind']>(
  mapping: ColumnMapping,
  kind: K,
): ColumnOf<K>[] {
  return mapping.columns.filter((c): c is ColumnOf<K> => c.target.kind === kind);
}

/**
 * One row being validated: its cells, and the warnings the readers collect.
 *
 * @example
 * ```ts
 * const ctx = new RowContext(3, ['ana@x.com']);
 * ctx.warn(column, 'tags', 'x', 'tag longer than 100 characters');
 * ```
 */
export class RowContext {
  readonly warnings: RowIssue[] = [];

  constructor(
    readonly row: number,
    readonly cells: readonly string[],
  ) {}

  /** A column's cell; a ragged row's missing cells read as empty. */
  cell(column: MappedColumn): string {
    return this.cells[column.index] ?? '';
  }

  /** Records a problem that does not stop the row. */
  warn(column: MappedColumn | undefined, field: string, value: unknown, reason: string): void {
    this.warnings.push({ row: this.row, ...(column ? { column: column.header } : {}), field, value, reason });
  }
}

/**
 * An issue with its keys in RowIssueSchema's order, as parsing it would give: candidates skip that
 * parse when cheap checks prove it would pass, and must look the same.
 */
export function inSchemaOrder(issue: RowIssue): RowIssue {
  const out: RowIssue = { field: issue.field, value: issue.value, reason: issue.reason };
  if ('row' in issue) out.row = issue.row;
  if ('column' in issue) out.column = issue.column;
  return out;
}
