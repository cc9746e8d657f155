import { withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

// Digits that identify a subscriber whatever the format: with or without country and trunk prefixes.
const SIGNIFICANT_DIGITS = 9;
const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$/i;

function preparePhone(raw: string): string | null {
  let digits = raw.replace(EXTENSION, '').replace(/\D/g, '');
  // "00" is the international prefix in most of the world; "+" was already dropped with the non-digits.
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 5 || /^(\d)\1+$/.test(digits)) return null;
  return digits;
}

function suffix(digits: string): string {
  return digits.length > SIGNIFICANT_DIGITS ? digits.slice(-SIGNIFICANT_DIGITS) : digits;
}

/**
 * Phone numbers, compared on their digits: same number (also when one has the country code or trunk
 * prefix and the other not: "+1 (415) 555-2671" and "415.555.2671"), one typo, different. Extensions
 * are ignored, so the switchboard and its extensions are one number.
 *
 * @example
 * ```ts
 * const a = phoneComparison.prepare('+1 (415) 555-2671')!; // "14155552671"
 * const b = phoneComparison.prepare('415.555.2671')!;
 * phoneComparison.compare(a, b, a, b); // 0
 * ```
 */
export const phoneComparison: Comparison = {
  levels: ['same number', 'one typo', 'different'],
  prepare: preparePhone,
  compare(a, b) {
    if (a === b) return 0;
    const sa = suffix(a);
    const sb = suffix(b);
    const short = sa.length < sb.length ? sa : sb;
    const long = sa.length < sb.length ? sb : sa;
    // A local number written without its area code is the same number only if long enough to tell.
    if (short.length >= 7 && long.endsWith(short)) return 0;
    if (withinOneEdit(sa, sb)) return 1;
    return 2;
  },
};
