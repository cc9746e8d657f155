import { ValidationError } from '../errors/errors.js';
import { normalizeNameParts } from '../normalize/name.js';
import { type Comparison, comparisonFor } from './comparisons/index.js';
import type { FieldKind, MatchField } from './config.js';
import { handleAsName, looksLikeHandle } from './placeholders.js';
import { Interner, indexValues } from './term-frequency.js';

const CACHE_TRIAL = 20_000;

/** One record to deduplicate: an id and its values by field name (a CSV row, or a contact's fields). */
export interface MatchRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, string | null | undefined>>;
}

/**
 * One compared field, its values prepared once for every record, column-wise: each record holds the id
 * of its prepared value, each distinct value is held once. A million records with a few thousand
 * distinct first names hold a few thousand strings.
 */
export interface PreparedField {
  readonly field: MatchField;
  readonly comparison: Comparison;
  /** Dense id of each record's prepared value (−1 missing): equal values, equal ids. */
  readonly valueIds: Int32Array;
  /** The prepared value of each id. */
  readonly distinctValues: readonly string[];
  /** The comparison's alternate form of each id's value (the value itself when it has none). */
  readonly distinctAlternates: readonly string[];
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
 * The prepared value of record `i` in a field, or null when missing.
 *
 * @example
 * ```ts
 * preparedValue(prepared.fields[0], 0); // 'ana@x.com'
 * ```
 */
export function preparedValue(field: PreparedField, i: number): string | null {
  const id = field.valueIds[i]!;
  return id < 0 ? null : field.distinctValues[id]!;
}

const NAME_KINDS: ReadonlySet<FieldKind> = new Set(['name', 'first_name', 'last_name']);

/**
 * The value a fallback column gives a field: for a name field, a handle spelled as a name (`@mark_lim`
 * → "mark lim") and, for a first or last name, that part of a full name; other kinds take it as it is.
 */
function fromFallback(kind: FieldKind, raw: string): string | null {
  if (!NAME_KINDS.has(kind)) return raw;
  let name = raw;
  if (looksLikeHandle(raw)) {
    const spelled = handleAsName(raw);
    if (spelled === null) return null;
    name = spelled;
  }
  if (kind === 'name') return name;
  const parts = normalizeNameParts({ full: name });
  return (kind === 'first_name' ? parts.first : parts.last) ?? null;
}

const alphanumericOf = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** One field's column being built: an interner of prepared values and each record's value id. */
class FieldColumn {
  readonly comparison: Comparison;
  readonly values = new Interner();
  readonly alternates: string[] = [];
  ids = new Int32Array(1024);
  // Raw value → prepared value id (−1 unusable): equal raw values are common (cities, first names).
  // Columns of mostly distinct values (emails) stop caching early, where a cache only costs memory.
  private cache: Map<string, number> | null = new Map();
  private seen = 0;

  constructor(readonly field: MatchField) {
    this.comparison = comparisonFor(field.kind);
  }

  /** The prepared value id of a raw value (−1 when empty or unusable). */
  idOf(raw: string, cached: boolean): number {
    const hit = cached ? this.cache?.get(raw) : undefined;
    if (hit !== undefined) return hit;
    const value = this.comparison.prepare(raw);
    let id = -1;
    if (value !== null) {
      id = this.values.intern(value);
      if (id === this.alternates.length) {
        this.alternates.push(this.comparison.alternate ? this.comparison.alternate(value) : value);
      }
    }
    if (cached && this.cache !== null) {
      this.cache.set(raw, id);
      if (++this.seen === CACHE_TRIAL && this.cache.size > CACHE_TRIAL / 2) this.cache = null;
    }
    return id;
  }

