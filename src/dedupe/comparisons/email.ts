import { emailMatchKey, normalizeEmail } from '../../normalize/email.js';
import { foldText } from '../../normalize/text.js';
import { editDistance } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

function prepareEmail(raw: string): string | null {
  if (raw.length === 0) return null;
  try {
    // The provider-folded key: Gmail dots and +tags say nothing about who the person is.
    return emailMatchKey(normalizeEmail(raw).value);
  } catch {
    // A malformed address still carries evidence; compare it as typed.
    const folded = foldText(raw).replace(/\s+/g, '');
    return folded.length > 0 ? folded : null;
  }
}

/**
 * Email addresses: same address (after normalization and provider folding), same local part at
 * another domain, within two edits, different.
 *
 * @example
 * ```ts
 * emailComparison.compare('ana@x.com', 'ana@y.org', 'ana', 'ana'); // 1
 * ```
 */
export const emailComparison: Comparison = {
  levels: ['exact', 'same local part', 'within two edits', 'different'],
  prepare: prepareEmail,
  alternate: (email) => {
    const at = email.lastIndexOf('@');
    return at < 0 ? email : email.slice(0, at);
  },
  compare(a, b, altA, altB) {
    if (a === b) return 0;
    if (altA === altB && altA.length >= 3) return 1;
    if (Math.abs(a.length - b.length) <= 2 && editDistance(a, b) <= 2) return 2;
    return 3;
  },
};
