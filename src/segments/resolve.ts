import { ValidationError } from '../errors/errors.js';
import { isValidTimeZone, wallTimeAt, wallTimeInstants } from '../followups/zoned-time.js';
import type { ContactKind, ContactSource } from '../model/contact.js';
import type {
  CustomFieldOp,
  SegmentDateField,
  SegmentFilter,
  SegmentNumberField,
  SegmentPeriod,
} from './filter.js';
import { type CustomKey, consentKey, fold, foldQuery, LIST_SEPARATOR, phoneDigitsOfQuery } from './keys.js';

/*
 * A filter as stores evaluate it: relative dates turned into instants (at `now`, in the workspace's
 * time zone), text folded, custom values in their typed forms, saved segments replaced by what they
 * hold. Resolving is pure; what is left is one meaning that the memory evaluator and every SQL
 * compiler read the same way, without a clock.
 */

/** Plain columns a `in` predicate compares with a list of values. */
export type ResolvedInField =
  | 'status'
  | 'stage'
  | 'grade'
  | 'temperature'
  | 'sentiment'
  | 'source'
  | 'location';

/** A custom value wanted, in every typed form it can be compared in (see `CustomKey`). */
export type CustomWant = Omit<CustomKey, 'l'>;

/** A {@link SegmentFilter} resolved at one instant: what the storage port's list and analytics take. */
export type ResolvedFilter =
  | { readonly type: 'all' }
  | { readonly type: 'none' }
  | { readonly type: 'and' | 'or'; readonly filters: readonly ResolvedFilter[] }
  | { readonly type: 'not'; readonly filter: ResolvedFilter }
  | { readonly type: 'kind'; readonly is: ContactKind }
  | { readonly type: 'in'; readonly field: ResolvedInField; readonly any: readonly string[] }
  | { readonly type: 'flag'; readonly flag: 'vip' | 'atRisk'; readonly is: boolean }
  | {
      readonly type: 'range';
      readonly field: SegmentNumberField;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly type: 'orders'; readonly is: 'never' | 'placed' | 'viaAssistant' }
  | { readonly type: 'has'; readonly field: 'email' | 'phone' }
  | { readonly type: 'tags'; readonly has: 'any' | 'all' | 'none'; readonly values: readonly string[] }
  | { readonly type: 'channel'; readonly any: readonly string[] }
  | {
      readonly type: 'date';
      readonly field: SegmentDateField;
      /** Epoch ms bounds: after `gt`, at or after `gte`, before `lt`. */
      readonly gt?: number;
      readonly gte?: number;
      readonly lt?: number;
    }
  | { readonly type: 'custom'; readonly key: string; readonly op: CustomFieldOp; readonly want: CustomWant }
  /** The member of the contact's consent keys wanted: `<status>:<purpose>` (see `consentKeysOf`). */
  | { readonly type: 'consent'; readonly key: string }
  /** `query` folded; `digits` when the query reads as a phone number. */
  | { readonly type: 'text'; readonly query: string; readonly digits?: string }
  | { readonly type: 'ids'; readonly any: readonly string[] };

/** What a saved segment holds: a filter, hand-picked members, or both (either one is enough). */
export interface SavedSegmentContent {
  readonly filter?: SegmentFilter;
  readonly members: readonly string[];
}

/** What a filter is resolved against. */
export interface ResolveOptions {
  readonly now: Date;
  /** The workspace's IANA time zone, for calendar periods. Default `UTC`. */
  readonly timeZone?: string;
  /** Saved segments the filter may name, by id. */
  readonly saved?: ReadonlyMap<string, SavedSegmentContent>;
}

const DAY_MS = 86_400_000;

/**
 * Resolves a filter at `now`: relative dates become instants, values are folded, saved segments are
 * replaced by their filter or members.
 *
 * @throws {@link contactkit!ValidationError} for an unknown time zone or a saved segment not in `saved`.
 *
 * @example
 * ```ts
 * resolveSegment({ type: 'date', field: 'createdAt', period: 'this_month' }, { now, timeZone: 'Europe/Paris' });
 * ```
 */
export function resolveSegment(filter: SegmentFilter, options: ResolveOptions): ResolvedFilter {
  const timeZone = options.timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone)) {
    throw new ValidationError({ field: 'timeZone', value: timeZone, reason: 'not an IANA time zone' });
  }
  return resolve(filter, { ...options, timeZone }, []);
}

