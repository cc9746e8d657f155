import { z } from 'zod';
import { ContactSchema } from '../../model/contact.js';
import { TimestampInputSchema } from '../../model/primitives.js';
import { ANALYTICS_GROUPS } from '../../ports/contact-query.js';
import { SavedSegmentShape } from '../../segments/saved.js';
import { SegmentInputSchema, SegmentUpdateSchema } from '../../service/list-service.js';
import { defined, queryInt, queryList } from '../query.js';
import { type AnyRoute, created, defineRoute, noContent, ok } from '../route.js';
import { IdParamsSchema } from '../schemas.js';

const TAG = 'lists';
const segmentMissing = { 404: 'The workspace has no such segment (`NOT_FOUND`).' };

/** A contact of a list: its id, and the fields asked for. */
const ListedContactSchema = ContactSchema.partial().required({ id: true });

/** The total of a list: `exact: false` means "at least `count`". */
const ListTotalSchema = z.object({ count: z.number().int(), exact: z.boolean() });

const ListPageBodySchema = z.object({
  data: z.array(ListedContactSchema),
  nextCursor: z.string().nullable(),
  total: ListTotalSchema.optional(),
});

/** A filter tree in a query parameter: JSON text, parsed here and checked by the service. */
const FilterParam = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'filter must be a JSON filter tree (see docs/segments.md)' });
      return z.NEVER;
    }
  });

/** `sort=-lastSeenAt` (descending) or `sort=name` (ascending). */
const SortParam = z
  .string()
  .regex(
    /^-?(name|createdAt|lastSeenAt|score|amountSpent)$/,
    'one of name, createdAt, lastSeenAt, score, amountSpent, with - for descending',
  )
  .transform((s) => ({ field: s.replace(/^-/, ''), direction: s.startsWith('-') ? 'desc' : 'asc' }));

const SelectionQuery = z.object({
  /** A built-in list (`all`, `leads`, `customers`, `visitors`, `ordered`) or a saved segment's id. */
  segment: z.string().min(1).max(200).optional(),
  /** An inline filter tree as JSON (see docs/segments.md). */
  filter: FilterParam.optional(),
  /** Free text: name, email, phone in any format, company, location, address. */
  q: z.string().max(200).optional(),
});

const ListQuerySchema = SelectionQuery.extend({
  sort: SortParam.optional(),
  limit: queryInt(1, 1000).optional(),
  cursor: z.string().min(1).max(2000).optional(),
  /** `exact`, `estimate` (default; "at least 1,000" past that) or `none`. */
  total: z.enum(['exact', 'estimate', 'none']).optional(),
  /** The contact fields to return besides `id`; repeat or comma-separate. Default all. */
  fields: queryList(z.string().min(1).max(2000)).optional(),
});

/** A selection as the list service takes it: `q` is its `search`. */
function selectionOf(query: { segment?: string | undefined; filter?: unknown; q?: string | undefined }) {
  return defined({ segment: query.segment, filter: query.filter as never, search: query.q });
}

const SegmentSchema = SavedSegmentShape.extend({ filter: z.unknown().optional() });
const SegmentSummarySchema = z.union([
  z.object({ kind: z.literal('builtin'), id: z.string(), filter: z.unknown() }),
  SegmentSchema.extend({ kind: z.literal('saved') }),
]);

const AnalyticsSchema = z
  .object({
    contacts: z.number().int(),
    by: z.object(
      Object.fromEntries(ANALYTICS_GROUPS.map((g) => [g, z.record(z.string(), z.number().int())])),
    ),
    conversations: z.number(),
    messages: z.number(),
    converted: z.number().int(),
    repeatVisitors: z.number().int(),
    orders: z.number(),
    ordersViaAssistant: z.number(),
    amountSpent: z.number(),
    revenueViaAssistant: z
      .array(z.object({ currency: z.string(), orders: z.number().int(), amount: z.number() }))
      .describe(
        'Orders placed through the assistant and their revenue, per currency (never added across currencies).',
      ),
    vip: z.number().int(),
    atRisk: z.number().int(),
    averageConversations: z.number(),
    conversionRate: z.number(),
    repeatVisitorShare: z.number(),
    averageSentiment: z.number().nullable(),
    newPerDay: z.array(z.object({ date: z.string(), count: z.number().int() })),
    firstResponse: z
      .object({
        /** Mean milliseconds from a customer's first message to the first reply; null with none. */
        averageMs: z.number().int().nullable(),
        conversations: z.number().int(),
      })
      .describe(
        'Over the conversations started from `from` to `until` that had a reply: the host reports reply times by sending its outbound messages.',
      ),
    sentimentByDay: z
      .array(z.object({ date: z.string(), average: z.number(), messages: z.number().int() }))
      .describe(
        'Mean sentiment of the customer messages the host scored, per day conversations started on (workspace time zone); days without any left out.',
      ),
  })
  .passthrough();

const MembersSchema = z.object({ contactIds: z.array(z.string().min(1).max(200)).min(1).max(1000) });

/** Hand-picked members added to or removed from a segment: `POST /segments/{id}/members[/remove]`. */
function members(action: 'add' | 'remove', path: string, operationId: string, summary: string): AnyRoute {
  return defineRoute({
    method: 'post',
    path,
    operationId,
    tag: TAG,
    summary,
    params: IdParamsSchema,
    body: { schema: MembersSchema },
    responses: { 200: { description: 'The segment as stored.', schema: SegmentSchema } },
    problems: segmentMissing,
    handle: async ({ workspaceId, params, body }, { kit }) =>
      ok(
        action === 'add'
          ? await kit.lists.addMembers(workspaceId, params.id, body.contactIds)
          : await kit.lists.removeMembers(workspaceId, params.id, body.contactIds),
      ),
  });
}

