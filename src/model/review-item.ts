import { z } from 'zod';
import { ActorSchema } from './activity.js';
import { IdSchema, JsonValueSchema, TimestampSchema } from './primitives.js';

/** Where a human-review item stands: `open` → `taken_over` | `dismissed` | `resolved`; `taken_over` → `resolved`. */
export const REVIEW_STATUSES = ['open', 'taken_over', 'dismissed', 'resolved'] as const;
export const ReviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

/**
 * Why a person should look at a conversation:
 * - `frustration`: the customer's last message scored at or below the sentiment threshold;
 * - `escalation`: the conversation was escalated and no person has answered since, past a time;
 * - `unresolved`: still open after a number of exchanges;
 * - `custom`: one of the workspace's own rules on intents or keywords (named by `rule`);
 * - `high_value`: the contact's grade or predicted spend says a person should handle it.
 */
export const REVIEW_REASONS = ['frustration', 'escalation', 'unresolved', 'custom', 'high_value'] as const;
export const ReviewReasonSchema = z.enum(REVIEW_REASONS);
export type ReviewReason = z.infer<typeof ReviewReasonSchema>;

/** A stored human-review item: a conversation a person should look at, and what they did. */
export const ReviewItemSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  /** Deterministic (see `reviewKey`); the store keeps `(workspaceId, key)` unique. */
  key: z.string().min(1).max(1000),
  contactId: IdSchema,
  conversationId: IdSchema,
  reason: ReviewReasonSchema,
  /** The custom rule's id (reason `custom`). */
  rule: z.string().min(1).max(200).optional(),
  /** When the condition arose: the message, the escalation. */
  flaggedAt: TimestampSchema,
  /** The context a person reviews it with, in words. */
  summary: z.string().max(1000),
  /** The same context as data: sentiment, exchanges, matched keywords, grade, predicted spend… */
  context: z.record(z.string(), JsonValueSchema),
  status: ReviewStatusSchema,
  /** The person expected to act on it; set to whoever takes it over. */
  assignee: z.string().max(200).optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Who last acted on it, when, and what they said. */
  actedBy: ActorSchema.optional(),
  actedAt: TimestampSchema.optional(),
  note: z.string().max(2000).optional(),
  /** Optimistic concurrency: bumped by one on every transition. */
  version: z.number().int().min(1),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;
