import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';
import {
  CONTACT_STATUSES,
  type ContactStatus,
  GRADES,
  type Grade,
  JOURNEY_STAGES,
  type JourneyStage,
  SENTIMENT_LEVELS,
  type SentimentLevel,
  TEMPERATURES,
  type Temperature,
} from '../model/classification.js';
import { ConsentPurposeSchema, type ConsentStatus, ConsentStatusSchema } from '../model/consent.js';
import {
  type ContactKind,
  ContactKindSchema,
  type ContactSource,
  ContactSourceSchema,
} from '../model/contact.js';
import {
  CustomFieldKeySchema,
  type CustomFieldValue,
  CustomFieldValueSchema,
} from '../model/custom-field.js';
import { issuesFromZod } from '../model/parse.js';
import { IdSchema, TimestampInputSchema } from '../model/primitives.js';

/** The contact dates a segment can filter on. */
export const SEGMENT_DATE_FIELDS = [
  'createdAt',
  'updatedAt',
  'firstSeenAt',
  'lastSeenAt',
  'lastOrderAt',
] as const;
export type SegmentDateField = (typeof SEGMENT_DATE_FIELDS)[number];

/** The contact figures a `range` predicate bounds. */
export const SEGMENT_NUMBER_FIELDS = [
  'score',
  'completeness',
  'amountSpent',
  'predictedSpend',
  'sentimentValue',
  'conversations',
  'messages',
  'orders',
  'ordersViaAssistant',
] as const;
export type SegmentNumberField = (typeof SEGMENT_NUMBER_FIELDS)[number];

/** Calendar periods a date can fall in, in the workspace's time zone, relative to `now`. */
export const SEGMENT_PERIODS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_year',
] as const;
export type SegmentPeriod = (typeof SEGMENT_PERIODS)[number];

/** How a custom field is compared. `exists` takes no value; the order comparisons take a number or date. */
export const CUSTOM_FIELD_OPS = ['exists', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
export type CustomFieldOp = (typeof CUSTOM_FIELD_OPS)[number];

/** Deepest nesting of `and`/`or`/`not` a filter may have: guards the evaluator against hostile input. */
export const MAX_SEGMENT_DEPTH = 16;
/** Most nodes (predicates and `and`/`or`/`not`) a filter may have: bounds the SQL it compiles to. */
export const MAX_SEGMENT_NODES = 200;
/** Most values one predicate lists (tags, channels, statuses…). */
export const MAX_SEGMENT_VALUES = 100;
/** Most contact ids an `ids` predicate (a hand-picked list) holds. */
export const MAX_SEGMENT_IDS = 10_000;

/**
 * A segment filter: a tree of `and`, `or` and `not` over predicates on one contact. Its meaning is
 * {@link matchesSegment}; SQL adapters compile the same tree to parameterised SQL. Limits:
 * {@link MAX_SEGMENT_DEPTH}, {@link MAX_SEGMENT_NODES}, {@link MAX_SEGMENT_VALUES}, {@link MAX_SEGMENT_IDS}.
 */
export type SegmentFilter =
  | { readonly type: 'all' }
  | { readonly type: 'and'; readonly filters: readonly SegmentFilter[] }
  | { readonly type: 'or'; readonly filters: readonly SegmentFilter[] }
  | { readonly type: 'not'; readonly filter: SegmentFilter }
  /** Lead or customer. */
  | { readonly type: 'kind'; readonly is: ContactKind }
  | { readonly type: 'status'; readonly any: readonly ContactStatus[] }
  | { readonly type: 'stage'; readonly any: readonly JourneyStage[] }
  | { readonly type: 'grade'; readonly any: readonly Grade[] }
  /** Hot, warm or cold. */
  | { readonly type: 'temperature'; readonly any: readonly Temperature[] }
  | { readonly type: 'sentiment'; readonly any: readonly SentimentLevel[] }
  /** `is: false` also matches contacts not classified yet. */
  | { readonly type: 'flag'; readonly flag: 'vip' | 'atRisk'; readonly is: boolean }
  /** A figure within bounds, both inclusive; a contact without the figure (unclassified) never matches. */
  | {
      readonly type: 'range';
      readonly field: SegmentNumberField;
      readonly min?: number;
      readonly max?: number;
    }
  /** Visitors who never ordered, anyone who ordered, or who ordered through the assistant. */
  | { readonly type: 'orders'; readonly is: 'never' | 'placed' | 'viaAssistant' }
  /** The profile has an email, a phone. */
  | { readonly type: 'has'; readonly field: 'email' | 'phone' }
  | { readonly type: 'tags'; readonly has: 'any' | 'all' | 'none'; readonly values: readonly string[] }
  | { readonly type: 'channel'; readonly any: readonly string[] }
  | { readonly type: 'source'; readonly any: readonly ContactSource[] }
  /** Branch or location (`profile.location`), case- and accent-insensitive. */
  | { readonly type: 'location'; readonly any: readonly string[] }
  | {
      readonly type: 'date';
      readonly field: SegmentDateField;
      /** Strictly before this instant. */
      readonly before?: Date;
      /** Strictly after this instant. */
      readonly after?: Date;
      /** More than this many days (of 24 hours) before `now`. */
      readonly olderThanDays?: number;
      /** At most this many days (of 24 hours) before `now`. */
      readonly withinDays?: number;
      /** In this calendar period of the workspace's time zone. */
      readonly period?: SegmentPeriod;
    }
  | {
      readonly type: 'custom';
      readonly key: string;
      readonly op: CustomFieldOp;
      readonly value?: CustomFieldValue;
    }
  /** Free text: a substring of the name, email, phone (any format), company, location or address. */
  | { readonly type: 'text'; readonly query: string }
  /**
   * The consent in force for a purpose (compared exactly) is granted, or revoked: the contact's latest
   * consent record for it says so. A purpose never recorded for the contact matches neither, so
   * "not granted" (revoked or never asked) is `not` of `is: 'granted'`.
   */
  | { readonly type: 'consent'; readonly purpose: string; readonly is: ConsentStatus }
  /** Contacts picked by hand. */
  | { readonly type: 'ids'; readonly any: readonly string[] }
  /** The contacts of a saved segment (its filter or its hand-picked members). */
  | { readonly type: 'segment'; readonly id: string };

type Dated = Extract<SegmentFilter, { type: 'date' }>;
type Custom = Extract<SegmentFilter, { type: 'custom' }>;

/** A filter as outside input may write it: dates as ISO strings or epoch milliseconds. */
export type SegmentFilterInput =
  | Exclude<SegmentFilter, { type: 'and' | 'or' | 'not' | 'date' | 'custom' }>
  | { readonly type: 'and' | 'or'; readonly filters: readonly SegmentFilterInput[] }
  | { readonly type: 'not'; readonly filter: SegmentFilterInput }
  | (Omit<Dated, 'before' | 'after'> & {
      readonly before?: Date | string | number;
      readonly after?: Date | string | number;
    })
  | (Omit<Custom, 'value'> & { readonly value?: CustomFieldValue | string });

const DaysSchema = z.number().int().min(0).max(36_500);

/**
 * Text a filter compares: control characters (NUL among them, which Postgres cannot hold) removed,
 * NFC, trimmed, then 1 to `max` characters.
 */
const filterText = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((s) =>
      s
        .replace(/\p{Cc}/gu, ' ')
        .normalize('NFC')
        .trim(),
    )
    .pipe(z.string().min(1).max(max));

const values = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_SEGMENT_VALUES);
const FiniteSchema = z.number().finite();