  set(i: number, id: number): void {
    if (i === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[i] = id;
  }
}

/**
 * Prepares records as they arrive, a page at a time, into the engine's columnar form: each value is
 * normalized once and each distinct value held once, and nothing of the records is kept, so a scan of a
 * million stored contacts never holds them all. Also applies the rules that span fields: a name field
 * empty or a placeholder reads its `fallback` columns, and a name that is only the record's email local
 * part copied ("mark.lim84") counts as missing.
 *
 * @example
 * ```ts
 * const builder = new RecordsBuilder(config.fields);
 * for await (const page of pages) for (const record of page) builder.add(record);
 * const prepared = builder.build();
 * ```
 */
export class RecordsBuilder {
  private readonly ids: string[] = [];
  private readonly columns: FieldColumn[];
  // Emails first, so that a name can be checked against the record's email local part.
  private readonly order: number[];
  private readonly emailColumns: number[];

  constructor(readonly fields: readonly MatchField[]) {
    this.columns = fields.map((f) => new FieldColumn(f));
    const isName = (f: MatchField) => NAME_KINDS.has(f.kind);
    this.order = [
      ...fields.flatMap((f, k) => (isName(f) ? [] : [k])),
      ...fields.flatMap((f, k) => (isName(f) ? [k] : [])),
    ];
    this.emailColumns = fields.flatMap((f, k) => (f.kind === 'email' ? [k] : []));
  }

  /** Records added so far. */
  get size(): number {
    return this.ids.length;
  }

  /**
   * Adds one record.
   *
   * @throws {@link contactkit!ValidationError} when the record has no id.
   */
  add(record: MatchRecord): void {
    const i = this.ids.length;
    if (typeof record.id !== 'string' || record.id.length === 0) {
      throw new ValidationError({ field: 'id', value: record.id, reason: `record ${i} has no id` });
    }
    this.ids.push(record.id);
    const values = record.values;
    for (const k of this.order) {
      const column = this.columns[k]!;
      const field = column.field;
      const raw = values[field.name];
      const trimmed = typeof raw === 'string' ? raw.trim() : '';
      let id = trimmed.length > 0 ? column.idOf(trimmed, true) : -1;
      if (id >= 0 && NAME_KINDS.has(field.kind) && this.isCopiedLocalPart(trimmed, i)) id = -1;
      if (id < 0 && field.fallback !== undefined) {
        for (const other of field.fallback) {
          const fallbackRaw = values[other];
          const text = typeof fallbackRaw === 'string' ? fallbackRaw.trim() : '';
          if (text.length === 0 || this.isCopiedLocalPart(text, i)) continue;
          const derived = fromFallback(field.kind, text);
          if (derived !== null) id = column.idOf(derived, false);
          if (id >= 0) break;
        }
      }
      column.set(i, id);
    }
  }

  /**
   * Whether a one-word name is the record's email local part copied into the name box: the same
   * letters and digits, written as a machine copies ("mark.lim84", "ana"), not as a person types
   * ("Ana").
   */
  private isCopiedLocalPart(name: string, i: number): boolean {
    if (this.emailColumns.length === 0 || /\s/.test(name)) return false;
    if (!/[^\p{L}]/u.test(name) && name !== name.toLowerCase()) return false;
    const key = alphanumericOf(name);
    if (key.length === 0) return false;
    for (const k of this.emailColumns) {
      const column = this.columns[k]!;
      const id = column.ids[i]!;
      if (id >= 0 && alphanumericOf(column.alternates[id]!) === key) return true;
    }
    return false;
  }

