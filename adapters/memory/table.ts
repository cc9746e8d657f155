import { AlreadyExistsError } from '../../src/errors/errors.js';
import type { Page } from '../../src/ports/page.js';
import { pageSize } from '../../src/ports/page.js';
import {
  compareOrderValues,
  decodeCursor,
  encodeCursor,
  orderOf,
  orderValues,
  whereOf,
} from '../../src/ports/schema/query.js';
import { cellOf, columnOf, readField, type TableSpec } from '../../src/ports/schema/table-spec.js';
import type { ContactRowKey, FieldValue, OwnedTable, RowMove, TableQuery } from '../../src/ports/table.js';
import { freezeDeep } from './freeze.js';
import type { Journal, Restorable } from './journal.js';
import type { RowMap } from './row-map.js';

/**
 * One journaled map of records with an index by owning contact, as a {@link TableSpec} describes it:
 * the rows of every generic table of one workspace. Rows are kept by reference (records are immutable
 * by contract); a change is a new record, and the journal keeps the old one for a rollback.
 *
 * Keyed by a string (the spec's key field) unless given another key and map: identities are keyed by
 * type and value ({@link IdentityKeyMap}).
 */
export class MemoryRows<T extends object, K = string> implements Restorable<K> {
  /**
   * Each contact's rows, in the order they came: the index holds the rows themselves, so that listing
   * a contact's rows (intake reads every identity of the contacts a batch touches) never goes back to
   * the table. A list, not a map: intake appends on every event, and a row is replaced or moved only
   * when it changes, where finding it by reference in one contact's list is cheap.
   */
  private readonly byContact = new Map<string, T[]>();
  private readonly ownerField: string | undefined;

  constructor(
    readonly spec: TableSpec<T>,
    readonly keyOf: (row: T) => K,
    private readonly freeze = false,
    private readonly rows: RowMap<K, T> = new Map<K, T>(),
  ) {
    this.ownerField = spec.owner?.field;
  }

  has(key: K): boolean {
    return this.rows.has(key);
  }

  get(key: K): T | undefined {
    return this.rows.get(key);
  }

