import { addOrderToSpend, convertAmounts } from '../classify/spend.js';
import { API_CHANNEL } from '../model/chat-event.js';
import type { Contact, ContactStats } from '../model/contact.js';
import type { SpendTotals } from '../model/spend.js';

/** One event's contribution to a contact's engagement stats. */
export interface EngagementInput {
  readonly at: Date;
  readonly channel: string;
  /** The event carries a message (counted once). */
  readonly message: boolean;
  /** The message is the contact's own (a customer's, inbound): silence counts from the latest. */
  readonly inbound?: boolean;
  /** The event started a conversation new to this contact. */
  readonly newConversation: boolean;
  /** A new (never seen) order. */
  readonly order?: { readonly amount: number; readonly currency: string; readonly viaAssistant: boolean };
  /** The event reports a booking. */
  readonly booking?: boolean;
}

/** How spend is totalled: the workspace currency and its rates (see `classification.spend`). */
export interface SpendRules {
  readonly currency?: string | undefined;
  readonly rates?: Readonly<Record<string, number>>;
}

/**
 * The amount a contact spent, as `stats.amountSpent` holds it: in the workspace currency, other
 * currencies converted with its rates (left out without one); with no workspace currency, in the
 * currency of the first order. Never the sum of two currencies' amounts. Pure.
 *
 * @example
 * ```ts
 * amountSpentOf([{ currency: 'USD', amount: 10, … }, { currency: 'JPY', amount: 1000, … }], { currency: 'USD' }) // 10
 * ```
 */
export function amountSpentOf(spend: SpendTotals, rules: SpendRules): number {
  if (spend.length === 0) return 0;
  if (rules.currency === undefined) return spend[0]!.amount;
  return Math.max(0, convertAmounts(spend, rules.currency, rules.rates ?? {}).amount);
}

const later = (a: Date | undefined, b: Date) => (a === undefined || b > a ? b : a);
const earlier = (a: Date | undefined, b: Date) => (a === undefined || b < a ? b : a);

/**
 * Updates engagement stats for one event: conversations, messages, first and last seen, the last own
 * message, channels (in the order first seen; never the API's pseudo-channel), orders per currency
 * (with the assistant's apart), the amount spent, bookings. Out-of-order events move the dates
 * correctly. Pure; returns a new contact (same version: the caller bumps it when storing).
 *
 * @example
 * ```ts
 * recordEngagement(contact, { at, channel: 'whatsapp', message: true, inbound: true, newConversation: false }, {})
 * ```
 */
export function recordEngagement(
  contact: Contact,
  input: EngagementInput,
  spendRules: SpendRules = {},
): Contact {
  const { stats, channels } = engagementOf(contact, input, spendRules);
  return { ...contact, channels, stats };
}

/**
 * {@link recordEngagement} without the copy of the contact: its next stats and channels (the same
 * array when the channel is known), for a caller that builds the contact's next version itself
 * (intake, once per event). Pure.
 */
export function engagementOf(
  contact: Pick<Contact, 'stats' | 'channels'>,
  input: EngagementInput,
  spendRules: SpendRules = {},
): { readonly stats: ContactStats; readonly channels: string[] } {
  const s = contact.stats;
  const t = input.at.getTime();
  const stats: ContactStats = {
    ...s,
    messages: s.messages + (input.message ? 1 : 0),
    conversations: s.conversations + (input.newConversation ? 1 : 0),
    firstSeenAt: t < s.firstSeenAt.getTime() ? input.at : s.firstSeenAt,
    lastSeenAt: t > s.lastSeenAt.getTime() ? input.at : s.lastSeenAt,
  };
  if (input.message && input.inbound) stats.lastInboundAt = later(s.lastInboundAt, input.at);
  const order = input.order;
  if (order) {
    const spend = addOrderToSpend(s.spend ?? [], order);
    stats.spend = spend;
    stats.orders = s.orders + 1;
    stats.amountSpent = amountSpentOf(spend, spendRules);
    stats.firstOrderAt = earlier(s.firstOrderAt, input.at);
    stats.lastOrderAt = later(s.lastOrderAt, input.at);
  }
  if (input.booking) {
    stats.bookings = (s.bookings ?? 0) + 1;
    stats.lastBookingAt = later(s.lastBookingAt, input.at);
  }
  return {
    stats,
    channels:
      input.channel === API_CHANNEL || contact.channels.includes(input.channel)
        ? contact.channels
        : [...contact.channels, input.channel],
  };
}
