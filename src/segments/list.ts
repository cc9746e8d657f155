import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { SpendTotals } from '../model/spend.js';
import {
  type AnalyticsGroup,
  type ContactAnalyticsQuery,
  type ContactFigures,
  type ContactQuery,
  type ContactQueryPage,
  type ContactSort,
  type CurrencyRevenue,
  type ListedContact,
  type ListPosition,
  listTotal,
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
    q.total === 'exact' || q.total === 'estimate' ? listTotal(q.total, matched.length) : undefined;
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

/**
 * The day of `bounds` (ascending instants, day `i` being `[bounds[i], bounds[i + 1])`) that holds `t`,
 * or -1 outside them all. A binary search: conversations are many and a range has up to 367 bounds.
 */
function dayIndexOf(bounds: readonly number[], t: number): number {
  const days = bounds.length - 1;
  if (days < 1 || t < bounds[0]! || t >= bounds[days]!) return -1;
  let lo = 0;
  let hi = days - 1;
  // The last day whose start is at or before t.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Orders through the assistant and their revenue per currency, over the spend of the selected
 * contacts, as {@link ContactFigures.revenueViaAssistant} gives them: sorted, to the cent. Every store
 * sums with this, so that they agree to the cent.
 */
export function revenueOf(spends: Iterable<SpendTotals | undefined>): CurrencyRevenue[] {
  const sums = new Map<string, { orders: number; amount: number }>();
  for (const spend of spends) {
    for (const t of spend ?? []) {
      if (t.ordersViaAssistant === 0) continue;
      const sum = sums.get(t.currency) ?? { orders: 0, amount: 0 };
      sum.orders += t.ordersViaAssistant;
      sum.amount += t.amountViaAssistant;
      sums.set(t.currency, sum);
    }
  }
  return [...sums]
    .sort(([a], [b]) => compareText(a, b))
    .map(([currency, s]) => ({ currency, orders: s.orders, amount: round(s.amount, 2) }));
}

/**
 * The figures of the live contacts matching a filter, over contacts and conversations in memory: the
 * meaning of `figures`. `summaries` are the workspace's conversations; other contacts' are left out.
 */
export function figuresOf(
  contacts: Iterable<Contact>,
  q: ContactAnalyticsQuery,
  summaries: Iterable<ConversationSummary>,
): ContactFigures {
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
  const selected = new Set<string>();
  const spends: Array<SpendTotals | undefined> = [];
  for (const c of contacts) {
    if (c.deletedAt !== undefined || !matchesResolved(c, q.filter)) continue;
    spends.push(c.stats.spend);
    n++;
    selected.add(c.id);
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
    const day = dayIndexOf(q.dayBounds, c.createdAt.getTime());
    if (day >= 0) newPerDay[day]!++;
  }
  // Conversations by the day they started: first responses over the whole range, sentiment per day.
  let responses = 0;
  let responseMs = 0;
  const dayCount = new Array<number>(days).fill(0);
  const daySum = new Array<number>(days).fill(0);
  if (days > 0 && selected.size > 0) {
    for (const v of summaries) {
      if (v.contactId === undefined || !selected.has(v.contactId)) continue;
      const day = dayIndexOf(q.dayBounds, v.startedAt.getTime());
      if (day < 0) continue;
      if (v.firstResponseMs !== undefined) {
        responses++;
        responseMs += v.firstResponseMs;
      }
      dayCount[day]! += v.sentimentCount ?? 0;
      daySum[day]! += v.sentimentSum ?? 0;
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
    revenueViaAssistant: revenueOf(spends),
    vip,
    atRisk,
    sentimentCount,
    sentimentSum: round(sentimentSum, 6),
    newPerDay,
    firstResponseCount: responses,
    firstResponseTotalMs: responseMs,
    sentimentPerDay: dayCount.map((count, i) => ({ count, sum: round(daySum[i]!, 6) })),
  };
}
