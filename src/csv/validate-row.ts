import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';
import type { EventIdentities } from '../model/chat-event.js';
import { type Profile, ProfileSchema } from '../model/contact.js';
import type { CustomFields } from '../model/custom-field.js';
import { CountryCodeSchema } from '../model/primitives.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizeName } from '../normalize/name.js';
import { normalizePhone } from '../normalize/phone.js';
import { normalizeText } from '../normalize/text.js';
import {
  type ImportCandidate,
  ImportCandidateSchema,
  type ImportConsent,
  type ImportRowResult,
  type ImportStats,
  type RowIssue,
} from './candidate.js';
import { parseAmount, stripTextMarker } from './cell-values.js';
import { type ConsentCells, consentFact, readConsentCell } from './consent.js';
import { countryCode } from './country.js';
import { assertIdentityColumn, type ColumnMapping, type MappedColumn } from './map-columns.js';
import type { CsvRecord } from './parse.js';
import { parseTags } from './tags.js';

/** Options for {@link createRowValidator}, checked at the edge. */
export const ValidateRowOptionsSchema = z.object({
  /** Country for national phone numbers in rows without a country column value (the workspace's). */
  defaultCountry: CountryCodeSchema.optional(),
});
export type ValidateRowOptions = z.input<typeof ValidateRowOptionsSchema>;

const MAX_CUSTOM_TEXT = 10_000;
const MAX_IDENTITY = 512;

type Column<K extends MappedColumn['target']['kind']> = MappedColumn & {
  readonly target: Extract<MappedColumn['target'], { kind: K }>;
};

function ofKind<K extends MappedColumn['target']['kind']>(mapping: ColumnMapping, kind: K): Column<K>[] {
  return mapping.columns.filter((c): c is Column<K> => c.target.kind === kind);
}

const BUILTIN_KEYS = new Set([
  'userId',
  'email',
  'phone',
  'cookie',
  'whatsapp',
  'telegram',
  'messenger',
  'instagram',
]);

/** Normalizes one identity value; throws ValidationError with the reason when it cannot be one. */
function normalizeIdentity(type: string, cell: string, defaultCountry: string | undefined): string {
  if (type === 'email') return normalizeEmail(cell).value;
  if (type === 'phone') return normalizePhone(stripTextMarker(cell), { defaultCountry }).value;
  const value = normalizeText(stripTextMarker(cell));
  if (value.length > MAX_IDENTITY) {
    throw new ValidationError({ field: type, value: cell, reason: `longer than ${MAX_IDENTITY} characters` });
  }
  return value;
}

/**
 * Builds the validator of one file's rows from its column mapping. Every row becomes an
 * {@link ImportCandidate} or a rejection; it never throws for a bad row.
 *
 * Policy for identities: each identity cell is normalized on its own (a cell may hold several values
 * separated by `;`). A row is kept when at least one identity is usable; the identities that failed
 * are reported as `warnings` on the candidate (a bad email next to a good phone keeps the row, without
 * the email). A row with no usable identity is rejected, naming every identity column and why each failed.
 * Other fields that fail (a 20 000-character custom value, an unknown country) are dropped with a warning.
 *
 * @throws {@link ValidationError} once, up front, when the mapping has no identity column at all.
 * @example
 * ```ts
 * const validate = createRowValidator(mapColumns(header), { defaultCountry: 'US' });
 * const result = validate({ row: 1, cells: ['ana@x.com', '(415) 555-2671'] });
 * if (result.ok) result.candidate.identities // { email: 'ana@x.com', phone: '+14155552671' }
 * ```
 */
