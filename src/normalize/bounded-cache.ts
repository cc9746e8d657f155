/**
 * Stores `value` under `key` in a cache of normalized values, emptying the cache first when it holds
 * `limit` entries. Emptying all at once keeps memory bounded with no bookkeeping per hit; the values
 * cached here (phones, names) come back soon after they are first seen, or not at all.
 */
export function setBounded<K, V>(cache: Map<K, V>, limit: number, key: K, value: V): void {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
}
