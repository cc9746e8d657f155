import { z } from 'zod';
import { CustomFieldDefinitionSchema, CustomFieldKeySchema } from '../../model/custom-field.js';
import { CustomFieldInputSchema, CustomFieldUpdateSchema } from '../../service/custom-field-service.js';
import { listBody, pageSchema, queryBoolean } from '../query.js';
import { type AnyRoute, created, defineRoute, ok } from '../route.js';

const TAG = 'custom-fields';
const KeyParamsSchema = z.object({ key: CustomFieldKeySchema });
const notFound = { 404: 'The workspace defines no such field (`NOT_FOUND`).' };

/** The workspace's custom field definitions. */
export function customFieldRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/custom-fields',
      operationId: 'listCustomFields',
      tag: TAG,
      summary: 'Custom fields',
      description: 'The fields the workspace defines, by key; retired ones only with `includeRetired=true`.',
      query: z.object({ includeRetired: queryBoolean.optional() }),
      responses: {
        200: {
          description: 'Every definition, in one page.',
          schema: pageSchema(CustomFieldDefinitionSchema),
        },
      },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(
          listBody(await kit.fields.list(workspaceId, query.includeRetired ? { includeRetired: true } : {})),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/custom-fields',
      operationId: 'defineCustomField',
      tag: TAG,
      summary: 'Define a custom field',
      description:
        'Values on every write path (chat events, imports, edits) are checked against it. A key is never reused, not even after the field is retired.',
      body: { schema: CustomFieldInputSchema },
      responses: {
        201: {
          description: 'The definition.',
          schema: CustomFieldDefinitionSchema,
          headers: { location: 'The field.' },
        },
      },
      handle: async ({ workspaceId, body }, { kit }) => {
        const definition = await kit.fields.define(workspaceId, body);
        return created(definition, `/custom-fields/${encodeURIComponent(definition.key)}`);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/custom-fields/:key',
      operationId: 'updateCustomField',
      tag: TAG,
      summary: 'Change a custom field',
      description:
        'Its label, more options (options are never removed), whether it is required. Its key and type never change.',
      params: KeyParamsSchema,
      body: { schema: CustomFieldUpdateSchema },
      responses: { 200: { description: 'The definition.', schema: CustomFieldDefinitionSchema } },
      problems: notFound,
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.fields.update(workspaceId, params.key, body)),
    }),
    defineRoute({
      method: 'delete',
      path: '/custom-fields/:key',
      operationId: 'retireCustomField',
      tag: TAG,
      summary: 'Retire a custom field',
      description:
        'No longer offered, checked or required; the values stay on the contacts. Retiring twice changes nothing.',
      params: KeyParamsSchema,
      responses: { 200: { description: 'The definition, retired.', schema: CustomFieldDefinitionSchema } },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.fields.retire(workspaceId, params.key)),
    }),
  ];
}
