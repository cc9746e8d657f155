import levenshtein from 'fast-levenshtein';

let scratchA = new Uint8Array(64);
let scratchB = new Uint8Array(64);

/** Jaro–Winkler from the matching characters' count and transpositions. */
function finish(a: string, b: string, matches: number, halfTranspositions: number): number {
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - halfTranspositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, a.length, b.length);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Jaro–Winkler for strings of at most 31 characters: matched flags as bits of an integer, no arrays. */
function jaroWinklerShort(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if ((matchedB & (1 << j)) === 0 && b.charCodeAt(j) === c) {
        matchedA |= 1 << i;
        matchedB |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if ((matchedA & (1 << i)) === 0) continue;
    while ((matchedB & (1 << k)) === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  return finish(a, b, matches, transpositions);
}

/**
 * Jaro–Winkler similarity of two strings, in [0, 1]: 1 when equal, higher when they share a prefix.
 * The standard measure for short strings with typos, such as names (Winkler 1990).
 *
 * @example
 * ```ts
 * jaroWinkler('martha', 'marhta'); // 0.961
 * ```
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la < 32 && lb < 32) return jaroWinklerShort(a, b);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  // Reused scratch flags: millions of comparisons must not allocate two arrays each.
  if (scratchA.length < la) scratchA = new Uint8Array(la * 2);
  if (scratchB.length < lb) scratchB = new Uint8Array(lb * 2);
  const matchedA = scratchA;
  const matchedB = scratchB;
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  return finish(a, b, matches, transpositions);
}

/**
 * Levenshtein edit distance (insertions, deletions, substitutions), via fast-levenshtein.
 *
 * @example
 * ```ts
 * editDistance('kitten', 'sitting'); // 3
 * ```
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  return levenshtein.get(a, b);
}

let bandPrevious = new Int32Array(64);
let bandCurrent = new Int32Array(64);

/**
 * Whether the Levenshtein distance of two strings is at most `k`, computing only the cells within `k`
 * of the diagonal and stopping as soon as a row passes `k`: for millions of candidate pairs of long
 * values (email addresses), where the full distance is wasted work.
 *
 * @example
 * ```ts
 * withinEdits('ana.lima@gmail.com', 'ana.lima@gmial.com', 2); // true
 * withinEdits('ana.lima@gmail.com', 'rui.lima@gmail.com', 2); // false
 * ```
 */
export function withinEdits(a: string, b: string, k: number): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > k) return false;
  if (bandPrevious.length <= lb) {
    bandPrevious = new Int32Array(lb * 2 + 1);
    bandCurrent = new Int32Array(lb * 2 + 1);
  }
  let previous = bandPrevious;
  let current = bandCurrent;
  const far = k + 1;
  for (let j = 0; j <= lb; j++) previous[j] = j <= k ? j : far;
  for (let i = 1; i <= la; i++) {
    const from = Math.max(1, i - k);
    const to = Math.min(lb, i + k);
    current[from - 1] = from - 1 === 0 ? i : far;
    let best = current[from - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitute = previous[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = previous[j]! + 1;
      const insert = current[j - 1]! + 1;
      const cell = Math.min(substitute, remove, insert, far);
      current[j] = cell;
      if (cell < best) best = cell;
    }
    if (to < lb) current[to + 1] = far;
    if (best > k) return false;
    [previous, current] = [current, previous];
  }
  return previous[lb]! <= k;
}

/**
 * Whether two strings differ by at most one edit, counting a swap of two neighbouring characters as
 * one edit (the commonest typo, which plain Levenshtein counts as two).
 *
 * @example
 * ```ts
 * withinOneEdit('19560409', '19564009'); // false
 * withinOneEdit('19560409', '19650409'); // true (a swap)
 * ```
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (diffs === 0) first = i;
        diffs++;
        if (diffs > 2) return false;
      }
    }
    if (diffs <= 1) return true;
    // Two differences: one edit only if they are a swap of neighbours.
    return (
      a.charCodeAt(first) === b.charCodeAt(first + 1) &&
      a.charCodeAt(first + 1) === b.charCodeAt(first) &&
      a.slice(first + 2) === b.slice(first + 2)
    );
  }
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  return s.slice(i) === l.slice(i + 1);
}

/**
 * Jaccard similarity of the sets of words of two strings, in [0, 1]: robust to word order and to
 * words added or dropped ("Chicago Commons St Lucy" against "St Lucy School").
 *
 * @example
 * ```ts
 * tokenJaccard('ana maria lima', 'lima ana'); // 0.667
 * ```
 */
export function tokenJaccard(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  // Two single words that differ share nothing: the common case, answered without splitting.
  if (a.indexOf(' ') < 0 && b.indexOf(' ') < 0) return 0;
  const ta = unique(a.split(' '));
  const tb = unique(b.split(' '));
  if (ta.length === 0 || tb.length === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.includes(t)) common++;
  return common / (ta.length + tb.length - common);
}

/**
 * The distinct words of a string, sorted and joined by single spaces: the form
 * {@link sortedTokenJaccard} compares.
 *
 * @example
 * ```ts
 * sortedTokens('st lucy school st'); // "lucy school st"
 * ```
 */
export function sortedTokens(text: string): string {
  return unique(text.split(' ')).sort().join(' ');
}

/**
 * {@link tokenJaccard} of two strings already in {@link sortedTokens} form, by walking both word
 * lists in step: no splitting and no allocation, for use on millions of pairs.
 *
 * @example
 * ```ts
 * sortedTokenJaccard('ana lima', 'ana lima maria'); // 0.667
 * ```
 */
export function sortedTokenJaccard(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  let countA = 0;
  let countB = 0;
  let endA = nextSpace(a, 0);
  let endB = nextSpace(b, 0);
  while (i < a.length && j < b.length) {
    const order = compareWords(a, i, endA, b, j, endB);
    if (order === 0) common++;
    if (order <= 0) {
      countA++;
      i = endA + 1;
      endA = nextSpace(a, i);
    }
    if (order >= 0) {
      countB++;
      j = endB + 1;
      endB = nextSpace(b, j);
    }
  }
  while (i < a.length) {
    countA++;
    i = endA + 1;
    endA = nextSpace(a, i);
  }
  while (j < b.length) {
    countB++;
    j = endB + 1;
    endB = nextSpace(b, j);
  }
  return common / (countA + countB - common);
}

function nextSpace(s: string, from: number): number {
  const at = s.indexOf(' ', from);
  return at < 0 ? s.length : at;
}

/** Compares a[i..endA) with b[j..endB) as `Array.prototype.sort` orders strings (UTF-16 code units). */
function compareWords(a: string, i: number, endA: number, b: string, j: number, endB: number): number {
  while (i < endA && j < endB) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d;
    i++;
    j++;
  }
  return endA - i - (endB - j);
}

/** The distinct non-empty words, for the few words of a name or an address (no Set needed). */
function unique(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) if (w.length > 0 && !out.includes(w)) out.push(w);
  return out;
}

/**
 * American Soundex code of a word (`"robert"` → `"R163"`): names that sound alike share it. Used as a
 * cheap blocking key that survives many typos.
 *
 * @example
 * ```ts
 * soundex('Tymczak'); // "T522"
 * ```
 */
export function soundex(word: string): string {
  const s = word.toUpperCase().replace(/[^A-Z]/g, '');
  if (s.length === 0) return '';
  const codes = '01230120022455012623010202';
  let out = s[0]!;
  let last = codes[s.charCodeAt(0) - 65]!;
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i]!;
    const code = codes[s.charCodeAt(i) - 65]!;
    if (code !== '0' && code !== last) out += code;
    // H and W do not separate letters with the same code; vowels do.
    if (ch !== 'H' && ch !== 'W') last = code;
  }
  return out.padEnd(4, '0');
}
