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
// ASCII without NUL: every store keeps it as given, and it is the common case.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts after NUL on purpose.
const PLAIN_ASCII = /^[\x01-\x7f]*$/;

/** A string with ES2024's `toWellFormed` (Node ≥ 20 has it; the TypeScript lib here is ES2023). */
type WellFormed = string & { toWellFormed(): string };

/**
 * Human text as every store keeps it: NUL and a leading byte order mark (U+FEFF, which PGlite drops
 * when it reads text back) removed, each unpaired surrogate replaced by U+FFFD, NFC. Idempotent; plain
 * ASCII is returned as it is.
 *
 * @example
 * ```ts
 * storableText('Jose\u0301\u0000') // "José"
 * storableText('a\uD800b')          // "a\uFFFDb"
 * ```
 */
export function storableText(text: string): string {
  if (PLAIN_ASCII.test(text)) return text;
  let out = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  // Every leading BOM: removing one must not leave another in front (idempotent).
  while (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
  return (out as WellFormed).toWellFormed().normalize('NFC');
}

/**
 * Normalizes free text for storage: NFC, invisible characters (NUL and other controls, zero-width
 * characters) removed, unpaired surrogates replaced by U+FFFD, runs of white space folded to one space,
 * trimmed. Idempotent. Never throws.
 *
 * @example
 * ```ts
 * normalizeText('  Ana\u00A0 María\u200B ') // "Ana María"
 * ```
 */
export function normalizeText(input: string): string {
  if (CLEAN_ASCII.test(input)) return input;
  return (input as WellFormed)
    .toWellFormed()
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * Folds text for comparison and search: {@link normalizeText}, lower case, accents removed
 * (`"José Núñez"` → `"jose nunez"`), and compatibility forms folded (NFKD: full-width `"ＡＮＡ"` →
 * `"ana"`, the ligature `"ﬁ"` → `"fi"`). Not for storage: it loses information.
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
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(UNDECOMPOSABLE_RE, (c) => UNDECOMPOSABLE[c] ?? c);
  return normalizeText(stripped);
}

/**
 * The first `max` UTF-16 code units of `text`, one fewer when the cut would split a surrogate pair:
 * `slice` would leave half an emoji, which no store keeps as given (see `storableText`).
 *
 * @example
 * ```ts
 * truncateText('ab\u{1F600}', 3) // "ab"
 * ```
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