export function createRowValidator(
  mapping: ColumnMapping,
  options: ValidateRowOptions = {},
): (record: CsvRecord) => ImportRowResult {
  assertIdentityColumn(mapping);
  const { defaultCountry } = ValidateRowOptionsSchema.parse(options);
  const identityColumns = ofKind(mapping, 'identity');
  const profileColumns = ofKind(mapping, 'profile');
  const addressColumns = ofKind(mapping, 'address');
  const countryColumns = addressColumns.filter((c) => c.target.field === 'country');
  const tagColumns = ofKind(mapping, 'tags');
  const customColumns = ofKind(mapping, 'custom');
  const consentColumns = ofKind(mapping, 'consent');
  const statColumns = ofKind(mapping, 'stat');
  const noteColumns = ofKind(mapping, 'notes');

  return (record: CsvRecord): ImportRowResult => {
    const { row, cells } = record;
    const warnings: RowIssue[] = [];
    const cell = (c: MappedColumn): string => cells[c.index] ?? '';
    const warn = (c: MappedColumn, field: string, value: unknown, reason: string): void => {
      warnings.push({ row, column: c.header, field, value, reason });
    };

    // The row's country first: it is the default country of the row's phone numbers.
    let country: string | undefined;
    for (const c of countryColumns) {
      const value = cell(c).trim();
      if (value === '') continue;
      const code = countryCode(value);
      if (code) {
        country = code;
        break;
      }
      warn(c, 'profile.address.country', value, 'not a country name or ISO code');
    }

    const identities: EventIdentities = {};
    const custom: Record<string, string> = {};
    const moreIdentities: Array<{ type: string; value: string }> = [];
    const seen = new Set<string>();
    const identityIssues: RowIssue[] = [];
    for (const c of identityColumns) {
      const raw = cell(c);
      const type = c.target.type;
      const parts = raw.split(type === 'email' ? /[;,]/ : /;/).filter((p) => p.trim() !== '');
      for (const part of parts) {
        let value: string;
        try {
          value = normalizeIdentity(type, part, country ?? defaultCountry);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          identityIssues.push({
            row,
            column: c.header,
            field: `identities.${type}`,
            value: part,
            reason: e.reason,
          });
          continue;
        }
        if (value === '' || seen.has(`${type}:${value}`)) continue;
        seen.add(`${type}:${value}`);
        const builtin = BUILTIN_KEYS.has(type);
        const taken = builtin
          ? identities[type as keyof EventIdentities] !== undefined
          : custom[type] !== undefined;
        if (taken) moreIdentities.push({ type, value });
        else if (builtin) (identities as Record<string, string>)[type] = value;
        else custom[type] = value;
      }
    }
    if (Object.keys(custom).length > 0) identities.custom = custom;
    if (Object.keys(identities).length === 0) {
      const why =
        identityIssues.length > 0
          ? identityIssues.map((i) => `${i.column}: ${i.reason}`).join('; ')
          : `${identityColumns.map((c) => c.header).join(', ')} ${identityColumns.length > 1 ? 'are' : 'is'} empty`;
      return {
        ok: false,
        rejection: {
          row,
          column: identityIssues[0]?.column ?? identityColumns.map((c) => c.header).join(', '),
          reason: `no usable identity: ${why}`,
          cells,
          issues: [...identityIssues, ...warnings],
        },
      };
    }
    warnings.push(...identityIssues);

    // Profile: names through normalizeName, so "MARÍA de la CRUZ" splits and cases as live intake does.
    const fields: Partial<Record<string, string>> = {};
    for (const c of profileColumns) {
      const value = normalizeText(cell(c));
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
      const raw = cell(c);
      const value = normalizeText(c.target.field === 'postcode' ? stripTextMarker(raw) : raw);
      if (value !== '') address[c.target.field] = value;
    }
    if (country) address.country = country;
    if (Object.keys(address).length > 0) profile.address = address;
    if (identities.email) profile.email = identities.email;
    if (identities.phone) profile.phone = identities.phone;
    const checked = ProfileSchema.safeParse(profile);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const path = issue.path.map(String);
        const column = mapping.columns.find((c) => {
          const t = c.target;
          return (
            (t.kind === 'profile' && t.field === path[0]) || (t.kind === 'address' && t.field === path[1])
          );
        });
        if (path[0] === 'address' && path[1] && profile.address) {
          delete (profile.address as Record<string, unknown>)[path[1]];
        } else if (path[0]) delete (profile as Record<string, unknown>)[path[0]];
        warnings.push({
          row,
          ...(column ? { column: column.header } : {}),
          field: `profile.${path.join('.')}`,
          value: undefined,
          reason: `${issue.message}; the value was not imported`,
        });
      }
    }

    const tags: string[] = [];
    const tagKeys = new Set<string>();
    for (const c of tagColumns) {
      const parsed = parseTags(cell(c));
      for (const tag of parsed.tags) {
        if (tagKeys.has(tag.toLocaleLowerCase())) continue;
        tagKeys.add(tag.toLocaleLowerCase());
        tags.push(tag);
      }
      for (const long of parsed.tooLong)
        warn(c, 'tags', long, 'tag longer than 100 characters; not imported');
    }

    const customFields: CustomFields = {};
    for (const c of customColumns) {
      const value = cell(c).trim();
      if (value === '' || customFields[c.target.key] !== undefined) continue;
      if (value.length > MAX_CUSTOM_TEXT) {
        warn(
          c,
          `customFields.${c.target.key}`,
          `${value.slice(0, 40)}…`,
          `longer than ${MAX_CUSTOM_TEXT} characters; not imported`,
        );
        continue;
      }
      customFields[c.target.key] = value;
    }

    const consents: ImportConsent[] = [];
    for (const channel of ['email', 'sms'] as const) {
      const group: ConsentCells = {
        channel,
        cells: consentColumns
          .filter((c) => c.target.channel === channel)
          .map((c) => ({ target: c.target, header: c.header, value: cell(c) })),
      };
      for (const { target, header, value } of group.cells) {
        if (readConsentCell(target, value) === 'unknown') {
          warnings.push({
            row,
            column: header,
            field: `consents.${channel}`,
            value,
            reason: 'not a consent value this importer knows',
          });
        }
      }
      const fact = consentFact(group);
      if (fact) consents.push(fact);
    }

    let stats: ImportStats | undefined;
    for (const c of statColumns) {
      const raw = cell(c).trim();
      if (raw === '') continue;
      const n = parseAmount(raw);
      const ok = n !== undefined && n >= 0 && (c.target.stat === 'amountSpent' || Number.isInteger(n));
      if (!ok) {
        warn(
          c,
          `stats.${c.target.stat}`,
          raw,
          c.target.stat === 'orders' ? 'not a whole number ≥ 0' : 'not an amount ≥ 0',
        );
        continue;
      }
      stats ??= {};
      stats[c.target.stat] ??= c.target.stat === 'amountSpent' ? Math.round(n * 100) / 100 : n;
    }

    const notes = noteColumns.map((c) => cell(c).trim()).filter((n) => n !== '');

    const candidate: ImportCandidate = {
      row,
      identities,
      moreIdentities,
      ...(country ? { country } : {}),
      profile,
      tags,
      customFields,
      ...(consents.length > 0 ? { consents } : {}),
      ...(stats ? { stats } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      warnings,
      cells,
    };
    // The schema is the gate: whatever the steps above missed refuses the row instead of reaching storage.
    const parsed = ImportCandidateSchema.safeParse(candidate);
    if (parsed.success) return { ok: true, candidate: parsed.data };
    const firstIssue = parsed.error.issues[0]!;
    return {
      ok: false,
      rejection: {
        row,
        column: '',
        reason: `${firstIssue.path.join('.')}: ${firstIssue.message}`,
        cells,
        issues: parsed.error.issues.map((i) => ({
          row,
          field: i.path.join('.'),
          value: undefined,
          reason: i.message,
        })),
      },
    };
  };
}
