import { foldText } from '../../normalize/text.js';
import { jaroWinkler, sortedTokenJaccard, sortedTokens, withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

/**
 * Folds text for comparison: lower case, no accents, punctuation as spaces.
 *
 * @example
 * ```ts
 * prepareFoldedText("  Café O'Neil-Núñez "); // "cafe oneil nunez"
 * ```
 */
export function prepareFoldedText(raw: string): string | null {
  const folded = foldText(raw.replace(/['’`]/g, '').replace(/[^\p{L}\p{N}\s]/gu, ' '));
  return folded.length > 0 ? folded : null;
}

/**
 * Builds a text-like comparison: exact, very similar (same words in another order, one typo, or
 * Jaro–Winkler ≥ `close`), sharing
 * most words or Jaro–Winkler ≥ `similar`, different. `prepare` decides what "the same text" means.
 *
 * @example
 * ```ts
 * const city = textLikeComparison(prepareFoldedText, 0.9, 0.8);
 * city.compare('london', 'lonon', 'london', 'lonon'); // 1
 * ```
 */
export function textLikeComparison(
  prepare: (raw: string) => string | null,
  close: number,
  similar: number,
): Comparison {
  return {
    levels: ['exact', 'very similar', 'similar', 'different'],
    prepare,
    // The distinct words, sorted: word order and repeats do not make two texts different.
    alternate: sortedTokens,
    compare(a, b, altA, altB) {
      if (a === b) return 0;
      if (altA === altB || withinOneEdit(a, b)) return 1;
      const jw = jaroWinkler(a, b);
      if (jw >= close) return 1;
      if (jw >= similar || sortedTokenJaccard(altA, altB) >= 0.5) return 2;
      return 3;
    },
  };
}

/**
 * Free text (any other column): exact, very similar, similar, different.
 *
 * @example
 * ```ts
 * textComparison.compare('head start', 'head strat', 'head start', 'head strat'); // 1
 * ```
 */
export const textComparison: Comparison = textLikeComparison(prepareFoldedText, 0.92, 0.8);

/**
 * Cities and suburbs: exact, very similar (typos), similar, different.
 *
 * @example
 * ```ts
 * cityComparison.compare('london', 'lonon', 'london', 'lonon'); // 1
 * ```
 */
export const cityComparison: Comparison = textLikeComparison(prepareFoldedText, 0.92, 0.85);
