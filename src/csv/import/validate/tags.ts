import { normalizeText } from '../../../normalize/text.js';
import { splitListCell } from './list-cell.js';

/** Longest tag a contact may carry (ContactSchema). */
export const MAX_TAG_LENGTH = 100;

/**
 * Reads the tags in one cell: `"VIP","Blog"` (Mailchimp), `vip, trial` (Shopify), `a; b`. Tags are
 * normalized text; duplicates differing only in case are dropped (the first spelling wins); tags longer
 * than 100 characters are returned apart so the caller can report them.
 *
 * @example
 * ```ts
 * parseTags('"VIP","Blog"')  // { tags: ['VIP', 'Blog'], tooLong: [] }
 * parseTags('vip, trial, VIP') // { tags: ['vip', 'trial'], tooLong: [] }
 * ```
 */
export function parseTags(cell: string): { tags: string[]; tooLong: string[] } {
  const parts = splitListCell(cell, ',;');
  const tags: string[] = [];
  const tooLong: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const tag = normalizeText(part);
    if (tag === '') continue;
    if (tag.length > MAX_TAG_LENGTH) {
      tooLong.push(tag);
      continue;
    }
    const key = tag.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return { tags, tooLong };
}
