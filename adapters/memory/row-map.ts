import type { IdentityKey } from '../../src/model/identity.js';

/** The primary map of a {@link MemoryRows}: rows by key. `Map` is one. */
export interface RowMap<K, T> {
  get(key: K): T | undefined;
  has(key: K): boolean;
  set(key: K, row: T): unknown;
  delete(key: K): boolean;
  values(): IterableIterator<T>;
  readonly size: number;
}

/**
 * Rows keyed by an identity's type and value, one map inside another. A flat map would need a
 * `type:value` string built for every look-up, and a new string is hashed anew each time; intake looks
 * up every claim of every event, so keeping the parts apart hashes each value once, in the claim that
 * carries it.
 */
export class IdentityKeyMap<T> implements RowMap<IdentityKey, T> {
  private readonly byType = new Map<string, Map<string, T>>();
  private count = 0;

  get(key: IdentityKey): T | undefined {
    return this.byType.get(key.type)?.get(key.value);
  }

  has(key: IdentityKey): boolean {
    return this.byType.get(key.type)?.has(key.value) ?? false;
  }

  set(key: IdentityKey, row: T): this {
    let values = this.byType.get(key.type);
    if (values === undefined) {
      values = new Map();
      this.byType.set(key.type, values);
    }
    const before = values.size;
    values.set(key.value, row);
    this.count += values.size - before;
    return this;
  }

  delete(key: IdentityKey): boolean {
    const values = this.byType.get(key.type);
    if (values === undefined || !values.delete(key.value)) return false;
    this.count--;
    return true;
  }

  *values(): IterableIterator<T> {
    for (const values of this.byType.values()) yield* values.values();
  }

  get size(): number {
    return this.count;
  }
}
