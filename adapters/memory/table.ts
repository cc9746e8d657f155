import { clonePlain } from './clone.js';
import type { Journal, Restorable } from './journal.js';

/**
 * One journaled map of records with an index by owning contact: the shape every memory repository
 * shares (identities, activities, conversations, orders, notes, flow runs, processed events, outbox).
 */
type Owned = { contactId?: string | undefined };
const owner = (row: object): string | undefined => (row as Owned).contactId;

export class Table<T extends object> implements Restorable {
  private readonly rows = new Map<string, T>();
  private readonly byContact = new Map<string, Set<string>>();

  constructor(readonly keyOf: (row: T) => string) {}

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** The stored row itself (not a copy): for the repositories' own reads. */
  peek(key: string): T | undefined {
    return this.rows.get(key);
  }

  get(key: string): T | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : clonePlain(row);
  }

  get size(): number {
    return this.rows.size;
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  keysOfContact(contactId: string): string[] {
    return [...(this.byContact.get(contactId) ?? [])];
  }

  listByContact(contactId: string): T[] {
    return this.keysOfContact(contactId).map((k) => clonePlain(this.rows.get(k)!));
  }

  /** Stores a copy of `row`, replacing the row of its key. */
  put(row: T, journal: Journal): void {
    this.adopt(clonePlain(row), journal);
  }

  /** Stores `row` itself: for a private copy the repository just made, which nobody else holds. */
  adopt(row: T, journal: Journal): void {
    const key = this.keyOf(row);
    journal.record(this, key, this.write(key, row));
  }

  delete(key: string, journal: Journal): boolean {
    const previous = this.rows.get(key);
    if (previous === undefined) return false;
    this.remove(key);
    journal.record(this, key, previous);
    return true;
  }

  restore(key: string, row: unknown): void {
    if (row === undefined) this.remove(key);
    else this.write(key, row as T);
  }

  /** Gives the rows of `from` (or only `keys` of them) to `to`; `to: undefined` unlinks them. */
  moveOwner(
    from: readonly string[],
    to: string | undefined,
    journal: Journal,
    keys?: readonly string[],
  ): number {
    const only = keys === undefined ? undefined : new Set(keys);
    let moved = 0;
    for (const contactId of from) {
      for (const key of this.keysOfContact(contactId)) {
        if (only && !only.has(key)) continue;
        const next = clonePlain(this.rows.get(key)!) as Owned;
        if (to === undefined) delete next.contactId;
        else next.contactId = to;
        this.adopt(next as T, journal);
        moved++;
      }
    }
    return moved;
  }

  /** Gives each move's `from` rows to its `to`; returns how many rows moved. */
  moveOwners(moves: ReadonlyArray<{ from: string; to: string }>, journal: Journal): number {
    let moved = 0;
    for (const { from, to } of moves) moved += this.moveOwner([from], to, journal);
    return moved;
  }

  deleteByContacts(contactIds: readonly string[], journal: Journal): number {
    let deleted = 0;
    for (const contactId of contactIds) {
      for (const key of this.keysOfContact(contactId)) if (this.delete(key, journal)) deleted++;
    }
    return deleted;
  }

  /** Writes `row` under `key`, keeping the owner index; returns the row it replaced. */
  private write(key: string, row: T): T | undefined {
    const previous = this.rows.get(key);
    const was = previous === undefined ? undefined : owner(previous);
    const now = owner(row);
    this.rows.set(key, row);
    if (was === now) return previous;
    if (was !== undefined) this.byContact.get(was)?.delete(key);
    if (now !== undefined) {
      let keys = this.byContact.get(now);
      if (!keys) {
        keys = new Set();
        this.byContact.set(now, keys);
      }
      keys.add(key);
    }
    return previous;
  }

  private remove(key: string): void {
    const previous = this.rows.get(key);
    if (previous === undefined) return;
    const was = owner(previous);
    if (was !== undefined) {
      const keys = this.byContact.get(was);
      keys?.delete(key);
      if (keys?.size === 0) this.byContact.delete(was);
    }
    this.rows.delete(key);
  }
}