const DateFilterSchema = z
  .object({
    type: z.literal('date'),
    field: z.enum(SEGMENT_DATE_FIELDS),
    before: TimestampInputSchema.optional(),
    after: TimestampInputSchema.optional(),
    olderThanDays: DaysSchema.optional(),
    withinDays: DaysSchema.optional(),
    period: z.enum(SEGMENT_PERIODS).optional(),
  })
  .strict()
  .refine(
    (f) => [f.before, f.after, f.olderThanDays, f.withinDays, f.period].some((v) => v !== undefined),
    'a date filter needs before, after, olderThanDays, withinDays or period',
  );

const CustomFilterSchema = z
  .object({
    type: z.literal('custom'),
    key: CustomFieldKeySchema,
    op: z.enum(CUSTOM_FIELD_OPS),
    value: CustomFieldValueSchema.optional(),
  })
  .strict()
  .refine((f) => f.op === 'exists' || (f.value !== undefined && f.value !== null), {
    message: `every op but 'exists' needs a value`,
  });

const RangeFilterSchema = z
  .object({
    type: z.literal('range'),
    field: z.enum(SEGMENT_NUMBER_FIELDS),
    min: FiniteSchema.optional(),
    max: FiniteSchema.optional(),
  })
  .strict()
  .refine((f) => f.min !== undefined || f.max !== undefined, 'a range needs min, max or both');

/**
 * The zod schema of {@link SegmentFilter}: validate outside input with {@link parseSegmentFilter}, which
 * also bounds the depth and the size before zod walks the tree.
 */
