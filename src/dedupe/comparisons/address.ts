import type { Comparison } from './comparison.js';
import { prepareFoldedText, textLikeComparison } from './text.js';

// Street words written many ways, folded to one, so "435 S. La Cienega Blvd." equals "435 s la cienega boulevard".
const ABBREVIATIONS: Record<string, string> = {
  street: 'st',
  str: 'st',
  avenue: 'ave',
  av: 'ave',
  road: 'rd',
  boulevard: 'blvd',
  blv: 'blvd',
  drive: 'dr',
  lane: 'ln',
  place: 'pl',
  court: 'ct',
  crescent: 'cres',
  terrace: 'tce',
  highway: 'hwy',
  parkway: 'pkwy',
  square: 'sq',
  circuit: 'cct',
  close: 'cl',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  apartment: 'apt',
  suite: 'ste',
  floor: 'fl',
};

function prepareAddress(raw: string): string | null {
  const folded = prepareFoldedText(raw);
  if (folded === null) return null;
  return folded
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ');
}

/**
 * Street addresses: exact (after folding abbreviations), very similar, sharing most words, different.
 *
 * @example
 * ```ts
 * const a = addressComparison.prepare('435 S. La Cienega Blvd.')!;
 * const b = addressComparison.prepare('435 south la cienega boulevard')!;
 * addressComparison.compare(a, b, a, b); // 0
 * ```
 */
export const addressComparison: Comparison = textLikeComparison(prepareAddress, 0.92, 0.8);
