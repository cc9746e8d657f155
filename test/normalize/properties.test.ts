import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import {
  emailMatchKey,
  foldText,
  nameKey,
  normalizeEmail,
  normalizeName,
  normalizeNameParts,
  normalizePhone,
  normalizeText,
} from '../../src/normalize/index.js';

const COUNTRIES = [
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'BR',
  'IN',
  'JP',
  'AU',
  'MX',
  'AR',
  'ZA',
  'NG',
  'CN',
] as const;

/** Strings that look like phone numbers: digits in groups with the punctuation people use. */
const phoneLike = fc
  .tuple(
    fc.constantFrom('', '+', '00', '(', "'", 'tel:'),
    fc.array(fc.stringMatching(/^[0-9]{1,4}$/), { minLength: 1, maxLength: 5 }),
    fc.constantFrom(' ', '-', '.', ') ', ''),
    fc.constantFrom('', ' ext. 12', ' x9'),
  )
  .map(([prefix, groups, sep, ext]) => `${prefix}${groups.join(sep)}${ext}`);

/** Strings that look like emails, with case, space, Unicode and IDN noise. */
const emailLike = fc
  .tuple(
    fc.constantFrom(' ', '', 'mailto:'),
    fc.stringMatching(/^[A-Za-z0-9._+-]{1,12}$/),
    fc.constantFrom('@', '@@', ''),
    fc.constantFrom(
      'example.com',
      'Bücher.DE',
      'EXAMPLE.co.uk',
      'localhost',
      'пример.рф',
      'x.y',
      'gmail.com',
    ),
    fc.constantFrom('', ' ', '.'),
  )
  .map(([a, local, at, domain, z]) => `${a}${local}${at}${domain}${z}`);

/** Runs `fn` and returns its result, or the error if it threw a ValidationError; any other error fails. */
function attempt<T>(fn: () => T): T | ValidationError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

describe('normalization properties', () => {
  it('phones: normalizing twice equals normalizing once, and bad input throws only ValidationError', () => {
    fc.assert(
      fc.property(
        fc.oneof(phoneLike, fc.string({ maxLength: 40 })),
        fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
        (input, country) => {
          const once = attempt(() => normalizePhone(input, { defaultCountry: country }));
          if (once instanceof ValidationError) {
            expect(once.field).toBe('phone');
            return;
          }
          expect(once.value).toMatch(/^\+[1-9]\d{6,15}$/);
          const twice = normalizePhone(once.value, { defaultCountry: country });
          expect(twice.value).toBe(once.value);
          // A different default country must not change an international number.
          expect(normalizePhone(once.value, { defaultCountry: 'JP' }).value).toBe(once.value);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('emails: normalizing twice equals normalizing once, and bad input throws only ValidationError', () => {
    fc.assert(
      fc.property(
        fc.oneof(emailLike, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 })),
        (input) => {
          const once = attempt(() => normalizeEmail(input));
          if (once instanceof ValidationError) return;
          expect(once.value).toBe(once.value.trim());
          expect(once.value).toBe(once.value.toLowerCase());
          expect(once.domain).toMatch(/^[\x21-\x7e]+$/);
          expect(normalizeEmail(once.value).value).toBe(once.value);
          expect(emailMatchKey(emailMatchKey(once.value))).toBe(emailMatchKey(once.value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('text and names: idempotent and never throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        const text = normalizeText(input);
        expect(normalizeText(text)).toBe(text);
        expect(foldText(foldText(input))).toBe(foldText(input));
        expect(nameKey(nameKey(input))).toBe(nameKey(input));
        const name = normalizeName({ full: input });
        expect(normalizeName({ full: name.full }).full).toBe(name.full);
        expect(name.key).toBe(nameKey(name.full));
      }),
      { numRuns: 3000 },
    );
  });

  it('clean ASCII takes a short cut to what the Unicode passes give', () => {
    // The passes the short cut skips, written out: NFC, invisible characters, white space; folding
    // adds NFD, lower case and marks. On printable ASCII they must change nothing but the case.
    const slowText = (s: string) =>
      s
        .normalize('NFC')
        // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g, '')
        .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
        .trim();
    const ascii = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(
      fc.property(ascii, (input) => {
        expect(normalizeText(input)).toBe(slowText(input));
        expect(foldText(input)).toBe(
          slowText(
            input
              .normalize('NFD')
              .toLowerCase()
              .replace(/\p{M}+/gu, ''),
          ),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('names: normalizeNameParts is normalizeName without the key', () => {
    const part = fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined });
    fc.assert(
      fc.property(part, part, part, (full, first, last) => {
        const input = {
          ...(full === undefined ? {} : { full }),
          ...(first === undefined ? {} : { first }),
          ...(last === undefined ? {} : { last }),
        };
        const { key: _key, ...parts } = normalizeName(input);
        expect(normalizeNameParts(input)).toEqual(parts);
      }),
      { numRuns: 2000 },
    );
  });
});