export const SegmentFilterSchema: z.ZodType<SegmentFilter, SegmentFilterInput> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('all') }).strict(),
    z
      .object({ type: z.literal('and'), filters: z.array(SegmentFilterSchema).max(MAX_SEGMENT_VALUES) })
      .strict(),
    z
      .object({ type: z.literal('or'), filters: z.array(SegmentFilterSchema).max(MAX_SEGMENT_VALUES) })
      .strict(),
    z.object({ type: z.literal('not'), filter: SegmentFilterSchema }).strict(),
    z.object({ type: z.literal('kind'), is: ContactKindSchema }).strict(),
    z.object({ type: z.literal('status'), any: values(z.enum(CONTACT_STATUSES)) }).strict(),
    z.object({ type: z.literal('stage'), any: values(z.enum(JOURNEY_STAGES)) }).strict(),
    z.object({ type: z.literal('grade'), any: values(z.enum(GRADES)) }).strict(),
    z.object({ type: z.literal('temperature'), any: values(z.enum(TEMPERATURES)) }).strict(),
    z.object({ type: z.literal('sentiment'), any: values(z.enum(SENTIMENT_LEVELS)) }).strict(),
    z.object({ type: z.literal('flag'), flag: z.enum(['vip', 'atRisk']), is: z.boolean() }).strict(),
    RangeFilterSchema,
    z.object({ type: z.literal('orders'), is: z.enum(['never', 'placed', 'viaAssistant']) }).strict(),
    z.object({ type: z.literal('has'), field: z.enum(['email', 'phone']) }).strict(),
    z
      .object({
        type: z.literal('tags'),
        has: z.enum(['any', 'all', 'none']),
        values: values(filterText(100)),
      })
      .strict(),
    z.object({ type: z.literal('channel'), any: values(filterText(64)) }).strict(),
    z.object({ type: z.literal('source'), any: values(ContactSourceSchema) }).strict(),
    z.object({ type: z.literal('location'), any: values(filterText(200)) }).strict(),
    DateFilterSchema,
    CustomFilterSchema,
    z.object({ type: z.literal('text'), query: filterText(200) }).strict(),
    z.object({ type: z.literal('consent'), purpose: ConsentPurposeSchema, is: ConsentStatusSchema }).strict(),
    z.object({ type: z.literal('ids'), any: z.array(IdSchema).max(MAX_SEGMENT_IDS) }).strict(),
    z.object({ type: z.literal('segment'), id: IdSchema }).strict(),
  ]),
) as unknown as z.ZodType<SegmentFilter, SegmentFilterInput>;

/** Depth and node count of raw input, stopping as soon as either limit is passed. */
function measure(node: unknown, depth: number, count: { nodes: number; depth: number }): void {
  if (count.nodes > MAX_SEGMENT_NODES || count.depth > MAX_SEGMENT_DEPTH) return;
  if (node === null || typeof node !== 'object') return;
  count.nodes++;
  count.depth = Math.max(count.depth, depth);
  const n = node as { filters?: unknown; filter?: unknown };
  if (Array.isArray(n.filters)) for (const f of n.filters) measure(f, depth + 1, count);
  if (n.filter !== undefined) measure(n.filter, depth + 1, count);
}

/**
 * Validates a segment filter from outside input. Depth and size are checked before zod sees the tree,
 * so a hostile, deeply nested or huge filter fails with a `ValidationError` instead of exhausting the
 * stack or building a statement too large for the database.
 *
 * @throws {@link contactkit!ValidationError} naming the bad field, or the limit passed.
 *
 * @example
 * ```ts
 * const filter = parseSegmentFilter({
 *   type: 'and',
 *   filters: [{ type: 'kind', is: 'lead' }, { type: 'date', field: 'lastSeenAt', olderThanDays: 90 }],
 * });
 * ```
 */
export function parseSegmentFilter(input: unknown, field = 'segment'): SegmentFilter {
  const count = { nodes: 0, depth: 0 };
  measure(input, 0, count);
  if (count.depth > MAX_SEGMENT_DEPTH) {
    throw new ValidationError({
      field,
      value: undefined,
      reason: `nested deeper than ${MAX_SEGMENT_DEPTH} levels`,
    });
  }
  if (count.nodes > MAX_SEGMENT_NODES) {
    throw new ValidationError({
      field,
      value: undefined,
      reason: `more than ${MAX_SEGMENT_NODES} predicates and operators`,
    });
  }
  const result = SegmentFilterSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(issuesFromZod(result.error, input, field));
}

/** The names of the built-in lists every workspace has; they cannot be deleted or changed. */
export const BuiltinSegmentSchema = z.enum(['all', 'leads', 'customers', 'visitors', 'ordered']);
export type BuiltinSegment = z.infer<typeof BuiltinSegmentSchema>;

/**
 * The filter behind each built-in list: everyone, leads, customers, visitors only (never ordered), and
 * those who placed an order.
 */
export const BUILTIN_SEGMENTS = {
  all: { type: 'all' },
  leads: { type: 'kind', is: 'lead' },
  customers: { type: 'kind', is: 'customer' },
  visitors: { type: 'orders', is: 'never' },
  ordered: { type: 'orders', is: 'placed' },
} as const satisfies Record<BuiltinSegment, SegmentFilter>;

/** A segment as a caller names it: a built-in list's name, or a filter. */
export const SegmentRefSchema = z.union([BuiltinSegmentSchema, SegmentFilterSchema]);
export type SegmentRef = z.output<typeof SegmentRefSchema>;
export type SegmentRefInput = z.input<typeof SegmentRefSchema>;

/**
 * The filter a segment reference stands for: a built-in list's filter, or the filter itself.
 *
 * @example
 * ```ts
 * segmentFilterOf('leads') // { type: 'kind', is: 'lead' }
 * ```
 */
export function segmentFilterOf(ref: SegmentRef): SegmentFilter {
  return typeof ref === 'string' ? BUILTIN_SEGMENTS[ref] : ref;
}