  get size(): number {
    return this.rows.size;
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  keysOfContact(contactId: string): K[] {
    const rows = this.byContact.get(contactId);
    return rows ? rows.map(this.keyOf) : [];
  }

  /** Appends the rows of a contact to `out` (one array for many contacts, without a copy each). */
  pushOfContact(contactId: string, out: T[]): void {
    const rows = this.byContact.get(contactId);
    if (rows) for (const row of rows) out.push(row);
  }

  ofContact(contactId: string): T[] {
    return this.byContact.get(contactId)?.slice() ?? [];
  }

  /** Stores `row` under its key, replacing what was there. */
  put(row: T, journal: Journal): void {
    if (this.freeze) freezeDeep(row);
    const key = this.keyOf(row);
    journal.record(this, key, this.write(key, row));
  }

  /**
   * Stores rows under keys no row holds, all or none: a key already held, or given twice, throws what
   * `taken(key, holder)` makes and leaves the table as it was. One pass (intake inserts thousands of
   * rows a batch), where checking first and writing after would look every key up twice.
   */
  insertNew(list: readonly T[], journal: Journal, taken: (key: K, holder: T) => Error): void {
    const added: K[] = [];
    for (const row of list) {
      const key = this.keyOf(row);
      const holder = this.rows.get(key);
      if (holder !== undefined) {
        for (const k of added) this.remove(k);
        throw taken(key, holder);
      }
      if (this.freeze) freezeDeep(row);
      this.rows.set(key, row);
      const owner = this.owner(row);
      if (owner !== undefined) this.index(owner, row);
      added.push(key);
    }
    journal.recordInserts(this, added);
  }

  delete(key: K, journal: Journal): boolean {
    const previous = this.rows.get(key);
    if (previous === undefined) return false;
    this.remove(key);
    journal.record(this, key, previous);
    return true;
  }

  restore(key: K, row: unknown): void {
    if (row === undefined) this.remove(key);
    else this.write(key, row as T);
  }

  private owner(row: T): string | undefined {
    return this.ownerField === undefined
      ? undefined
      : ((row as Record<string, unknown>)[this.ownerField] as string | undefined);
  }

  /** Writes `row` under `key`, keeping the owner index; returns the row it replaced. */
  private write(key: K, row: T): T | undefined {
    const previous = this.rows.get(key);
    const was = previous === undefined ? undefined : this.owner(previous);
    const now = this.owner(row);
    this.rows.set(key, row);
    if (was !== undefined && was === now) {
      const rows = this.byContact.get(was)!;
      rows[rows.indexOf(previous!)] = row;
      return previous;
    }
    if (was !== undefined) this.unindex(was, previous!);
    if (now !== undefined) this.index(now, row);
    return previous;
  }

  private index(contactId: string, row: T): void {
    const rows = this.byContact.get(contactId);
    if (rows) rows.push(row);
    else this.byContact.set(contactId, [row]);
  }

  private unindex(contactId: string, row: T): void {
    const rows = this.byContact.get(contactId);
    if (!rows) return;
    const at = rows.lastIndexOf(row);
    if (at >= 0) rows.splice(at, 1);
    if (rows.length === 0) this.byContact.delete(contactId);
  }

  private remove(key: K): void {
    const previous = this.rows.get(key);
    if (previous === undefined) return;
    const was = this.owner(previous);
    if (was !== undefined) this.unindex(was, previous);
    this.rows.delete(key);
  }
}

/** Whether a stored cell equals a wanted filter value (dates by time; `null` matches a missing field). */
function cellMatches(cell: unknown, wanted: FieldValue): boolean {
  if (wanted === null) return cell === undefined || cell === null;
  if (wanted instanceof Date) return cell instanceof Date && cell.getTime() === wanted.getTime();
  return cell === wanted;
}

/** The rows of `rows` matching a query's `where`. */
function matching<T extends object>(rows: Iterable<T>, spec: TableSpec<T>, where: TableQuery['where']): T[] {
  const conditions = whereOf(spec as TableSpec<unknown>, where).map(
    ([field, values]) => [columnOf(spec as TableSpec<unknown>, field), values] as const,
  );
  const out: T[] = [];
  for (const row of rows) {
    if (conditions.every(([column, values]) => values.some((v) => cellMatches(cellOf(column, row), v))))
      out.push(row);
  }
  return out;
}

/**
 * The generic table of one workspace inside one transaction: {@link OwnedTable} over {@link MemoryRows}.
 * Every row is checked before any is written, so a bad row writes nothing.
 */
export function memoryTable<T extends object>(
  rows: MemoryRows<T, string>,
  workspaceId: string,
  journal: Journal,
): OwnedTable<T> {
  const { spec } = rows;
  const owner = spec.owner?.field;
  const scrub = spec.owner?.scrub ?? [];
  const check = (list: readonly T[]) => {
    for (const row of list) spec.check(row, workspaceId);
  };

  return {
    get: async (keys) => presentOf(rows, keys),
    insert: async (list) => {
      check(list);
      rows.insertNew(list, journal, (key) => new AlreadyExistsError(spec.entity, workspaceId, key));
    },
    put: async (list) => {
      check(list);
      for (const row of list) rows.put(row, journal);
    },
    delete: async (keys) => {
      let deleted = 0;
      for (const key of new Set(keys)) if (rows.delete(key, journal)) deleted++;
      return deleted;
    },
    find: async (query: TableQuery = {}): Promise<Page<T>> => {
      const order = orderOf(spec as TableSpec<unknown>, query.order);
      const limit = pageSize(query.limit);
      const ownerWanted = owner !== undefined ? query.where?.[owner] : undefined;
      // A contact's rows come from the owner index rather than a scan of the workspace.
      const source =
        typeof ownerWanted === 'string' && Object.keys(query.where ?? {}).length === 1
          ? rows.ofContact(ownerWanted)
          : matching(rows.values(), spec, query.where);
      let sorted = source
        .map((row) => ({ row, values: orderValues(spec as TableSpec<unknown>, order, row) }))
        .sort((a, b) => compareOrderValues(order, a.values, b.values));
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor, order);
        sorted = sorted.filter((r) => compareOrderValues(order, r.values, after) > 0);
      }
      const page = sorted.slice(0, limit);
      const items = page.map((r) => r.row);
      return sorted.length > limit ? { items, nextCursor: encodeCursor(page.at(-1)!.values) } : { items };
    },
    count: async (where) => matching(rows.values(), spec, where).length,
    listByContact: async (contactId) => {
      const order = orderOf(spec as TableSpec<unknown>);
      return rows
        .ofContact(contactId)
        .map((row) => ({ row, values: orderValues(spec as TableSpec<unknown>, order, row) }))
        .sort((a, b) => compareOrderValues(order, a.values, b.values))
        .map((r) => r.row);
    },
    keysByContacts: async (ids): Promise<ContactRowKey[]> =>
      [...new Set(ids)].flatMap((contactId) =>
        rows.keysOfContact(contactId).map((key) => ({ contactId, key })),
      ),
    move: async (moves: readonly RowMove[]) => {
      let moved = 0;
      for (const { from, to, keys, scrub: clear } of moves) {
        const only = keys === undefined ? undefined : new Set(keys);
        for (const key of rows.keysOfContact(from)) {
          if (only && !only.has(key)) continue;
          const next = { ...rows.get(key)! } as Record<string, unknown>;
          if (to === null) delete next[owner!];
          else next[owner!] = to;
          if (to === null && clear) for (const field of scrub) delete next[field];
          rows.put(next as T, journal);
          moved++;
        }
      }
      return moved;
    },
    deleteByContacts: async (ids) => {
      let deleted = 0;
      for (const contactId of new Set(ids)) {
        for (const key of rows.keysOfContact(contactId)) if (rows.delete(key, journal)) deleted++;
      }
      return deleted;
    },
  };
}

/** A string-keyed {@link MemoryRows} over the rows of `spec`, keyed by its key field. */
export function memoryRows<T extends object>(spec: TableSpec<T>, freeze: boolean): MemoryRows<T, string> {
  return new MemoryRows(spec, (row) => String(readField(row, spec.key)), freeze);
}

/** The rows stored under `keys`, in order, skipping missing ones (a loop: intake asks for thousands). */
export function presentOf<T, K>(rows: { get(key: K): T | undefined }, keys: readonly K[]): T[] {
  const out: T[] = [];
  for (const key of keys) {
    const row = rows.get(key);
    if (row !== undefined) out.push(row);
  }
  return out;
}
