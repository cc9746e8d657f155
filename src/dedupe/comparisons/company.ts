import type { Comparison } from './comparison.js';
import { prepareFoldedText, textLikeComparison } from './text.js';

// Legal forms and filler words that differ between two writings of one company.
const NOISE = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sl',
  'srl',
  'bv',
  'nv',
  'co',
  'corp',
  'corporation',
  'company',
  'the',
  'and',
  'ltda',
  'pty',
]);

function prepareCompany(raw: string): string | null {
  const folded = prepareFoldedText(raw.replace(/&/g, ' and '));
  if (folded === null) return null;
  const words = folded.split(' ').filter((w) => !NOISE.has(w));
  return words.length > 0 ? words.join(' ') : folded;
}

/**
 * Company names: exact (ignoring legal forms such as "Inc." or "GmbH"), very similar, sharing most
 * words, different.
 *
 * @example
 * ```ts
 * const a = companyComparison.prepare('Acme, Inc.')!;
 * const b = companyComparison.prepare('ACME')!;
 * companyComparison.compare(a, b, a, b); // 0
 * ```
 */
export const companyComparison: Comparison = textLikeComparison(prepareCompany, 0.92, 0.8);
