/** A table the journal can put back: the one thing a rollback needs of it. */
export interface Restorable<K = string> {
  /** Sets `key` back to `row`, or removes it when `row` is undefined. */
  restore(key: K, row: unknown): void;
}

const INSERTED = Symbol('inserted');

/**
 * The undo log of one transaction: every write records what it replaced, and a rollback puts those
 * back, newest first. This is what makes memory transactions all-or-nothing without copying the store.
 * Entries are three flat slots rather than a closure each: intake writes several rows per event.
 */
export class Journal {
  private readonly entries: unknown[] = [];

  record<K>(table: Restorable<K>, key: K, previous: unknown): void {
    this.entries.push(table, key, previous);
  }

  /** Records rows written under keys nobody held: one entry for them all, which a rollback removes. */
  recordInserts<K>(table: Restorable<K>, keys: readonly K[]): void {
    this.entries.push(table, keys, INSERTED);
  }

  rollback(): void {
    const e = this.entries;
    for (let i = e.length - 3; i >= 0; i -= 3) {
      const table = e[i] as Restorable<unknown>;
      if (e[i + 2] === INSERTED) for (const key of e[i + 1] as unknown[]) table.restore(key, undefined);
      else table.restore(e[i + 1], e[i + 2]);
    }
    e.length = 0;
  }
}
