import { z } from 'zod';
import {
  FOLLOW_UP_REASONS,
  FOLLOW_UP_STATUSES,
  FollowUpItemSchema,
  ScheduledReminderSchema,
} from '../../model/follow-up.js';
import { IdSchema, keyText } from '../../model/primitives.js';
import {
  ActingSchema,
  AssignSchema,
  DismissSchema,
  type FollowUpService,
  ReminderInputSchema,
  SentSchema,
  TextActionSchema,
} from '../../service/follow-up-service.js';
import { defined, PageQuerySchema, pageBody, pageSchema, queryList } from '../query.js';
import { type AnyRoute, created, defineRoute, noContent, ok } from '../route.js';
import { ContactParamsSchema, IdParamsSchema } from '../schemas.js';

const TAG = 'follow-ups';
const itemProblems = {
  404: 'The workspace has no such follow-up (`NOT_FOUND`).',
  409: 'The item moved on since the version given (`STALE_VERSION`), or its status does not lead there (`ILLEGAL_TRANSITION`).',
};

/** The follow-up queue's filters as query parameters; each may be repeated. */
const FollowUpQuerySchema = PageQuerySchema.extend({
  /** Default: the items waiting for someone (`pending`, `approved`, `edited`). */
  status: queryList(z.enum(FOLLOW_UP_STATUSES)).optional(),
  reason: queryList(z.enum(FOLLOW_UP_REASONS)).optional(),
  channel: queryList(keyText({ min: 1, max: 64 })).optional(),
  assignee: queryList(keyText({ min: 1, max: 200 })).optional(),
  contactId: IdSchema.optional(),
});

type Transition = 'draft' | 'assign' | 'approve' | 'edit' | 'dismiss' | 'markSent';

/** One transition of a follow-up item as a route: `POST /follow-ups/{id}/<action>`. */
function transition(
  action: string,
  method: Transition,
  schema: z.ZodType,
  summary: string,
  description: string,
  optional: boolean,
): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/follow-ups/:id/${action}`,
    operationId: `${method}FollowUp`,
    tag: TAG,
    summary,
    description: `${description} Give \`version\` to be refused (409 \`STALE_VERSION\`) if someone acted on it since you read it.`,
    params: IdParamsSchema,
    body: { schema, optional },
    responses: { 200: { description: 'The item as stored.', schema: FollowUpItemSchema } },
    problems: itemProblems,
    handle: async ({ workspaceId, params, body }, { kit }) => {
      const run = kit.followUps[method].bind(kit.followUps) as (
        ws: string,
        id: string,
        input: unknown,
      ) => ReturnType<FollowUpService['approve']>;
      return ok(await run(workspaceId, params.id, body));
    },
  });
}

/** The follow-up queue, every transition of an item, and reminders people set. */
export function followUpRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/follow-ups',
      operationId: 'listFollowUps',
      tag: TAG,
      summary: 'The follow-up queue',
      description: 'Items matching the filters, by due time, a page at a time (default 50).',
      query: FollowUpQuerySchema,
      responses: { 200: { description: 'A page of follow-ups.', schema: pageSchema(FollowUpItemSchema) } },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(pageBody(await kit.followUps.queue(workspaceId, query))),
    }),
    defineRoute({
      method: 'get',
      path: '/follow-ups/:id',
      operationId: 'getFollowUp',
      tag: TAG,
      summary: 'A follow-up',
      params: IdParamsSchema,
      responses: { 200: { description: 'The item.', schema: FollowUpItemSchema } },
      problems: { 404: itemProblems[404] },
      handle: async ({ workspaceId, params }, { kit }) => ok(await kit.followUps.get(workspaceId, params.id)),
    }),
    transition(
      'draft',
      'draft',
      TextActionSchema,
      'Draft its message',
      "Records the message the host's model suggests for a pending item.",
      false,
    ),
    transition(
      'assign',
      'assign',
      AssignSchema,
      'Assign it',
      'Gives an item not yet sent to a person.',
      false,
    ),
    transition(
      'approve',
      'approve',
      ActingSchema,
      'Approve it',
      'A person approves a pending item as drafted.',
      true,
    ),
    transition(
      'edit',
      'edit',
      TextActionSchema,
      'Rewrite its message',
      'A person rewrites the message of an item not yet sent.',
      false,
    ),
    transition(
      'dismiss',
      'dismiss',
      DismissSchema,
      'Dismiss it',
      'It should not go out; the same occurrence never makes it again.',
      true,
    ),
    transition(
      'sent',
      'markSent',
      SentSchema,
      'Report it sent',
      'The host sent an approved or edited item. Refused when only a template may go out and `template` is not set.',
      true,
    ),
    defineRoute({
      method: 'post',
      path: '/contacts/:contactId/reminders',
      operationId: 'setReminder',
      tag: TAG,
      summary: 'Set a reminder on a contact',
      description: 'At `dueAt`, the follow-up sweep makes it a `scheduled` follow-up.',
      params: ContactParamsSchema,
      body: { schema: ReminderInputSchema },
      responses: {
        201: {
          description: 'The reminder.',
          schema: ScheduledReminderSchema,
          headers: { location: 'The reminders of the contact.' },
        },
      },
      problems: { 404: 'The workspace has no such contact (`NOT_FOUND`).' },
      handle: async ({ workspaceId, params, body }, { kit }) =>
        created(
          await kit.followUps.remind(workspaceId, params.contactId, body),
          `/reminders?contactId=${encodeURIComponent(params.contactId)}`,
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/reminders',
      operationId: 'listReminders',
      tag: TAG,
      summary: 'Reminders',
      description: 'Reminders not yet due (or held back), by due time; of one contact, or of the workspace.',
      query: PageQuerySchema.extend({ contactId: IdSchema.optional() }),
      responses: {
        200: { description: 'A page of reminders.', schema: pageSchema(ScheduledReminderSchema) },
      },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(pageBody(await kit.followUps.reminders(workspaceId, defined(query)))),
    }),
    defineRoute({
      method: 'delete',
      path: '/reminders/:id',
      operationId: 'cancelReminder',
      tag: TAG,
      summary: 'Cancel a reminder',
      params: IdParamsSchema,
      responses: { 204: { description: 'Cancelled.' } },
      problems: { 404: 'The workspace has no such reminder (`NOT_FOUND`).' },
      handle: async ({ workspaceId, params }, { kit }) => {
        await kit.followUps.cancelReminder(workspaceId, params.id);
        return noContent();
      },
    }),
  ];
}
