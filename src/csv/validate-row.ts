import { z } from 'zod';
import { CountryCodeSchema } from '../model/primitives.js';
import { type ImportCandidate, ImportCandidateSchema, type ImportRowResult } from './candidate.js';
import { assertIdentityColumn, type ColumnMapping } from './map-columns.js';
import type { CsvRecord } from './parse.js';
import { columnsOfKind, RowContext } from './row-context.js';
import { readConsents, readCustomFields, readNotes, readStats, readTags } from './row-facts.js';
import { readIdentities } from './row-identities.js';
import { readCountry, readProfile } from './row-profile.js';

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
  const identityColumns = columnsOfKind(mapping, 'identity');
  const profileColumns = columnsOfKind(mapping, 'profile');
  const addressColumns = columnsOfKind(mapping, 'address');
  const tagColumns = columnsOfKind(mapping, 'tags');
  const customColumns = columnsOfKind(mapping, 'custom');
  const consentColumns = columnsOfKind(mapping, 'consent');
  const statColumns = columnsOfKind(mapping, 'stat');
  const noteColumns = columnsOfKind(mapping, 'notes');

  return (record: CsvRecord): ImportRowResult => {
    const { row, cells } = record;
    const ctx = new RowContext(row, cells);
    // The row's country first: it is the default country of the row's phone numbers.
    const country = readCountry(ctx, addressColumns);
    const { identities, moreIdentities, issues } = readIdentities(
      ctx,
      identityColumns,
      country ?? defaultCountry,
    );
    if (Object.keys(identities).length === 0) {
      const headers = identityColumns.map((c) => c.header).join(', ');
      const why =
        issues.length > 0
          ? issues.map((i) => `${i.column}: ${i.reason}`).join('; ')
          : `${headers} ${identityColumns.length > 1 ? 'are' : 'is'} empty`;
      const column = issues[0]?.column ?? headers;
      const reason = `no usable identity: ${why}`;
      return { ok: false, rejection: { row, column, reason, cells, issues: [...issues, ...ctx.warnings] } };
    }
    ctx.warnings.push(...issues);

    const profile = readProfile(ctx, profileColumns, addressColumns, country, identities);
    const tags = readTags(ctx, tagColumns);
    const customFields = readCustomFields(ctx, customColumns);
    const consents = readConsents(ctx, consentColumns);
    const stats = readStats(ctx, statColumns);
    const notes = readNotes(ctx, noteColumns);
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
      warnings: ctx.warnings,
      cells,
    };
    // The schema is the gate: whatever the readers missed refuses the row instead of reaching storage.
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
