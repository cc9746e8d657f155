import { z } from 'zod';
import { JourneyStageSchema } from './classification.js';
import { IdSchema, TimestampSchema } from './primitives.js';

/** The rule id of manual adjustments: points a person gave or took, outside the rule set. */
export const MANUAL_RULE_ID = 'manual';

/** What kind of signal earned an award. */
export const AWARD_KINDS = ['keyword', 'intent', 'action', 'manual'] as const;
export const AwardKindSchema = z.enum(AWARD_KINDS);
export type AwardKind = z.infer<typeof AwardKindSchema>;

/**
 * One award in a contact's score ledger: which rule gave how many points, for which event, when. The
 * lead score is always the decayed sum of these at `now` (see `ledgerScore`). Entries are re-valued in
 * place when a changed rule set is re-applied (same `id` and `seq`), and removed when their rule is.
 */
export const LedgerEntrySchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactId: IdSchema,
  /** Position in the contact's ledger, from 0: awards are re-applied in this order. */
  seq: z.number().int().min(0),
  ruleId: z.string().min(1).max(64),
  /** The rule-set version the points were worked out under. */
  ruleSetVersion: z.string().min(1),
  kind: AwardKindSchema,
  /** The host's id of the event that earned the award, when there was one. */
  eventId: IdSchema.optional(),
  /** When the signal happened (never later than when it was awarded): decay counts from here. */
  at: TimestampSchema,
  category: z.string().min(1).max(64),
  /** The rule's points (a manual adjustment's own points). */
  rulePoints: z.number().finite(),
  /** The category weight the rule's points were multiplied by. */
  weight: z.number().finite().min(0),
  /** Points awarded: rulePoints × weight, held within the rule's cap. */
  points: z.number().finite(),
  /** The cap held the award below rulePoints × weight (possibly to zero). */
  capped: z.boolean(),
  /** Half-life of the award, in days; null when it never decays. */
  halfLifeDays: z.number().positive().nullable(),
  /** What matched: the phrase, intent or action as the rule names it. */
  matched: z.string().max(200).optional(),
  /** A manual adjustment's note. */
  note: z.string().max(1000).optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/**
 * The decayed sum of some awards that share a half-life, kept as its value at `asOfMs` (epoch
 * milliseconds). Reading it at a later time only multiplies by the decay since `asOfMs`, so the sum
 * never needs the awards again.
 */
export const DecayAccumulatorSchema = z.object({
  /** Null: the awards never decay. */
  halfLifeDays: z.number().positive().nullable(),
  value: z.number().finite(),
  asOfMs: z.number().int(),
});
export type DecayAccumulator = z.infer<typeof DecayAccumulatorSchema>;

/** What one rule has awarded a contact so far: enough to apply its cap and once-only flag. */
export const RuleTallySchema = z.object({
  /** Awards recorded (including ones the cap held to zero). */
  count: z.number().int().min(0),
  /** Sum of the points awarded, undecayed. */
  points: z.number().finite(),
  /** The rule's decayed contribution, one accumulator per half-life its awards carry. */
  accumulators: z.array(DecayAccumulatorSchema),
});
export type RuleTally = z.infer<typeof RuleTallySchema>;

/** The latest automatic stage signal: from the host, or from a rule that sets a stage. */
export const StageSignalSchema = z.object({ stage: JourneyStageSchema, atMs: z.number().int() });
export type StageSignal = z.infer<typeof StageSignalSchema>;

/**
 * The compact scoring state of one contact, stored beside the contact so that intake can award points
 * and the sweep can compute the score without reading the contact's ledger. It always agrees with the
 * ledger: the score read from it at any `now` equals the ledger's decayed sum at `now`. It also keeps
 * the latest buying-intent and stage signals, which the same rules produce. Times are epoch
 * milliseconds: the state is stored as one JSON value.
 */
export const ScoreStateSchema = z.object({
  /** The rule-set version of the latest award or re-application. */
  ruleSetVersion: z.string().min(1),
  /** The `seq` the next ledger entry gets. */
  nextSeq: z.number().int().min(0),
  /** The latest award's time; the score is never read at an earlier time than this. */
  latestAtMs: z.number().int().nullable(),
  /** The score, one accumulator per half-life. */
  accumulators: z.array(DecayAccumulatorSchema),
  /** Per-rule tallies, by rule id. */
  rules: z.record(z.string(), RuleTallySchema),
  /** The latest buying-intent signal. */
  buyingIntentAtMs: z.number().int().nullable(),
  stageSignal: StageSignalSchema.nullable(),
});
export type ScoreState = z.infer<typeof ScoreStateSchema>;
