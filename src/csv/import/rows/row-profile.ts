import type { z } from 'zod';
import type { EventIdentities } from '../../../model/chat-event.js';
import { AddressSchema, type Profile, ProfileSchema } from '../../../model/contact.js';
import { setBounded } from '../../../normalize/bounded-cache.js';
import { normalizeNameParts } from '../../../normalize/name.js';
import { normalizeText } from '../../../normalize/text.js';
import { stripTextMarker } from '../validate/cell-values.js';
import { countryCode } from '../validate/country.js';
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
 * Each field's longest length, when every field of the schema is an optional string whose only checks
 * are a maximum length and an overwrite: then a length test per field says what parsing would, for the
 * values this reader builds. The overwrite is the human-text rule (`storableText`: NUL removed,
 * unpaired surrogates replaced, NFC), which leaves normalizeText's output of decoded text as it is.
 * Undefined otherwise.
 */
function lengthLimits(schema: z.ZodObject, skip: readonly string[] = []): Map<string, number> | undefined {
  const limits = new Map<string, number>();
  for (const [key, field] of Object.entries(schema.shape)) {
    if (skip.includes(key)) continue;
    const def = (field as z.ZodType)._zod.def as { type: string; innerType?: z.ZodType };
    const inner = def.type === 'optional' ? def.innerType : undefined;
    const innerDef = inner?._zod.def as {
      type: string;
      checks?: Array<{ _zod: { def: { check: string } } }>;
    };
    if (innerDef?.type !== 'string') return undefined;
    const kinds = (innerDef.checks ?? []).map((c) => c._zod.def.check);
    if (!kinds.every((k) => k === 'max_length' || k === 'overwrite')) return undefined;
    const max = (inner as z.ZodString).maxLength;
    limits.set(key, max ?? Number.POSITIVE_INFINITY);
  }
  return limits;
}

const PROFILE_LIMITS = lengthLimits(ProfileSchema, ['address']);
const ADDRESS_LIMITS = lengthLimits(AddressSchema, ['country']);
// The order parsing with the schemas gives.
const PROFILE_ORDER = Object.keys(ProfileSchema.shape);
const ADDRESS_ORDER = Object.keys(AddressSchema.shape);
const NAME_CACHE_LIMIT = 10_000;

/** Builds the reader of a file's profile cells; see {@link readProfile}. */
export function createProfileReader(
  profileColumns: readonly ColumnOf<'profile'>[],
  addressColumns: readonly ColumnOf<'address'>[],
): (ctx: RowContext, country: string | undefined, identities: EventIdentities) => Profile {
  const slow = (ctx: RowContext, country: string | undefined, identities: EventIdentities) =>
    inSchemaOrder(readProfile(ctx, profileColumns, addressColumns, country, identities));
  if (PROFILE_LIMITS === undefined || ADDRESS_LIMITS === undefined) return slow;
  const profileLimits = PROFILE_LIMITS;
  const addressLimits = ADDRESS_LIMITS;
  // Per field, the columns that fill it in file order: the first non-empty value wins.
  const columnsOf = <C extends { target: { field: string } }>(columns: readonly C[], field: string) =>
    columns.filter((c) => c.target.field === field);
  const nameColumns = columnsOf(profileColumns, 'name');
  const firstColumns = columnsOf(profileColumns, 'firstName');
  const lastColumns = columnsOf(profileColumns, 'lastName');
  const hasNames = nameColumns.length + firstColumns.length + lastColumns.length > 0;
  // The profile's fields in the schema's order, so the profile is built as parsing would give it.
  const slots = PROFILE_ORDER.map((key) => ({
    key,
    max: profileLimits.get(key) ?? Number.POSITIVE_INFINITY,
    columns: ['name', 'firstName', 'lastName'].includes(key) ? [] : columnsOf(profileColumns, key),
  })).filter(
    (s) =>
      s.columns.length > 0 || ['name', 'firstName', 'lastName', 'email', 'phone', 'address'].includes(s.key),
  );
  const addressSlots = ADDRESS_ORDER.map((field) => ({
    field,
    max: addressLimits.get(field) ?? Number.POSITIVE_INFINITY,
    columns: columnsOf(addressColumns, field),
    postcode: field === 'postcode',
  })).filter((s) => s.columns.length > 0 || s.field === 'country');
  // A file repeats first and last names: each distinct spelling is cased and cleaned once.
  const cleaned = new Map<string, string>();
  const clean = (s: string): string => {
    let hit = cleaned.get(s);
    if (hit === undefined) {
      hit = normalizeNameParts({ first: s }).first ?? '';
      setBounded(cleaned, NAME_CACHE_LIMIT, s, hit);
    }
    return hit;
  };

  return (ctx, country, identities) => {
    let name = '';
    let first = '';
    let last = '';
    if (hasNames) {
      // What normalizeName({ full, first, last }) gives, from the parts cleaned one by one.
      const fullCell = firstValue(ctx, nameColumns, false);
      const firstCell = firstValue(ctx, firstColumns, false);
      const lastCell = firstValue(ctx, lastColumns, false);
      if (firstCell !== '') first = clean(firstCell);
      if (lastCell !== '') last = clean(lastCell);
      if (fullCell !== '') name = clean(fullCell);
      if (first || last) {
        if (!name) name = first && last ? `${first} ${last}` : first || last;
      } else if (name) {
        const n = normalizeNameParts({ full: fullCell });
        first = n.first ?? '';
        last = n.last ?? '';
      }
    }
    let address: Record<string, string> | undefined;
    for (const slot of addressSlots) {
      const value = slot.field === 'country' ? (country ?? '') : firstValue(ctx, slot.columns, slot.postcode);
      if (value === '') continue;
      // Over its limit: the slow path drops it with the schema's own message.
      if (value.length > slot.max) return slow(ctx, country, identities);
      address ??= {};
      address[slot.field] = value;
    }
    const profile: Record<string, unknown> = {};
    for (const slot of slots) {
      let value: string | undefined;
      switch (slot.key) {
        case 'name':
          value = name;
          break;
        case 'firstName':
          value = first;
          break;
        case 'lastName':
          value = last;
          break;
        case 'email':
          value = identities.email;
          break;
        case 'phone':
          value = identities.phone;
          break;
        case 'address':
          if (address) profile.address = address;
          continue;
        default:
          value = firstValue(ctx, slot.columns, false);
      }
      if (!value) continue;
      if (value.length > slot.max) return slow(ctx, country, identities);
      profile[slot.key] = value;
    }
    return profile as Profile;
  };
}

/** The first non-empty normalized value of these columns (postcodes without a leading `'`). */
function firstValue(
  ctx: RowContext,
  columns: readonly ColumnOf<'profile' | 'address'>[],
  postcode: boolean,
): string {
  for (const c of columns) {
    const raw = ctx.cell(c);
    if (raw === '') continue;
    const value = normalizeText(postcode ? stripTextMarker(raw) : raw);
    if (value !== '') return value;
  }
  return '';
}

/** A profile with its keys (and its address's) in the schemas' order, as parsing it gives. */
function inSchemaOrder(profile: Profile): Profile {
  const fields = profile as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of PROFILE_ORDER) {
    const value = fields[key];
    if (value === undefined) continue;
    if (key !== 'address') out[key] = value;
    else {
      const address = value as Record<string, unknown>;
      const parts: Record<string, unknown> = {};
      for (const part of ADDRESS_ORDER) if (address[part] !== undefined) parts[part] = address[part];
      out.address = parts;
    }
  }
  return out as Profile;
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
    const n = normalizeNameParts({
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
