import { ValidationError } from '../../../errors/errors.js';
import { type EventIdentities, EventIdentitiesSchema } from '../../../model/chat-event.js';
import { BUILTIN_IDENTITY_TYPES } from '../../../model/identity.js';
import { ownValue } from '../../../model/primitives.js';
import { setBounded } from '../../../normalize/bounded-cache.js';
import { normalizeEmail } from '../../../normalize/email.js';
import { normalizePhone } from '../../../normalize/phone.js';
import { normalizeText } from '../../../normalize/text.js';
import { stripTextMarker } from '../validate/cell-values.js';
import { splitListCell } from '../validate/list-cell.js';
import type { RowIssue } from './candidate.js';
import type { ColumnOf, RowContext } from './row-context.js';

const MAX_IDENTITY = 512;
const BUILTIN = new Set<string>(BUILTIN_IDENTITY_TYPES);
// The order (and the keys) parsing with EventIdentitiesSchema gives.
const SCHEMA_ORDER = Object.keys(EventIdentitiesSchema.shape).filter((k) => k !== 'custom');
// Phones a file repeats (a switchboard, a shared family number) are parsed once; bounded like intake's.
const PHONE_CACHE_LIMIT = 10_000;

/** Normalizes one identity value with the same functions as live intake; throws ValidationError. */
function normalizeIdentity(type: string, cell: string, defaultCountry: string | undefined): string {
  if (type === 'email') return normalizeEmail(cell).value;
  if (type === 'phone') return normalizePhone(stripTextMarker(cell), { defaultCountry }).value;
  const value = normalizeText(stripTextMarker(cell));
  if (value.length > MAX_IDENTITY) {
    throw new ValidationError({ field: type, value: cell, reason: `longer than ${MAX_IDENTITY} characters` });
  }
  return value;
}

/** A row's identities, and the identity values that could not be used, with why. */
export interface RowIdentities {
  /** In EventIdentitiesSchema's key order (built-in types, then `custom`). */
  readonly identities: EventIdentities;
  readonly moreIdentities: Array<{ type: string; value: string }>;
  readonly issues: RowIssue[];
  /** Whether `identities` holds anything. */
  readonly any: boolean;
}

/**
 * Builds the reader of a file's identity cells. A cell may hold several values separated by `;` (emails
 * also `,`): the first usable value of each type goes to `identities`, later ones to `moreIdentities`,
 * duplicates are dropped, and values that fail normalization are returned as `issues` for the caller
 * to report.
 *
 * @example
 * ```ts
 * createIdentityReader(columns)(ctx, 'US').identities // { email: 'ana@x.com', phone: '+14155552671' }
 * ```
 */
export function createIdentityReader(
  columns: readonly ColumnOf<'identity'>[],
): (ctx: RowContext, defaultCountry: string | undefined) => RowIdentities {
  const phones = new Map<string, string | ValidationError>();
  const colonTypes = columns.some((c) => c.target.type.includes(':'));
  const normalize = (type: string, part: string, defaultCountry: string | undefined): string => {
    if (type !== 'phone') return normalizeIdentity(type, part, defaultCountry);
    const key = `${defaultCountry ?? ''}\u0000${part}`;
    let hit = phones.get(key);
    if (hit === undefined) {
      try {
        hit = normalizeIdentity(type, part, defaultCountry);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        hit = e;
      }
      setBounded(phones, PHONE_CACHE_LIMIT, key, hit);
    }
    if (typeof hit !== 'string') throw hit;
    return hit;
  };

  return (ctx, defaultCountry) => {
    // Plain objects, read through ownValue: a custom type may be named `constructor`.
    const builtin: Record<string, string> = {};
    let custom: Record<string, string> | undefined;
    const moreIdentities: Array<{ type: string; value: string }> = [];
    const issues: RowIssue[] = [];
    let any = false;
    // Types with a ':' (a hand-built mapping) can make `type:value` keys collide: dedupe by them, as always.
    const seen = colonTypes ? new Set<string>() : undefined;
    const take = (c: ColumnOf<'identity'>, type: string, part: string) => {
      let value: string;
      try {
        value = normalize(type, part, defaultCountry);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push({
          row: ctx.row,
          column: c.header,
          field: `identities.${type}`,
          value: part,
          reason: e.reason,
        });
        return;
      }
      if (value === '') return;
      if (!BUILTIN.has(type)) custom ??= {};
      const bucket = BUILTIN.has(type) ? builtin : custom!;
      const held = ownValue(bucket, type);
      if (seen) {
        const key = `${type}:${value}`;
        if (seen.has(key)) return;
        seen.add(key);
      } else if (held === value || moreIdentities.some((m) => m.type === type && m.value === value)) {
        return; // seen before in this row: a value seen is either the one held or among the extras
      }
      if (held !== undefined) moreIdentities.push({ type, value });
      else {
        bucket[type] = value;
        any = true;
      }
    };
    for (const c of columns) {
      const type = c.target.type;
      const cell = ctx.cell(c);
      if (cell === '') continue;
      const email = type === 'email';
      // Most cells hold one value: no split, no regex.
      if (cell.indexOf(';') < 0 && (!email || cell.indexOf(',') < 0) && cell.indexOf('"') < 0) {
        if (cell.trim() !== '') take(c, type, cell);
        continue;
      }
      // A value holding `;` is quoted, as the export writes it (`"a;b"; c`): split outside quotes.
      for (const part of splitListCell(cell, email ? ';,' : ';')) if (part.trim() !== '') take(c, type, part);
    }
    const identities: Record<string, unknown> = {};
    for (const type of SCHEMA_ORDER) {
      const value = builtin[type];
      if (value !== undefined) identities[type] = value;
    }
    if (custom && Object.keys(custom).length > 0) identities.custom = custom;
    return { identities: identities as EventIdentities, moreIdentities, issues, any };
  };
}
