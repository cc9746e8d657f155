import { z } from 'zod';
import { MergeRecordSchema } from '../../model/merge-record.js';
import { IdSchema } from '../../model/primitives.js';
import { ActorOptionsSchema, MergeOptionsSchema } from '../../service/merge-service.js';
import { listBody, pageSchema } from '../query.js';
import { type AnyRoute, defineRoute, ok } from '../route.js';
import { ContactParamsSchema, IdParamsSchema, MergeResultSchema, UnmergeResultSchema } from '../schemas.js';
import { requireContact } from './contact-exists.js';

const TAG = 'merges';

/** A merge asked for by hand: the contact that stays, the contacts merged into it, and how. */
const MergeBodySchema = MergeOptionsSchema.extend({
  primaryId: IdSchema,
  otherIds: z.array(IdSchema).min(1).max(100),
});

/** Merges by hand, their undo, and a contact's merge history. */
export function mergeRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/merges',
      operationId: 'mergeContacts',
      tag: TAG,
      summary: 'Merge contacts',
      description:
        'Merges `otherIds` into `primaryId` in one transaction: identities, timeline, conversations, orders, notes and consent move to the primary; profile fields follow the policy; tags and channels are united; stats are summed. The merge record lets it be undone.',
      body: { schema: MergeBodySchema },
      responses: {
        200: { description: 'The merged contact and the merge record.', schema: MergeResultSchema },
      },
      problems: { 404: 'One of the contacts does not exist in the workspace (`NOT_FOUND`).' },
      handle: async ({ workspaceId, body }, { kit }) => {
        const { primaryId, otherIds, ...options } = body;
        return ok(await kit.merges.merge(workspaceId, primaryId, otherIds, options));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/merges/:id/undo',
      operationId: 'undoMerge',
      tag: TAG,
      summary: 'Undo a merge',
      description:
        'The merged-away contacts come back with their identities and the rows they brought; what happened to the primary since stays on it. Refused (409 `MERGE_NOT_UNDOABLE`, with the reason) when later activity depends on the merge.',
      params: IdParamsSchema,
      body: { schema: ActorOptionsSchema, optional: true },
      responses: { 200: { description: 'What the undo did.', schema: UnmergeResultSchema } },
      problems: {
        404: 'The workspace has no such merge (`NOT_FOUND`).',
        409: 'The merge can no longer be undone (`MERGE_NOT_UNDOABLE`).',
      },
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.merges.unmerge(workspaceId, params.id, body)),
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/merges',
      operationId: 'listContactMerges',
      tag: TAG,
      summary: "A contact's merges",
      description: 'The merges the contact took part in, as primary or merged away, newest first.',
      params: ContactParamsSchema,
      responses: { 200: { description: 'The merge records.', schema: pageSchema(MergeRecordSchema) } },
      problems: { 404: 'The workspace has no such contact (`NOT_FOUND`).' },
      handle: async ({ workspaceId, params }, { kit }) => {
        await requireContact(kit, workspaceId, params.contactId);
        return ok(listBody(await kit.merges.mergeHistory(workspaceId, params.contactId)));
      },
    }),
  ];
}
