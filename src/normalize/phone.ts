import { type CountryCode, type PhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';
import { ValidationError } from '../errors/errors.js';
import { normalizeText } from './text.js';

/** A phone number normalized to the form identities are keyed on. */
export interface NormalizedPhone {
  /** E.164, e.g. `+14155552671`. The identity key. */
  readonly value: string;
  /** Extension, kept apart so `x12` and `x13` of one switchboard are one number. */
  readonly extension?: string;
  /** The country the number belongs to, when it can be told. */
  readonly country?: string;
  /**
   * Whether the number matches the full metadata's patterns. `false` means it has a possible length
   * for its country but no known range: kept, since metadata lags behind new number ranges.
   */
  readonly valid: boolean;
  /** The input as received. */
  readonly raw: string;
}

/** Options for {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /** Country to read national numbers in: the record's first, else the workspace's. */
  readonly defaultCountry?: string | undefined;
  /** Field name used in errors (default `phone`). */
  readonly field?: string;
  /** The value is known to be international without its `+`, as WhatsApp ids are (`14155552671`). */
  readonly international?: boolean;
}

const DIGITS_ONLY = /^\d+$/;
const PUNCTUATION = /[\s().\-\u2010-\u2015/]/g;

function mainCountryOf(callingCode: string): string | undefined {
  return metadata.country_calling_codes[callingCode]?.[0];
}

function isCountryCode(s: string | undefined): s is CountryCode {
  return s !== undefined && /^[A-Z]{2}$/.test(s);
}

function tryParse(text: string, defaultCountry: CountryCode | undefined): PhoneNumber | undefined {
  try {
    return parsePhoneNumberWithError(text, defaultCountry ? { defaultCountry } : {});
  } catch {
    return undefined;
  }
}

/**
 * Brazil added a ninth digit (a leading 9) to every mobile number in 2012–2016, but WhatsApp ids and
 * old address books still carry the eight-digit form. Mobile subscriber numbers start with 6–9, after
 * a two-digit area code (11 to 99: never a 0, which is a trunk or carrier prefix instead).
 */
function fixBrazilNinthDigit(n: PhoneNumber): PhoneNumber {
  const national = n.nationalNumber as string;
  if (n.country !== 'BR' && n.countryCallingCode !== '55') return n;
  if (national.length !== 10 || !/^[1-9][1-9][6-9]/.test(national)) return n;
  return tryParse(`+55${national.slice(0, 2)}9${national.slice(2)}`, undefined) ?? n;
}

/** Mexico dropped the `1` after `+52` for mobiles in 2019; WhatsApp ids still carry it (`521…`). */
function fixMexicoMobileOne(n: PhoneNumber): PhoneNumber {
  const national = n.nationalNumber as string;
  if (n.countryCallingCode !== '52' || national.length !== 11 || !national.startsWith('1')) return n;
  return tryParse(`+52${national.slice(1)}`, undefined) ?? n;
}

/** What an E.164 value normalizes to when read again: parsed, then the same fixes applied. */
function normalFormOf(value: string): string | undefined {
  const reread = tryParse(value, undefined);
  return reread && (fixMexicoMobileOne(fixBrazilNinthDigit(reread)).number as string);
}

/**
 * Normalizes a phone number to E.164 with libphonenumber-js's full metadata. Reads national numbers in
 * the default country, accepts `00` and other international prefixes, WhatsApp ids without `+`, and
 * extensions (`ext. 12`, `x12`, `#12`), which are kept apart. Fixes Brazil's missing ninth digit and
 * Mexico's old mobile `1`. Idempotent on its `value`.
 *
 * @throws {@link contactkit!ValidationError} when the input cannot be a phone number, naming field, value and reason.
 *
 * @example
 * ```ts
 * normalizePhone('(415) 555-2671', { defaultCountry: 'US' }).value // "+14155552671"
 * normalizePhone('14155552671', { international: true }).value      // "+14155552671"
 * normalizePhone('0044 20 7946 0958').value                         // "+442079460958"
 * ```
 */
