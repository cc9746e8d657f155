import type { Contact } from '../model/contact.js';
import type { ResolvedFilter } from '../segments/resolve.js';

/*
 * What a contacts list asks of storage: one page of the live contacts matching a resolved filter, in
 * one sort, after a keyset position; and the figures of those contacts. Adapters must return exactly
 * what the memory store does (the `lists` conformance group compares them on generated data).
 */

/** The orders a contacts list can be sorted in; ties are always broken by id, in the same direction. */
export const CONTACT_SORT_FIELDS = ['name', 'createdAt', 'lastSeenAt', 'score', 'amountSpent'] as const;
export type ContactSortField = (typeof CONTACT_SORT_FIELDS)[number];

/** A sort: the field and its direction. Contacts without a value (no name, no score) come last either way. */
export interface ContactSort {
  readonly field: ContactSortField;
  readonly direction: 'asc' | 'desc';
}

/** Where a page starts: right after the contact with this sort value and id. */
export interface ListPosition {
  /** The sort value (folded name, epoch ms, number), or null for a contact without one. */
  readonly value: string | number | null;
  readonly id: string;
}

/** The top-level contact fields a list may return; `id` is always returned. */
export type ContactField = Exclude<keyof Contact, 'id'>;

/** How the total of a list is counted: exactly, up to {@link ESTIMATE_CAP} (then "at least"), or not. */
export type TotalMode = 'exact' | 'estimate' | 'none';

/**
 * The count at which an estimated total stops counting. A count reads every match up to it: at 10,000
 * a broad segment of a million contacts took 50–110 ms on Postgres for the count alone; at 1,000 it
 * takes a tenth of that, and a list header says "1,000+" (`lists.count`, or `total: 'exact'`, counts
 * all).
 */
export const ESTIMATE_CAP = 1_000;

/** One query of a contacts list. */
export interface ContactQuery {
  readonly filter: ResolvedFilter;
  readonly sort: ContactSort;
  /** Most contacts to return, 1 to 1000. */
  readonly limit: number;
  readonly after?: ListPosition;
  /** Default `none`. */
  readonly total?: TotalMode;
  /** Fields to return besides `id`; default every field. */
  readonly fields?: readonly ContactField[];
}

/** A contact as a list returns it: its id and the fields asked for. */
export type ListedContact = Pick<Contact, 'id'> & Partial<Contact>;

/** The total of a list: the count, and whether it is exact (an estimate stops at {@link ESTIMATE_CAP}). */
export interface ListTotal {
  readonly count: number;
  readonly exact: boolean;
}

/**
 * The total a count of `n` matches gives in a mode: itself when exact, else capped at
 * {@link ESTIMATE_CAP} (and then not exact). Every store reports totals through it.
 */
export function listTotal(mode: 'exact' | 'estimate', n: number): ListTotal {
  return mode === 'exact'
    ? { count: n, exact: true }
    : { count: Math.min(n, ESTIMATE_CAP), exact: n <= ESTIMATE_CAP };
}

/** One page of a contacts list. */
export interface ContactQueryPage {
  readonly items: ListedContact[];
  /** The position after the last item, when more may follow. */
  readonly next?: ListPosition;
  readonly total?: ListTotal;
}

/** The groupings analytics counts contacts by. */
export const ANALYTICS_GROUPS = [
  'status',
  'stage',
  'grade',
  'temperature',
  'sentiment',
  'source',
  'channel',
] as const;
export type AnalyticsGroup = (typeof ANALYTICS_GROUPS)[number];

/** What analytics asks of storage: the figures of the live contacts matching a filter. */
export interface ContactAnalyticsQuery {
  readonly filter: ResolvedFilter;
  /**
   * Instants (epoch ms, ascending) bounding the days new contacts and conversations are counted over:
   * `n + 1` bounds for `n` days, each day `[bounds[i], bounds[i + 1])`. Empty: none.
   */
  readonly dayBounds: readonly number[];
}

/** Sentiment scores of customer messages, summed over the conversations that started on one day. */
export interface DaySentiment {
  /** Customer messages the host scored (the conversations' `sentimentCount`). */
  readonly count: number;
  /** The sum of their scores (the conversations' `sentimentSum`), rounded to 1e-6. */
  readonly sum: number;
}

/** Raw figures of a set of contacts: counts and sums, from which the service derives rates. */
/** Orders and their sum in one currency. */
export interface CurrencyRevenue {
  /** ISO 4217 code. */
  readonly currency: string;
  readonly orders: number;
  /** In the currency's major unit, rounded to cents. */
  readonly amount: number;
}

export interface ContactFigures {
  readonly contacts: number;
  /** Contacts per value of each grouping (channels: per channel used, folded); missing values left out. */
  readonly by: Readonly<Record<AnalyticsGroup, Readonly<Record<string, number>>>>;
  readonly conversations: number;
  readonly messages: number;
  /** Contacts who ordered or booked. */
  readonly converted: number;
  /** Contacts with two conversations or more. */
  readonly repeatVisitors: number;
  readonly orders: number;
  readonly ordersViaAssistant: number;
  /** Sum of `stats.amountSpent`, rounded to cents. */
  readonly amountSpent: number;
  /**
   * Orders placed through the assistant and their revenue, per currency (amounts of two currencies
   * are never added), sorted by currency; amounts rounded to cents. Currencies without such an order
   * are left out.
   */
  readonly revenueViaAssistant: readonly CurrencyRevenue[];
  readonly vip: number;
  readonly atRisk: number;
  /** Contacts with a sentiment, and the sum of their sentiment values (rounded to 1e-6). */
  readonly sentimentCount: number;
  readonly sentimentSum: number;
  /** New contacts (by `createdAt`) per day of `dayBounds`. */
  readonly newPerDay: readonly number[];
  /**
   * The conversations of these contacts that started within `dayBounds` (from the first bound to the
   * last) and have a `firstResponseMs`: how many, and the sum of their `firstResponseMs`.
   */
  readonly firstResponseCount: number;
  readonly firstResponseTotalMs: number;
  /**
   * Per day of `dayBounds`, the sentiment of the conversations of these contacts that started on it
   * (conversations without sentiment figures, stored before they were kept, count for nothing).
   */
  readonly sentimentPerDay: readonly DaySentiment[];
}
