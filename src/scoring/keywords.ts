// Accents to ignore: the combining diacritics Latin, Greek and Cyrillic letters carry, Hebrew points
// and Arabic harakat (and the tatweel, a stretching stroke). Not every mark: foldText (normalize/)
// strips all of \p{M}, which would also strip Thai and Indic vowel signs and so merge different words.
const DIACRITICS =
  /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]/g;
// Letters Unicode does not decompose into a base letter and a mark (lower case: folding lower-cases
// first), and the Greek final sigma, which lower-casing produces only at the end of a word.
const UNDECOMPOSABLE: Record<string, string> = {
  ς: 'σ',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
};
const UNDECOMPOSABLE_RE = /[ςłøđßæœþı]/g;
// Everything that is not part of a word: runs of it become one space.
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;
// Printable ASCII and ordinary white space: lower-casing is all the folding it needs.
const ASCII = /^[\t\n\r\x20-\x7e]*$/;
const ASCII_NOT_WORD = /[^a-z0-9]+/g;
// Scripts written without spaces between words, where a word boundary cannot be seen in the text.
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc]/u;
// Korean writes spaces, but particles attach to the end of a word (가격 + 이 → 가격이).
const HANGUL = /\p{Script=Hangul}/u;

/**
 * Folds text for keyword matching: compatibility forms unified (full-width `ＰＲＩＣＥ` is `price`),
 * lower case, accents removed (Latin, Greek, Cyrillic diacritics, Hebrew points, Arabic harakat), and
 * every run of characters that are not letters, digits or marks turned into one space, trimmed.
 * Letters of other scripts keep their marks (Thai and Devanagari vowel signs are part of the word).
 *
 * @example
 * ```ts
 * foldForKeywords('¿Cuánto CUESTA?') // "cuanto cuesta"
 * ```
 */
export function foldForKeywords(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase().replace(ASCII_NOT_WORD, ' ').trim();
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .replace(UNDECOMPOSABLE_RE, (c) => UNDECOMPOSABLE[c] ?? c)
    .normalize('NFC')
    .replace(NOT_WORD, ' ')
    .trim();
}

/** A phrase ready to be looked for in folded text. */
interface Phrase {
  /** As configured, for the ledger's `matched`. */
  readonly source: string;
  /** Folded, without the trailing `*`. */
  readonly folded: string;
  /** No boundary needed before it: it starts with a letter of a script written without spaces. */
  readonly freeStart: boolean;
  /** No boundary needed after it: a `*` phrase, or one ending in an unspaced script or in Hangul. */
  readonly freeEnd: boolean;
}

/**
 * Why a phrase cannot be used, or undefined when it can: it must hold a letter or digit, and a `*`
 * may only end it.
 */
export function phraseProblem(phrase: string): string | undefined {
  const body = phrase.trimEnd().endsWith('*') ? phrase.trimEnd().slice(0, -1) : phrase;
  if (body.includes('*')) return 'a * may only end a phrase (it matches any word ending)';
  if (foldForKeywords(body) === '') return 'a phrase needs at least one letter or digit';
  return undefined;
}

function compilePhrase(source: string): Phrase {
  const trimmed = source.trimEnd();
  const prefix = trimmed.endsWith('*');
  const folded = foldForKeywords(prefix ? trimmed.slice(0, -1) : trimmed);
  const first = String.fromCodePoint(folded.codePointAt(0) ?? 32);
  const last = lastCharOf(folded, folded.length);
  return {
    source,
    folded,
    freeStart: UNSPACED.test(first),
    freeEnd: prefix || UNSPACED.test(last) || HANGUL.test(last),
  };
}

/** The character (a whole code point) that ends just before `end`. */
function lastCharOf(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) return text.slice(end - 2, end);
  return text.charAt(end - 1);
}

/** Whether `phrase` occurs in `text` (both folded, text padded with a space at each end) as words. */
function occursIn(phrase: Phrase, text: string): boolean {
  const p = phrase.folded;
  for (let i = text.indexOf(p, 1); i !== -1; i = text.indexOf(p, i + 1)) {
    const end = i + p.length;
    // A neighbour in an unspaced script is a boundary too: mixed text such as 买iPhone吗.
    const startOk = phrase.freeStart || text.charCodeAt(i - 1) === 32 || UNSPACED.test(lastCharOf(text, i));
    if (!startOk) continue;
    const after = text.codePointAt(end) ?? 32;
    if (phrase.freeEnd || after === 32 || UNSPACED.test(String.fromCodePoint(after))) return true;
  }
  return false;
}

/**
 * Finds, for each list of phrases, the first of its phrases that occurs in a text. Built once per rule
 * set; a phrase used by several lists is looked for once.
 *
 * Matching is by whole words, ignoring case and accents (see {@link foldForKeywords}); punctuation and
 * spacing between a phrase's words do not matter (`e-mail` matches `e mail`). In scripts written
 * without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) no boundary can be seen, so a phrase
 * matches wherever its characters occur (`价格` in `这个价格多少`), and a neighbour in such a script
 * counts as a boundary for a phrase in another (`iphone` in `买iPhone吗`). Korean phrases need a
 * boundary before them but not after, since particles attach to words (`가격` in `가격이`). A trailing
 * `*` drops the boundary after the phrase (`pric*`). Phrases are found by plain substring search: no
 * regular expression is built from configuration, so no rule set can make matching backtrack.
 *
 * @example
 * ```ts
 * const match = createKeywordMatcher([['how much', 'precio'], ['refund*']]);
 * match('¿Cuál es el PRECIO?') // ['precio', undefined]
 * ```
 */
export function createKeywordMatcher(
  lists: readonly (readonly string[])[],
  scanChars = Number.POSITIVE_INFINITY,
): (text: string) => (string | undefined)[] {
  const unique = new Map<string, { phrase: Phrase; lists: number[] }>();
  lists.forEach((phrases, list) => {
    for (const source of phrases) {
      const phrase = compilePhrase(source);
      // A phrase with no letter or digit would match everywhere; the configuration refuses it.
      if (phrase.folded === '') continue;
      const key = `${phrase.folded}\u0000${phrase.freeStart}${phrase.freeEnd}`;
      const entry = unique.get(key) ?? { phrase, lists: [] };
      if (!entry.lists.includes(list)) entry.lists.push(list);
      unique.set(key, entry);
    }
  });
  const entries = [...unique.values()];
  return (text) => {
    const found: (string | undefined)[] = new Array(lists.length).fill(undefined);
    const scanned = text.length > scanChars ? text.slice(0, scanChars) : text;
    const folded = ` ${foldForKeywords(scanned)} `;
    if (folded.length <= 2) return found;
    for (const { phrase, lists: owners } of entries) {
      if (owners.every((l) => found[l] !== undefined) || !occursIn(phrase, folded)) continue;
      for (const l of owners) found[l] ??= phrase.source;
    }
    return found;
  };
}

/**
 * Whether a phrase occurs in a text, by the rules of {@link createKeywordMatcher}.
 *
 * @example
 * ```ts
 * matchesPhrase('cafe', 'Un CAFÉ, por favor') // true
 * matchesPhrase('cafe', 'cafeteria') // false
 * matchesPhrase('cafe*', 'cafeteria') // true
 * ```
 */
export function matchesPhrase(phrase: string, text: string): boolean {
  return createKeywordMatcher([[phrase]])(text)[0] !== undefined;
}
