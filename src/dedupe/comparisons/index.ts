import type { FieldKind } from '../config.js';
import { addressComparison } from './address.js';
import { companyComparison } from './company.js';
import type { Comparison } from './comparison.js';
import { dateComparison } from './date.js';
import { emailComparison } from './email.js';
import { handleComparison } from './handle.js';
import { idComparison } from './id.js';
import { firstNameComparison, fullNameComparison, lastNameComparison } from './name.js';
import { phoneComparison } from './phone.js';
import { postcodeComparison } from './postcode.js';
import { cityComparison, textComparison } from './text.js';

export type { Comparison } from './comparison.js';

const BY_KIND: Record<FieldKind, Comparison> = {
  name: fullNameComparison,
  first_name: firstNameComparison,
  last_name: lastNameComparison,
  email: emailComparison,
  phone: phoneComparison,
  date: dateComparison,
  postcode: postcodeComparison,
  address: addressComparison,
  city: cityComparison,
  company: companyComparison,
  text: textComparison,
  id: idComparison,
  handle: handleComparison,
};

/**
 * The comparison used for a kind of field.
 *
 * @example
 * ```ts
 * comparisonFor('email').levels; // ['exact', 'same local part', 'within two edits', 'different']
 * ```
 */
export function comparisonFor(kind: FieldKind): Comparison {
  return BY_KIND[kind];
}
