import type { Address, FieldOrigin, Profile, ProfileField } from '../model/contact.js';
import { normalizeNameParts } from '../normalize/name.js';
import { normalizeText } from '../normalize/text.js';

/** The part of a contact the profile policy reads and writes. */
export interface ProfileState {
  readonly profile: Profile;
  readonly fieldOrigins: Partial<Record<ProfileField, FieldOrigin>>;
}

/** The result of {@link applyProfileUpdate}: the new state and which fields changed. */
export interface ProfileUpdateResult extends ProfileState {
  readonly changed: ProfileField[];
}

/**
 * Whether a value from `incoming` may replace a present value set by `existing`.
 * - `manual` (a person edited it) and `host` (the host's system of record) overwrite.
 * - `import` overwrites values that came from imports or the bot, never a person's or the host's.
 * - `bot` (picked up in conversation) only fills gaps: it never overwrites anything.
 */
export function mayOverwrite(incoming: FieldOrigin, existing: FieldOrigin | undefined): boolean {
  if (incoming === 'manual' || incoming === 'host') return true;
  if (incoming === 'import') return existing === undefined || existing === 'import' || existing === 'bot';
  return false;
}

function cleanAddress(address: Address): Address | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(address)) {
    if (typeof value !== 'string') continue;
    const clean = normalizeText(value);
    if (clean) out[key] = key === 'country' ? clean.toUpperCase() : clean;
  }
  return Object.keys(out).length > 0 ? (out as Address) : undefined;
}

function sameAddress(a: Address | undefined, b: Address | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

/** Normalizes incoming profile values: text folded, names cased, empty values dropped. */
export function cleanProfile(update: Profile): Profile {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (key === 'address') {
      const address = cleanAddress(value as Address);
      if (address) out.address = address;
      continue;
    }
    const isName = key === 'name' || key === 'firstName' || key === 'lastName';
    const clean = isName ? nameText(key, value as string) : normalizeText(value as string);
    if (clean) out[key] = clean;
  }
  return out as Profile;
}

function nameText(key: string, value: string): string {
  const name = normalizeNameParts(key === 'name' ? { full: value } : { first: value });
  return name.full;
}

/** The name parts a new full name implies, or a full name the parts imply. */
function derivedNames(profile: Profile, changed: readonly ProfileField[]): Profile {
  if (changed.includes('name') && profile.name) {
    const split = normalizeNameParts({ full: profile.name });
    return {
      ...(split.first ? { firstName: split.first } : {}),
      ...(split.last ? { lastName: split.last } : {}),
    };
  }
  if (!profile.name && (changed.includes('firstName') || changed.includes('lastName'))) {
    const full = normalizeNameParts({
      ...(profile.firstName ? { first: profile.firstName } : {}),
      ...(profile.lastName ? { last: profile.lastName } : {}),
    }).full;
    return full ? { name: full } : {};
  }
  return {};
}

/**
 * Applies a profile update under the origin policy ({@link mayOverwrite}): host values overwrite, values
 * the bot picked up fill gaps, and a manual edit is never overwritten by the bot. Pure; inputs are not
 * mutated.
 *
 * @example
 * ```ts
 * applyProfileUpdate({ profile: { name: 'Ana' }, fieldOrigins: { name: 'manual' } }, { name: 'Anna', company: 'Acme' }, 'bot')
 * // → profile { name: 'Ana', company: 'Acme' }, changed ['company']
 * ```
 */
export function applyProfileUpdate(
  state: ProfileState,
  update: Profile,
  origin: FieldOrigin,
): ProfileUpdateResult {
  const first = applyFields(state, cleanProfile(update), origin);
  // A new full name fills in first and last names (and parts fill in a missing full name), under the
  // same origin rules, so a refused name never sneaks in through its parts.
  const derived: Record<string, unknown> = { ...derivedNames(first.profile, first.changed) };
  for (const key of Object.keys(derived)) if (key in update) delete derived[key];
  const second = applyFields(first, derived as Profile, origin);
  return { ...second, changed: [...first.changed, ...second.changed] };
}

function applyFields(state: ProfileState, incoming: Profile, origin: FieldOrigin): ProfileUpdateResult {
  const profile: Record<string, unknown> = { ...state.profile };
  const fieldOrigins: Partial<Record<ProfileField, FieldOrigin>> = { ...state.fieldOrigins };
  const changed: ProfileField[] = [];
  for (const [key, value] of Object.entries(incoming) as Array<[ProfileField, Profile[ProfileField]]>) {
    const current = profile[key];
    const present = current !== undefined;
    if (present && !mayOverwrite(origin, fieldOrigins[key])) {
      // Gaps inside an address are still gaps.
      if (key !== 'address' || origin !== 'bot') continue;
      const merged = { ...(value as Address), ...(current as Address) };
      if (!sameAddress(merged, current as Address)) {
        profile.address = merged;
        changed.push('address');
      }
      continue;
    }
    const next = key === 'address' ? { ...(current as Address | undefined), ...(value as Address) } : value;
    const same = key === 'address' ? sameAddress(next as Address, current as Address) : next === current;
    if (!same) {
      profile[key] = next;
      changed.push(key);
    }
    if (!same || fieldOrigins[key] !== origin) fieldOrigins[key] = origin;
  }
  return { profile: profile as Profile, fieldOrigins, changed };
}