  /**
   * The prepared records.
   *
   * @throws {@link contactkit!ValidationError} when two records share an id.
   */
  build(): PreparedRecords {
    const n = this.ids.length;
    const indexedIds = indexValues(this.ids);
    if (indexedIds.distinct.length < n) {
      const seen = new Uint8Array(indexedIds.distinct.length);
      for (const id of indexedIds.ids) {
        if (seen[id] === 1) {
          throw new ValidationError({
            field: 'id',
            value: indexedIds.distinct[id],
            reason: 'two records share this id',
          });
        }
        seen[id] = 1;
      }
    }
    const first = this.fields.findIndex((f) => f.kind === 'first_name');
    const last = this.fields.findIndex((f) => f.kind === 'last_name');
    return {
      ids: this.ids,
      namePair: first >= 0 && last >= 0 ? [first, last] : null,
      fields: this.columns.map((column) => ({
        field: column.field,
        comparison: column.comparison,
        valueIds: column.ids.slice(0, n),
        distinctValues: column.values.values,
        distinctAlternates: column.alternates,
      })),
    };
  }
}

/**
 * Normalizes every compared value once, so that comparing millions of pairs never normalizes again
 * (see {@link RecordsBuilder}, which does the same a page at a time).
 *
 * @throws {@link contactkit!ValidationError} when a record has no id or two records share one.
 *
 * @example
 * ```ts
 * const prepared = prepareRecords(
 *   [{ id: '1', values: { email: ' Ana@X.com ' } }],
 *   [{ name: 'email', kind: 'email' }],
 * );
 * preparedValue(prepared.fields[0], 0); // 'ana@x.com'
 * ```
 */
export function prepareRecords(
  records: readonly MatchRecord[],
  fields: readonly MatchField[],
): PreparedRecords {
  const builder = new RecordsBuilder(fields);
  for (const record of records) builder.add(record);
  return builder.build();
}

/**
 * The comparison level of one field for a pair of records: 0 when either value is missing (or the two
 * cannot be compared), else 1 + the comparison's level (1 = exact).
 *
 * @example
 * ```ts
 * fieldLevel(prepared.fields[0], 0, 1); // 1 when both emails are the same
 * ```
 */
export function fieldLevel(prepared: PreparedField, i: number, j: number): number {
  const a = prepared.valueIds[i]!;
  const b = prepared.valueIds[j]!;
  if (a < 0 || b < 0) return 0;
  const level = prepared.comparison.compare(
    prepared.distinctValues[a]!,
    prepared.distinctValues[b]!,
    prepared.distinctAlternates[a]!,
    prepared.distinctAlternates[b]!,
  );
  return level < 0 ? 0 : 1 + level;
}

/** Level of `a` against `b` under the family-name comparison (0 when either is missing). */
function familyLevel(family: PreparedField, a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
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
  if (first === 1 || first === 0) return;
  const firstField = fields[fi]!;
  const lastField = fields[li]!;
  if (last === 0) {
    // One side has a given name only ("Hiroshi" against "Schmidt Hiroshi" typed the other way round):
    // its given name may be the other's family-name box.
    const lonely = lastField.valueIds[i]! < 0 ? i : lastField.valueIds[j]! < 0 ? j : -1;
    if (lonely < 0) return;
    const other = lonely === i ? j : i;
    const crossed = familyLevel(
      lastField,
      preparedValue(firstField, lonely),
      preparedValue(lastField, other),
    );
    // Family-name levels read as given-name ones: exact, very similar (3), similar or initial (4).
    const asFirst = crossed === 1 ? 1 : crossed === 2 || crossed === 3 ? crossed + 1 : 0;
    if (asFirst > 0 && asFirst < first) out[offset + fi] = asFirst;
    return;
  }
  // Both crossed comparisons use the family-name levels: nicknames make no sense across boxes.
  const crossedFirst = familyLevel(lastField, preparedValue(firstField, i), preparedValue(lastField, j));
  const crossedLast = familyLevel(lastField, preparedValue(lastField, i), preparedValue(firstField, j));
  // Each crossed reading at least similar (an initial will do), one of them close.
  if (crossedFirst === 0 || crossedLast === 0 || crossedFirst > 3 || crossedLast > 3) return;
  if (crossedFirst > 2 && crossedLast > 2) return;
  // Family-name levels as given-name ones: exact, very similar (3), similar or initial (4).
  const asFirst = crossedFirst === 1 ? 1 : crossedFirst + 1;
  // Both crossed readings must beat the straight ones, or a shared family name would count twice.
  if (asFirst < first && crossedLast < last) {
    out[offset + fi] = asFirst;
    out[offset + li] = crossedLast;
  }
}
