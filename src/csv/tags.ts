import { normalizeText } from '../normalize/text.js';

/** Longest tag a contact may carry (ContactSchema). */
export const MAX_TAG_LENGTH = 100;

/** Splits a cell on commas outside double quotes: Mailchimp writes `"VIP","Blog"`. */
function splitQuoted(cell: string): string[] {
  const out: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '"') {
      if (inQuotes && cell[i + 1] === '"') {
        current += '"';
        i++;
      } else inQuotes = !inQuotes;
    } else if (!inQuotes && (c === ',' || c === ';')) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

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
  const parts = cell.includes('"') ? splitQuoted(cell) : cell.split(/[,;]/);
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
