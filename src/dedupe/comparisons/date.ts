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

/** Days since 1970 of a YYYYMMDD date, or NaN. */
function dayNumber(d: string): number {
  if (d.length !== 8) return Number.NaN;
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) / 86_400_000;
}

/**
 * Dates such as birth dates: exact, one typo (or day and month swapped), within two months (a date
 * remembered or recorded a little off), two typos, within a year (a year known, the day not: "1 January"
 * stands in), different.
 *
 * @example
 * ```ts
 * dateComparison.compare('19710624', '19710524', '', ''); // 1
 * dateComparison.compare('18600918', '18600101', '', ''); // 4
 * ```
 */
export const dateComparison: Comparison = {
  levels: [
    'exact',
    'one typo or day/month swapped',
    'within two months',
    'two typos',
    'within a year',
    'different',
  ],
  prepare: prepareDate,
  compare(a, b) {
    if (a === b) return 0;
    if (withinOneEdit(a, b) || dayMonthSwapped(a, b)) return 1;
    const days = Math.abs(dayNumber(a) - dayNumber(b));
    if (days <= 62) return 2;
    if (editDistance(a, b) <= 2) return 3;
    if (days <= 366) return 4;
    return 5;
  },
};
