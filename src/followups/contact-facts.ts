import type { ConsentRecord } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { ScheduledReminder } from '../model/follow-up.js';
import { consentState } from '../privacy/consent-state.js';
import type { ConversationFacts, FollowUpContactFacts, ReminderFact } from './facts.js';

/** A stored reminder as the rules read it. */
export function reminderFact(reminder: ScheduledReminder): ReminderFact {
  return {
    id: reminder.id,
    dueAt: reminder.dueAt,
    ...(reminder.conversationId === undefined ? {} : { conversationId: reminder.conversationId }),
    ...(reminder.channel === undefined ? {} : { channel: reminder.channel }),
    ...(reminder.note === undefined ? {} : { note: reminder.note }),
    ...(reminder.assignee === undefined ? {} : { assignee: reminder.assignee }),
  };
}

/**
 * What the follow-up and review rules know of one contact, from what is stored: its preferences (time
 * zone, opted-out channels), the consent in force, its stored classification (grade, temperature,
 * predicted spend), its last order, its reminders and its conversations' facts. Conversations intake
 * has kept no facts for are left out. Pure.
 *
 * @example
 * ```ts
 * const facts = followUpFactsOf(contact, { conversations, consents, reminders });
 * evaluateFollowUps(facts, settings, now);
 * ```
 */
export function followUpFactsOf(
  contact: Contact,
  rows: {
    readonly conversations: readonly ConversationSummary[];
    readonly consents?: readonly ConsentRecord[];
    readonly reminders?: readonly ScheduledReminder[];
  },
): FollowUpContactFacts {
  const conversations: ConversationFacts[] = [];
  for (const c of rows.conversations) if (c.facts) conversations.push(c.facts);
  const granted = Object.values(consentState(rows.consents ?? []))
    .filter((r) => r.status === 'granted')
    .map((r) => r.purpose);
  const classification = contact.classification;
  const predicted = classification?.predictedSpend.total?.amount;
  const preferences = contact.preferences;
  return {
    contactId: contact.id,
    ...(preferences?.timezone === undefined ? {} : { timezone: preferences.timezone }),
    ...(preferences?.optedOutChannels === undefined ? {} : { optedOut: preferences.optedOutChannels }),
    consents: granted,
    ...(classification === undefined
      ? {}
      : { grade: classification.grade, temperature: classification.temperature }),
    ...(predicted === undefined ? {} : { predictedSpend: predicted }),
    ...(contact.stats.lastOrderAt === undefined ? {} : { lastOrderAt: contact.stats.lastOrderAt }),
    reminders: (rows.reminders ?? []).map(reminderFact),
    conversations,
  };
}
