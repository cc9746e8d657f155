import { ValidationError } from '../../../errors/errors.js';
import { normalizeEmail } from '../../../normalize/email.js';
import { normalizePhone } from '../../../normalize/phone.js';
import { stripTextMarker } from '../validate/cell-values.js';

/** Share of a column's non-empty sample values that must read as one kind for the column to be that kind. */
const AGREEMENT = 0.8;
/** Fewest non-empty values to decide on. */
const MIN_VALUES = 3;

function isEmail(value: string): boolean {
  if (!value.includes('@')) return false;
  try {
    normalizeEmail(value);
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

// Formatted like a phone number: a "+" or "00" prefix, or digits broken by spaces, dashes, dots or
// parentheses. Bare digit runs are left alone: they are far more often order or customer ids.
const PHONE_SHAPE = /^(?:\+|00)[\d\s().\-/]{7,}$|^\(?\d[\d\s().\-/]*[\s().\-/][\d\s().\-/]*\d$/;

function isPhone(value: string, defaultCountry: string | undefined): boolean {
  const text = stripTextMarker(value);
  if (!PHONE_SHAPE.test(text)) return false;
  try {
    return normalizePhone(text, { defaultCountry }).valid;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

/**
 * Guesses from its values whether a column whose header said nothing holds emails or phone numbers:
 * at least 80% of at least three non-empty sample values must agree. Phones must look formatted
 * (`+44 20…`, `(415) 555-…`), so numeric ids are never taken for phones.
 *
 * @example
 * ```ts
 * inferTargetFromValues(['ana@x.com', 'bo@y.org', '', 'cy@z.net']) // "identity.email"
 * inferTargetFromValues(['7788990011', '7788990012', '7788990013']) // undefined
 * ```
 */
export function inferTargetFromValues(
  values: readonly string[],
  defaultCountry?: string,
): 'identity.email' | 'identity.phone' | undefined {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length < MIN_VALUES) return undefined;
  const need = Math.ceil(present.length * AGREEMENT);
  if (present.filter(isEmail).length >= need) return 'identity.email';
  if (present.filter((v) => isPhone(v, defaultCountry)).length >= need) return 'identity.phone';
  return undefined;
}
