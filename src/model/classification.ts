import { z } from 'zod';
import { TimestampSchema } from './primitives.js';
import { ConvertedAmountSchema, CurrencyCodeSchema } from './spend.js';

/** The status pill: where a contact stands (see `decideStatus` for the rules). */
export const CONTACT_STATUSES = ['new', 'active', 'qualified', 'converted', 'inactive', 'churned'] as const;
export const ContactStatusSchema = z.enum(CONTACT_STATUSES);
export type ContactStatus = z.infer<typeof ContactStatusSchema>;

/** Why a contact has its status: the rule that decided it. */
export const STATUS_REASONS = [
  /** Placed an order. */
  'purchase',
  /** Made a booking (and placed no order). */
  'booking',
  /** Converted, then silent past the churn window. */
  'silent_after_conversion',
  /** Silent past the inactivity window. */
  'silent',
  /** A buying-intent signal (a scoring rule marked `buyingIntent`). */
  'buying_intent',
  /** Carries one of the workspace's qualified tags. */
  'qualified_tag',
  /** Recent, with at least the minimum number of messages. */
  'enough_messages',
  /** Recent, fewer messages than the minimum, but first seen before the New window. */
  'past_new_window',
  /** First seen within the New window, fewer messages than the minimum. */
  'recently_started',
] as const;
export const StatusReasonSchema = z.enum(STATUS_REASONS);
export type StatusReason = z.infer<typeof StatusReasonSchema>;

/** The journey stage of the contact's conversation with the business. */
export const JOURNEY_STAGES = ['inquiry', 'comparing', 'closing', 'in_progress', 'follow_up'] as const;
export const JourneyStageSchema = z.enum(JOURNEY_STAGES);
export type JourneyStage = z.infer<typeof JourneyStageSchema>;

/** Why a contact is at its stage. */
export const STAGE_REASONS = [
  /** A person chose it; it sticks until cleared. */
  'manual',
  /** The latest stage signal, from the host or a keyword rule. */
  'signal',
  /** No stage signal yet, but the contact has written: every conversation starts as an inquiry. */
  'first_message',
  /** An order or booking newer than the latest stage signal. */
  'conversion',
  /** An open stage (inquiry, comparing, closing) silent past the follow-up window. */
  'silence',
] as const;
export const StageReasonSchema = z.enum(STAGE_REASONS);
export type StageReason = z.infer<typeof StageReasonSchema>;

/** Lead grades, best first. F is every score below E's threshold. */
export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;

/** Lead temperature, from the score. */
export const TEMPERATURES = ['hot', 'warm', 'cold'] as const;
export const TemperatureSchema = z.enum(TEMPERATURES);
export type Temperature = z.infer<typeof TemperatureSchema>;

/** Five sentiment levels, most negative first. */
export const SENTIMENT_LEVELS = [
  'very_negative',
  'negative',
  'neutral',
  'positive',
  'very_positive',
] as const;
export const SentimentLevelSchema = z.enum(SENTIMENT_LEVELS);
export type SentimentLevel = z.infer<typeof SentimentLevelSchema>;

/** Whether the recent messages are kinder or harsher than the contact's longer run. */
export const SENTIMENT_TRENDS = ['improving', 'steady', 'worsening'] as const;
export const SentimentTrendSchema = z.enum(SENTIMENT_TRENDS);
export type SentimentTrend = z.infer<typeof SentimentTrendSchema>;

/**
 * The running sentiment of one contact, updated on every scored message without reading the messages
 * again (see `recordSentiment`). Times are epoch milliseconds: the state is stored as one JSON value.
 */
export const SentimentStateSchema = z.object({
  /** Scored messages so far. */
  count: z.number().int().min(0),
  /** Running mean of every score. */
  mean: z.number().min(-1).max(1),
  /** Exponential moving average that follows the latest messages closely. */
  fast: z.number().min(-1).max(1),
  /** Exponential moving average over a longer run; `fast - slow` gives the trend. */
  slow: z.number().min(-1).max(1),
  /** When the latest scored message was written. */
  lastAtMs: z.number().int(),
});
export type SentimentState = z.infer<typeof SentimentStateSchema>;

/** The sentiment figures stored on a contact, for lists to filter and sort by. */
export const SentimentSummarySchema = z.object({
  level: SentimentLevelSchema,
  /** The figure the level comes from (the mean, or the recent average: see the configuration). */
  value: z.number().min(-1).max(1),
  mean: z.number().min(-1).max(1),
  trend: SentimentTrendSchema,
  /** Scored messages behind the figures. */
  messages: z.number().int().min(1),
});
export type SentimentSummary = z.infer<typeof SentimentSummarySchema>;

/** Why a contact is a VIP. */
export const VIP_REASONS = ['grade', 'spend', 'orders', 'tag'] as const;
export const VipReasonSchema = z.enum(VIP_REASONS);
export type VipReason = z.infer<typeof VipReasonSchema>;

/** Why a contact is at risk. */
export const AT_RISK_REASONS = ['sentiment', 'worsening', 'churn_risk'] as const;
export const AtRiskReasonSchema = z.enum(AT_RISK_REASONS);
export type AtRiskReason = z.infer<typeof AtRiskReasonSchema>;

