import { withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

// Trailing digits that identify a subscriber whatever the format, with or without country code and
// trunk prefix: "+44 7911 123456", "0044 7911 123456" and "07911 123456" end alike.
const SIGNIFICANT_DIGITS = 9;
// A local number written without its area code is the same number only if this long.
const LOCAL_DIGITS = 7;
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
 * Phone numbers, compared on their digits: the same number (the same digits, or at least 9 equal
 * national significant digits, so "+44 7911 123456", "0044 7911 123456" and "07911 123456" agree),
 * the same local number (7 or 8 trailing digits: one written without its area code), one typo,
 * different. Only a number of at least 9 digits identifies a person on its own. Extensions are
 * ignored, so a switchboard and its extensions are one
 * number.
 *
 * @example
 * ```ts
 * const a = phoneComparison.prepare('+44 7911 123456')!; // "447911123456"
 * const b = phoneComparison.prepare('07911 123456')!;
 * phoneComparison.compare(a, b, a, b); // 0
 * ```
 */
export const phoneComparison: Comparison = {
  levels: ['same number', 'same local number', 'one typo', 'different'],
  prepare: preparePhone,
  // Seven digits may be a switchboard or another region's number: the same number, but not enough to
  // say it is the same person without anything else.
  identifies: (digits) => digits.length >= SIGNIFICANT_DIGITS,
  compare(a, b) {
    if (a === b) return 0;
    const long = a.length >= SIGNIFICANT_DIGITS && b.length >= SIGNIFICANT_DIGITS;
    if (long && a.slice(-SIGNIFICANT_DIGITS) === b.slice(-SIGNIFICANT_DIGITS)) return 0;
    const sa = suffix(a);
    const sb = suffix(b);
    const [shorter, longer] = sa.length < sb.length ? [sa, sb] : [sb, sa];
    // Too few digits to be sure of the subscriber: the same local number, not the same phone.
    if (shorter.length >= LOCAL_DIGITS && longer.endsWith(shorter)) return 1;
    if (withinOneEdit(sa, sb)) return 2;
    return 3;
  },
};
