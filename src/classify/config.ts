import { z } from 'zod';
import { GradeSchema, SentimentLevelSchema } from '../model/classification.js';
import { parseInput } from '../model/parse.js';
import { CurrencyCodeSchema } from '../model/spend.js';
import type { ScoringConfig } from '../scoring/config.js';

/** A window in days: positive, at most a century. Fractions are allowed (0.5 is twelve hours). */
const days = (fallback: number) => z.number().positive().max(36_500).default(fallback);
const TagsSchema = z.array(z.string().trim().min(1).max(100)).max(100);

/**
 * Thresholds of the status rules (see `decideStatus`). A window counts elapsed time, not calendar days:
 * exactly `inactiveAfterDays` × 24 hours of silence is already past it.
 */
export const StatusConfigSchema = z.object({
  /** No message from the contact for this many days: Inactive. */
  inactiveAfterDays: days(30),
  /** A converted contact silent for this many days: Churned. */
  churnAfterDays: days(90),
  /** Recent, with at least this many messages: Active. */
  activeMinMessages: z.number().int().min(1).max(1_000_000).default(3),
  /** First seen less than this many days ago, with fewer messages than the minimum: New. */
  newWithinDays: days(7),
  /** Tags a person puts on a contact to mark buying intent: Qualified, like a buying-intent signal. */
  qualifiedTags: TagsSchema.default(['qualified']),
});
export type StatusConfig = z.output<typeof StatusConfigSchema>;

/** Thresholds of the automatic journey stage (see `decideStage`). */
export const StageConfigSchema = z.object({
  /** An open stage (inquiry, comparing, closing) silent for this many days: Follow-up. */
  followUpAfterDays: days(3),
});
export type StageConfig = z.output<typeof StageConfigSchema>;

/**
 * Sentiment levels and trend (see `summarizeSentiment`). A figure at or below `veryNegativeAtMost` is
 * very negative, at or below `negativeAtMost` negative, at or above `veryPositiveAtLeast` very
 * positive, at or above `positiveAtLeast` positive, and neutral in between.
 */
