/**
 * Freezes plain data all the way down (objects and arrays; a Date's time stays settable, which nothing
 * in contactkit does). The memory store freezes what it keeps when asked to, in test runs, so that code
 * changing a record it passed to the store or got from it fails loudly instead of changing stored data.
 */
export function freezeDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (value instanceof Date) return value;
  for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
  return value;
}
