import { z } from 'zod';
import { IdSchema, JsonValueSchema, TimestampSchema } from './primitives.js';

export const SuggestionStatusSchema = z.enum(['open', 'accepted', 'rejected']);
export type SuggestionStatus = z.infer<typeof SuggestionStatusSchema>;

/**
 * A likely duplicate pair found by a scan. `id` is the pair key (the two contact ids, sorted, joined by
 * `|`), so a pair is suggested once, and a rejected pair is never suggested again.
 */
export const DuplicateSuggestionSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactIds: z.tuple([IdSchema, IdSchema]),
  /** Total match weight (log2 Bayes factor). */
  weight: z.number().finite(),
  probability: z.number().min(0).max(1),
  /** Each field's part of the weight, and the comparison level it reached. */
  explanation: z.record(z.string(), JsonValueSchema),
  status: SuggestionStatusSchema,
  createdAt: TimestampSchema,
  decidedAt: TimestampSchema.optional(),
  /** Who accepted or rejected it. */
  decidedBy: z.string().max(200).optional(),
});
export type DuplicateSuggestion = z.infer<typeof DuplicateSuggestionSchema>;

/** The pair key of two contacts: sorted ids joined by `|`. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
