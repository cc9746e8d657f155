import { describe, expect, it } from 'vitest';
import { foldText, nameKey, normalizeName, normalizeText } from '../../src/normalize/index.js';

describe('names and free text', () => {
  it('folds white space and invisible characters, and applies NFC', () => {
    expect(normalizeText('  Ana\u00A0 María\u200B ')).toBe('Ana María');
    expect(normalizeText('Jose\u0301')).toBe('José');
    expect(normalizeText('line\u0000one\ttwo')).toBe('lineone two');
  });

  it('folds accents and case for comparison, with and without accents alike', () => {
    expect(foldText('José Núñez')).toBe(foldText('JOSE NUNEZ'));
    expect(foldText('Zoë Ødegård')).toBe('zoe odegard');
    expect(foldText('Straße')).toBe('strasse');
    // Found by the property test: a capital that lower-cases into a mapped letter.
    expect(foldText('STRAẞE')).toBe('strasse');
    expect(foldText(foldText('ẞ'))).toBe(foldText('ẞ'));
    expect(nameKey("José O'Neil-Núñez")).toBe('jose oneil nunez');
    expect(nameKey('Łukasz Żółć')).toBe(nameKey('Łukasz Zolc'));
  });

  it('fixes names typed all in one case and leaves deliberate mixed case alone', () => {
    expect(normalizeName({ full: '  MARÍA   GARCÍA ' }).full).toBe('María García');
    expect(normalizeName({ full: 'jean-luc picard' }).full).toBe('Jean-Luc Picard');
    expect(normalizeName({ full: "o'brien" }).full).toBe("O'Brien");
    expect(normalizeName({ full: 'Ronald McDonald' }).full).toBe('Ronald McDonald');
    expect(normalizeName({ full: 'Vincent van Gogh' }).full).toBe('Vincent van Gogh');
  });

  it('splits a full name, keeping particles with the family name', () => {
    expect(normalizeName({ full: 'Ana Lima' })).toMatchObject({ first: 'Ana', last: 'Lima' });
    expect(normalizeName({ full: 'ludwig van beethoven' })).toMatchObject({
      full: 'Ludwig van Beethoven',
      first: 'Ludwig',
      last: 'van Beethoven',
    });
    expect(normalizeName({ full: 'Maria de la Cruz' })).toMatchObject({ first: 'Maria', last: 'de la Cruz' });
    expect(normalizeName({ full: 'Cher' })).toMatchObject({ first: 'Cher' });
    expect(normalizeName({ full: 'Cher' }).last).toBeUndefined();
  });

  it('builds the full name from first and last', () => {
    expect(normalizeName({ first: ' ana ', last: 'LIMA' })).toEqual({
      full: 'Ana Lima',
      first: 'Ana',
      last: 'Lima',
      key: 'ana lima',
    });
  });

  it('never throws, and an empty name is empty', () => {
    expect(normalizeName({}).full).toBe('');
    expect(normalizeName({ full: '   ' }).key).toBe('');
  });
});
