import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/dedupe/prng.js';
import {
  editDistance,
  jaroWinkler,
  sortedTokenJaccard,
  sortedTokens,
  soundex,
  tokenJaccard,
  withinEdits,
  withinOneEdit,
} from '../../src/dedupe/string-similarity.js';

describe('Jaro–Winkler similarity', () => {
  it('matches the published values for the classic examples', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
  });

  it('is 1 for equal strings, 0 against an empty one and symmetric', () => {
    expect(jaroWinkler('ana', 'ana')).toBe(1);
    expect(jaroWinkler('ana', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('garcia', 'gracia')).toBeCloseTo(jaroWinkler('gracia', 'garcia'), 12);
  });

  it('gives the same answer for long strings as for short ones', () => {
    // Strings of 32+ characters take the array path, shorter ones the bit-mask path.
    const long = 'the quick brown fox jumps over the lazy dog';
    const typo = 'the quick brown fox jumsp over the lazy dog';
    expect(jaroWinkler(long, typo)).toBeGreaterThan(0.95);
    expect(jaroWinkler(long.slice(0, 31), typo.slice(0, 31))).toBeGreaterThan(0.95);
    expect(jaroWinkler(`${'a'.repeat(40)}`, `${'a'.repeat(39)}b`)).toBeCloseTo(
      jaroWinkler('a'.repeat(40), `${'a'.repeat(39)}b`),
      12,
    );
  });
});

describe('edit distances', () => {
  it('counts Levenshtein edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(withinOneEdit('19560409', '19650409')).toBe(true);
    expect(withinOneEdit('smith', 'smyth')).toBe(true);
    expect(withinOneEdit('smith', 'smit')).toBe(true);
    expect(withinOneEdit('smith', 'xsmith')).toBe(true);
    expect(withinOneEdit('smith', 'smaht')).toBe(false);
    expect(withinOneEdit('smith', 'sm')).toBe(false);
    expect(withinOneEdit('abcd', 'badc')).toBe(false);
  });
});

describe('token Jaccard and Soundex', () => {
  it('ignores word order and counts shared words', () => {
    expect(tokenJaccard('ana maria lima', 'lima ana')).toBeCloseTo(2 / 3, 6);
    expect(tokenJaccard('a b', 'c d')).toBe(0);
  });

  it('computes the same Jaccard on sorted word lists without splitting', () => {
    const rng = seededRng(5);
    const words = ['st', 'lucy', 'school', 'chicago', 'a', 'ab', 'abc', 'b'];
    const text = () =>
      Array.from({ length: 1 + Math.floor(rng() * 5) }, () => words[Math.floor(rng() * words.length)]!).join(
        ' ',
      );
    for (let k = 0; k < 2000; k++) {
      const a = text();
      const b = text();
      expect(sortedTokenJaccard(sortedTokens(a), sortedTokens(b))).toBeCloseTo(tokenJaccard(a, b), 12);
    }
    expect(sortedTokens('st lucy school st')).toBe('lucy school st');
  });

  it('gives alike-sounding names one code', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('')).toBe('');
  });
});

describe('bounded edit distance', () => {
  it('says "within k edits" exactly when the full Levenshtein distance is at most k', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '@'), maxLength: 14 });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 3 }), (a, b, k) => {
        expect(withinEdits(a, b, k)).toBe(editDistance(a, b) <= k);
      }),
      { numRuns: 3000 },
    );
  });

  it('spots a typo’d domain and refuses two different addresses', () => {
    expect(withinEdits('ana.lima@gmail.com', 'ana.lima@gmial.com', 2)).toBe(true);
    expect(withinEdits('ana.lima@gmail.com', 'rui.lima@gmail.com', 2)).toBe(false);
  });
});
