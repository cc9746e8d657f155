import { z } from 'zod';
import { DurationSchema } from '../followups/duration.js';
import {
  ChannelNameSchema,
  GradeNameSchema,
  IntentNameSchema,
  RuleIdSchema,
  uniqueIds,
} from '../followups/names.js';
import { PhraseSchema } from '../followups/phrases.js';
import { parseInput } from '../model/parse.js';

/**
 * A workspace's own review rule: flags an open conversation whose last customer message has one of
 * `intents` or contains one of `keywords` (whole words, any case or accents). Give either or both.
 */
export const CustomReviewRuleSchema = z
  .strictObject({
    id: RuleIdSchema,
    name: z.string().trim().max(200).optional(),
    enabled: z.boolean().default(true),
    intents: z.array(IntentNameSchema).max(100).optional(),
    keywords: z.array(PhraseSchema).max(200).optional(),
    channels: z.array(ChannelNameSchema).max(50).optional(),
  })
  .refine((r) => (r.intents?.length ?? 0) + (r.keywords?.length ?? 0) > 0, {
    path: ['keywords'],
    message: 'give intents, keywords or both',
  });
export type CustomReviewRule = z.output<typeof CustomReviewRuleSchema>;

/**
 * When a person should review a conversation rather than let the AI carry on alone. Every rule looks at
 * open conversations only. Every field has a default, so `ReviewRulesSchema.parse({})` is complete.
 */
export const ReviewRulesSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The customer's last message has a sentiment at or below `threshold` (in [-1, 1]). */
  frustration: z
    .strictObject({
      enabled: z.boolean().default(true),
      threshold: z.number().min(-1).max(1).default(-0.5),
    })
    .prefault({}),
  /** Escalated, and no person has written since, for `after`. */
  escalation: z
    .strictObject({
      enabled: z.boolean().default(true),
      after: DurationSchema.default({ minutes: 30 }),
    })
    .prefault({}),
  /** Still open after `afterExchanges` customer turns. */
  unresolved: z
    .strictObject({
      enabled: z.boolean().default(true),
      afterExchanges: z.number().int().min(1).max(10_000).default(10),
    })
    .prefault({}),
  /** A lead with one of `grades`, or a predicted spend of at least `minPredictedSpend` (`null`: off). */
  highValue: z
    .strictObject({
      enabled: z.boolean().default(true),
      grades: z.array(GradeNameSchema).max(20).default(['A']),
      minPredictedSpend: z.number().min(0).nullable().default(null),
    })
    .prefault({}),
  custom: z
    .array(CustomReviewRuleSchema)
    .max(50)
    .default([])
    .refine(uniqueIds, 'every custom review rule needs its own id'),
});
export type ReviewRules = z.output<typeof ReviewRulesSchema>;
export type ReviewRulesInput = z.input<typeof ReviewRulesSchema>;

/** The review rules a workspace gets when it sets none. */
export const DEFAULT_REVIEW_RULES: ReviewRules = ReviewRulesSchema.parse({});

/**
 * Parses a workspace's review rules, filling defaults. Throws a `ValidationError` naming the field for
 * bad input (`review.frustration.threshold`).
 *
 * @example
 * ```ts
 * parseReviewRules({ custom: [{ id: 'legal', keywords: ['lawyer', 'chargeback'] }] })
 * ```
 */
export function parseReviewRules(input: ReviewRulesInput = {}): ReviewRules {
  return parseInput(ReviewRulesSchema, input, 'review');
}
