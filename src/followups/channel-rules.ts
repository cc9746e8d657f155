import type { ConversationFacts, FollowUpContactFacts } from './facts.js';
import { BUILTIN_CHANNEL_RULES, type ChannelRule, type FollowUpSettings } from './settings.js';

const HOUR_MS = 3_600_000;

/**
 * The rule in force on a channel: the workspace's own, else the built-in one (WhatsApp's 24-hour
 * window), else none.
 *
 * @example
 * ```ts
 * channelRule(DEFAULT_FOLLOW_UP_SETTINGS, 'whatsapp') // { serviceWindowHours: 24, outsideWindow: 'template' }
 * ```
 */
export function channelRule(settings: FollowUpSettings, channel: string): ChannelRule | undefined {
  if (Object.hasOwn(settings.channelRules, channel)) return settings.channelRules[channel];
  return Object.hasOwn(BUILTIN_CHANNEL_RULES, channel) ? BUILTIN_CHANNEL_RULES[channel] : undefined;
}

/** Whether a message may go out freely on a channel at some moment, and until when. */
export interface ServiceWindow {
  /** Only a pre-approved template may be sent. */
  readonly templateOnly: boolean;
  /** When the window closes (or closed); absent when the customer never wrote in the conversation. */
  readonly closesAt?: Date;
}

/**
 * The customer-service window of a conversation at `at`: on a channel with one (WhatsApp: 24 hours), a
 * free-form message may be sent until that long after the customer's last message; after it, or when
 * the customer never wrote there, only a template. Channels without a window are always open.
 *
 * @example
 * ```ts
 * serviceWindow(DEFAULT_FOLLOW_UP_SETTINGS, 'whatsapp', conversation, now)
 * // { templateOnly: true, closesAt: <last customer message + 24 h> } once 24 hours have passed
 * ```
 */
export function serviceWindow(
  settings: FollowUpSettings,
  channel: string,
  conversation: ConversationFacts | undefined,
  at: number,
): ServiceWindow {
  const hours = channelRule(settings, channel)?.serviceWindowHours;
  if (hours === undefined || hours === null) return { templateOnly: false };
  // The window is the conversation's own only when the follow-up goes out on that conversation's channel.
  const lastCustomer = conversation?.channel === channel ? conversation.lastCustomer : undefined;
  if (!lastCustomer) return { templateOnly: true };
  const closesAt = new Date(lastCustomer.at.getTime() + hours * HOUR_MS);
  return { templateOnly: at >= closesAt.getTime(), closesAt };
}

/** Why a contact may not be followed up on a channel, if anything stands in the way. */
export type ConsentHold = 'opted_out' | 'no_consent';

/**
 * Whether the contact's opt-outs and consent allow a follow-up on `channel`: not opted out of it (or
 * of everything, `"*"`), and every purpose required (the channel's, the trigger's) granted.
 *
 * @example
 * ```ts
 * consentHold({ contactId: 'c', optedOut: ['sms'], conversations: [] }, 'sms', []) // 'opted_out'
 * ```
 */
export function consentHold(
  facts: FollowUpContactFacts,
  channel: string,
  purposes: readonly (string | undefined)[],
): ConsentHold | undefined {
  const optedOut = facts.optedOut ?? [];
  if (optedOut.includes('*') || optedOut.includes(channel)) return 'opted_out';
  const consents = facts.consents ?? [];
  for (const purpose of purposes) {
    if (purpose !== undefined && !consents.includes(purpose)) return 'no_consent';
  }
  return undefined;
}
