import { z } from 'zod';
import { JourneyStageSchema } from '../model/classification.js';
import { IdSchema, TimestampInputSchema } from '../model/primitives.js';

/** The actions intake reports; hosts may report their own names too. */
export const SCORE_ACTIONS = ['message', 'order', 'booking', 'booking_attempt', 'form_submitted'] as const;

const Common = {
  /** The host's event id, recorded on the award. */
  eventId: IdSchema.optional(),
  /** When it happened. */
  at: TimestampInputSchema,
};

/** A message's text, for keyword rules. */
export const MessageSignalSchema = z.object({
  kind: z.literal('message'),
  ...Common,
  text: z.string().max(100_000),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
});

/** An intent the host's AI detected, with how sure it is (1 when not said). */
export const IntentSignalSchema = z.object({
  kind: z.literal('intent'),
  ...Common,
  intent: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((s) => s.toLowerCase()),
  confidence: z.number().min(0).max(1).default(1),
});

/** Something the contact did: see {@link SCORE_ACTIONS}. */
export const ActionSignalSchema = z.object({
  kind: z.literal('action'),
  ...Common,
  action: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((s) => s.toLowerCase()),
});

/** Points a person gives or takes by hand, with a note. Never capped, never decays. */
export const ManualSignalSchema = z.object({
  kind: z.literal('manual'),
  ...Common,
  points: z.number().finite().min(-10_000).max(10_000),
  category: z.string().trim().min(1).max(64).default('manual'),
  note: z.string().max(1000).optional(),
});

/** A journey stage the host's conversation logic detected. Earns no points. */
export const StageSignalInputSchema = z.object({
  kind: z.literal('stage'),
  ...Common,
  stage: JourneyStageSchema,
});

/**
 * One thing that happened to a contact that scoring rules may award points for, or that moves its
 * buying intent or stage. Intake turns each chat event into these (a message's text, the host's
 * intents, an order); people add manual adjustments.
 */
export const ScoreSignalSchema = z.discriminatedUnion('kind', [
  MessageSignalSchema,
  IntentSignalSchema,
  ActionSignalSchema,
  ManualSignalSchema,
  StageSignalInputSchema,
]);
/** A parsed signal. */
export type ScoreSignal = z.output<typeof ScoreSignalSchema>;
/** A signal as written (dates as strings, defaults omitted). */
export type ScoreSignalInput = z.input<typeof ScoreSignalSchema>;
