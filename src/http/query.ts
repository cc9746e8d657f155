import { z } from 'zod';
import { MAX_PAGE_SIZE, type Page } from '../ports/page.js';

/**
 * The query string as an object for a schema to parse: a parameter given once is a string, given more
 * than once an array of strings, in order (`?status=pending&status=approved`).
 */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    // defineProperty: a parameter named __proto__ stays a plain key.
    Object.defineProperty(out, key, {
      value: values.length === 1 ? values[0]! : values,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A yes/no query parameter: `true`, `false`, `1` or `0`. */
export const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** An integer query parameter, within bounds. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A parameter that may be given once or repeated: always an array once parsed. */
export const queryList = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** `limit` and `cursor`, for every paged list. */
export const PageQuerySchema = z.object({
  /** Most items in the page (default 50 for queues, 100 elsewhere; at most 1,000). */
  limit: queryInt(1, MAX_PAGE_SIZE).optional(),
  /** The `nextCursor` of the previous page; omit for the first page. */
  cursor: z.string().min(1).max(2000).optional(),
});

/**
 * A page as the API writes it: `data`, the items; `nextCursor`, what to pass as `cursor` for the next
 * page, `null` on the last one.
 */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** A service's page as the API writes it. */
export function pageBody<T>(page: Page<T>): { data: T[]; nextCursor: string | null } {
  return { data: page.items, nextCursor: page.nextCursor ?? null };
}

/** A whole list as one last page, for lists the services return unpaged. */
export function listBody<T>(items: readonly T[]): { data: readonly T[]; nextCursor: null } {
  return { data: items, nextCursor: null };
}

/**
 * The same object without its undefined members: parsed query parameters as options the services take
 * (which say "absent", never "undefined").
 *
 * @example
 * ```ts
 * defined({ limit: 10, cursor: undefined }) // { limit: 10 }
 * ```
 */
export function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
