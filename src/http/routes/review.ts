import { z } from 'zod';
import { IdSchema, keyText } from '../../model/primitives.js';
import { REVIEW_REASONS, REVIEW_STATUSES, ReviewItemSchema } from '../../model/review-item.js';
import { ReviewActingSchema, ReviewAssignSchema, type ReviewService } from '../../service/review-service.js';
import { PageQuerySchema, pageBody, pageSchema, queryList } from '../query.js';
import { type AnyRoute, defineRoute, ok } from '../route.js';
import { IdParamsSchema } from '../schemas.js';

const TAG = 'review';
const itemProblems = {
  404: 'The workspace has no such review item (`NOT_FOUND`).',
  409: 'The item moved on since the version given (`STALE_VERSION`), or its status does not lead there (`ILLEGAL_TRANSITION`).',
};

/** The review queue's filters as query parameters; each may be repeated. */
const ReviewQuerySchema = PageQuerySchema.extend({
  /** Default: the items someone must still act on (`open`, `taken_over`). */
  status: queryList(z.enum(REVIEW_STATUSES)).optional(),
  reason: queryList(z.enum(REVIEW_REASONS)).optional(),
  assignee: queryList(keyText({ min: 1, max: 200 })).optional(),
  contactId: IdSchema.optional(),
  conversationId: IdSchema.optional(),
});

type Transition = 'takeOver' | 'dismiss' | 'resolve' | 'assign';

/** One transition of a review item as a route: `POST /review-items/{id}/<action>`. */
function transition(
  action: string,
  method: Transition,
  schema: z.ZodType,
  summary: string,
  optional: boolean,
): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/review-items/:id/${action}`,
    operationId: `${method}ReviewItem`,
    tag: TAG,
    summary,
    description:
      'Give `version` to be refused (409 `STALE_VERSION`) if someone acted on it since you read it; `note` is kept on the item.',
    params: IdParamsSchema,
    body: { schema, optional },
    responses: { 200: { description: 'The item as stored.', schema: ReviewItemSchema } },
    problems: itemProblems,
    handle: async ({ workspaceId, params, body }, { kit }) => {
      const run = kit.review[method].bind(kit.review) as (
        ws: string,
        id: string,
        input: unknown,
      ) => ReturnType<ReviewService['resolve']>;
      return ok(await run(workspaceId, params.id, body));
    },
  });
}

/** The human-review queue and what people do with each item. */
export function reviewRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/review-items',
      operationId: 'listReviewItems',
      tag: TAG,
      summary: 'The review queue',
      description:
        'Conversations a person should look at, the longest-waiting first, a page at a time (default 50).',
      query: ReviewQuerySchema,
      responses: { 200: { description: 'A page of review items.', schema: pageSchema(ReviewItemSchema) } },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(pageBody(await kit.review.queue(workspaceId, query))),
    }),
    defineRoute({
      method: 'get',
      path: '/review-items/:id',
      operationId: 'getReviewItem',
      tag: TAG,
      summary: 'A review item',
      params: IdParamsSchema,
      responses: { 200: { description: 'The item.', schema: ReviewItemSchema } },
      problems: { 404: itemProblems[404] },
      handle: async ({ workspaceId, params }, { kit }) => ok(await kit.review.get(workspaceId, params.id)),
    }),
    transition('take-over', 'takeOver', ReviewActingSchema, 'Take the conversation over from the AI', true),
    transition('dismiss', 'dismiss', ReviewActingSchema, 'Dismiss it: the conversation needs no one', true),
    transition('resolve', 'resolve', ReviewActingSchema, 'Resolve it: the matter is settled', true),
    transition('assign', 'assign', ReviewAssignSchema, 'Assign it to a person', false),
  ];
}
