import { clonePlain } from './clone.js';
import type { Journal } from './journal.js';

/**
 * One journaled map of records with an index by owning contact: the shape every memory repository
 * shares (identities, activities, conversations, orders, notes, flow runs, processed events, outbox).
 */
type Owned = { contactId?: string | undefined };
const owner = (row: object): string | undefined => (row as Owned).contactId;

export class Table<T extends object> {
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

  put(row: T, journal: Journal): void {
    const key = this.keyOf(row);
    const previous = this.rows.get(key);
    this.write(key, clonePlain(row));
    journal.record(() => (previous === undefined ? this.remove(key) : this.write(key, previous)));
  }

  delete(key: string, journal: Journal): boolean {
    const previous = this.rows.get(key);
    if (previous === undefined) return false;
    this.remove(key);
    journal.record(() => this.write(key, previous));
    return true;
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
        const row = this.rows.get(key)!;
        const next = { ...row } as Owned;
        if (to === undefined) delete next.contactId;
        else next.contactId = to;
        this.put(next as T, journal);
        moved++;
      }
    }
    return moved;
  }

  deleteByContacts(contactIds: readonly string[], journal: Journal): number {
    let deleted = 0;
    for (const contactId of contactIds) {
      for (const key of this.keysOfContact(contactId)) if (this.delete(key, journal)) deleted++;
    }
    return deleted;
  }

  private write(key: string, row: T): void {
    const previous = this.rows.get(key);
    const was = previous === undefined ? undefined : owner(previous);
    if (was !== undefined) this.byContact.get(was)?.delete(key);
    this.rows.set(key, row);
    const now = owner(row);
    if (now !== undefined) {
      let keys = this.byContact.get(now);
      if (!keys) {
        keys = new Set();
        this.byContact.set(now, keys);
      }
      keys.add(key);
    }
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
