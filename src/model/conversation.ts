import { z } from 'zod';
import { ConversationFactsSchema } from '../followups/facts.js';
import { ConversationStatusSchema } from './conversation-status.js';
import { humanText, IdSchema, keyText, TimestampSchema } from './primitives.js';

export { type ConversationStatus, ConversationStatusSchema } from './conversation-status.js';

/** A summary of one conversation, kept per contact across every inbox of the workspace. */
export const ConversationSummarySchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  /** Absent once the contact was erased and the workspace keeps conversations unlinked. */
  contactId: IdSchema.optional(),
  channel: keyText({ min: 1, max: 64 }),
  /** The inbox or website it came through. */
  inbox: keyText({ max: 200, trim: false }).optional(),
  status: ConversationStatusSchema,
  startedAt: TimestampSchema,
  lastMessageAt: TimestampSchema.optional(),
  /** The start of the last message, for lists. */
  lastMessagePreview: humanText({ max: 280 }).optional(),
  messageCount: z.number().int().min(0),
  escalated: z.boolean(),
  /** What follow-up and review rules need of it: the last messages each way, promises, intent. */
  facts: ConversationFactsSchema.optional(),
  /**
   * When the customer first wrote, as far as was known when the business first replied (then fixed).
   * See `recordMessageFigures` for how late events count.
   */
  firstInboundAt: TimestampSchema.optional(),
  /**
   * Milliseconds from `firstInboundAt` to the business's first reply (an outbound message, agent or
   * AI) at or after it. Set once, never changed. The host reports reply times by sending its outbound
   * messages as events: without them there is none.
   */
  firstResponseMs: z.number().int().min(0).optional(),
  /** The sum of the sentiment scores the host gave the customer's messages (`message.sentiment`). */
  sentimentSum: z.number().optional(),
  /**
   * How many of the customer's messages the host scored: with `sentimentSum`, their mean. 0 from the
   * start; absent on conversations stored before contactkit kept these figures, which analytics leaves
   * out and intake never fills in (they would count from the middle).
   */
  sentimentCount: z.number().int().min(0).optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;
