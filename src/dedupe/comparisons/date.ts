import { editDistance, withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/;

function prepareDate(raw: string): string | null {
  const iso = ISO.exec(raw);
  if (iso) return `${iso[1]}${iso[2]!.padStart(2, '0')}${iso[3]!.padStart(2, '0')}`;
  // Other orders (DD/MM/YYYY, YYYYMMDD) are compared as written: both sides of a column share one.
  const digits = raw.replace(/\D/g, '');
  return digits.length >= 4 ? digits : null;
}

/** Day and month swapped (US against European order), in YYYYMMDD. */
function dayMonthSwapped(a: string, b: string): boolean {
  return (
    a.length === 8 &&
    b.length === 8 &&
    a.slice(0, 4) === b.slice(0, 4) &&
    a.slice(4, 6) === b.slice(6, 8) &&
    a.slice(6, 8) === b.slice(4, 6)
  );
}

/**
 * Dates such as birth dates: exact, one typo (or day and month swapped), two typos, different.
 *
 * @example
 * ```ts
 * dateComparison.compare('19710624', '19710524', '', ''); // 1
 * ```
 */
export const dateComparison: Comparison = {
  levels: ['exact', 'one typo or day/month swapped', 'two typos', 'different'],
  prepare: prepareDate,
  compare(a, b) {
    if (a === b) return 0;
    if (withinOneEdit(a, b) || dayMonthSwapped(a, b)) return 1;
    if (editDistance(a, b) <= 2) return 2;
    return 3;
  },
};
