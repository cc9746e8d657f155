import { foldText } from '../../../normalize/text.js';

/**
 * Folds a header for matching: lower case, no accents, camelCase and snake_case split into words,
 * punctuation as spaces (`"E-Mail_Adresse"` → `"e mail adresse"`).
 *
 * @example
 * ```ts
 * headerKey('firstName') // "first name"
 * ```
 */
export function headerKey(header: string): string {
  const spaced = header.replace(/([a-z])([A-Z])/g, '$1 $2');
  return foldText(spaced)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A custom field key derived from a header, valid per CustomFieldKeySchema: snake case, starting with a
 * letter, at most 64 characters (`"Favourite Colour?"` → `"favourite_colour"`, `"2FA"` → `"f_2fa"`).
 *
 * @example
 * ```ts
 * customFieldKey('Lifetime Value (€)') // "lifetime_value"
 * ```
 */
export function customFieldKey(header: string, index: number): string {
  let key = headerKey(header).replace(/ /g, '_');
  if (key === '') return `column_${index + 1}`;
  if (!/^[a-z]/.test(key)) key = `f_${key}`;
  return key.slice(0, 64).replace(/_+$/, '');
}
