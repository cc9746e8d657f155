import { z } from 'zod';
import { JourneyStageSchema } from '../model/classification.js';
import { parseInput } from '../model/parse.js';
import { MANUAL_RULE_ID } from '../model/score-ledger.js';
import { phraseProblem } from './keywords.js';

/**
 * Bounds on a rule set, so that no configuration makes intake slow: matching a message costs at most
 * `phrases` substring searches over at most `scanChars` characters, and builds no regular expression.
 */
export const SCORING_LIMITS = {
  rules: 500,
  phrasesPerRule: 200,
  /** Phrases over every keyword rule. */
  phrases: 2_000,
  phraseLength: 200,
  /** Intents or actions one rule lists. */
  namesPerRule: 50,
  /** The most `scanChars` may be. */
  scanChars: 100_000,
} as const;

/**
 * Rule ids and categories: short, printable, stable (they are stored on every ledger entry). Starting
 * with a letter or digit keeps out `__proto__`, which would not survive as a key of the state's tallies.
 */
const KeySchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
    'expected 1 to 64 letters, digits or _ . : -, starting with a letter or digit',
  );

/** Intent and action names are compared trimmed and lower-cased. */
const SignalNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toLowerCase());

const PhraseSchema = z
  .string()
  .max(SCORING_LIMITS.phraseLength)
  .superRefine((phrase, ctx) => {
    const problem = phraseProblem(phrase);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const RuleBaseSchema = z.object({
  /** Stable id, stored on every award; `manual` is reserved for manual adjustments. */
  id: KeySchema.refine(
    (id) => id !== MANUAL_RULE_ID,
    `"${MANUAL_RULE_ID}" is reserved for manual adjustments`,
  ),
  /** Points per award; negative points lower the score. */
  points: z.number().finite().min(-1_000).max(1_000),
  /** The category, whose weight multiplies the points (see `categoryWeights`). */
  category: KeySchema.default('general'),
  /**
   * The most this rule may contribute to one contact's score at any time, in weighted points (a
   * magnitude: for negative rules, the most it may take away). Decayed points make room again. Null:
   * no cap.
   */
  cap: z.number().positive().max(1_000_000).nullable().default(null),
  /** Award at most once per contact, ever. */
  once: z.boolean().default(false),
  /** The award halves every this many days; null: it never decays. */
  halfLifeDays: z.number().positive().max(36_500).nullable().default(null),
  /** A match is a buying-intent signal, which makes a contact Qualified (see `decideStatus`). */
  buyingIntent: z.boolean().default(false),
  /** A match moves the contact to this journey stage (see `decideStage`). */
  stage: JourneyStageSchema.nullable().default(null),
});

/**
 * Points for words in a message. Each phrase matches whole words, ignoring case and accents, in any
 * language (see `matchPhrases` for scripts written without spaces); a trailing `*` matches any word
 * ending (`pric*`: price, prices, pricing). A message earns a rule's points once, however many of its
 * phrases it holds.
 */
export const KeywordRuleSchema = RuleBaseSchema.extend({
  kind: z.literal('keyword'),
  phrases: z.array(PhraseSchema).min(1).max(SCORING_LIMITS.phrasesPerRule),
  /** Whose messages count: the contact's (`inbound`, the default), the business's, or both. */
  direction: z.enum(['inbound', 'outbound', 'any']).default('inbound'),
});

/** Points for an intent the host's AI detected in the conversation (e.g. `purchase`). */
export const IntentRuleSchema = RuleBaseSchema.extend({
  kind: z.literal('intent'),
  intents: z.array(SignalNameSchema).min(1).max(SCORING_LIMITS.namesPerRule),
  /** Intents the host is less sure of than this are ignored. */
  minConfidence: z.number().min(0).max(1).default(0),
});

/**
 * Points for something the contact did. The host names the actions; intake reports `message` (an
 * inbound message), `order`, `booking`, `booking_attempt` and `form_submitted` (see `SCORE_ACTIONS`).
 */
export const ActionRuleSchema = RuleBaseSchema.extend({
  kind: z.literal('action'),
  actions: z.array(SignalNameSchema).min(1).max(SCORING_LIMITS.namesPerRule),
});

/** One scoring rule: a keyword, intent or action rule. */
export const ScoringRuleSchema = z.discriminatedUnion('kind', [
  KeywordRuleSchema,
  IntentRuleSchema,
  ActionRuleSchema,
]);
export type ScoringRule = z.output<typeof ScoringRuleSchema>;
export type ScoringRuleInput = z.input<typeof ScoringRuleSchema>;
export type KeywordRule = z.output<typeof KeywordRuleSchema>;

/**
 * The lowest score of each grade; F is everything below E. Each must be strictly below the one
 * before, so that no two grades overlap.
 */
export const GradeThresholdsSchema = z
  .object({
    A: z.number().finite().default(80),
    B: z.number().finite().default(60),
    C: z.number().finite().default(40),
    D: z.number().finite().default(20),
    E: z.number().finite().default(10),
  })
  .superRefine((grades, ctx) => {
    const order = ['A', 'B', 'C', 'D', 'E'] as const;
    for (let i = 1; i < order.length; i++) {
      const above = order[i - 1]!;
      const grade = order[i]!;
      if (grades[grade] >= grades[above]) {
        ctx.addIssue({
          code: 'custom',
          path: [grade],
          message: `grade ${grade} starts at ${grades[grade]}, which overlaps grade ${above} (starts at ${grades[above]}): it must be lower`,
        });
      }
    }
  });
export type GradeThresholds = z.output<typeof GradeThresholdsSchema>;

/** Hot from `hotAtLeast` points, warm from `warmAtLeast`, cold below. */
export const TemperatureThresholdsSchema = z
  .object({
    hotAtLeast: z.number().finite().default(50),
    warmAtLeast: z.number().finite().default(20),
  })
  .superRefine((t, ctx) => {
    if (t.warmAtLeast >= t.hotAtLeast) {
      ctx.addIssue({
        code: 'custom',
        path: ['warmAtLeast'],
        message: `warm starts at ${t.warmAtLeast}, which overlaps hot (starts at ${t.hotAtLeast}): it must be lower`,
      });
    }
  });
export type TemperatureThresholds = z.output<typeof TemperatureThresholdsSchema>;

/**
 * The rules a workspace starts with. Language-neutral: they score host-reported intents and actions;
 * keyword rules are the workspace's own, in its customers' languages.
 */
export const DEFAULT_SCORING_RULES: readonly ScoringRuleInput[] = [
  {
    id: 'form-submitted',
    kind: 'action',
    actions: ['form_submitted'],
    points: 10,
    once: true,
    halfLifeDays: 60,
    category: 'engagement',
  },
  {
    id: 'pricing-interest',
    kind: 'intent',
    intents: ['pricing', 'comparison'],
    points: 5,
    cap: 15,
    halfLifeDays: 14,
    category: 'interest',
    stage: 'comparing',
  },
  {
    id: 'buying-intent',
    kind: 'intent',
    intents: ['purchase'],
    points: 20,
    cap: 40,
    halfLifeDays: 30,
    category: 'intent',
    buyingIntent: true,
    stage: 'closing',
  },
  {
    id: 'booking-attempt',
    kind: 'action',
    actions: ['booking_attempt'],
    points: 15,
    cap: 30,
    halfLifeDays: 30,
    category: 'intent',
    buyingIntent: true,
    stage: 'closing',
  },
  {
    id: 'purchase',
    kind: 'action',
    actions: ['order', 'booking'],
    points: 30,
    cap: 60,
    halfLifeDays: 90,
    category: 'purchase',
  },
];

const ScoringConfigObjectSchema = z.object({
  /**
   * Names this rule set on every award, so a sweep can tell which contacts still need it re-applied.
   * Omitted: a digest of the rules and weights, which changes whenever they do.
   */
  version: z.string().trim().min(1).max(64).optional(),
  rules: z
    .array(ScoringRuleSchema)
    .max(SCORING_LIMITS.rules)
    .default(() => DEFAULT_SCORING_RULES.map((r) => ScoringRuleSchema.parse(r))),
  /** Multiplies the points of every rule in a category; categories not listed weigh 1. */
  categoryWeights: z.record(KeySchema, z.number().finite().min(0).max(100)).default({}),
  grades: GradeThresholdsSchema.prefault({}),
  temperature: TemperatureThresholdsSchema.prefault({}),
  /** Keywords are looked for in the first this many characters of a message. */
  scanChars: z.number().int().min(1).max(SCORING_LIMITS.scanChars).default(10_000),
});

/**
 * A workspace's lead-scoring configuration: rules, category weights, grade and temperature thresholds.
 * `ScoringConfigSchema.parse({})` is a complete configuration with {@link DEFAULT_SCORING_RULES}.
 */
export const ScoringConfigSchema = ScoringConfigObjectSchema.superRefine((config, ctx) => {
  const seen = new Map<string, number>();
  let phrases = 0;
  config.rules.forEach((rule, i) => {
    const first = seen.get(rule.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', i, 'id'],
        message: `rule id "${rule.id}" is already used by rules.${first}`,
      });
    } else seen.set(rule.id, i);
    if (rule.kind === 'keyword') phrases += rule.phrases.length;
  });
  if (phrases > SCORING_LIMITS.phrases) {
    ctx.addIssue({
      code: 'custom',
      path: ['rules'],
      message: `${phrases} keyword phrases in all; at most ${SCORING_LIMITS.phrases} are allowed`,
    });
  }
}).transform((config) => ({ ...config, version: config.version ?? digestVersion(config) }));

