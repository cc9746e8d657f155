import type { EventIdentities } from '../model/chat-event.js';
import { type Profile, ProfileSchema } from '../model/contact.js';
import { normalizeName } from '../normalize/name.js';
import { normalizeText } from '../normalize/text.js';
import { stripTextMarker } from './cell-values.js';
import { countryCode } from './country.js';
import type { ColumnOf, RowContext } from './row-context.js';

/**
 * The row's country from its country columns (ISO code or name), the default country of its phone
 * numbers. An unreadable value is reported and the next country column tried.
 *
 * @example
 * ```ts
 * readCountry(ctx, countryColumns) // "DE" for a cell "Deutschland"
 * ```
 */
export function readCountry(ctx: RowContext, columns: readonly ColumnOf<'address'>[]): string | undefined {
  for (const c of columns) {
    if (c.target.field !== 'country') continue;
    const value = ctx.cell(c).trim();
    if (value === '') continue;
    const code = countryCode(value);
    if (code) return code;
    ctx.warn(c, 'profile.address.country', value, 'not a country name or ISO code');
  }
  return undefined;
}

/**
 * Builds the profile of a row: names through normalizeName (so `MARIA DE LA CRUZ` splits and is cased
 * as live intake does), other text normalized, postcodes without Shopify's `'`, the country as resolved,
 * and email and phone as display copies of the first identities. Values the ProfileSchema refuses are
 * dropped with a warning.
 *
 * @example
 * ```ts
 * readProfile(ctx, profileColumns, addressColumns, 'US', { email: 'ana@x.com' })
 * ```
 */
export function readProfile(
  ctx: RowContext,
  profileColumns: readonly ColumnOf<'profile'>[],
  addressColumns: readonly ColumnOf<'address'>[],
  country: string | undefined,
  identities: EventIdentities,
): Profile {
  const fields: Partial<Record<string, string>> = {};
  for (const c of profileColumns) {
    const value = normalizeText(ctx.cell(c));
    if (value !== '' && fields[c.target.field] === undefined) fields[c.target.field] = value;
  }
  const profile: Profile = {};
  const { name: full, firstName: first, lastName: last, ...rest } = fields;
  if (full !== undefined || first !== undefined || last !== undefined) {
    const n = normalizeName({
      ...(full === undefined ? {} : { full }),
      ...(first === undefined ? {} : { first }),
      ...(last === undefined ? {} : { last }),
    });
    if (n.full) profile.name = n.full;
    if (n.first) profile.firstName = n.first;
    if (n.last) profile.lastName = n.last;
  }
  Object.assign(profile, rest);
  const address: Record<string, string> = {};
  for (const c of addressColumns) {
    if (c.target.field === 'country' || address[c.target.field] !== undefined) continue;
    const raw = ctx.cell(c);
    const value = normalizeText(c.target.field === 'postcode' ? stripTextMarker(raw) : raw);
    if (value !== '') address[c.target.field] = value;
  }
  if (country) address.country = country;
  if (Object.keys(address).length > 0) profile.address = address;
  if (identities.email) profile.email = identities.email;
  if (identities.phone) profile.phone = identities.phone;

  const checked = ProfileSchema.safeParse(profile);
  if (checked.success) return checked.data;
  for (const issue of checked.error.issues) {
    const [head, sub] = issue.path.map(String);
    const column =
      head === 'address'
        ? addressColumns.find((c) => c.target.field === sub)
        : profileColumns.find((c) => c.target.field === head);
    if (head === 'address' && sub && profile.address)
      delete (profile.address as Record<string, unknown>)[sub];
    else if (head) delete (profile as Record<string, unknown>)[head];
    ctx.warn(
      column,
      `profile.${issue.path.join('.')}`,
      undefined,
      `${issue.message}; the value was not imported`,
    );
  }
  return profile;
}
