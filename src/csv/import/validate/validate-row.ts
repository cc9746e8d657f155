import { z } from 'zod';
import { CustomFieldKeySchema } from '../../../model/custom-field.js';
import { IdentityTypeSchema } from '../../../model/identity.js';
import { CountryCodeSchema, isStorableText, MAX_AMOUNT } from '../../../model/primitives.js';
import { assertIdentityColumn, type ColumnMapping } from '../map/map-columns.js';
import type { CsvRecord } from '../parse.js';
import {
  type ImportCandidate,
  ImportCandidateSchema,
  type ImportRowResult,
  type ImportStats,
} from '../rows/candidate.js';
import { columnsOfKind, inSchemaOrder, RowContext } from '../rows/row-context.js';
import { createConsentReader, readCustomFields, readNotes, readStats, readTags } from '../rows/row-facts.js';
import { createIdentityReader } from '../rows/row-identities.js';
import { createProfileReader, readCountry } from '../rows/row-profile.js';

/** Options for {@link createRowValidator}, checked at the edge. */
export const ValidateRowOptionsSchema = z.object({
  /** Country for national phone numbers in rows without a country column value (the workspace's). */
  defaultCountry: CountryCodeSchema.optional(),
});
export type ValidateRowOptions = z.input<typeof ValidateRowOptionsSchema>;

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
 * @throws {@link contactkit!ValidationError} once, up front, when the mapping has no identity column at all.
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
  const identityColumns = columnsOfKind(mapping, 'identity');
  const profileColumns = columnsOfKind(mapping, 'profile');
  const addressColumns = columnsOfKind(mapping, 'address');
  const tagColumns = columnsOfKind(mapping, 'tags');
  const customColumns = columnsOfKind(mapping, 'custom');
  const consentColumns = columnsOfKind(mapping, 'consent');
  const statColumns = columnsOfKind(mapping, 'stat');
  const noteColumns = columnsOfKind(mapping, 'notes');
  const countryColumns = addressColumns.filter((c) => c.target.field === 'country');
  const readIdentities = createIdentityReader(identityColumns);
  const readProfile = createProfileReader(profileColumns, addressColumns);
  const readConsents = createConsentReader(consentColumns);
  // A mapping built by hand may name types or keys the schema refuses: its rows always go through it.
  const namesValid =
    identityColumns.every((c) => IdentityTypeSchema.safeParse(c.target.type).success) &&
    customColumns.every((c) => CustomFieldKeySchema.safeParse(c.target.key).success);

  return (record: CsvRecord): ImportRowResult => {
    const { row, cells } = record;
    if (record.malformed) {
      // Its cells are a guess (the line split as plain text): nothing of it is imported.
      const column = mapping.columns[record.malformed.column]?.header ?? '';
      const reason = `malformed quotes: ${record.malformed.reason}`;
      const issue = { field: 'file', value: undefined, reason, row, column };
      return { ok: false, rejection: { row, column, reason, cells, issues: [issue] } };
    }
    const ctx = new RowContext(row, cells);
    // The row's country first: it is the default country of the row's phone numbers.
    const country = readCountry(ctx, countryColumns);
    const { identities, moreIdentities, issues, any } = readIdentities(ctx, country ?? defaultCountry);
    if (!any) {
      const headers = identityColumns.map((c) => c.header).join(', ');
      const why =
        issues.length > 0
          ? issues.map((i) => `${i.column}: ${i.reason}`).join('; ')
          : `${headers} ${identityColumns.length > 1 ? 'are' : 'is'} empty`;
      const column = issues[0]?.column ?? headers;
      const reason = `no usable identity: ${why}`;
      return { ok: false, rejection: { row, column, reason, cells, issues: [...issues, ...ctx.warnings] } };
    }
    for (const issue of issues) ctx.warnings.push(issue);

    const profile = readProfile(ctx, country, identities);
    const tags = readTags(ctx, tagColumns);
    const customFields = readCustomFields(ctx, customColumns);
    const consents = readConsents(ctx);
    const stats = readStats(ctx, statColumns);
    const notes = readNotes(ctx, noteColumns);
    // Keys in the schema's order (optional ones only when present), without spreading per row.
    const candidate = { row, identities, moreIdentities } as ImportCandidate;
    if (country) candidate.country = country;
    candidate.profile = profile;
    candidate.tags = tags;
    candidate.customFields = customFields;
    if (consents.length > 0) candidate.consents = consents;
    if (stats) candidate.stats = stats;
    if (notes.length > 0) candidate.notes = notes;
    candidate.warnings = ctx.warnings;
    candidate.cells = cells;
    // The schema is the gate: whatever the readers missed refuses the row instead of reaching storage.
    // The readers build what it accepts, so it runs only when a cheap check finds something it might not.
    if (namesValid && passesCheaply(candidate)) {
      if (stats) candidate.stats = statsInOrder(stats);
      if (ctx.warnings.length > 0) candidate.warnings = ctx.warnings.map(inSchemaOrder);
      return { ok: true, candidate };
    }
    const parsed = ImportCandidateSchema.safeParse(candidate);
    if (parsed.success) return { ok: true, candidate: parsed.data };
    const issuesFound = parsed.error.issues.map((i) => ({
      row,
      field: i.path.join('.'),
      value: undefined,
      reason: i.message,
    }));
    const first = issuesFound[0]!;
    return {
      ok: false,
      rejection: { row, column: '', reason: `${first.field}: ${first.reason}`, cells, issues: issuesFound },
    };
  };
}

