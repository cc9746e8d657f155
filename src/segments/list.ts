import type { Contact } from '../model/contact.js';
import {
  type AnalyticsGroup,
  type ContactAnalyticsQuery,
  type ContactFigures,
  type ContactQuery,
  type ContactQueryPage,
  type ContactSort,
  ESTIMATE_CAP,
  type ListedContact,
  type ListPosition,
} from '../ports/contact-query.js';
import { matchesResolved } from './evaluate.js';
import { channelKeysOf, compareText, convertedOf, ordersViaAssistantOf, sortNameOf } from './keys.js';

/*
 * The meaning of a contacts list and of its figures, over contacts in memory: the memory store answers
 * with these functions, and the conformance suite holds every other store to them.
 */

/** The value a contact sorts by, or null (sorted last). */
export function sortValueOf(contact: Contact, field: ContactSort['field']): string | number | null {
  switch (field) {
    case 'name':
      return sortNameOf(contact);
    case 'createdAt':
      return contact.createdAt.getTime();
    case 'lastSeenAt':
      return contact.stats.lastSeenAt.getTime();
    case 'score':
      return contact.classification?.score ?? null;
    case 'amountSpent':
      return contact.stats.amountSpent;
  }
}

function compareValue(a: string | number, b: string | number): number {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two list positions under a sort: values (missing last either way), then ids. */
export function comparePositions(sort: ContactSort, a: ListPosition, b: ListPosition): number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (a.value === null || b.value === null) {
    if (a.value !== b.value) return a.value === null ? 1 : -1;
  } else {
    const c = compareValue(a.value, b.value);
    if (c !== 0) return sign * c;
  }
  return sign * compareText(a.id, b.id);
}

/** A contact with only the fields asked for (and its id). */
export function project(contact: Contact, fields: ContactQuery['fields']): ListedContact {
  if (fields === undefined) return contact;
  const out: Record<string, unknown> = { id: contact.id };
  for (const f of fields) if (contact[f] !== undefined) out[f] = contact[f];
  return out as ListedContact;
}

/**
 * One page of a contacts list over contacts in memory: the live ones matching the filter, sorted, after
 * the position. The meaning of the storage port's `query`.
 */
export function queryContacts(contacts: Iterable<Contact>, q: ContactQuery): ContactQueryPage {
  const matched: Array<{ contact: Contact; at: ListPosition }> = [];
  for (const c of contacts) {
    if (c.deletedAt !== undefined || !matchesResolved(c, q.filter)) continue;
    matched.push({ contact: c, at: { value: sortValueOf(c, q.sort.field), id: c.id } });
  }
  const total =
    q.total === 'exact'
      ? { count: matched.length, exact: true }
      : q.total === 'estimate'
        ? { count: Math.min(matched.length, ESTIMATE_CAP), exact: matched.length <= ESTIMATE_CAP }
        : undefined;
  const after = q.after;
  const rest =
    after === undefined ? matched : matched.filter((m) => comparePositions(q.sort, m.at, after) > 0);
  rest.sort((a, b) => comparePositions(q.sort, a.at, b.at));
  const page = rest.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((m) => project(m.contact, q.fields)),
    ...(rest.length > q.limit && last ? { next: last.at } : {}),
    ...(total ? { total } : {}),
  };
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** The figures of the live contacts matching a filter, over contacts in memory: the meaning of `figures`. */
export function figuresOf(contacts: Iterable<Contact>, q: ContactAnalyticsQuery): ContactFigures {
  const by: Record<AnalyticsGroup, Record<string, number>> = {
    status: {},
    stage: {},
    grade: {},
    temperature: {},
    sentiment: {},
    source: {},
    channel: {},
  };
  const bump = (group: AnalyticsGroup, key: string | null | undefined) => {
    if (key === null || key === undefined) return;
    const g = by[group];
    // Defined, not assigned: a channel named `__proto__` is a key like any other.
    Object.defineProperty(g, key, {
      value: (Object.hasOwn(g, key) ? g[key]! : 0) + 1,
      enumerable: true,
      writable: true,
    });
  };
  const days = Math.max(0, q.dayBounds.length - 1);
  const newPerDay = new Array<number>(days).fill(0);
  let n = 0;
  let conversations = 0;
  let messages = 0;
  let converted = 0;
  let repeat = 0;
  let orders = 0;
  let viaAssistant = 0;
  let amount = 0;
  let vip = 0;
  let atRisk = 0;
  let sentimentCount = 0;
  let sentimentSum = 0;
  for (const c of contacts) {
    if (c.deletedAt !== undefined || !matchesResolved(c, q.filter)) continue;
    n++;
    const k = c.classification;
    bump('status', k?.status);
    bump('stage', k?.stage);
    bump('grade', k?.grade);
    bump('temperature', k?.temperature);
    bump('sentiment', k?.sentiment?.level);
    bump('source', c.source);
    for (const ch of channelKeysOf(c)) bump('channel', ch);
    conversations += c.stats.conversations;
    messages += c.stats.messages;
    if (convertedOf(c)) converted++;
    if (c.stats.conversations >= 2) repeat++;
    orders += c.stats.orders;
    viaAssistant += ordersViaAssistantOf(c);
    amount += c.stats.amountSpent;
    if (k?.vip === true) vip++;
    if (k?.atRisk === true) atRisk++;
    if (k?.sentiment) {
      sentimentCount++;
      sentimentSum += k.sentiment.value;
    }
    const t = c.createdAt.getTime();
    if (days > 0 && t >= q.dayBounds[0]! && t < q.dayBounds[days]!) {
      // The last bound at or before t: days are few, a linear walk is enough.
      let i = 0;
      while (i < days - 1 && t >= q.dayBounds[i + 1]!) i++;
      newPerDay[i]!++;
    }
  }
  return {
    contacts: n,
    by,
    conversations,
    messages,
    converted,
    repeatVisitors: repeat,
    orders,
    ordersViaAssistant: viaAssistant,
    amountSpent: round(amount, 2),
    vip,
    atRisk,
    sentimentCount,
    sentimentSum: round(sentimentSum, 6),
    newPerDay,
  };
}
