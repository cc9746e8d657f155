import { z } from 'zod';
import { IdSchema, TimestampSchema } from './primitives.js';

/** The types a custom field can have. */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'list'] as const;
export const CustomFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof CustomFieldTypeSchema>;

/** Custom field keys are stable machine names: `plan`, `order_count`, `crm.owner`. */
export const CustomFieldKeySchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    'custom field key must start with a letter and use letters, digits, _ . -',
  );

/** A workspace's declaration of one custom field. */
export const CustomFieldDefinitionSchema = z.object({
  workspaceId: IdSchema,
  key: CustomFieldKeySchema,
  label: z.string().min(1).max(200),
  type: CustomFieldTypeSchema,
  /** For `list` fields: the allowed values, when the list is closed. */
  options: z.array(z.string().min(1).max(200)).optional(),
  createdAt: TimestampSchema,
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
