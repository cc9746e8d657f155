// Control characters other than tab/newline, zero-width characters and the BOM: invisible, and a common
// source of "identical" values that do not compare equal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g;
const SPACES = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;
const COMBINING_MARKS = /\p{M}+/gu;
// Letters that Unicode does not decompose into a base letter and a mark, so NFD alone keeps them
// (lower case only: folding lower-cases first).
const UNDECOMPOSABLE: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
};
// Printable ASCII words separated by single spaces: already normalized, and folding only lower-cases
// it. Most identity values (cookies, ids, emails) look like this; the test spares them the Unicode work.
const CLEAN_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const UNDECOMPOSABLE_RE = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');

/**
 * Normalizes free text for storage: NFC, invisible characters removed, runs of white space folded to
 * one space, trimmed. Idempotent. Never throws.
 *
 * @example
 * ```ts
 * normalizeText('  Ana\u00A0 María\u200B ') // "Ana María"
 * ```
 */
export function normalizeText(input: string): string {
  if (CLEAN_ASCII.test(input)) return input;
  return input.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

/**
 * Folds text for comparison and search: {@link normalizeText}, lower case, accents removed
 * (`"José Núñez"` → `"jose nunez"`). Not for storage: it loses information.
 *
 * @example
 * ```ts
 * foldText('ÉMILE  Zola') // "emile zola"
 * ```
 */
export function foldText(input: string): string {
  if (CLEAN_ASCII.test(input)) return input.toLowerCase();
  // Lower-case before mapping, so capitals that lower-case into mapped letters (ẞ → ß) are mapped too,
  // and strip marks after it, since lower-casing can add one (İ → i̇).
  const stripped = input
    .normalize('NFD')
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(UNDECOMPOSABLE_RE, (c) => UNDECOMPOSABLE[c] ?? c);
  return normalizeText(stripped);
}
