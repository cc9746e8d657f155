import type { Contact } from '../model/contact.js';
import type { CustomFieldValue } from '../model/custom-field.js';
import { ownValue } from '../model/primitives.js';
import type { SegmentDateField, SegmentFilter } from './filter.js';

const DAY_MS = 86_400_000;

/**
 * Whether a contact is in a segment at `now`: the meaning of the filter language. Pure; relative dates
 * ("older than 90 days") are measured from `now`, so the same call always gives the same answer.
 *
 * Tags, channels and free text compare case-insensitively; free text also ignores accents and, for
 * queries that look like a phone number, compares digits only. A missing date or custom field matches
 * no comparison (only `not` turns that around).
 *
 * @example
 * ```ts
 * const stale = { type: 'date', field: 'lastSeenAt', olderThanDays: 90 } as const;
 * matchesSegment(contact, { type: 'and', filters: [{ type: 'kind', is: 'lead' }, stale] }, new Date());
 * ```
 */
export function matchesSegment(contact: Contact, filter: SegmentFilter, now: Date): boolean {
  switch (filter.type) {
    case 'all':
      return true;
    case 'and':
      return filter.filters.every((f) => matchesSegment(contact, f, now));
    case 'or':
      return filter.filters.some((f) => matchesSegment(contact, f, now));
    case 'not':
      return !matchesSegment(contact, filter.filter, now);
    case 'kind':
      return contact.kind === filter.is;
    case 'tags': {
      const tags = new Set(contact.tags.map(fold));
      const wanted = filter.values.map(fold);
      if (filter.has === 'all') return wanted.every((t) => tags.has(t));
      const any = wanted.some((t) => tags.has(t));
      return filter.has === 'any' ? any : !any;
    }
    case 'channel': {
      const channels = new Set(contact.channels.map(fold));
      return filter.any.some((c) => channels.has(fold(c)));
    }
    case 'source':
      return filter.any.includes(contact.source);
    case 'date':
      return matchesDate(dateOf(contact, filter.field), filter, now);
    case 'custom':
      // Own keys only: `constructor` or `toString` on a contact without them is no value, not a function.
      return matchesCustom(ownValue(contact.customFields, filter.key), filter.op, filter.value);
    case 'text':
      return matchesText(contact, filter.query);
  }
}

function dateOf(contact: Contact, field: SegmentDateField): Date | undefined {
  switch (field) {
    case 'createdAt':
    case 'updatedAt':
      return contact[field];
    default:
      return contact.stats[field];
  }
}

function matchesDate(
  value: Date | undefined,
  f: Extract<SegmentFilter, { type: 'date' }>,
  now: Date,
): boolean {
  if (value === undefined) return false;
  const t = value.getTime();
  // Every bound given must hold: `after` + `before` is a range, `withinDays` a recent window.
  if (f.before !== undefined && !(t < f.before.getTime())) return false;
  if (f.after !== undefined && !(t > f.after.getTime())) return false;
  if (f.olderThanDays !== undefined && !(t < now.getTime() - f.olderThanDays * DAY_MS)) return false;
  if (f.withinDays !== undefined && !(t >= now.getTime() - f.withinDays * DAY_MS)) return false;
  return true;
}

function matchesCustom(
  stored: CustomFieldValue | undefined,
  op: Extract<SegmentFilter, { type: 'custom' }>['op'],
  wanted: CustomFieldValue | undefined,
): boolean {
  if (stored === undefined || stored === null) return false;
  if (op === 'exists') return true;
  if (wanted === undefined) return false;
  if (op === 'contains') {
    if (Array.isArray(stored))
      return typeof wanted === 'string' && stored.some((v) => fold(v) === fold(wanted));
    return typeof stored === 'string' && typeof wanted === 'string' && fold(stored).includes(fold(wanted));
  }
  const a = comparable(stored);
  const b = comparable(wanted, stored instanceof Date);
  if (a === undefined || b === undefined) return op === 'neq';
  switch (op) {
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
    default:
      // Order comparisons only mean something between numbers (dates become epoch ms).
      if (typeof a !== 'number' || typeof b !== 'number') return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
  }
}

/** A scalar to compare: dates as epoch ms, text folded; `asDate` reads an ISO string as a date. */
function comparable(value: CustomFieldValue, asDate = false): string | number | boolean | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    if (asDate) {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? undefined : ms;
    }
    return fold(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fold).sort().join('\u0000');
  return undefined;
}

function matchesText(contact: Contact, query: string): boolean {
  const p = contact.profile;
  const q = fold(query);
  const haystack = [p.name, p.firstName, p.lastName, p.email, p.phone, p.company];
  if (haystack.some((v) => v !== undefined && fold(v).includes(q))) return true;
  // "555 2671" should find "+14155552671": people type phone numbers with their own spacing.
  const digits = query.replace(/\D/g, '');
  if (digits.length >= 4 && /^[\d\s()+.-]+$/.test(query) && p.phone !== undefined) {
    return p.phone.replace(/\D/g, '').includes(digits);
  }
  return false;
}

/** Case- and accent-insensitive form: "José" and "jose" match. */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}
