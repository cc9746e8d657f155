import { ValidationError } from '../errors/errors.js';
import { type Comparison, comparisonFor } from './comparisons/index.js';
import type { MatchField } from './config.js';
import { indexValues } from './term-frequency.js';

const CACHE_TRIAL = 20_000;

/** One record to deduplicate: an id and its values by field name (a CSV row, or a contact's fields). */
export interface MatchRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, string | null | undefined>>;
}

/** One compared field, its values prepared once for every record (null = missing). */
export interface PreparedField {
  readonly field: MatchField;
  readonly comparison: Comparison;
  readonly values: readonly (string | null)[];
  /** The comparison's alternate form of each value (the same string when it has none). */
  readonly alternates: readonly (string | null)[];
  /** Dense id of each record's value (−1 missing): equal values, equal ids. */
  readonly valueIds: Int32Array;
  /** The value of each id. */
  readonly distinctValues: readonly string[];
}

/** Records in the columnar form the engine works on: one array per field, indexed by record. */
export interface PreparedRecords {
  readonly ids: readonly string[];
  readonly fields: readonly PreparedField[];
  /**
   * Indices of the given-name and family-name fields when there is one of each: people type them
   * into each other's box, so those two are also compared crossed (see {@link compareRecords}).
   */
  readonly namePair: readonly [number, number] | null;
}

/**
 * Normalizes every compared value once, so that comparing millions of pairs never normalizes again.
 *
 * @throws {@link ValidationError} when a record has no id or two records share one.
 *
 * @example
 * ```ts
 * const prepared = prepareRecords(
 *   [{ id: '1', values: { email: ' Ana@X.com ' } }],
 *   [{ name: 'email', kind: 'email' }],
 * );
 * prepared.fields[0].values; // ['ana@x.com']
 * ```
 */
export function prepareRecords(
  records: readonly MatchRecord[],
  fields: readonly MatchField[],
): PreparedRecords {
  const ids: string[] = new Array(records.length);
  records.forEach((record, i) => {
    if (typeof record.id !== 'string' || record.id.length === 0) {
      throw new ValidationError({ field: 'id', value: record.id, reason: `record ${i} has no id` });
    }
    ids[i] = record.id;
  });
  const indexedIds = indexValues(ids);
  if (indexedIds.distinct.length < ids.length) {
    const seen = new Uint8Array(indexedIds.distinct.length);
    for (const id of indexedIds.ids) {
      if (seen[id] === 1) {
        const value = indexedIds.distinct[id];
        throw new ValidationError({ field: 'id', value, reason: 'two records share this id' });
      }
      seen[id] = 1;
    }
  }
  const first = fields.findIndex((f) => f.kind === 'first_name');
  const last = fields.findIndex((f) => f.kind === 'last_name');
  return {
    ids,
    namePair: first >= 0 && last >= 0 ? [first, last] : null,
    fields: fields.map((field) => {
      const comparison = comparisonFor(field.kind);
      const values: (string | null)[] = new Array(records.length);
      const alternates: (string | null)[] = new Array(records.length);
      // Equal raw values are common (cities, first names): prepare each distinct one once. Columns of
      // mostly distinct values (emails) stop caching early, where a cache only costs memory.
      let cache: Map<string, string | null> | null = new Map<string, string | null>();
      let altCache: Map<string, string> | null = new Map<string, string>();
      for (let i = 0; i < records.length; i++) {
        const raw = records[i]!.values[field.name];
        const trimmed = typeof raw === 'string' ? raw.trim() : '';
        let value: string | null = null;
        if (trimmed.length > 0) {
          const hit = cache?.get(trimmed);
          if (hit !== undefined) value = hit;
          else {
            value = comparison.prepare(trimmed);
            cache?.set(trimmed, value);
          }
        }
        values[i] = value;
        if (value === null || comparison.alternate === undefined) alternates[i] = value;
        else {
          let alt = altCache?.get(value);
          if (alt === undefined) {
            alt = comparison.alternate(value);
            altCache?.set(value, alt);
          }
          alternates[i] = alt;
        }
        if (i === CACHE_TRIAL) {
          if (cache !== null && cache.size > CACHE_TRIAL / 2) cache = null;
          if (altCache !== null && altCache.size > CACHE_TRIAL / 2) altCache = null;
        }
      }
      const indexed = indexValues(values);
      return {
        field,
        comparison,
        values,
        alternates,
        valueIds: indexed.ids,
        distinctValues: indexed.distinct,
      };
    }),
  };
}

/**
 * The comparison level of one field for a pair of records: 0 when either value is missing, else 1 +
 * the comparison's level (1 = exact).
 *
 * @example
 * ```ts
 * fieldLevel(prepared.fields[0], 0, 1); // 1 when both emails are the same
 * ```
 */
export function fieldLevel(prepared: PreparedField, i: number, j: number): number {
  const a = prepared.values[i];
  const b = prepared.values[j];
  if (a === null || b === null || a === undefined || b === undefined) return 0;
  return 1 + prepared.comparison.compare(a, b, prepared.alternates[i]!, prepared.alternates[j]!);
}

/** Level of `a` against `b` under the family-name comparison (0 when either is missing). */
function familyLevel(
  family: PreparedField,
  a: string | null | undefined,
  b: string | null | undefined,
): number {
  if (a === null || b === null || a === undefined || b === undefined) return 0;
  return 1 + family.comparison.compare(a, b, a, b);
}

/**
 * The comparison levels of every field for a pair of records, written to `out` from `offset`
 * (0 = missing, 1 = exact, …). Given and family names are also compared crossed ("Hall Isla" against
 * "Isla Hall"), and the better reading of the two is kept, since swapped name boxes are a common
 * error and not a sign of two people.
 *
 * @example
 * ```ts
 * const levels = new Uint8Array(prepared.fields.length);
 * compareRecords(prepared, 0, 1, levels, 0);
 * ```
 */
export function compareRecords(
  records: PreparedRecords,
  i: number,
  j: number,
  out: Uint8Array,
  offset: number,
): void {
  const fields = records.fields;
  for (let f = 0; f < fields.length; f++) out[offset + f] = fieldLevel(fields[f]!, i, j);
  const pair = records.namePair;
  if (pair === null) return;
  const [fi, li] = pair;
  const first = out[offset + fi]!;
  const last = out[offset + li]!;
  if (first === 1 || first === 0 || last === 0) return;
  const firstField = fields[fi]!;
  const lastField = fields[li]!;
  // Both crossed comparisons use the family-name levels: nicknames make no sense across boxes.
  const crossedFirst = familyLevel(lastField, firstField.values[i], lastField.values[j]);
  const crossedLast = familyLevel(lastField, lastField.values[i], firstField.values[j]);
  if (crossedFirst === 0 || crossedLast === 0 || crossedFirst > 2 || crossedLast > 2) return;
  // Family-name "very similar" (2) is given-name "very similar" (3).
  const asFirst = crossedFirst === 1 ? 1 : 3;
  // Both crossed readings must beat the straight ones, or a shared family name would count twice.
  if (asFirst < first && crossedLast < last) {
    out[offset + fi] = asFirst;
    out[offset + li] = crossedLast;
  }
}
