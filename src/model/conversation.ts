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
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;
