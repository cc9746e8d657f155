import { z } from 'zod';
import type { Temperature } from '../model/classification.js';
import { ConversationStatusSchema } from '../model/conversation-status.js';
import { IdSchema, TimestampSchema } from '../model/primitives.js';
import { ChannelNameSchema, IntentNameSchema } from './names.js';

/** How much of the last customer message the facts keep: enough for keyword rules and a reviewer. */
export const FACT_TEXT_LENGTH = 1000;

/**
 * What follow-up and review rules need to know about one conversation, kept up to date by intake with
 * `applyMessage`, `applyConversationUpdate` and `recordFollowUpSent`. Small and flat, so a store can keep
 * it beside the conversation.
 */
export const ConversationFactsSchema = z.object({
  conversationId: IdSchema,
  channel: ChannelNameSchema,
  status: ConversationStatusSchema,
  startedAt: TimestampSchema,
  /** The customer's latest message: when, its start, its intent and sentiment when known. */
  lastCustomer: z
    .object({
      at: TimestampSchema,
      text: z.string().max(FACT_TEXT_LENGTH).optional(),
      intent: IntentNameSchema.optional(),
      sentiment: z.number().min(-1).max(1).optional(),
    })
    .optional(),
  /** The business's latest message (agent or AI), and whether it asked the customer something. */
  lastOutbound: z
    .object({ at: TimestampSchema, role: z.enum(['agent', 'ai']), question: z.boolean() })
    .optional(),
  /** When a person of the business last wrote: an escalation is answered once one has. */
  lastAgentAt: TimestampSchema.optional(),
  /** A promise to come back not yet moot: the customer has not written since it was made. */
  promise: z
    .object({
      madeAt: TimestampSchema,
      dueAt: TimestampSchema.optional(),
      by: z.enum(['agent', 'ai']),
      text: z.string().max(280).optional(),
    })
    .optional(),
  /** The latest intent the customer showed, and when: kept when later messages carry none. */
  intent: z.object({ name: IntentNameSchema, at: TimestampSchema }).optional(),
  /** When the conversation was escalated to a person, while it is. */
  escalatedAt: TimestampSchema.optional(),
  /** Customer turns: one each time the customer writes after the business (or first). */
  exchanges: z.number().int().min(0),
  /** Follow-ups sent in this conversation since the customer last wrote. */
  attemptsSinceReply: z.number().int().min(0),
  /**
   * Follow-up items stored for this conversation since the customer last wrote (the sweep counts them
   * up, a customer message sets it back to 0): a customer message reads the conversation's items to
   * settle them only when there are some, so the usual message costs no extra read.
   */
  followUpsSinceReply: z.number().int().min(0).optional(),
});
export type ConversationFacts = z.infer<typeof ConversationFactsSchema>;

/** A reminder a person set, as the rules need it (see `ScheduledReminderSchema` for the stored record). */
export interface ReminderFact {
  readonly id: string;
  readonly dueAt: Date;
  readonly conversationId?: string;
  readonly channel?: string;
  readonly note?: string;
  readonly assignee?: string;
}

/**
 * What follow-up and review rules need to know about one contact: its conversations' facts and the
 * contact-level facts. The service assembles it from stored data for each contact a sweep visits.
 */
export interface FollowUpContactFacts {
  readonly contactId: string;
  /** The contact's IANA time zone; unknown or invalid: the workspace's. */
  readonly timezone?: string;
  /** Channels the contact opted out of; `"*"` for all of them. */
  readonly optedOut?: readonly string[];
  /** Consent purposes in force (granted), e.g. from `consentState`. */
  readonly consents?: readonly string[];
  /** The lead grade (`A`–`F`). */
  readonly grade?: string;
  /** What the contact is expected to spend, in the workspace currency's major unit. */
  readonly predictedSpend?: number;
  /** How soon the contact is expected to buy; sets the delay of triggers timed `by_temperature`. */
  readonly temperature?: Temperature;
  /** The contact's latest order: an undecided prospect who ordered since is decided. */
  readonly lastOrderAt?: Date;
  /**
   * Follow-ups sent to the contact that the customer has not answered, across conversations.
   * Default: the sum of the conversations' `attemptsSinceReply`.
   */
  readonly attemptsSinceReply?: number;
  /** Reminders people set that have not yet become follow-ups (or have: the item key tells). */
  readonly reminders?: readonly ReminderFact[];
  readonly conversations: readonly ConversationFacts[];
}
