import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';
import { comparisonFor } from './comparisons/index.js';

/** How a field is compared; each kind has its own comparison levels (see `comparisons/`). */
export const FIELD_KINDS = [
  'name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'date',
  'postcode',
  'address',
  'city',
  'company',
  'text',
  'id',
  'handle',
] as const;
/** One of {@link FIELD_KINDS}. */
export const FieldKindSchema = z.enum(FIELD_KINDS);
export type FieldKind = z.infer<typeof FieldKindSchema>;

/** One compared field: a column of the records and how it is compared. */
export const MatchFieldSchema = z.object({
  /** The record's key (the CSV column) holding the value. */
  name: z.string().min(1),
  kind: FieldKindSchema,
  /**
   * Term-frequency adjustment of exact agreement: agreeing on a common value ("maria garcia") counts
   * for less than agreeing on a rare one. Default: on for every kind but `id`.
   */
  termFrequency: z.boolean().optional(),
  /**
   * Columns read, in order, when this one is empty or a placeholder ("Visitor 22989"): a full name for
   * an empty first or last name (its first or last part), a handle such as `@mark_lim` for an empty name.
   */
  fallback: z.array(z.string().min(1)).optional(),
  /**
   * Fixed m probabilities, one per comparison level (best first), used instead of estimating them: a
   * documented prior for a field the data cannot teach, such as user ids that never agree between two
   * stored contacts. Must sum to 1.
   */
  m: z.array(z.number().gt(0).lt(1)).min(2).optional(),
});
export type MatchField = z.infer<typeof MatchFieldSchema>;

/** How a blocking key is taken from a field's normalized value. */
export const BLOCKING_TRANSFORMS = [
  'value',
  'prefix',
  'suffix',
  'soundex',
  'sortedTokens',
  'firstToken',
  'lastToken',
  'alternate',
] as const;

/** One part of a blocking key: a field and how the key is taken from its value. */
export const BlockingKeyPartSchema = z.object({
  field: z.string().min(1),
  /**
   * `value` the whole normalized value; `prefix`/`suffix` its first/last `length` characters;
   * `soundex` of its first word; `sortedTokens` its words in order; `firstToken`/`lastToken` one word;
   * `alternate` the comparison's alternate form (canonical given name, email local part).
   */
  transform: z.enum(BLOCKING_TRANSFORMS).default('value'),
  length: z.number().int().min(1).max(64).optional(),
  /**
   * Take the key from the comparison's alternate form instead of the value (the first 4 letters of an
   * email's local part, which survive a typo'd domain or a typo at the end of the local part).
   */
  fromAlternate: z.boolean().optional(),
});
export type BlockingKeyPart = z.infer<typeof BlockingKeyPartSchema>;

/** A blocking rule: records whose key parts are all equal (and present) become candidate pairs. */
export const BlockingRuleSchema = z.object({ keys: z.array(BlockingKeyPartSchema).min(1) });
export type BlockingRule = z.infer<typeof BlockingRuleSchema>;

/** What to do with the pairs above the threshold. */
export const ClusteringSchema = z.object({
  /** No cluster grows beyond this many records. */
  maxClusterSize: z.number().int().min(2).default(100),
  /**
   * The chain guard: two groups are joined only if the mean match probability over every pair across
   * them, judged on the pairs' own evidence (even prior odds), reaches this, so one strong link cannot
   * chain two different people together, while records with nothing to compare can still be joined
   * through a third.
   */
  minAverageProbability: z.number().min(0).max(1).default(0.5),
});
export type Clustering = z.infer<typeof ClusteringSchema>;

/** A match configuration: the fields compared, the blocking rules and the decision threshold. */
export const MatchConfigSchema = z
  .object({
    fields: z.array(MatchFieldSchema).min(1),
    /** A union: a pair is a candidate if any rule brings it together. */
    blocking: z.array(BlockingRuleSchema).min(1),
    /** Match probability at or above which a pair is a match. */
    threshold: z.number().gt(0).lt(1).default(0.9),
    /**
     * Blocks larger than this are not compared pair by pair: each of their records is compared with its
     * `blockWindow` neighbours in the order of the other fields (or the block is skipped, see
     * `oversizedBlocks`), and a warning names the block.
     */
    maxBlockSize: z.number().int().min(2).default(2000),
    /**
     * Pairs one rule may produce, per record: past `max(100000, pairsPerRecord × records)` the rule's
     * largest blocks are handled as oversized until it fits, so that few distinct names never make
     * tens of millions of pairs.
     */
    pairsPerRecord: z.number().min(1).default(10),
    /** What becomes of an oversized block: compared in windows (the default) or skipped. */
    oversizedBlocks: z.enum(['window', 'skip']).default('window'),
    /** Neighbours each record of an oversized block is compared with. */
    blockWindow: z.number().int().min(1).max(1000).default(10),
    /** More candidate pairs than this is an error naming the rule, rather than running out of memory. */
    maxCandidatePairs: z.number().int().min(1).default(50_000_000),
    clustering: ClusteringSchema.default({ maxClusterSize: 100, minAverageProbability: 0.5 }),
    /** Random pairs drawn per field to estimate the u probabilities. */
    uSamplePairs: z.number().int().min(100).default(20_000),
    /** Expectation–maximisation limits for the m probabilities. */
    em: z
      .object({
        maxIterations: z.number().int().min(1).default(100),
        tolerance: z.number().positive().default(1e-6),
      })
      .default({ maxIterations: 100, tolerance: 1e-6 }),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.fields.forEach((f, i) => {
      if (f.m !== undefined) {
        const levels = comparisonFor(f.kind).levels.length;
        const sum = f.m.reduce((a, b) => a + b, 0);
        if (f.m.length !== levels || Math.abs(sum - 1) > 1e-6) {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', i, 'm'],
            message: `m needs one probability per level of a ${f.kind} field (${levels}), summing to 1`,
          });
        }
      }
      if (names.has(f.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'name'],
          message: `field "${f.name}" is listed twice`,
        });
      }
      names.add(f.name);
    });
    config.blocking.forEach((rule, i) => {
      rule.keys.forEach((key, j) => {
        if (!names.has(key.field)) {
          ctx.addIssue({
            code: 'custom',
            path: ['blocking', i, 'keys', j, 'field'],
            message: `blocking key names "${key.field}", which is not a compared field`,
          });
        }
        if ((key.transform === 'prefix' || key.transform === 'suffix') && key.length === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['blocking', i, 'keys', j, 'length'],
            message: `a ${key.transform} key needs a length`,
          });
        }
      });
    });
  });

/** A configuration as written by people (defaults optional). */
export type MatchConfigInput = z.input<typeof MatchConfigSchema>;
/** A configuration with every default filled in, as the engine uses it. */
export type MatchConfig = z.infer<typeof MatchConfigSchema>;

/**
 * Validates a match configuration (e.g. parsed from `match.json`) and fills in the defaults.
 *
 * @throws {@link contactkit!ValidationError} naming every wrong field by its path (`blocking.0.keys.1.field`).
 *
 * @example
 * ```ts
 * const config = parseMatchConfig({
 *   fields: [{ name: 'email', kind: 'email' }, { name: 'name', kind: 'name' }],
 *   blocking: [{ keys: [{ field: 'email' }] }],
 * });
 * config.threshold; // 0.9
 * ```
 */
export function parseMatchConfig(input: unknown): MatchConfig {
  const parsed = MatchConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : 'config',
      value: valueAt(input, issue.path),
      reason: issue.message,
    })),
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
