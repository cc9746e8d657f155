import type { Page } from './page.js';

/** A value `find` can compare a field with. */
export type FieldValue = string | number | boolean | Date | null;

/**
 * A query of one table: rows whose fields equal the given values (a list means any of them; `null`
 * means the field is missing), in one of the table's named orders, a page at a time.
 */
export interface TableQuery {
  /** Field → wanted value(s). Only fields the table's spec lists in `filters`. */
  readonly where?: Readonly<Record<string, FieldValue | readonly FieldValue[]>>;
  /** One of the spec's `orders`; default `default`. */
  readonly order?: string;
  /** Most rows to return (capped at 1000; default 100). */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** Options of a read that may hold the rows it returns. */
export interface ReadOptions {
  /**
   * Hold the rows read until the transaction ends, so that no other transaction changes them meanwhile
   * (`SELECT … FOR UPDATE` on servers; a store that runs one writer at a time needs nothing more).
   */
  readonly lock?: boolean;
}

/**
 * One stored table of records keyed by a string, inside one workspace: the shape every kind of record
 * but contacts, identities and the activity log shares. Its {@link TableSpec} says what is stored.
 *
 * @typeParam R - the record type.
 */
export interface Table<R> {
  /** The rows with these keys, in the order asked; missing keys are skipped, a repeated key repeats. */
  get(keys: readonly string[], options?: ReadOptions): Promise<R[]>;
  /**
   * Inserts rows with new keys. If a key exists, stored or earlier in the call, nothing of the call is
   * written and `AlreadyExistsError` names the first such row.
   */
  insert(rows: readonly R[]): Promise<void>;
  /** Inserts rows, or replaces the stored row of the same key; of a key repeated in the call, the last wins. */
  put(rows: readonly R[]): Promise<void>;
  /** Deletes rows by key; returns how many existed. */
  delete(keys: readonly string[]): Promise<number>;
  /** A page of the rows matching the query. */
  find(query?: TableQuery): Promise<Page<R>>;
  /** How many rows match `where`. */
  count(where?: TableQuery['where']): Promise<number>;
}

/** A row's key and the contact that owns it. */
export interface ContactRowKey {
  readonly contactId: string;
  readonly key: string;
}

/**
 * Rows of one contact going to another (a merge, an unmerge), or losing their owner (`to: null`, an
 * erasure that keeps history). With `keys`, only those rows move.
 */
export interface RowMove {
  readonly from: string;
  readonly to: string | null;
  readonly keys?: readonly string[];
  /** With `to: null`: also clear the fields the table's spec names in `owner.scrub`. */
  readonly scrub?: boolean;
}

/**
 * A table whose rows belong to a contact: they move with it in a merge, come back in an unmerge, and go
 * in an erasure.
 */
export interface OwnedTable<R> extends Table<R> {
  /** Every row of a contact, in the table's default order (a contact's rows are few; else page with `find`). */
  listByContact(contactId: string): Promise<R[]>;
  /** The keys of the rows these contacts own, with their owner, in no particular order. */
  keysByContacts(contactIds: readonly string[]): Promise<ContactRowKey[]>;
  /**
   * Applies moves, all in one call. A contact is the `from` of one move at most, and never a `to` as
   * well. Returns how many rows moved.
   */
  move(moves: readonly RowMove[]): Promise<number>;
  /** Deletes every row of these contacts; returns how many. */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