/** A scoring configuration as written by people (defaults optional). */
export type ScoringConfigInput = z.input<typeof ScoringConfigSchema>;
/** A scoring configuration with every default filled in, and its version. */
export type ScoringConfig = z.output<typeof ScoringConfigSchema>;

/** The scoring configuration a workspace gets when it sets nothing. */
export const DEFAULT_SCORING_CONFIG: ScoringConfig = ScoringConfigSchema.parse({});

/**
 * Validates a scoring configuration and fills in the defaults.
 *
 * @throws {@link contactkit!ValidationError} naming each wrong field by its path (`grades.B`, `rules.2.phrases.0`).
 *
 * @example
 * ```ts
 * const scoring = parseScoringConfig({
 *   rules: [{ id: 'price', kind: 'keyword', phrases: ['how much', 'precio', '价格'], points: 5, cap: 15 }],
 *   grades: { A: 50, B: 30, C: 20, D: 10, E: 5 },
 * });
 * scoring.version; // "auto-…", a digest of the rules
 * ```
 */
export function parseScoringConfig(input: unknown, field = 'scoring'): ScoringConfig {
  return parseInput(ScoringConfigSchema, input, field);
}

/** FNV-1a over the rules and weights, so a rule set without a version still names itself. */
function digestVersion(
  config: Pick<z.output<typeof ScoringConfigObjectSchema>, 'rules' | 'categoryWeights'>,
): string {
  // Weights sorted by category, so the same weights written in another order keep the version.
  const weights = Object.entries(config.categoryWeights).sort(([a], [b]) => (a < b ? -1 : 1));
  const text = JSON.stringify([config.rules, weights]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `auto-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}