function resolve(
  f: SegmentFilter,
  o: ResolveOptions & { readonly timeZone: string },
  path: readonly string[],
): ResolvedFilter {
  switch (f.type) {
    case 'all':
    case 'kind':
    case 'flag':
    case 'orders':
    case 'has':
      return f;
    case 'and':
    case 'or':
      return { type: f.type, filters: f.filters.map((x) => resolve(x, o, path)) };
    case 'not':
      return { type: 'not', filter: resolve(f.filter, o, path) };
    case 'status':
    case 'stage':
    case 'grade':
    case 'temperature':
    case 'sentiment':
      return { type: 'in', field: f.type, any: [...new Set<string>(f.any)] };
    case 'source':
      return { type: 'in', field: 'source', any: [...new Set<ContactSource>(f.any)] };
    case 'location':
      return { type: 'in', field: 'location', any: [...new Set(f.any.map(fold))] };
    case 'range':
      return {
        type: 'range',
        field: f.field,
        ...(f.min === undefined ? {} : { min: f.min }),
        ...(f.max === undefined ? {} : { max: f.max }),
      };
    case 'tags':
      return { type: 'tags', has: f.has, values: [...new Set(f.values.map(fold))] };
    case 'channel':
      return { type: 'channel', any: [...new Set(f.any.map(fold))] };
    case 'date':
      return resolveDate(f, o.now.getTime(), o.timeZone);
    case 'custom':
      return { type: 'custom', key: f.key, op: f.op, want: wantOf(f.value) };
    case 'text': {
      const digits = phoneDigitsOfQuery(f.query);
      return { type: 'text', query: foldQuery(f.query), ...(digits === undefined ? {} : { digits }) };
    }
    case 'ids':
      return { type: 'ids', any: [...new Set(f.any)] };
    case 'consent':
      return { type: 'consent', key: consentKey(f.is, f.purpose) };
    case 'segment': {
      const saved = o.saved?.get(f.id);
      if (saved === undefined || path.includes(f.id)) {
        throw new ValidationError({
          field: 'segment.id',
          value: f.id,
          reason:
            saved === undefined ? 'no saved segment has this id' : 'a saved segment may not contain itself',
        });
      }
      const inner = [...path, f.id];
      const parts: ResolvedFilter[] = [];
      if (saved.filter !== undefined) parts.push(resolve(saved.filter, o, inner));
      if (saved.members.length > 0) parts.push({ type: 'ids', any: [...new Set(saved.members)] });
      return parts.length === 0
        ? { type: 'none' }
        : parts.length === 1
          ? parts[0]!
          : { type: 'or', filters: parts };
    }
  }
}

function resolveDate(
  f: Extract<SegmentFilter, { type: 'date' }>,
  now: number,
  timeZone: string,
): ResolvedFilter {
  let gt = f.after?.getTime();
  let gte = f.withinDays === undefined ? undefined : now - f.withinDays * DAY_MS;
  const lts: number[] = [];
  if (f.before !== undefined) lts.push(f.before.getTime());
  if (f.olderThanDays !== undefined) lts.push(now - f.olderThanDays * DAY_MS);
  if (f.period !== undefined) {
    const [start, end] = periodBounds(f.period, now, timeZone);
    gte = gte === undefined ? start : Math.max(gte, start);
    lts.push(end);
  }
  if (gt !== undefined && gte !== undefined && gte > gt) gt = undefined;
  const lt = lts.length > 0 ? Math.min(...lts) : undefined;
  return {
    type: 'date',
    field: f.field,
    ...(gt === undefined ? {} : { gt }),
    ...(gte === undefined || (gt !== undefined && gt >= gte) ? {} : { gte }),
    ...(lt === undefined ? {} : { lt }),
  };
}

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function addDays(d: Day, n: number): Day {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The first instant of a calendar day in a time zone. */
export function startOfDay(d: Day, timeZone: string): number {
  return wallTimeInstants(d, 0, timeZone)[0]!;
}

/** The calendar day an instant falls on in a time zone. */
export function dayOf(instant: number, timeZone: string): Day {
  const w = wallTimeAt(instant, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/** `[start, end)` of a calendar period around `now`, weeks starting on Monday. */
export function periodBounds(period: SegmentPeriod, now: number, timeZone: string): [number, number] {
  const w = wallTimeAt(now, timeZone);
  const today: Day = { year: w.year, month: w.month, day: w.day };
  const span = (from: Day, to: Day): [number, number] => [
    startOfDay(from, timeZone),
    startOfDay(to, timeZone),
  ];
  const monday = addDays(today, -((w.weekday + 6) % 7));
  const firstOfMonth: Day = { year: w.year, month: w.month, day: 1 };
  switch (period) {
    case 'today':
      return span(today, addDays(today, 1));
    case 'yesterday':
      return span(addDays(today, -1), today);
    case 'this_week':
      return span(monday, addDays(monday, 7));
    case 'last_week':
      return span(addDays(monday, -7), monday);
    case 'this_month':
      return span(
        firstOfMonth,
        w.month === 12 ? { year: w.year + 1, month: 1, day: 1 } : { ...firstOfMonth, month: w.month + 1 },
      );
    case 'last_month':
      return span(
        w.month === 1 ? { year: w.year - 1, month: 12, day: 1 } : { ...firstOfMonth, month: w.month - 1 },
        firstOfMonth,
      );
    case 'this_year':
      return span({ year: w.year, month: 1, day: 1 }, { year: w.year + 1, month: 1, day: 1 });
  }
}

/** Reads an ISO date (`2026-03-01`, `2026-03-01T10:00:00Z`) in a wanted text, for date fields. */
function isoDateOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function wantOf(value: unknown): CustomWant {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    const d = isoDateOf(value.trim());
    return { s: fold(value), ...(d === undefined ? {} : { d }) };
  }
  if (typeof value === 'number') return { n: value };
  if (typeof value === 'boolean') return { b: value };
  if (value instanceof Date) return { d: value.getTime() };
  if (Array.isArray(value))
    return {
      j: value
        .map((v) => fold(String(v)))
        .sort()
        .join(LIST_SEPARATOR),
    };
  return {};
}
