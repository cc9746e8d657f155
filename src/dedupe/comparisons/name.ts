import { nameKey } from '../../normalize/name.js';
import { canonicalGivenName } from '../nicknames.js';
import { isPlaceholderName } from '../placeholders.js';
import { jaroWinkler } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

function prepareName(raw: string): string | null {
  // "Visitor 22989", "Guest", an email in the name box: no name, so nothing to compare.
  if (isPlaceholderName(raw)) return null;
  const key = nameKey(raw);
  return key.length > 0 ? key : null;
}

/** Full names: words in any order, nicknames folded to the given name they stand for. */
function canonicalFullName(key: string): string {
  return key.split(' ').map(canonicalGivenName).sort().join(' ');
}

/** A single letter against a name that starts with it ("J" and "John"). */
function isInitialOf(a: string, b: string): boolean {
  return (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));
}

/**
 * Whether every word of the shorter name is in the longer one, an initial standing for a word
 * ("mark" in "lim mark", "mark l" in "mark lim"): a shortened name, not another one. Both are
 * canonical forms (nicknames folded, words sorted).
 */
function isPartOf(altA: string, altB: string): boolean {
  const a = altA.split(' ');
  const b = altB.split(' ');
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const left = [...long];
  let words = 0;
  let initials = 0;
  for (const word of short) {
    const at = left.findIndex((w) => w === word || (word.length === 1 && w.startsWith(word)));
    if (at < 0) return false;
    if (word.length > 1) words++;
    else initials++;
    left.splice(at, 1);
  }
  // Something was left out or shortened, and at least one whole word agrees.
  return words > 0 && (short.length < long.length || initials > 0);
}

/**
 * Full names ("Ana Maria Lima"): exact, same name up to word order and nicknames, Jaro–Winkler ≥ 0.92,
 * one part of the other ("Mark" and "Lim Mark", "Mark L." and "Mark Lim"), Jaro–Winkler ≥ 0.80,
 * different.
 *
 * @example
 * ```ts
 * fullNameComparison.compare('bob smith', 'robert smith', 'robert smith', 'robert smith'); // 1
 * fullNameComparison.compare('mark', 'lim mark', 'mark', 'lim mark'); // 3
 * ```
 */
export const fullNameComparison: Comparison = {
  levels: [
    'exact',
    'same name (order, nickname)',
    'very similar',
    'part of the other',
    'similar',
    'different',
  ],
  prepare: prepareName,
  alternate: canonicalFullName,
  compare(a, b, altA, altB) {
    if (a === b) return 0;
    if (altA === altB) return 1;
    const jw = jaroWinkler(a, b);
    if (jw >= 0.92) return 2;
    if (isPartOf(altA, altB)) return 3;
    if (jw >= 0.8) return 4;
    return 5;
  },
};

/**
 * Given names: exact, nickname of the same name ("Bob"/"Robert"), Jaro–Winkler ≥ 0.92, ≥ 0.80 or an
 * initial, different.
 *
 * @example
 * ```ts
 * firstNameComparison.compare('liz', 'elizabeth', 'elizabeth', 'elizabeth'); // 1
 * ```
 */
export const firstNameComparison: Comparison = {
  levels: ['exact', 'nickname', 'very similar', 'similar or initial', 'different'],
  prepare: prepareName,
  alternate: (key) => {
    const space = key.indexOf(' ');
    return canonicalGivenName(space < 0 ? key : key.slice(0, space));
  },
  compare(a, b, altA, altB) {
    if (a === b) return 0;
    if (altA === altB) return 1;
    const jw = jaroWinkler(a, b);
    if (jw >= 0.92) return 2;
    if (jw >= 0.8 || isInitialOf(a, b)) return 3;
    return 4;
  },
};

/**
 * Family names: exact, Jaro–Winkler ≥ 0.92, ≥ 0.80 or an initial ("L." for "Lim"), different.
 *
 * @example
 * ```ts
 * lastNameComparison.compare('mccarthy', 'mccarty', 'mccarthy', 'mccarty'); // 1
 * ```
 */
export const lastNameComparison: Comparison = {
  levels: ['exact', 'very similar', 'similar or initial', 'different'],
  prepare: prepareName,
  compare(a, b) {
    if (a === b) return 0;
    const jw = jaroWinkler(a, b);
    if (jw >= 0.92) return 1;
    if (jw >= 0.8 || isInitialOf(a, b)) return 2;
    return 3;
  },
};