const MAX_EXTRA_IDENTITY = 512;
const MAX_IDENTITY_VALUE = 1024;
const MAX_TAG = 100;
const MAX_CUSTOM = 10_000;
const MAX_NOTE = 100_000;
const MAX_EVIDENCE = 500;

/**
 * What ImportCandidateSchema checks that the readers do not already guarantee by construction (lengths
 * the normalizers bound, totals zod accepts (integers must be safe), the row number, the cells' type). False sends the candidate
 * through the schema, which then says exactly what is wrong.
 */
function passesCheaply(c: ImportCandidate): boolean {
  if (!Number.isSafeInteger(c.row) || c.row < 1) return false;
  for (const key in c.identities) {
    const value = (c.identities as Record<string, unknown>)[key];
    if (key === 'custom') {
      for (const v of Object.values(value as Record<string, string>))
        if (v.length > MAX_IDENTITY_VALUE || !isStorableText(v)) return false;
    } else if (typeof value !== 'string' || value.length > MAX_IDENTITY_VALUE || !isStorableText(value))
      return false;
  }
  for (const m of c.moreIdentities)
    if (m.value.length < 1 || m.value.length > MAX_EXTRA_IDENTITY || !isStorableText(m.value)) return false;
  if (c.country !== undefined && !/^[A-Z]{2}$/.test(c.country)) return false;
  // Tags come out of normalizeText, which TagSchema leaves as they are, unless a NUL or an unpaired
  // surrogate (which it refuses) survived: decoded text has neither, and normalizeText removes NUL.
  for (const t of c.tags) if (t.length < 1 || t.length > MAX_TAG || !isStorableText(t)) return false;
  for (const key in c.customFields) {
    const value = c.customFields[key];
    // readCustomFields and readNotes made them storable (storableText), as the schema would.
    if (typeof value !== 'string' || value.length > MAX_CUSTOM) return false;
  }
  if (c.consents)
    for (const f of c.consents)
      if (f.evidence.length > MAX_EVIDENCE || (f.at !== undefined && Number.isNaN(f.at.getTime())))
        return false;
  const s = c.stats;
  if (s) {
    if (s.orders !== undefined && !(Number.isSafeInteger(s.orders) && s.orders >= 0)) return false;
    if (
      s.amountSpent !== undefined &&
      !(Number.isFinite(s.amountSpent) && s.amountSpent >= 0 && s.amountSpent <= MAX_AMOUNT)
    )
      return false;
  }
  if (c.notes) for (const n of c.notes) if (n.length < 1 || n.length > MAX_NOTE) return false;
  for (const w of c.warnings)
    if (w.row !== undefined && !(Number.isSafeInteger(w.row) && w.row >= 1)) return false;
  for (const cell of c.cells) if (typeof cell !== 'string') return false;
  return true;
}

/** Stats with their keys in ImportStatsSchema's order, as parsing gives. */
function statsInOrder(stats: ImportStats): ImportStats {
  const out: ImportStats = {};
  if (stats.orders !== undefined) out.orders = stats.orders;
  if (stats.amountSpent !== undefined) out.amountSpent = stats.amountSpent;
  return out;
}