/** What the spend prediction rests on. */
export const PREDICTION_BASES = [
  /** Average order value × expected orders from the observed order rate. */
  'order_rate',
  /** No orders yet: nothing to extrapolate, so zero. */
  'no_orders',
  /** The contact churned: zero. */
  'churned',
] as const;
export const PredictionBasisSchema = z.enum(PREDICTION_BASES);
export type PredictionBasis = z.infer<typeof PredictionBasisSchema>;

/** The predicted spend in one currency, with the figures it was worked out from. */
export const CurrencyPredictionSchema = z.object({
  currency: CurrencyCodeSchema,
  /** This currency's orders so far. */
  orders: z.number().int().min(0),
  /** Amount ÷ orders, in this currency. */
  averageOrderValue: z.number().finite().min(0),
  /** The expected orders of the period that fall to this currency (its share of past orders). */
  expectedOrders: z.number().finite().min(0),
  /** averageOrderValue × expectedOrders, rounded to cents. */
  amount: z.number().finite().min(0),
});
export type CurrencyPrediction = z.infer<typeof CurrencyPredictionSchema>;

/**
 * Predicted spend over the next `horizonDays`, with its explanation: every figure it was computed
 * from, so a person can redo the sum (see `predictSpend`).
 */
export const PredictedSpendSchema = z.object({
  basis: PredictionBasisSchema,
  horizonDays: z.number().positive(),
  /** All orders so far. */
  orders: z.number().int().min(0),
  /** Days the order rate was observed over: since the first order, at least `minObservedDays`. */
  observedDays: z.number().finite().min(0),
  /** orders ÷ observedDays. */
  ordersPerDay: z.number().finite().min(0),
  /** ordersPerDay × horizonDays. */
  expectedOrders: z.number().finite().min(0),
  /** One prediction per currency: never added across currencies. */
  byCurrency: z.array(CurrencyPredictionSchema),
  /** The sum in the workspace currency, where the host supplied rates; null without a workspace currency. */
  total: ConvertedAmountSchema.nullable(),
});
export type PredictedSpend = z.infer<typeof PredictedSpendSchema>;

/**
 * The derived facts stored on a contact, so that segments, search, sorting and export can use them.
 * Always the result of `classifyContact` at `classifiedAt`: recomputing at that instant from the same
 * facts and configuration gives an equal value.
 */
export const ClassificationSchema = z.object({
  status: ContactStatusSchema,
  statusReason: StatusReasonSchema,
  /** Null until the contact writes or a stage signal arrives. */
  stage: JourneyStageSchema.nullable(),
  stageReason: StageReasonSchema.nullable(),
  /** The stage was chosen by a person and sticks until cleared. */
  stageSetByHand: z.boolean(),
  /** The lead score: the decayed sum of the contact's ledger at `classifiedAt`, rounded to cents. */
  score: z.number().finite(),
  grade: GradeSchema,
  temperature: TemperatureSchema,
  /** Null until the host scored one of the contact's messages. */
  sentiment: SentimentSummarySchema.nullable(),
  vip: z.boolean(),
  atRisk: z.boolean(),
  /** Which rules made the flags true; empty when a flag is false. */
  flagReasons: z.object({
    vip: z.array(VipReasonSchema),
    atRisk: z.array(AtRiskReasonSchema),
  }),
  /** Weighted share, in [0, 1], of the profile fields the workspace cares about that are filled in. */
  completeness: z.number().min(0).max(1),
  /** Everything spent, in the workspace currency; null when the workspace sets no currency. */
  spentTotal: ConvertedAmountSchema.nullable(),
  predictedSpend: PredictedSpendSchema,
  /** The scoring rule-set version the score was awarded under; null before any award. */
  ruleSetVersion: z.string().nullable(),
  classifiedAt: TimestampSchema,
});
export type Classification = z.infer<typeof ClassificationSchema>;

/**
 * Why a grade changed: the score moved, the grade thresholds did (same score), or the contact was
 * classified for the first time.
 */
export const GradeChangeReasonSchema = z.enum([
  'score_rose',
  'score_fell',
  'thresholds_changed',
  'first_classification',
]);
export type GradeChangeReason = z.infer<typeof GradeChangeReasonSchema>;

/**
 * One change between two classifications of a contact: what the timeline and the outbox record,
 * with the reason. Status, stage and grade changes are reported (see `reclassify`).
 */
export const ClassificationChangeSchema = z.discriminatedUnion('field', [
  z.object({
    field: z.literal('status'),
    from: ContactStatusSchema.nullable(),
    to: ContactStatusSchema,
    reason: StatusReasonSchema,
  }),
  z.object({
    field: z.literal('stage'),
    from: JourneyStageSchema.nullable(),
    to: JourneyStageSchema.nullable(),
    /** Null when the stage went back to none (a manual stage cleared, with nothing else to go on). */
    reason: StageReasonSchema.nullable(),
  }),
  z.object({
    field: z.literal('grade'),
    from: GradeSchema.nullable(),
    to: GradeSchema,
    reason: GradeChangeReasonSchema,
    score: z.object({ from: z.number().finite().nullable(), to: z.number().finite() }),
  }),
]);
export type ClassificationChange = z.infer<typeof ClassificationChangeSchema>;
