import { ValidationError } from '../errors/errors.js';
import type { EventIdentities } from '../model/chat-event.js';
import { BUILTIN_IDENTITY_TYPES } from '../model/identity.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { normalizeText } from '../normalize/text.js';
import type { RowIssue } from './candidate.js';
import { stripTextMarker } from './cell-values.js';
import type { ColumnOf, RowContext } from './row-context.js';

const MAX_IDENTITY = 512;
const BUILTIN = new Set<string>(BUILTIN_IDENTITY_TYPES);

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
  readonly identities: EventIdentities;
  readonly moreIdentities: Array<{ type: string; value: string }>;
  readonly issues: RowIssue[];
}

/**
 * Reads a row's identity cells. A cell may hold several values separated by `;` (emails also `,`): the
 * first usable value of each type goes to `identities`, later ones to `moreIdentities`, duplicates are
 * dropped, and values that fail normalization are returned as `issues` for the caller to report.
 *
 * @example
 * ```ts
 * readIdentities(ctx, columns, 'US').identities // { email: 'ana@x.com', phone: '+14155552671' }
 * ```
 */
export function readIdentities(
  ctx: RowContext,
  columns: readonly ColumnOf<'identity'>[],
  defaultCountry: string | undefined,
): RowIdentities {
  const identities: Record<string, string> = {};
  const custom: Record<string, string> = {};
  const moreIdentities: Array<{ type: string; value: string }> = [];
  const issues: RowIssue[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    const type = c.target.type;
    const parts = ctx
      .cell(c)
      .split(type === 'email' ? /[;,]/ : /;/)
      .filter((p) => p.trim() !== '');
    for (const part of parts) {
      let value: string;
      try {
        value = normalizeIdentity(type, part, defaultCountry);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push({
          row: ctx.row,
          column: c.header,
          field: `identities.${type}`,
          value: part,
          reason: e.reason,
        });
        continue;
      }
      const key = `${type}:${value}`;
      if (value === '' || seen.has(key)) continue;
      seen.add(key);
      const bucket = BUILTIN.has(type) ? identities : custom;
      if (bucket[type] !== undefined) moreIdentities.push({ type, value });
      else bucket[type] = value;
    }
  }
  const result: EventIdentities = { ...identities, ...(Object.keys(custom).length > 0 ? { custom } : {}) };
  return { identities: result, moreIdentities, issues };
}
