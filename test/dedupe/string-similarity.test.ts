import { describe, expect, it } from 'vitest';
import {
  editDistance,
  jaroWinkler,
  soundex,
  tokenJaccard,
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

  it('gives alike-sounding names one code', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('')).toBe('');
  });
});
