import { z } from 'zod';
import { humanText, IdSchema, keyText, TimestampSchema } from './primitives.js';

/**
 * The types a custom field can have: `select` holds one of the definition's options, `multi-select` a
 * list of them; `list` is a free list of strings.
 */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'boolean',
  'date',
  'select',
  'multi-select',
  'list',
] as const;
export const CustomFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof CustomFieldTypeSchema>;

/** Custom field keys are stable machine names: `plan`, `order_count`, `crm.owner`. */
export const CustomFieldKeySchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    'custom field key must start with a letter and use letters, digits, _ . -',
  );

/**
 * A workspace's declaration of one custom field. Values are checked against it on every write path
 * (events, imports, edits). A definition can be relabelled, or retired (its values are kept, and no
 * longer checked or required), but its key and type never change.
 */
export const CustomFieldDefinitionSchema = z.object({
  workspaceId: IdSchema,
  key: CustomFieldKeySchema,
  label: humanText({ min: 1, max: 200 }),
  type: CustomFieldTypeSchema,
  /** For `select` and `multi-select` fields: the allowed values. */
  options: z
    .array(keyText({ min: 1, max: 200, trim: false }))
    .max(1000)
    .optional(),
  /** Every contact written through a write path that sets custom fields must have a value. */
  required: z.boolean().default(false),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Set when retired: the field is kept on contacts but no longer offered or checked. */
  retiredAt: TimestampSchema.optional(),
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;

/**
 * The dates a custom field may hold: years 0001 to 9999 UTC. A birthday or a contract end can lie well
 * outside the event window; four-digit years keep their ISO form sortable as text in every store.
 */
export const CUSTOM_DATE_RANGE = {
  from: new Date('0001-01-01T00:00:00.000Z'),
  until: new Date(Date.UTC(10_000, 0, 1)),
} as const;

const CustomDateSchema = TimestampSchema.refine(
  (d) => d >= CUSTOM_DATE_RANGE.from && d < CUSTOM_DATE_RANGE.until,
  'must be from year 0001 to year 9999 (UTC)',
);

/**
 * A stored custom field value. Text and list items are human text (see `humanText`); dates are kept as
 * `Date` (years 0001–9999), lists as arrays of strings.
 */
export const CustomFieldValueSchema = z.union([
  humanText({ max: 10_000 }),
  z.number().finite(),
  z.boolean(),
  CustomDateSchema,
  z.array(humanText({ max: 1_000 })).max(1_000),
  z.null(),
]);
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

export const CustomFieldsSchema = z.record(CustomFieldKeySchema, CustomFieldValueSchema);
export type CustomFields = z.infer<typeof CustomFieldsSchema>;
