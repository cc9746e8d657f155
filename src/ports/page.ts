/** Options for a page of results, by cursor. */
export interface PageOptions {
  /** Most items to return (adapters cap it at 1000). */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; omit for the first page. */
  readonly cursor?: string;
}

/** One page of results. `nextCursor` is absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** The default and the maximum page size every adapter applies. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Clamps a requested page size to [1, MAX_PAGE_SIZE]. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}
