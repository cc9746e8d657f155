import type { ConversationFacts, FollowUpContactFacts } from '../../src/followups/facts.js';
import { type FollowUpConfigInput, parseFollowUpSettings } from '../../src/followups/settings.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

/** A Thursday noon in UTC: outside the default quiet hours (21:00–08:00). */
export const NOW = new Date('2026-01-15T12:00:00Z');

export const at = (iso: string): Date => new Date(iso);
export const ago = (ms: number, from: Date = NOW): Date => new Date(from.getTime() - ms);

/**
 * An open web conversation in which the customer asked something 26 hours ago (10:00 UTC the day
 * before) and the AI answered a minute later: a disengaged customer whose follow-up came due about two
 * hours ago, outside quiet hours.
 */
export function conversation(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return {
    conversationId: 'conv_1',
    channel: 'web',
    status: 'open',
    startedAt: ago(2 * DAY),
    lastCustomer: { at: ago(26 * HOUR), text: 'Do you ship to Porto?' },
    lastOutbound: { at: ago(26 * HOUR - MINUTE), role: 'ai', question: true },
    exchanges: 1,
    attemptsSinceReply: 0,
    ...overrides,
  };
}

/** A conversation in which nothing triggers: the customer wrote last, with no intent. */
export function quietConversation(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return conversation({
    lastCustomer: { at: ago(HOUR), text: 'thanks' },
    lastOutbound: { at: ago(2 * HOUR), role: 'ai', question: false },
    ...overrides,
  });
}

export function contact(overrides: Partial<FollowUpContactFacts> = {}): FollowUpContactFacts {
  return { contactId: 'c_1', conversations: [conversation()], ...overrides };
}

export const settings = (input: FollowUpConfigInput = {}) => parseFollowUpSettings(input);

/** Settings with only the disengaged-customer trigger, so a case sees one trigger at a time. */
export const ghostingOnly = (input: FollowUpConfigInput = {}) =>
  parseFollowUpSettings({
    ...input,
    triggers: {
      promise: { enabled: false },
      undecided: { enabled: false },
      ...input.triggers,
    },
  });
