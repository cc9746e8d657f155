import { z } from 'zod';
import { ContactSchema } from './contact.js';
import { IdentitySchema } from './identity.js';
import { IdSchema, TimestampSchema } from './primitives.js';

/** Why a merge happened. */
export const MergeReasonSchema = z.enum(['intake', 'suggestion', 'manual', 'auto']);
export type MergeReason = z.infer<typeof MergeReasonSchema>;

/**
 * The rows that belonged to one absorbed contact when it was merged: what an unmerge gives back.
 * Rows created after the merge stay with the primary.
 */
export const AbsorbedRowsSchema = z.object({
  contactId: IdSchema,
  identities: z.array(IdentitySchema),
  /** The ids of its activity log entries. */
  logIds: z.array(IdSchema),
  /**
   * The keys of its rows in every other table of rows a contact owns, by table (`conversations`,
   * `orders`, `notes`, `flowRuns`, `consents`, `processedEvents`, …): the tables merges move.
   */
  rows: z.record(z.string(), z.array(IdSchema)),
});
export type AbsorbedRows = z.infer<typeof AbsorbedRowsSchema>;

/**
 * The audit record of one merge, with what is needed to undo it: every contact as it was before, and
 * which rows each absorbed contact brought.
 */
export const MergeRecordSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  primaryId: IdSchema,
  absorbedIds: z.array(IdSchema).min(1),
  reason: MergeReasonSchema,
  /** Who asked for it (a user id, `system`…). */
  actor: z.string().max(200).optional(),
  at: TimestampSchema,
  /** The primary as it was just before the merge. */
  primaryBefore: ContactSchema,
  /** Each absorbed contact as it was just before the merge. */
  absorbedBefore: z.array(ContactSchema),
  /** What each absorbed contact brought. */
  rows: z.array(AbsorbedRowsSchema),
  /** Where each field of the merged contact came from (`profile.name` → contact id). */
  provenance: z.record(z.string(), IdSchema),
  /** Set once the merge was undone. */
  undoneAt: TimestampSchema.optional(),
});
export type MergeRecord = z.infer<typeof MergeRecordSchema>;
