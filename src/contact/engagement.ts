import { API_CHANNEL } from '../model/chat-event.js';
import type { Contact } from '../model/contact.js';

/** One event's contribution to a contact's engagement stats. */
export interface EngagementInput {
  readonly at: Date;
  readonly channel: string;
  /** The event is a message (counted once). */
  readonly message: boolean;
  /** The event started a conversation new to this contact. */
  readonly newConversation: boolean;
  /** A new (never seen) order's amount. */
  readonly orderAmount?: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Updates engagement stats for one event: conversations, messages, first and last seen, channels (in
 * the order first seen; never the API's pseudo-channel), orders and amount spent. Out-of-order events move first/last seen correctly.
 * Pure; returns a new contact (same version: the caller bumps it when storing).
 *
 * @example
 * ```ts
 * recordEngagement(contact, { at, channel: 'whatsapp', message: true, newConversation: false })
 * ```
 */
export function recordEngagement(contact: Contact, input: EngagementInput): Contact {
  const s = contact.stats;
  const t = input.at.getTime();
  const ordered = input.orderAmount !== undefined;
  return {
    ...contact,
    channels:
      input.channel === API_CHANNEL || contact.channels.includes(input.channel)
        ? contact.channels
        : [...contact.channels, input.channel],
    stats: {
      ...s,
      messages: s.messages + (input.message ? 1 : 0),
      conversations: s.conversations + (input.newConversation ? 1 : 0),
      firstSeenAt: t < s.firstSeenAt.getTime() ? input.at : s.firstSeenAt,
      lastSeenAt: t > s.lastSeenAt.getTime() ? input.at : s.lastSeenAt,
      orders: s.orders + (ordered ? 1 : 0),
      amountSpent: ordered ? cents(s.amountSpent + (input.orderAmount ?? 0)) : s.amountSpent,
      ...(ordered && (s.lastOrderAt === undefined || t > s.lastOrderAt.getTime())
        ? { lastOrderAt: input.at }
        : {}),
    },
  };
}
