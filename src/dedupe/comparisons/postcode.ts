import { withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

function preparePostcode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return code.length > 0 ? code : null;
}

/**
 * Postcodes and ZIP codes: exact, one typo, same district (first three characters), different.
 *
 * @example
 * ```ts
 * postcodeComparison.compare('2119', '2191', '', ''); // 1
 * ```
 */
export const postcodeComparison: Comparison = {
  levels: ['exact', 'one typo', 'same district', 'different'],
  prepare: preparePostcode,
  compare(a, b) {
    if (a === b) return 0;
    if (withinOneEdit(a, b)) return 1;
    if (a.length >= 4 && b.length >= 4 && a.slice(0, 3) === b.slice(0, 3)) return 2;
    return 3;
  },
};
