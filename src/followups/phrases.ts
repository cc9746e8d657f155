import { z } from 'zod';
import { foldText } from '../normalize/text.js';

/** How much of a message phrase rules read: enough for any chat message, bounded for pasted documents. */
export const MAX_SCANNED_CHARS = 5000;
/** Most words a phrase may have. */
export const MAX_PHRASE_WORDS = 8;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Splits text into folded words (lower case, accents removed, punctuation dropped), reading at most
 * {@link MAX_SCANNED_CHARS} characters. `"¿Cuánto CUESTA?"` → `["cuanto", "cuesta"]`.
 *
 * @example
 * ```ts
 * words("I'll get back to you") // ['i', 'll', 'get', 'back', 'to', 'you']
 * ```
 */
export function words(text: string): string[] {
  const folded = foldText(text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text);
  const out: string[] = [];
  let start = -1;
  // A hand-rolled scan: a Unicode-aware split costs several times more, and intake runs this on every
  // message. ASCII letters and digits are decided by code; anything else by the Unicode classes.
  for (let i = 0; i <= folded.length; i++) {
    const code = i < folded.length ? folded.charCodeAt(i) : 32;
    const wordChar =
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      (code >= 65 && code <= 90) ||
      (code > 127 && WORD_CHAR.test(folded[i] as string));
    if (wordChar) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(folded.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/**
 * A keyword or phrase in a rule: matched on whole words, without regard to case or accents (`"how
 * much"` matches "How MUCH is it?" but not "showmuch"). A trailing `*` matches any word that starts
 * with the last word (`"pric*"` matches price, prices, pricing).
 */
export const PhraseSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((p) => words(p.replace(/\*$/, '')).length > 0, 'expected at least one letter or digit')
  .refine((p) => words(p.replace(/\*$/, '')).length <= MAX_PHRASE_WORDS, `at most ${MAX_PHRASE_WORDS} words`);

interface CompiledPhrase<T> {
  readonly words: readonly string[];
  /** The last word matches as a prefix. */
  readonly prefix: boolean;
  readonly value: T;
}

/** A set of phrases compiled for matching, each standing for a value (a rule, an intent…). */
export interface PhraseMatcher<T> {
  readonly byFirstWord: ReadonlyMap<string, readonly CompiledPhrase<T>[]>;
  /** One-word prefix phrases: they cannot be looked up by their first word. */
  readonly prefixes: readonly CompiledPhrase<T>[];
}

/**
 * Compiles phrases for {@link matchPhrases}. Entries whose phrase has no word are skipped (the schemas
 * refuse them before they get here).
 *
 * @example
 * ```ts
 * const matcher = compilePhrases([['how much', 'pricing'], ['book a', 'booking']]);
 * ```
 */
export function compilePhrases<T>(entries: Iterable<readonly [string, T]>): PhraseMatcher<T> {
  const byFirstWord = new Map<string, CompiledPhrase<T>[]>();
  const prefixes: CompiledPhrase<T>[] = [];
  for (const [phrase, value] of entries) {
    const prefix = phrase.trimEnd().endsWith('*');
    const ws = words(prefix ? phrase.trimEnd().slice(0, -1) : phrase).slice(0, MAX_PHRASE_WORDS);
    const first = ws[0];
    if (first === undefined) continue;
    const compiled = { words: ws, prefix, value };
    if (prefix && ws.length === 1) prefixes.push(compiled);
    else {
      const list = byFirstWord.get(first);
      if (list) list.push(compiled);
      else byFirstWord.set(first, [compiled]);
    }
  }
  return { byFirstWord, prefixes };
}

function matchesAt<T>(phrase: CompiledPhrase<T>, text: readonly string[], at: number): boolean {
  const n = phrase.words.length;
  if (at + n > text.length) return false;
  for (let i = 0; i < n; i++) {
    const word = text[at + i] as string;
    const want = phrase.words[i] as string;
    const last = i === n - 1;
    if (last && phrase.prefix ? !word.startsWith(want) : word !== want) return false;
  }
  return true;
}

/**
 * Calls `found` with the value of every phrase found in `text` (as {@link words}), once per place it
 * is found, in text order.
 *
 * @example
 * ```ts
 * forEachPhrase(compilePhrases([['how much', 'pricing']]), words('How MUCH is it?'), console.log) // 'pricing'
 * ```
 */
export function forEachPhrase<T>(
  matcher: PhraseMatcher<T>,
  text: readonly string[],
  found: (value: T) => void,
): void {
  for (let at = 0; at < text.length; at++) {
    const word = text[at] as string;
    const candidates = matcher.byFirstWord.get(word);
    if (candidates) for (const phrase of candidates) if (matchesAt(phrase, text, at)) found(phrase.value);
    for (const phrase of matcher.prefixes)
      if (word.startsWith(phrase.words[0] as string)) found(phrase.value);
  }
}

/**
 * The values of every phrase found in `text` (as {@link words}), in no particular order.
 *
 * @example
 * ```ts
 * matchPhrases(compilePhrases([['how much', 'pricing']]), words('How MUCH is it?')) // Set { 'pricing' }
 * ```
 */
export function matchPhrases<T>(matcher: PhraseMatcher<T>, text: readonly string[]): Set<T> {
  const found = new Set<T>();
  forEachPhrase(matcher, text, (value) => found.add(value));
  return found;
}

/**
 * Memoizes a compiled form per settings object: settings are parsed once and reused across many
 * messages, and compiling them on every call would cost more than matching.
 */
export function memoize<K extends object, V>(compile: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compile(key);
      cache.set(key, value);
    }
    return value;
  };
}
