import { z } from 'zod';
import { ActorSchema } from './activity.js';
import { IdSchema, TimestampSchema } from './primitives.js';

/**
 * Where a follow-up item stands:
 * `pending` (waiting for a person or the host) → `approved` | `edited` | `dismissed` → `sent` →
 * `replied` | `converted` | `no_response`.
 * A customer reply also moves an item that was never sent to `replied`: the reply made it moot
 * (`sentAt` stays empty, which tells the two apart).
 */
export const FOLLOW_UP_STATUSES = [
  'pending',
  'approved',
  'edited',
  'dismissed',
  'sent',
  'replied',
  'converted',
  'no_response',
] as const;
export const FollowUpStatusSchema = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.infer<typeof FollowUpStatusSchema>;

/** The statuses of an item still waiting to be sent: at most one such item per conversation. */
export const OPEN_FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['pending', 'approved', 'edited'];

/**
 * Why a follow-up is due:
 * - `promise`: the agent or the AI promised to come back;
 * - `ghosting`: the customer stopped answering mid-conversation (the built-in "disengaged customer");
 * - `undecided`: the customer showed buying intent and did not order (the built-in "undecided prospect");
 * - `scheduled`: a person set a reminder;
 * - `custom`: one of the workspace's own trigger rules (named by `rule`).
 */
export const FOLLOW_UP_REASONS = ['promise', 'ghosting', 'undecided', 'scheduled', 'custom'] as const;
export const FollowUpReasonSchema = z.enum(FOLLOW_UP_REASONS);
export type FollowUpReason = z.infer<typeof FollowUpReasonSchema>;

/** A stored follow-up: one message the business owes a contact, and what became of it. */
export const FollowUpItemSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  /**
   * Deterministic from the conversation, the reason and the occurrence that made it due (see
   * `followUpKey`): the store keeps `(workspaceId, key)` unique, so two sweeps never create it twice.
   */
  key: z.string().min(1).max(1000),
  contactId: IdSchema,
  /** Absent only for a scheduled reminder set on the contact rather than on a conversation. */
  conversationId: IdSchema.optional(),
  reason: FollowUpReasonSchema,
  /** The custom trigger rule's id (reason `custom`) or the reminder's id (reason `scheduled`). */
  rule: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(64),
  /** When it became due: outside quiet hours in the contact's time zone. */
  dueAt: TimestampSchema,
  /** The occurrence it answers: the message, promise or reminder it was computed from. */
  anchorAt: TimestampSchema,
  /** Outside the channel's customer-service window: only a pre-approved template may be sent. */
  templateOnly: z.boolean(),
  /** When the channel's customer-service window closes (a free-form message is allowed until then). */
  windowClosesAt: TimestampSchema.optional(),
  /** Which attempt this is in its conversation since the customer last wrote, from 1. */
  attempt: z.number().int().min(1),
  status: FollowUpStatusSchema,
  /** The message suggested for it (by the host's model), as suggested. */
  draft: z.string().max(10_000).optional(),
  /** The message as a person edited it, then as sent. */
  text: z.string().max(10_000).optional(),
  /** What the rule saw: the promise, the reminder's note, the intent or keyword that matched. */
  note: z.string().max(1000).optional(),
  /** The person expected to act on it. */
  assignee: z.string().max(200).optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Who approved, edited or dismissed it, and when. */
  decidedBy: ActorSchema.optional(),
  decidedAt: TimestampSchema.optional(),
  /** Who sent it (the host, a person), when, and whether it went out as a template. */
  sentBy: ActorSchema.optional(),
  sentAt: TimestampSchema.optional(),
  sentAsTemplate: z.boolean().optional(),
  /** When it was replied to, converted or given up on. */
  outcomeAt: TimestampSchema.optional(),
  /** The order that converted it. */
  orderId: IdSchema.optional(),
  /** Optimistic concurrency: bumped by one on every transition. */
  version: z.number().int().min(1),
});
export type FollowUpItem = z.infer<typeof FollowUpItemSchema>;

/** A reminder a person set for a contact: it becomes a `scheduled` follow-up when it comes due. */
export const ScheduledReminderSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactId: IdSchema,
  /** The conversation to follow up in; absent: the contact's latest conversation's channel. */
  conversationId: IdSchema.optional(),
  dueAt: TimestampSchema,
  /** The channel to use; absent: the conversation's. */
  channel: z.string().trim().min(1).max(64).optional(),
  note: z.string().max(1000).optional(),
  /** Who set it, and who should act on it. */
  setBy: ActorSchema.optional(),
  assignee: z.string().max(200).optional(),
  createdAt: TimestampSchema,
});
export type ScheduledReminder = z.infer<typeof ScheduledReminderSchema>;