export function normalizePhone(input: string, options: NormalizePhoneOptions = {}): NormalizedPhone {
  const field = options.field ?? 'phone';
  const raw = input;
  const fail: (reason: string) => never = (reason) => {
    throw new ValidationError({ field, value: raw, reason });
  };
  // Shopify and spreadsheets prefix numbers with ' to keep them text; "tel:" comes from links.
  let text = normalizeText(input).replace(/^'+/, '').replace(/^tel:/i, '');
  if (!/\d/.test(text)) fail(text.length === 0 ? 'empty' : 'no digits');
  if (text.length > 64) fail('longer than 64 characters');
  const defaultCountry = options.defaultCountry?.toUpperCase();
  const country = isCountryCode(defaultCountry) ? defaultCountry : undefined;

  const compact = text.replace(PUNCTUATION, '');
  if (compact.startsWith('00') && !compact.startsWith('000')) text = `+${compact.slice(2)}`;

  const candidates: PhoneNumber[] = [];
  let parsedNational: PhoneNumber | undefined;
  let nationalValid: boolean | undefined;
  const international =
    options.international || (compact.startsWith('+') && DIGITS_ONLY.test(compact.slice(1)));
  if (options.international && DIGITS_ONLY.test(compact)) {
    const parsed = tryParse(`+${compact}`, undefined);
    if (parsed) candidates.push(parsed);
  } else {
    // A national number is read only in a country the record or the workspace gave: never guessed.
    if (country === undefined && !text.trimStart().startsWith('+')) {
      return fail(
        "no country: a number without +, 00 or a country code needs the record's or the workspace's country",
      );
    }
    parsedNational = tryParse(text, country);
    if (parsedNational) candidates.push(parsedNational);
    // A bare run of digits that is not a valid national number may be international without its "+".
    if (!international && DIGITS_ONLY.test(compact) && compact.length >= 8) {
      nationalValid = parsedNational?.isValid();
      if (!nationalValid) {
        const asInternational = tryParse(`+${compact}`, undefined);
        if (asInternational) candidates.push(asInternational);
      }
    }
  }
  // isValid() is the costly call with full metadata: ask it once per candidate.
  const fixed = candidates.map((n) => {
    const number = fixMexicoMobileOne(fixBrazilNinthDigit(n));
    return {
      number,
      valid: number === parsedNational && nationalValid !== undefined ? nationalValid : number.isValid(),
    };
  });
  const best = fixed.find((n) => n.valid) ?? fixed.find((n) => n.number.isPossible());
  const chosen = best?.number;
  if (!chosen) {
    return fail(
      candidates.length > 0
        ? 'not a possible phone number for its country (wrong length)'
        : country
          ? 'not a phone number'
          : 'not a phone number (no country given for a national number)',
    );
  }
  if (/^0+$/.test(chosen.nationalNumber as string)) return fail('not a phone number (all zeros)');
  // E.164 numbers have 7 (Niue, Saint Helena) to 15 digits; metadata calls some shorter ones "possible".
  if (chosen.number.length < 8 || chosen.number.length > 16)
    return fail('not a possible phone number (wrong length)');
  // Garbage can parse to a number that reads differently once written in E.164 (a national prefix
  // inside an international number); only a value that is its own normal form can be an identity key.
  const value = chosen.number as string;
  // A value that is the digits as typed, with a "+", was parsed from exactly that text: no need to ask.
  const typed = compact.startsWith('+') ? compact : `+${compact}`;
  // Read in the default country from its national digits as typed, under that country's own numbering
  // plan (it is its calling code's main country): the re-read would extract the same digits the same way.
  const asTypedNationally =
    chosen === parsedNational &&
    chosen.nationalNumber === compact &&
    country !== undefined &&
    mainCountryOf(chosen.countryCallingCode as string) === country;
  if (value !== typed && !asTypedNationally && normalFormOf(value) !== value) {
    return fail('not a phone number (ambiguous digits)');
  }
  const extension = chosen.ext ? String(chosen.ext) : undefined;
  return {
    value,
    ...(extension ? { extension } : {}),
    ...(chosen.country ? { country: chosen.country } : {}),
    valid: best.valid,
    raw,
  };
}
