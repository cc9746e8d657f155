import type { Contact } from '../model/contact.js';
import type { SegmentFilter, SegmentNumberField } from './filter.js';
import {
  channelKeysOf,
  consentKeysOf,
  customKeyOf,
  hasProfileValue,
  locationKeyOf,
  ordersViaAssistantOf,
  searchDigitsOf,
  searchTextOf,
  tagKeysOf,
} from './keys.js';
import { type ResolvedFilter, type ResolveOptions, resolveSegment } from './resolve.js';

/**
 * Whether a contact is in a segment at `now`: the meaning of the filter language. Pure; relative dates
 * ("older than 90 days", "this month") are measured from `now`, calendar periods in `timeZone`
 * (default UTC), so the same call always gives the same answer.
 *
 * Tags, channels, locations, custom text and free text compare case- and accent-insensitively; a free
 * text query that looks like a phone number also compares digits only. A missing figure, date or custom
 * field matches no comparison (only `not` turns that around). `consent` reads the consent in force the
 * contact carries (`contact.consent`): a purpose never recorded is neither granted nor revoked.
 *
 * @example
 * ```ts
 * const stale = { type: 'date', field: 'lastSeenAt', olderThanDays: 90 } as const;
 * matchesSegment(contact, { type: 'and', filters: [{ type: 'kind', is: 'lead' }, stale] }, new Date());
 * ```
 */
export function matchesSegment(
  contact: Contact,
  filter: SegmentFilter,
  now: Date,
  options: Omit<ResolveOptions, 'now'> = {},
): boolean {
  return matchesResolved(contact, resolveSegment(filter, { ...options, now }));
}

/** A figure of a contact a `range` bounds, or null when it has none. */
export function numberOf(contact: Contact, field: SegmentNumberField): number | null {
  const c = contact.classification;
  switch (field) {
    case 'score':
      return c?.score ?? null;
    case 'completeness':
      return c?.completeness ?? null;
    case 'predictedSpend':
      return c?.predictedSpend.total?.amount ?? null;
    case 'sentimentValue':
      return c?.sentiment?.value ?? null;
    case 'amountSpent':
    case 'conversations':
    case 'messages':
    case 'orders':
      return contact.stats[field];
    case 'ordersViaAssistant':
      return ordersViaAssistantOf(contact);
  }
}

/** A date of a contact a `date` predicate compares, as epoch ms. */
export function dateOf(contact: Contact, field: Extract<ResolvedFilter, { type: 'date' }>['field']) {
  const d = field === 'createdAt' || field === 'updatedAt' ? contact[field] : contact.stats[field];
  return d?.getTime();
}

function inValueOf(contact: Contact, field: Extract<ResolvedFilter, { type: 'in' }>['field']): string | null {
  const c = contact.classification;
  switch (field) {
    case 'status':
    case 'stage':
    case 'grade':
    case 'temperature':
      return c?.[field] ?? null;
    case 'sentiment':
      return c?.sentiment?.level ?? null;
    case 'source':
      return contact.source;
    case 'location':
      return locationKeyOf(contact);
  }
}

/**
 * Whether a contact matches a resolved filter: what the memory store lists by, and what SQL compilers
 * must agree with.
 */
export function matchesResolved(contact: Contact, f: ResolvedFilter): boolean {
  switch (f.type) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'and':
      return f.filters.every((x) => matchesResolved(contact, x));
    case 'or':
      return f.filters.some((x) => matchesResolved(contact, x));
    case 'not':
      return !matchesResolved(contact, f.filter);
    case 'kind':
      return contact.kind === f.is;
    case 'in': {
      const v = inValueOf(contact, f.field);
      return v !== null && f.any.includes(v);
    }
    case 'flag':
      return (contact.classification?.[f.flag] === true) === f.is;
    case 'range': {
      const v = numberOf(contact, f.field);
      return v !== null && (f.min === undefined || v >= f.min) && (f.max === undefined || v <= f.max);
    }
    case 'orders':
      if (f.is === 'never') return contact.stats.orders === 0;
      if (f.is === 'placed') return contact.stats.orders > 0;
      return ordersViaAssistantOf(contact) > 0;
    case 'has':
      return hasProfileValue(contact, f.field);
    case 'tags': {
      const tags = new Set(tagKeysOf(contact));
      if (f.has === 'all') return f.values.every((t) => tags.has(t));
      const any = f.values.some((t) => tags.has(t));
      return f.has === 'any' ? any : !any;
    }
    case 'channel': {
      const channels = channelKeysOf(contact);
      return f.any.some((c) => channels.includes(c));
    }
    case 'date': {
      const t = dateOf(contact, f.field);
      if (t === undefined) return false;
      return (
        (f.gt === undefined || t > f.gt) &&
        (f.gte === undefined || t >= f.gte) &&
        (f.lt === undefined || t < f.lt)
      );
    }
    case 'custom':
      return matchesCustom(contact, f);
    case 'text':
      if (searchTextOf(contact).includes(f.query)) return true;
      return f.digits !== undefined && searchDigitsOf(contact).includes(f.digits);
    case 'ids':
      return f.any.includes(contact.id);
    case 'consent':
      return consentKeysOf(contact).includes(f.key);
  }
}

function matchesCustom(contact: Contact, f: Extract<ResolvedFilter, { type: 'custom' }>): boolean {
  // Own keys only: `constructor` on a contact without that field is no value, not a function.
  const stored = Object.hasOwn(contact.customFields, f.key)
    ? customKeyOf(contact.customFields[f.key])
    : undefined;
  if (stored === undefined) return false;
  const w = f.want;
  const eq = () =>
    (stored.s !== undefined && stored.s === w.s) ||
    (stored.n !== undefined && stored.n === w.n) ||
    (stored.b !== undefined && stored.b === w.b) ||
    (stored.d !== undefined && stored.d === w.d) ||
    (stored.j !== undefined && stored.j === w.j);
  const order = (test: (a: number, b: number) => boolean) =>
    (stored.n !== undefined && w.n !== undefined && test(stored.n, w.n)) ||
    (stored.d !== undefined && w.d !== undefined && test(stored.d, w.d));
  switch (f.op) {
    case 'exists':
      return true;
    case 'eq':
      return eq();
    case 'neq':
      return !eq();
    case 'gt':
      return order((a, b) => a > b);
    case 'gte':
      return order((a, b) => a >= b);
    case 'lt':
      return order((a, b) => a < b);
    case 'lte':
      return order((a, b) => a <= b);
    case 'contains':
      if (w.s === undefined) return false;
      return (stored.s?.includes(w.s) ?? false) || (stored.l?.includes(w.s) ?? false);
  }
}
