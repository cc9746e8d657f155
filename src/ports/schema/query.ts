import { ValidationError } from '../../errors/errors.js';
import type { FieldValue, TableQuery } from '../table.js';
import { cellOf, columnOf, type OrderSpec, type TableSpec } from './table-spec.js';

/*
 * What `find` means, shared by every adapter: which fields may be filtered, how an order sorts
 * (missing values last in either direction, the key breaking ties), and the page cursor, which holds
 * the last row's order values so that the next page starts right after it even when rows were added
 * or removed meanwhile.
 */

/** An order of a spec, ending with the key so that it is total. */
export function orderOf(spec: TableSpec<unknown>, name = 'default'): OrderSpec {
  const order = Object.hasOwn(spec.orders, name) ? spec.orders[name] : undefined;
  if (!order) {
    throw new ValidationError({
      field: 'query.order',
      value: name,
      reason: `${spec.table} has no order "${name}" (${Object.keys(spec.orders).join(', ')})`,
    });
  }
  return order.some((s) => s.field === spec.key)
    ? order
    : [...order, { field: spec.key, direction: order.at(-1)?.direction ?? 'asc' }];
}

/** The checked `where` of a query: only declared filter fields. */
export function whereOf(
  spec: TableSpec<unknown>,
  where: TableQuery['where'],
): Array<[field: string, values: readonly FieldValue[]]> {
  if (!where) return [];
  const out: Array<[string, readonly FieldValue[]]> = [];
  for (const field of Object.keys(where)) {
    const owner = spec.owner?.field === field;
    if (!owner && !spec.filters.includes(field)) {
      throw new ValidationError({
        field: `query.where.${field}`,
        value: where[field],
        reason: `${spec.table} cannot be filtered on "${field}"`,
      });
    }
    const wanted = where[field];
    out.push([field, Array.isArray(wanted) ? wanted : [wanted as FieldValue]]);
  }
  return out;
}

/** A comparable form of a cell: dates as epoch ms, everything else as it is. */
function comparable(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  return value as string | number | boolean;
}

/** The values a record has for an order's fields, comparable and JSON-safe. */
export function orderValues(spec: TableSpec<unknown>, order: OrderSpec, record: object): unknown[] {
  return order.map((step) => comparable(cellOf(columnOf(spec, step.field), record)));
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Missing values sort last whatever the direction.
  if (a === null) return 1;
  if (b === null) return -1;
  return (a as number) < (b as number) ? -1 : 1;
}

/** Compares two order-value tuples under an order (missing values last). */
export function compareOrderValues(order: OrderSpec, a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < order.length; i++) {
    const nullish = a[i] === null || b[i] === null;
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return nullish || order[i]!.direction === 'asc' ? c : -c;
  }
  return 0;
}

/** A page cursor: the last row's order values, opaque to callers (base64url of their JSON). */
export function encodeCursor(values: readonly unknown[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(values));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The order values a cursor holds, checked against the order; a bad cursor is a ValidationError. */
export function decodeCursor(cursor: string, order: OrderSpec): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(decodeBase64Url(cursor));
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== order.length ||
    values.some((v) => v !== null && !['string', 'number', 'boolean'].includes(typeof v))
  ) {
    throw new ValidationError({ field: 'query.cursor', value: cursor, reason: 'not a cursor of this list' });
  }
  return values;
}
