import { withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

/**
 * Identifiers (social security, customer or tax numbers): exact, one typo, different. Case, spaces
 * and punctuation do not count.
 *
 * @example
 * ```ts
 * idComparison.compare('1804974', '1804947', '', ''); // 1
 * ```
 */
export const idComparison: Comparison = {
  levels: ['exact', 'one typo', 'different'],
  prepare(raw) {
    const id = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
    return id.length > 0 ? id : null;
  },
  compare(a, b) {
    if (a === b) return 0;
    return withinOneEdit(a, b) ? 1 : 2;
  },
};
