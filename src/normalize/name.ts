import { foldText, normalizeText } from './text.js';

/** A person's name, normalized for display and folded for matching. */
export interface NormalizedName {
  /** The full name for display: white space folded, NFC; case as given unless it was all one case. */
  readonly full: string;
  readonly first?: string;
  readonly last?: string;
  /** Lower case, no accents, no punctuation: what matching compares. */
  readonly key: string;
}

// Particles that belong to the family name: "Ludwig van Beethoven" → last "van Beethoven".
const PARTICLES = new Set([
  'da',
  'de',
  'del',
  'della',
  'der',
  'di',
  'dos',
  'du',
  'la',
  'le',
  'van',
  'von',
  'y',
  'bin',
  'al',
]);

// Case mapping that never changes a character's length ('ß' → 'SS', 'İ' → 'i̇' would), so fixing the
// case of a name twice gives what fixing it once did.
const upper = (c: string) => (c.toLocaleUpperCase().length === c.length ? c.toLocaleUpperCase() : c);
const lower = (c: string) => (c.toLocaleLowerCase().length === c.length ? c.toLocaleLowerCase() : c);

function titleCaseWord(word: string): string {
  return word
    .split(/([-'’])/)
    .map((part) => {
      const [first = '', ...rest] = Array.from(part);
      return upper(first) + rest.map(lower).join('');
    })
    .join('');
}

/**
 * Fixes the case of a name typed all in upper or all in lower case (`"MARIA GARCIA"` → `"Maria Garcia"`);
 * leaves mixed case alone, since `"McDonald"` and `"van Dijk"` are deliberate.
 */
function fixCase(name: string): string {
  const hasUpper = name !== name.toLocaleLowerCase();
  const hasLower = name !== name.toLocaleUpperCase();
  if (hasUpper && hasLower) return name;
  return name
    .split(' ')
    .map((w) => (PARTICLES.has(w.toLocaleLowerCase()) ? Array.from(w).map(lower).join('') : titleCaseWord(w)))
    .join(' ');
}

/**
 * A name folded for matching: accents and punctuation removed, lower case, white space folded.
 *
 * @example
 * ```ts
 * nameKey("José O'Neil-Núñez") // "jose oneil nunez"
 * ```
 */
export function nameKey(input: string): string {
  // Folded first: a compatibility character can unfold into punctuation ("⑴" → "(1)", "⅐" → "1⁄7").
  return normalizeText(
    foldText(input)
      .replace(/['’`]/g, '')
      .replace(/[^\p{L}\p{N}\s]/gu, ' '),
  );
}

/**
 * Normalizes a person's name. Given a full name it splits first and last (particles such as `van`, `de`
 * stay with the last name); given first and last it builds the full name. Idempotent. Never throws:
 * an empty name gives an empty `full`.
 *
 * @example
 * ```ts
 * normalizeName({ full: '  maría  de la cruz ' })
 * // { full: 'María de la Cruz', first: 'María', last: 'de la Cruz', key: 'maria de la cruz' }
 * ```
 */
export function normalizeName(input: { full?: string; first?: string; last?: string }): NormalizedName {
  const parts = normalizeNameParts(input);
  return { ...parts, key: nameKey(parts.full) };
}

/**
 * {@link normalizeName} without the matching key: for storing a name, where folding it for matching
 * would be wasted work (it is three quarters of the cost).
 */
export function normalizeNameParts(input: {
  full?: string;
  first?: string;
  last?: string;
}): Omit<NormalizedName, 'key'> {
  // Stored as written (NFC): a compatibility fold (NFKC) would turn "™" into "TM" and one "ﷺ" into 18
  // letters. Matching folds full-width letters and ligatures in nameKey (foldText) instead.
  const clean = (s: string | undefined) => (s === undefined ? '' : fixCase(normalizeText(s)));
  const first = clean(input.first);
  const last = clean(input.last);
  let full = clean(input.full);
  if (!full) full = [first, last].filter(Boolean).join(' ');
  let split: { first?: string; last?: string } = {};
  if (first || last) {
    split = { ...(first ? { first } : {}), ...(last ? { last } : {}) };
  } else if (full) {
    const words = full.split(' ');
    if (words.length === 1) split = { first: words[0]! };
    else {
      let lastStart = words.length - 1;
      while (lastStart > 1 && PARTICLES.has(words[lastStart - 1]!.toLocaleLowerCase())) lastStart--;
      split = { first: words.slice(0, lastStart).join(' '), last: words.slice(lastStart).join(' ') };
    }
  }
  return { full, ...split };
}
