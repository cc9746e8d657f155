import type { CustomFields } from '../../../model/custom-field.js';
import { MAX_AMOUNT } from '../../../model/primitives.js';
import { storableText } from '../../../normalize/text.js';
import { parseAmount } from '../validate/cell-values.js';
import { type ConsentCells, consentFact, readConsentCell } from '../validate/consent.js';
import { parseTags } from '../validate/tags.js';
import type { ImportConsent, ImportStats } from './candidate.js';
import type { ColumnOf, RowContext } from './row-context.js';

const MAX_CUSTOM_TEXT = 10_000;

/**
 * The tags of all tag columns of a row, in order, without case-insensitive duplicates.
 *
 * @example
 * ```ts
 * readTags(ctx, tagColumns) // ['VIP', 'Blog']
 * ```
 */
export function readTags(ctx: RowContext, columns: readonly ColumnOf<'tags'>[]): string[] {
  // One column: parseTags already dropped its case-insensitive duplicates.
  if (columns.length === 1) {
    const c = columns[0]!;
    const cell = ctx.cell(c);
    if (cell === '') return [];
    const parsed = parseTags(cell);
    for (const long of parsed.tooLong)
      ctx.warn(c, 'tags', long, 'tag longer than 100 characters; not imported');
    return parsed.tags;
  }
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    const parsed = parseTags(ctx.cell(c));
    for (const tag of parsed.tags) {
      const key = tag.toLocaleLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      tags.push(tag);
    }
    for (const long of parsed.tooLong)
      ctx.warn(c, 'tags', long, 'tag longer than 100 characters; not imported');
  }
  return tags;
}

/**
 * Custom fields as text, trimmed and stored as human text is (`storableText`: NFC, no NUL); empty cells
 * are skipped, values over 10,000 characters dropped with a warning (the cell itself stays in the
 * candidate's `cells`). A key is read as the field's own: `constructor` is a key like any other.
 *
 * @example
 * ```ts
 * readCustomFields(ctx, customColumns) // { plan: 'pro' }
 * ```
 */
export function readCustomFields(ctx: RowContext, columns: readonly ColumnOf<'custom'>[]): CustomFields {
  const fields: CustomFields = {};
  for (const c of columns) {
    const value = storableText(ctx.cell(c).trim());
    if (value === '' || Object.hasOwn(fields, c.target.key)) continue;
    if (value.length > MAX_CUSTOM_TEXT) {
      const reason = `longer than ${MAX_CUSTOM_TEXT} characters; not imported`;
      ctx.warn(c, `customFields.${c.target.key}`, `${value.slice(0, 40)}…`, reason);
      continue;
    }
    fields[c.target.key] = value;
  }
  return fields;
}

/**
 * Builds the reader of a file's consent columns: one consent fact per channel (see {@link consentFact});
 * unreadable values are reported.
 *
 * @example
 * ```ts
 * createConsentReader(consentColumns)(ctx) // [{ purpose: 'email_marketing', channel: 'email', status: 'granted', … }]
 * ```
 */
export function createConsentReader(
  columns: readonly ColumnOf<'consent'>[],
): (ctx: RowContext) => ImportConsent[] {
  const channels = (['email', 'sms'] as const)
    .map((channel) => ({ channel, columns: columns.filter((c) => c.target.channel === channel) }))
    .filter((c) => c.columns.length > 0);
  return (ctx) => {
    const consents: ImportConsent[] = [];
    for (const { channel, columns: own } of channels) {
      let cells: Array<ConsentCells['cells'][number]> | undefined;
      for (const column of own) {
        const value = ctx.cell(column);
        // An empty cell says nothing (consentFact skips it): the common case, without a lookup.
        if (value === '') continue;
        if (readConsentCell(column.target, value) === 'unknown') {
          ctx.warn(column, `consents.${channel}`, value, 'not a consent value this importer knows');
        }
        cells ??= [];
        cells.push({ target: column.target, header: column.header, value });
      }
      const fact = cells ? consentFact({ channel, cells }) : undefined;
      if (fact) consents.push(fact);
    }
    return consents;
  };
}

/**
 * Orders and amount spent; an unreadable or negative value is reported and skipped.
 *
 * @example
 * ```ts
 * readStats(ctx, statColumns) // { amountSpent: 1234.5, orders: 7 }
 * ```
 */
export function readStats(ctx: RowContext, columns: readonly ColumnOf<'stat'>[]): ImportStats | undefined {
  let stats: ImportStats | undefined;
  for (const c of columns) {
    const raw = ctx.cell(c).trim();
    if (raw === '') continue;
    const n = parseAmount(raw);
    const amount = c.target.stat === 'amountSpent';
    if (n === undefined || n < 0 || (!amount && !Number.isSafeInteger(n))) {
      ctx.warn(c, `stats.${c.target.stat}`, raw, amount ? 'not an amount ≥ 0' : 'not a whole number ≥ 0');
      continue;
    }
    if (amount && n > MAX_AMOUNT) {
      ctx.warn(c, `stats.${c.target.stat}`, raw, `more than ${MAX_AMOUNT.toExponential()}; not imported`);
      continue;
    }
    stats ??= {};
    stats[c.target.stat] ??= amount ? Math.round(n * 100) / 100 : n;
  }
  return stats;
}

/**
 * The non-empty note cells of a row.
 *
 * @example
 * ```ts
 * readNotes(ctx, noteColumns) // ['Met at expo']
 * ```
 */
export function readNotes(ctx: RowContext, columns: readonly ColumnOf<'notes'>[]): string[] {
  return columns.map((c) => storableText(ctx.cell(c).trim())).filter((n) => n !== '');
}