/** Contact lists, saved segments and the figures above a list. */
export function listRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/contacts',
      operationId: 'listContacts',
      tag: TAG,
      summary: 'A page of contacts',
      description:
        'Filtered by a segment and/or an inline filter (JSON), searched (`q`), sorted (`sort=-lastSeenAt`; ties by id), a page at a time with an opaque cursor that contacts added meanwhile never shift, with the total asked for and the fields asked for. Segments are compiled to SQL by the store.',
      query: ListQuerySchema,
      responses: { 200: { description: 'A page of contacts.', schema: ListPageBodySchema } },
      problems: { 404: 'The segment named does not exist (`NOT_FOUND`).' },
      handle: async ({ workspaceId, query }, { kit }) => {
        const fields = query.fields?.flatMap((f) =>
          f
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        );
        const page = await kit.lists.page(workspaceId, {
          ...selectionOf(query),
          ...defined({
            sort: query.sort as never,
            limit: query.limit,
            cursor: query.cursor,
            total: query.total,
            fields: fields as never,
          }),
        });
        return ok({
          data: page.items,
          nextCursor: page.nextCursor ?? null,
          ...(page.total ? { total: page.total } : {}),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/analytics',
      operationId: 'getAnalytics',
      tag: TAG,
      summary: 'The figures of a workspace or a segment',
      description:
        'Counts by status, stage, grade, temperature, sentiment, source and channel; conversations per contact, conversion rate, share of repeat visitors, average sentiment, orders (through the assistant apart) and amount spent; new contacts per day from `from` to `until` in the workspace time zone; over the conversations started in those days, the average first-response time and the sentiment of customer messages per day.',
      query: SelectionQuery.extend({
        from: TimestampInputSchema.optional(),
        until: TimestampInputSchema.optional(),
      }),
      responses: { 200: { description: 'The figures.', schema: AnalyticsSchema } },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(
          await kit.lists.analytics(workspaceId, {
            ...selectionOf(query),
            ...defined({ from: query.from, until: query.until }),
          }),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/segments',
      operationId: 'listSegments',
      tag: TAG,
      summary: 'Segments',
      description:
        'The built-in lists first (all, leads, customers, visitors, ordered), then the saved segments.',
      responses: {
        200: { description: 'Every segment.', schema: z.object({ data: z.array(SegmentSummarySchema) }) },
      },
      handle: async ({ workspaceId }, { kit }) => ok({ data: await kit.lists.segments(workspaceId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/segments',
      operationId: 'createSegment',
      tag: TAG,
      summary: 'Save a segment',
      description: 'A name, and a filter, hand-picked members, or both.',
      body: { schema: SegmentInputSchema },
      responses: {
        201: { description: 'The segment.', schema: SegmentSchema, headers: { location: 'The segment.' } },
      },
      handle: async ({ workspaceId, body }, { kit }) => {
        const segment = await kit.lists.createSegment(workspaceId, body as never);
        return created(segment, `/segments/${encodeURIComponent(segment.id)}`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/segments/:id',
      operationId: 'getSegment',
      tag: TAG,
      summary: 'A saved segment',
      params: IdParamsSchema,
      responses: { 200: { description: 'The segment.', schema: SegmentSchema } },
      problems: segmentMissing,
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.lists.getSegment(workspaceId, params.id)),
    }),
    defineRoute({
      method: 'get',
      path: '/segments/:id/count',
      operationId: 'countSegment',
      tag: TAG,
      summary: 'Count a segment',
      description:
        'How many live contacts a built-in list or a saved segment has, exactly (narrowed by `filter` and `q` when given).',
      params: IdParamsSchema,
      query: SelectionQuery.omit({ segment: true }),
      responses: { 200: { description: 'The count.', schema: z.object({ count: z.number().int() }) } },
      problems: segmentMissing,
      handle: async ({ workspaceId, params, query }, { kit }) =>
        ok({ count: await kit.lists.count(workspaceId, selectionOf({ ...query, segment: params.id })) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/segments/:id',
      operationId: 'updateSegment',
      tag: TAG,
      summary: 'Rename a segment or change its filter',
      description:
        '`filter: null` removes the filter. Give `version` to be refused (409) if it changed since you read it. Built-in lists cannot be changed (422).',
      params: IdParamsSchema,
      body: { schema: SegmentUpdateSchema },
      responses: { 200: { description: 'The segment as stored.', schema: SegmentSchema } },
      problems: { ...segmentMissing, 409: 'The segment changed since the version given (`STALE_VERSION`).' },
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.lists.updateSegment(workspaceId, params.id, body as never)),
    }),
    defineRoute({
      method: 'delete',
      path: '/segments/:id',
      operationId: 'deleteSegment',
      tag: TAG,
      summary: 'Delete a saved segment',
      description: 'The contacts stay; only the segment goes. Built-in lists cannot be deleted (422).',
      params: IdParamsSchema,
      responses: { 204: { description: 'Deleted.' } },
      problems: segmentMissing,
      handle: async ({ workspaceId, params }, { kit }) => {
        await kit.lists.deleteSegment(workspaceId, params.id);
        return noContent();
      },
    }),
    members('add', '/segments/:id/members', 'addSegmentMembers', 'Add contacts to a segment by hand'),
    members(
      'remove',
      '/segments/:id/members/remove',
      'removeSegmentMembers',
      'Remove hand-picked contacts from a segment',
    ),
  ];
}
