import type { z } from 'zod';
import type { EventIdentities } from '../model/chat-event.js';
import { AddressSchema, type Profile, ProfileSchema } from '../model/contact.js';
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
 * Each field's longest length, when every field of the schema is an optional string whose only check
 * is a maximum length: then a length test per field says what parsing would. Undefined otherwise.
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
    if (!(innerDef.checks ?? []).every((c) => c._zod.def.check === 'max_length')) return undefined;
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
  const partColumns = addressColumns.filter((c) => c.target.field !== 'country');
  // A file repeats first and last names: each distinct spelling is cased and cleaned once.
  const cleaned = new Map<string, string>();
  const clean = (s: string): string => {
    let hit = cleaned.get(s);
    if (hit === undefined) {
      if (cleaned.size >= NAME_CACHE_LIMIT) cleaned.clear();
      hit = normalizeName({ first: s }).first ?? '';
      cleaned.set(s, hit);
    }
    return hit;
  };
  const fast = PROFILE_LIMITS !== undefined && ADDRESS_LIMITS !== undefined;

  return (ctx, country, identities) => {
    if (!fast) return inSchemaOrder(readProfile(ctx, profileColumns, addressColumns, country, identities));
    const fields: Record<string, string> = {};
    for (const c of profileColumns) {
      const field = c.target.field;
      if (fields[field] !== undefined) continue;
      const cell = ctx.cell(c);
      const value = cell === '' ? '' : normalizeText(cell);
      if (value !== '') fields[field] = value;
    }
    const { name: full, firstName: first, lastName: last } = fields;
    if (full !== undefined || first !== undefined || last !== undefined) {
      // What normalizeName({ full, first, last }) gives, from the parts cleaned one by one.
      const f = first === undefined ? '' : clean(first);
      const l = last === undefined ? '' : clean(last);
      let name = full === undefined ? '' : clean(full);
      if (f || l) {
        if (!name) name = f && l ? `${f} ${l}` : f || l;
        setOrDrop(fields, 'firstName', f);
        setOrDrop(fields, 'lastName', l);
      } else if (name) {
        const n = normalizeName({ full: full! });
        setOrDrop(fields, 'firstName', n.first ?? '');
        setOrDrop(fields, 'lastName', n.last ?? '');
      } else {
        delete fields.firstName;
        delete fields.lastName;
      }
      setOrDrop(fields, 'name', name);
    }
    let address: Record<string, string> | undefined;
    for (const c of partColumns) {
      const field = c.target.field;
      if (address?.[field] !== undefined) continue;
      const raw = ctx.cell(c);
      if (raw === '') continue;
      const value = normalizeText(field === 'postcode' ? stripTextMarker(raw) : raw);
      if (value === '') continue;
      address ??= {};
      address[field] = value;
    }
    if (country) {
      address ??= {};
      address.country = country;
    }
    if (identities.email) fields.email = identities.email;
    if (identities.phone) fields.phone = identities.phone;
    if (!withinLimits(fields, PROFILE_LIMITS) || (address && !withinLimits(address, ADDRESS_LIMITS))) {
      return inSchemaOrder(readProfile(ctx, profileColumns, addressColumns, country, identities));
    }
    return inSchemaOrder(address ? { ...fields, address } : fields);
  };
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

function setOrDrop(fields: Record<string, string>, key: string, value: string): void {
  if (value) fields[key] = value;
  else delete fields[key];
}

function withinLimits(fields: Record<string, string>, limits: Map<string, number>): boolean {
  for (const key in fields) {
    const max = limits.get(key);
    if (max !== undefined && fields[key]!.length > max) return false;
  }
  return true;
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
