import { z } from 'zod';
import { IdSchema, TimestampSchema } from './primitives.js';

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
  label: z.string().min(1).max(200),
  type: CustomFieldTypeSchema,
  /** For `select` and `multi-select` fields: the allowed values. */
  options: z.array(z.string().min(1).max(200)).max(1000).optional(),
  /** Every contact written through a write path that sets custom fields must have a value. */
  required: z.boolean().default(false),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Set when retired: the field is kept on contacts but no longer offered or checked. */
  retiredAt: TimestampSchema.optional(),
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;

/** A stored custom field value. Dates are kept as `Date`, lists as arrays of strings. */
export const CustomFieldValueSchema = z.union([
  z.string().max(10_000),
  z.number().finite(),
  z.boolean(),
  TimestampSchema,
  z.array(z.string().max(1_000)).max(1_000),
  z.null(),
]);
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

export const CustomFieldsSchema = z.record(CustomFieldKeySchema, CustomFieldValueSchema);
export type CustomFields = z.infer<typeof CustomFieldsSchema>;
