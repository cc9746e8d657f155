import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';
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
import { TimestampInputSchema } from '../model/primitives.js';

/** The contact dates a segment can filter on. */
export const SEGMENT_DATE_FIELDS = [
  'createdAt',
  'updatedAt',
  'firstSeenAt',
  'lastSeenAt',
  'lastOrderAt',
] as const;
export type SegmentDateField = (typeof SEGMENT_DATE_FIELDS)[number];

/** How a custom field is compared. `exists` takes no value; the order comparisons take a number or date. */
export const CUSTOM_FIELD_OPS = ['exists', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
export type CustomFieldOp = (typeof CUSTOM_FIELD_OPS)[number];

/** Deepest nesting of `and`/`or`/`not` a filter may have: guards the evaluator against hostile input. */
export const MAX_SEGMENT_DEPTH = 32;

/**
 * A segment filter: a tree of `and`, `or` and `not` over predicates on one contact. Its meaning is
 * {@link matchesSegment}; SQL adapters will compile the same tree later.
 */
export type SegmentFilter =
  | { readonly type: 'all' }
  | { readonly type: 'and'; readonly filters: readonly SegmentFilter[] }
  | { readonly type: 'or'; readonly filters: readonly SegmentFilter[] }
  | { readonly type: 'not'; readonly filter: SegmentFilter }
  | { readonly type: 'kind'; readonly is: ContactKind }
  | { readonly type: 'tags'; readonly has: 'any' | 'all' | 'none'; readonly values: readonly string[] }
  | { readonly type: 'channel'; readonly any: readonly string[] }
  | { readonly type: 'source'; readonly any: readonly ContactSource[] }
  | {
      readonly type: 'date';
      readonly field: SegmentDateField;
      readonly before?: Date;
      readonly after?: Date;
      readonly olderThanDays?: number;
      readonly withinDays?: number;
    }
  | {
      readonly type: 'custom';
      readonly key: string;
      readonly op: CustomFieldOp;
      readonly value?: CustomFieldValue;
    }
  | { readonly type: 'text'; readonly query: string };

/** A filter as outside input may write it: dates as ISO strings or epoch milliseconds. */
export type SegmentFilterInput =
  | Exclude<SegmentFilter, { type: 'and' | 'or' | 'not' | 'date' | 'custom' }>
  | { readonly type: 'and' | 'or'; readonly filters: readonly SegmentFilterInput[] }
  | { readonly type: 'not'; readonly filter: SegmentFilterInput }
  | {
      readonly type: 'date';
      readonly field: SegmentDateField;
      readonly before?: Date | string | number;
      readonly after?: Date | string | number;
      readonly olderThanDays?: number;
      readonly withinDays?: number;
    }
  | {
      readonly type: 'custom';
      readonly key: string;
      readonly op: CustomFieldOp;
      readonly value?: CustomFieldValue | string;
    };

const DaysSchema = z.number().int().min(0).max(36_500);

const DateFilterSchema = z
  .object({
    type: z.literal('date'),
    field: z.enum(SEGMENT_DATE_FIELDS),
    before: TimestampInputSchema.optional(),
    after: TimestampInputSchema.optional(),
    olderThanDays: DaysSchema.optional(),
    withinDays: DaysSchema.optional(),
  })
  .refine(
    (f) => [f.before, f.after, f.olderThanDays, f.withinDays].some((v) => v !== undefined),
    'a date filter needs before, after, olderThanDays or withinDays',
  );

const CustomFilterSchema = z
  .object({
    type: z.literal('custom'),
    key: CustomFieldKeySchema,
    op: z.enum(CUSTOM_FIELD_OPS),
    value: CustomFieldValueSchema.optional(),
  })
  .refine((f) => f.op === 'exists' || f.value !== undefined, `every op but 'exists' needs a value`);

/**
 * The zod schema of {@link SegmentFilter}: validate outside input with {@link parseSegmentFilter}, which
 * also bounds the nesting depth.
 */
export const SegmentFilterSchema: z.ZodType<SegmentFilter, SegmentFilterInput> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('all') }),
    z.object({ type: z.literal('and'), filters: z.array(SegmentFilterSchema).max(100) }),
    z.object({ type: z.literal('or'), filters: z.array(SegmentFilterSchema).max(100) }),
    z.object({ type: z.literal('not'), filter: SegmentFilterSchema }),
    z.object({ type: z.literal('kind'), is: ContactKindSchema }),
    z.object({
      type: z.literal('tags'),
      has: z.enum(['any', 'all', 'none']),
      values: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
    }),
    z.object({ type: z.literal('channel'), any: z.array(z.string().trim().min(1).max(64)).min(1).max(100) }),
    z.object({ type: z.literal('source'), any: z.array(ContactSourceSchema).min(1) }),
    DateFilterSchema,
    CustomFilterSchema,
    z.object({ type: z.literal('text'), query: z.string().trim().min(1).max(200) }),
  ]),
) as z.ZodType<SegmentFilter, SegmentFilterInput>;

function depthOf(node: unknown, depth: number): number {
  if (depth > MAX_SEGMENT_DEPTH || node === null || typeof node !== 'object') return depth;
  const n = node as { filters?: unknown; filter?: unknown };
  let deepest = depth;
  if (Array.isArray(n.filters)) for (const f of n.filters) deepest = Math.max(deepest, depthOf(f, depth + 1));
  if (n.filter !== undefined) deepest = Math.max(deepest, depthOf(n.filter, depth + 1));
  return deepest;
}

/**
 * Validates a segment filter from outside input. The depth is checked before zod sees the tree, so a
 * hostile, deeply nested filter fails with a `ValidationError` instead of exhausting the stack.
 *
 * @throws {@link ValidationError} naming the bad field.
 *
 * @example
 * ```ts
 * const filter = parseSegmentFilter({
 *   type: 'and',
 *   filters: [{ type: 'kind', is: 'lead' }, { type: 'date', field: 'lastSeenAt', olderThanDays: 90 }],
 * });
 * ```
 */
export function parseSegmentFilter(input: unknown): SegmentFilter {
  if (depthOf(input, 0) > MAX_SEGMENT_DEPTH) {
    throw new ValidationError({
      field: 'segment',
      value: undefined,
      reason: `nested deeper than ${MAX_SEGMENT_DEPTH} levels`,
    });
  }
  const result = SegmentFilterSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(issuesFromZod(result.error, input, 'segment'));
}

/** The names of the built-in lists every workspace has; they cannot be deleted. */
export const BuiltinSegmentSchema = z.enum(['all', 'leads', 'customers']);
export type BuiltinSegment = z.infer<typeof BuiltinSegmentSchema>;

/** The filter behind each built-in list. */
export const BUILTIN_SEGMENTS = {
  all: { type: 'all' },
  leads: { type: 'kind', is: 'lead' },
  customers: { type: 'kind', is: 'customer' },
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
