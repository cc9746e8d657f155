import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors/errors.js';
import {
  type CustomFieldDefinition,
  CustomFieldDefinitionSchema,
  CustomFieldKeySchema,
} from '../model/custom-field.js';
import { parseInput } from '../model/parse.js';
import { IdSchema } from '../model/primitives.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** A custom field to define: key, label, type, options (for selects) and whether it is required. */
export const CustomFieldInputSchema = CustomFieldDefinitionSchema.pick({
  key: true,
  label: true,
  type: true,
  options: true,
  required: true,
}).superRefine((d, ctx) => {
  const select = d.type === 'select' || d.type === 'multi-select';
  if (select && (d.options === undefined || d.options.length === 0))
    ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${d.type} field needs options` });
  if (!select && d.options !== undefined)
    ctx.addIssue({ code: 'custom', path: ['options'], message: `only select fields have options` });
  if (d.options && new Set(d.options).size !== d.options.length)
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'an option is listed twice' });
});
export type CustomFieldInput = z.input<typeof CustomFieldInputSchema>;

/** What may change of a defined field: its label, its options (only added to) and whether it is required. */
export const CustomFieldUpdateSchema = z.object({
  label: CustomFieldDefinitionSchema.shape.label.optional(),
  options: z.array(z.string().min(1).max(200)).max(1000).optional(),
  required: z.boolean().optional(),
});
export type CustomFieldUpdate = z.input<typeof CustomFieldUpdateSchema>;

/**
 * The custom fields a workspace defines: values on every write path (chat events, imports, edits by
 * hand) are checked against them. A field can be relabelled, given more options, made required or not,
 * and retired; its key and type never change, and retiring keeps every value on the contacts.
 *
 * @example
 * ```ts
 * await kit.fields.define('acme', { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
 * await kit.contacts.updateContact('acme', id, { customFields: { tier: 'bronze' } }); // ValidationError
 * ```
 */
export class CustomFieldService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /**
   * Defines a custom field.
   *
   * @throws {@link contactkit!ValidationError} when the key is defined (retired fields too: a key is never reused).
   */
  async define(workspaceId: string, input: CustomFieldInput): Promise<CustomFieldDefinition> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const parsed = parseInput(CustomFieldInputSchema, input, 'field');
    const now = this.context.clock();
    const definition: CustomFieldDefinition = { ...parsed, workspaceId, createdAt: now, updatedAt: now };
    await this.context.run(workspaceId, async (tx) => {
      if ((await tx.customFieldDefinitions.get([parsed.key])).length > 0) {
        throw new ValidationError({
          field: 'field.key',
          value: parsed.key,
          reason: 'already defined (keys are never reused)',
        });
      }
      await tx.customFieldDefinitions.insert([definition]);
    });
    return definition;
  }

  /**
   * Relabels a field, adds options, or changes whether it is required.
   *
   * @throws {@link contactkit!NotFoundError} when no such field is defined.
   * @throws {@link contactkit!ValidationError} when an option would be removed (values already stored would no
   * longer fit).
   */
  async update(workspaceId: string, key: string, update: CustomFieldUpdate): Promise<CustomFieldDefinition> {
    parseInput(CustomFieldKeySchema, key, 'key');
    const patch = parseInput(CustomFieldUpdateSchema, update, 'update');
    return this.context.run(workspaceId, async (tx) => {
      const [current] = await tx.customFieldDefinitions.get([key], { lock: true });
      if (!current) throw new NotFoundError('customField', workspaceId, key);
      if (patch.options !== undefined) {
        if (current.type !== 'select' && current.type !== 'multi-select')
          throw new ValidationError({
            field: 'update.options',
            value: patch.options,
            reason: 'only select fields have options',
          });
        const dropped = (current.options ?? []).filter((o) => !patch.options!.includes(o));
        if (dropped.length > 0)
          throw new ValidationError({
            field: 'update.options',
            value: patch.options,
            reason: `options cannot be removed (contacts may hold them): ${dropped.join(', ')}`,
          });
      }
      const next: CustomFieldDefinition = {
        ...current,
        ...(patch.label === undefined ? {} : { label: patch.label }),
        ...(patch.options === undefined ? {} : { options: [...new Set(patch.options)] }),
        ...(patch.required === undefined ? {} : { required: patch.required }),
        updatedAt: this.context.clock(),
      };
      await tx.customFieldDefinitions.put([next]);
      return next;
    });
  }

  /** Retires a field: no longer offered, checked or required; the values stay on the contacts. */
  async retire(workspaceId: string, key: string): Promise<CustomFieldDefinition> {
    parseInput(CustomFieldKeySchema, key, 'key');
    return this.context.run(workspaceId, async (tx) => {
      const [current] = await tx.customFieldDefinitions.get([key], { lock: true });
      if (!current) throw new NotFoundError('customField', workspaceId, key);
      if (current.retiredAt !== undefined) return current;
      const now = this.context.clock();
      const next = { ...current, retiredAt: now, updatedAt: now };
      await tx.customFieldDefinitions.put([next]);
      return next;
    });
  }

  /** The workspace's fields, by key; retired ones only when asked. */
  async list(
    workspaceId: string,
    options: { includeRetired?: boolean } = {},
  ): Promise<CustomFieldDefinition[]> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    return this.context.store.transaction(workspaceId, async (tx) => {
      const out: CustomFieldDefinition[] = [];
      let cursor: string | undefined;
      do {
        const page = await tx.customFieldDefinitions.find({
          limit: 1000,
          ...(options.includeRetired ? {} : { where: { retiredAt: null } }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return out;
    });
  }
}

/** Builds a {@link CustomFieldService}. */
export function createCustomFieldService(options: ServiceOptions | ServiceContext): CustomFieldService {
  return new CustomFieldService(options);
}
