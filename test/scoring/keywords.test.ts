import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeywordMatcher, foldForKeywords, matchesPhrase } from '../../src/scoring/index.js';

type Row = [phrase: string, text: string, matches: boolean];

describe('keyword phrases match whole words, ignoring case and accents, in any language', () => {
  const rows: Row[] = [
    // Word boundaries
    ['price', 'What is the PRICE?', true],
    ['price', 'priceless', false],
    ['price', 'the best-price offer', true],
    ['price', 'overprice', false],
    ['how much', 'So... HOW   much is it?', true],
    ['how much', 'how\nmuch', true],
    ['how much', 'somehow much', false],
    ['e-mail', 'send an e mail', true],
    ["don't", 'I dont know', false],
    ["don't", 'I DON’T know', true],
    // Trailing * matches any ending, still needing a boundary before
    ['pric*', 'pricing plans', true],
    ['pric*', 'sprice', false],
    // Accents and case, Latin, Greek, Cyrillic
    ['cafe', 'Un CAFÉ, por favor', true],
    ['cuánto', 'cuanto cuesta', true],
    ['cuanto', '¿CUÁNTO cuesta?', true],
    ['straße', 'STRASSE', true],
    ['łódź', 'Lodz', true],
    ['İstanbul', 'istanbul', true],
    ['ΤΙΜΉ', 'τιμη', true],
    ['ΤΙΜΗΣ', 'τιμησ', true],
    ['кофе', 'Кофе', true],
    ['кофе', 'кофейня', false],
    // Compatibility forms
    ['price', 'ＰＲＩＣＥ', true],
    ['ラーメン', 'ﾗｰﾒﾝください', true],
    // Scripts without spaces: no boundary can be seen, so substrings match
    ['价格', '这个价格多少', true],
    ['价格', '这个价钱多少', false],
    ['値段', 'この値段はいくらですか', true],
    ['ราคา', 'ราคาเท่าไหร่ครับ', true],
    // ...and a neighbour in such a script is a boundary for a phrase in another
    ['iphone', '买iPhone吗', true],
    // Korean: a boundary before, particles may follow
    ['가격', '가격이 얼마예요', true],
    ['가격', '이가격', false],
    // Spaced scripts with marks inside words keep them: different words stay different
    ['कीमत', 'इसकी कीमत क्या है', true],
    ['कीमत', 'कीमती', false],
    ['कमत', 'इसकी कीमत क्या है', false],
    // Arabic harakat and Hebrew points are ignored
    ['سعر', 'ما سِعْر هذا', true],
    ['מחיר', 'מְחִיר', true],
    // Numbers are words too
    ['24h', 'open 24H a day', true],
    ['24', '2024', false],
  ];

  it.each(rows)('%s in %j: %s', (phrase, text, matches) => {
    expect(matchesPhrase(phrase, text)).toBe(matches);
  });

  it('finds, for each rule, one of its phrases, looking for a shared phrase once', () => {
    const match = createKeywordMatcher([['how much', 'precio'], ['refund*'], ['precio']]);
    expect(match('¿Cuál es el PRECIO? Quiero un reembolso')).toEqual(['precio', undefined, 'precio']);
    expect(match('refunds please')).toEqual([undefined, 'refund*', undefined]);
    expect(match('')).toEqual([undefined, undefined, undefined]);
  });

  it('looks only at the first scanChars characters', () => {
    const match = createKeywordMatcher([['price']], 20);
    expect(match(`${'x '.repeat(5)}price`)).toEqual(['price']);
    expect(match(`${'x '.repeat(20)}price`)).toEqual([undefined]);
  });

  it('a phrase without letters or digits never matches', () => {
    expect(createKeywordMatcher([['!!!', '😀']])('wow!!! 😀')).toEqual([undefined]);
  });

  it('matching stays fast on adversarial text (no backtracking)', () => {
    const phrases = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(50)} ${'a'.repeat(i % 50)}b`);
    const match = createKeywordMatcher([phrases], 10_000);
    const text = 'a'.repeat(5_000) + ' ' + 'a'.repeat(4_999);
    const started = performance.now();
    expect(match(text)).toEqual([undefined]);
    // Generous: 200 substring searches over 10,000 characters take about a millisecond.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a phrase always matches itself inside any text, when its boundaries are spaces', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (phrase, before, after) => {
          fc.pre(foldForKeywords(phrase) !== '' && !phrase.includes('*'));
          expect(matchesPhrase(phrase, `${before} ${phrase} ${after}`)).toBe(true);
        },
      ),
    );
  });

  it('folding is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'grapheme' }), (text) => {
        const once = foldForKeywords(text);
        expect(foldForKeywords(once)).toBe(once);
      }),
    );
  });
});
