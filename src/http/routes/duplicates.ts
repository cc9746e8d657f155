import { DuplicateSuggestionSchema, SuggestionStatusSchema } from '../../model/duplicate-suggestion.js';
import { AcceptOptionsSchema } from '../../service/duplicate-service.js';
import { ActorOptionsSchema } from '../../service/merge-service.js';
import { PageQuerySchema, pageBody, pageSchema } from '../query.js';
import { type AnyRoute, defineRoute, ok } from '../route.js';
import { IdParamsSchema, MergeResultSchema } from '../schemas.js';

const TAG = 'duplicates';
const decided = 'The suggestion was already accepted or rejected (`VALIDATION`, field `suggestion.status`).';

/** The likely duplicates a scan suggested, and what people decide about them. */
export function duplicateRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/duplicate-suggestions',
      operationId: 'listDuplicateSuggestions',
      tag: TAG,
      summary: 'Duplicate suggestions',
      description:
        'Pairs a duplicate scan found likely to be one person, highest match weight first, each with its weight per field. Open suggestions about a contact merged or erased since are left out.',
      query: PageQuerySchema.extend({ status: SuggestionStatusSchema.default('open') }),
      responses: {
        200: { description: 'A page of suggestions.', schema: pageSchema(DuplicateSuggestionSchema) },
      },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(pageBody(await kit.duplicates.listSuggestions(workspaceId, query))),
    }),
    defineRoute({
      method: 'post',
      path: '/duplicate-suggestions/:id/accept',
      operationId: 'acceptDuplicateSuggestion',
      tag: TAG,
      summary: 'Accept a suggestion',
      description:
        'Merges the pair (the contact created first stays, unless `primaryId` says otherwise) and marks the suggestion accepted, in one transaction. The id is the pair key, `a|b` (percent-encode `|` as `%7C`).',
      params: IdParamsSchema,
      body: { schema: AcceptOptionsSchema, optional: true },
      responses: { 200: { description: 'The merge it made.', schema: MergeResultSchema } },
      problems: {
        404: 'The workspace has no such suggestion, or one of its contacts is gone (`NOT_FOUND`).',
      },
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.duplicates.acceptSuggestion(workspaceId, params.id, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/duplicate-suggestions/:id/reject',
      operationId: 'rejectDuplicateSuggestion',
      tag: TAG,
      summary: 'Reject a suggestion',
      description: 'The two contacts are different people: no later scan suggests the pair again. ' + decided,
      params: IdParamsSchema,
      body: { schema: ActorOptionsSchema, optional: true },
      responses: { 200: { description: 'The suggestion, rejected.', schema: DuplicateSuggestionSchema } },
      problems: { 404: 'The workspace has no such suggestion (`NOT_FOUND`).' },
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.duplicates.rejectSuggestion(workspaceId, params.id, body)),
    }),
  ];
}