export const SentimentConfigSchema = z
  .object({
    veryNegativeAtMost: z.number().min(-1).max(1).default(-0.6),
    negativeAtMost: z.number().min(-1).max(1).default(-0.2),
    positiveAtLeast: z.number().min(-1).max(1).default(0.2),
    veryPositiveAtLeast: z.number().min(-1).max(1).default(0.6),
    /** The level follows the running mean of every message, or the recent average (`fast`). */
    levelFrom: z.enum(['mean', 'recent']).default('mean'),
    /** Weight of the newest message in the recent average (an exponential moving average). */
    recentSmoothing: z.number().gt(0).max(1).default(0.3),
    /** Weight of the newest message in the longer-run average the trend compares against. */
    longSmoothing: z.number().gt(0).max(1).default(0.05),
    /** The recent average this far above the longer-run one is improving, this far below worsening. */
    trendThreshold: z.number().min(0).max(2).default(0.15),
    /** Fewer scored messages than this: the trend is steady (too little to tell). */
    trendMinMessages: z.number().int().min(2).max(1_000).default(3),
  })
  .superRefine((s, ctx) => {
    const order = ['veryNegativeAtMost', 'negativeAtMost', 'positiveAtLeast', 'veryPositiveAtLeast'] as const;
    for (let i = 1; i < order.length; i++) {
      const below = order[i - 1]!;
      const field = order[i]!;
      if (s[field] <= s[below]) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is ${s[field]}, which overlaps ${below} (${s[below]}): it must be higher`,
        });
      }
    }
    if (s.longSmoothing >= s.recentSmoothing) {
      ctx.addIssue({
        code: 'custom',
        path: ['longSmoothing'],
        message: `longSmoothing (${s.longSmoothing}) must be below recentSmoothing (${s.recentSmoothing}), or there is no trend to see`,
      });
    }
  });
export type SentimentConfig = z.output<typeof SentimentConfigSchema>;

/** A contact is a VIP when any of these holds (see `decideVip`). */
export const VipConfigSchema = z.object({
  /** Its grade is one of these. */
  grades: z.array(GradeSchema).default(['A']),
  /** It carries one of these tags. */
  tags: TagsSchema.default(['vip']),
  /** It spent at least this much, in the workspace currency (`spend.currency`); null: not a rule. */
  minSpend: z.number().positive().nullable().default(null),
  /** It placed at least this many orders; null: not a rule. */
  minOrders: z.number().int().min(1).nullable().default(null),
});
export type VipConfig = z.output<typeof VipConfigSchema>;

/** A contact is at risk when any of these holds (see `decideAtRisk`). */
export const AtRiskConfigSchema = z.object({
  /** Its sentiment level is one of these. */
  sentimentLevels: z.array(SentimentLevelSchema).default(['very_negative']),
  /** Its sentiment is worsening. */
  worseningTrend: z.boolean().default(false),
  /**
   * It converted and has been silent this many days (a churn risk, before it churns at
   * `status.churnAfterDays`); null: not a rule.
   */
  churnRiskAfterDays: z.number().positive().max(36_500).nullable().default(45),
});
export type AtRiskConfig = z.output<typeof AtRiskConfigSchema>;

/**
 * The profile fields the workspace cares about, with their weights (see `completenessOf`). Names are
 * profile fields (`name`, `email`, `phone`, `company`, `jobTitle`, `address`, `locale`, `timezone`,
 * `location`) or custom fields as `custom.<key>`.
 */
export const CompletenessConfigSchema = z.object({
  fields: z
    .record(z.string().trim().min(1).max(100), z.number().positive().max(100))
    .refine((fields) => Object.keys(fields).length > 0, 'name at least one field')
    .default({ name: 1, email: 1, phone: 1, company: 0.5 }),
});
export type CompletenessConfig = z.output<typeof CompletenessConfigSchema>;

/** The spend figures (see `predictSpend`). */
export const SpendConfigSchema = z.object({
  /** The workspace currency, for totals across currencies (with rates the host supplies). */
  currency: CurrencyCodeSchema.optional(),
  /**
   * What one unit of each other currency is worth in the workspace currency (`{ JPY: 0.0067 }` for a
   * USD workspace). Currencies without a rate are left out of totals, which say so.
   */
  rates: z.record(CurrencyCodeSchema, z.number().positive().finite()).default({}),
  /** Predict the spend of the next this many days. */
  horizonDays: days(90),
  /**
   * The order rate is taken over at least this many days, so that one order yesterday does not
   * predict one a day.
   */
  minObservedDays: days(90),
});
export type SpendConfig = z.output<typeof SpendConfigSchema>;

/**
 * A workspace's classification rules: status, stage, sentiment, flags, completeness and spend.
 * `ClassificationConfigSchema.parse({})` is a complete configuration.
 */
export const ClassificationConfigSchema = z
  .object({
    status: StatusConfigSchema.prefault({}),
    stage: StageConfigSchema.prefault({}),
    sentiment: SentimentConfigSchema.prefault({}),
    vip: VipConfigSchema.prefault({}),
    atRisk: AtRiskConfigSchema.prefault({}),
    completeness: CompletenessConfigSchema.prefault({}),
    spend: SpendConfigSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const risk = config.atRisk.churnRiskAfterDays;
    if (risk !== null && risk >= config.status.churnAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['atRisk', 'churnRiskAfterDays'],
        message: `a churn risk at ${risk} days comes no sooner than churn itself (status.churnAfterDays, ${config.status.churnAfterDays}): it must be lower`,
      });
    }
    if (config.vip.minSpend !== null && config.spend.currency === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['vip', 'minSpend'],
        message: 'a minimum spend needs a workspace currency (spend.currency) to count spend in',
      });
    }
  });
/** A classification configuration as written by people (defaults optional). */
export type ClassificationConfigInput = z.input<typeof ClassificationConfigSchema>;
/** A classification configuration with every default filled in. */
export type ClassificationConfig = z.output<typeof ClassificationConfigSchema>;

/** The classification configuration a workspace gets when it sets nothing. */
export const DEFAULT_CLASSIFICATION_CONFIG: ClassificationConfig = ClassificationConfigSchema.parse({});

/**
 * Validates a classification configuration and fills in the defaults.
 *
 * @throws {@link contactkit!ValidationError} naming each wrong field by its path (`classification.status.inactiveAfterDays`).
 *
 * @example
 * ```ts
 * parseClassificationConfig({ status: { inactiveAfterDays: -1 } })
 * // ValidationError: classification.status.inactiveAfterDays: Too small: expected number to be >0
 * ```
 */
export function parseClassificationConfig(input: unknown, field = 'classification'): ClassificationConfig {
  return parseInput(ClassificationConfigSchema, input, field);
}

/**
 * Everything classification reads: the workspace's classification configuration, and the grade and
 * temperature thresholds of its scoring configuration. A workspace configuration that holds both
 * under these keys can be passed as it is.
 */
export interface ClassificationRules {
  readonly classification: ClassificationConfig;
  readonly scoring: Pick<ScoringConfig, 'grades' | 'temperature'>;
}
