import { z } from 'zod';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ENDPOINT_STATUSES,
  WebhookDeliverySchema,
  WebhookEndpointViewSchema,
} from '../../model/webhook.js';
import {
  ReplayFailedSchema,
  RotateSecretSchema,
  WebhookEndpointInputSchema,
  WebhookEndpointUpdateSchema,
} from '../../service/webhook-service.js';
import { defined, PageQuerySchema, pageBody, pageSchema, queryList } from '../query.js';
import { type AnyRoute, created, defineRoute, ok } from '../route.js';
import { IdParamsSchema } from '../schemas.js';

const TAG = 'webhooks';
const endpointMissing = { 404: 'The workspace has no such endpoint (`NOT_FOUND`).' };
const deliveryMissing = { 404: 'The workspace has no such delivery (`NOT_FOUND`).' };

/** An endpoint with its signing secret: the only answers that show it. */
const EndpointWithSecretSchema = z.object({
  endpoint: WebhookEndpointViewSchema,
  /** The signing secret (`whsec_…`): store it with the receiver; it is not shown again. */
  secret: z.string(),
});

/** One endpoint action without a body: `POST /webhooks/endpoints/{id}/<action>`. */
function toggle(action: 'enable' | 'disable', summary: string, description: string): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/webhooks/endpoints/:id/${action}`,
    operationId: `${action}WebhookEndpoint`,
    tag: TAG,
    summary,
    description,
    params: IdParamsSchema,
    responses: { 200: { description: 'The endpoint as stored.', schema: WebhookEndpointViewSchema } },
    problems: endpointMissing,
    handle: async ({ workspaceId, params }, { kit }) =>
      ok(await kit.webhooks[action](workspaceId, params.id)),
  });
}

/** Webhook endpoints of the workspace, their secrets and their delivery logs. */
export function webhookRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/webhooks/endpoints',
      operationId: 'listWebhookEndpoints',
      tag: TAG,
      summary: 'Webhook endpoints',
      description: 'The endpoints of the workspace, a page at a time; secrets are never listed.',
      query: PageQuerySchema.extend({ status: z.enum(WEBHOOK_ENDPOINT_STATUSES).optional() }),
      responses: {
        200: { description: 'A page of endpoints.', schema: pageSchema(WebhookEndpointViewSchema) },
      },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(pageBody(await kit.webhooks.list(workspaceId, defined(query)))),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/endpoints',
      operationId: 'createWebhookEndpoint',
      tag: TAG,
      summary: 'Add a webhook endpoint',
      description:
        'Events of the given types (all, when none are given) are delivered to the URL, signed per Standard Webhooks. The answer is the only one that shows the secret. Private, loopback and link-local addresses are refused unless the host allows them.',
      body: { schema: WebhookEndpointInputSchema },
      responses: {
        201: {
          description: 'The endpoint and its secret.',
          schema: EndpointWithSecretSchema,
          headers: { location: 'The endpoint.' },
        },
      },
      handle: async ({ workspaceId, body }, { kit }) => {
        const made = await kit.webhooks.create(workspaceId, body);
        return created(made, `/webhooks/endpoints/${encodeURIComponent(made.endpoint.id)}`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/webhooks/endpoints/:id',
      operationId: 'getWebhookEndpoint',
      tag: TAG,
      summary: 'A webhook endpoint',
      params: IdParamsSchema,
      responses: { 200: { description: 'The endpoint.', schema: WebhookEndpointViewSchema } },
      problems: endpointMissing,
      handle: async ({ workspaceId, params }, { kit }) => ok(await kit.webhooks.get(workspaceId, params.id)),
    }),
    defineRoute({
      method: 'patch',
      path: '/webhooks/endpoints/:id',
      operationId: 'updateWebhookEndpoint',
      tag: TAG,
      summary: 'Change a webhook endpoint',
      description:
        'Only the fields given change. Give `version` to be refused (409) if it changed since you read it.',
      params: IdParamsSchema,
      body: { schema: WebhookEndpointUpdateSchema },
      responses: { 200: { description: 'The endpoint as stored.', schema: WebhookEndpointViewSchema } },
      problems: {
        ...endpointMissing,
        409: 'The endpoint changed since the version given (`STALE_VERSION`).',
      },
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.webhooks.update(workspaceId, params.id, body)),
    }),
    defineRoute({
      method: 'delete',
      path: '/webhooks/endpoints/:id',
      operationId: 'deleteWebhookEndpoint',
      tag: TAG,
      summary: 'Delete a webhook endpoint',
      description: 'The endpoint and its delivery log go; nothing more is sent to it.',
      params: IdParamsSchema,
      responses: {
        200: {
          description: 'How many deliveries went with it.',
          schema: z.object({ deliveries: z.number().int() }),
        },
      },
      problems: endpointMissing,
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.webhooks.delete(workspaceId, params.id)),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/endpoints/:id/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tag: TAG,
      summary: 'Rotate the signing secret',
      description:
        'A new secret signs from now on; the old one signs next to it for the overlap (both signatures are sent), so receivers can switch without missing an event.',
      params: IdParamsSchema,
      body: { schema: RotateSecretSchema, optional: true },
      responses: {
        200: { description: 'The endpoint and its new secret.', schema: EndpointWithSecretSchema },
      },
      problems: endpointMissing,
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.webhooks.rotateSecret(workspaceId, params.id, body ?? {})),
    }),
    toggle(
      'enable',
      'Enable an endpoint',
      'Deliveries still pending resume; events published while it was disabled are not sent.',
    ),
    toggle('disable', 'Disable an endpoint', 'Nothing is sent to it until it is enabled again.'),
    defineRoute({
      method: 'get',
      path: '/webhooks/endpoints/:id/deliveries',
      operationId: 'listWebhookDeliveries',
      tag: TAG,
      summary: 'The delivery log of an endpoint',
      description: 'Deliveries, newest first, with every attempt: status code, latency and error.',
      params: IdParamsSchema,
      query: PageQuerySchema.extend({ status: queryList(z.enum(WEBHOOK_DELIVERY_STATUSES)).optional() }),
      responses: { 200: { description: 'A page of deliveries.', schema: pageSchema(WebhookDeliverySchema) } },
      problems: endpointMissing,
      handle: async ({ workspaceId, params, query }, { kit }) =>
        ok(pageBody(await kit.webhooks.deliveries(workspaceId, params.id, defined(query)))),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/endpoints/:id/replay-failed',
      operationId: 'replayFailedWebhookDeliveries',
      tag: TAG,
      summary: 'Replay failed deliveries',
      description:
        'Every failed delivery of the endpoint (since a time, when given) is tried again from now.',
      params: IdParamsSchema,
      body: { schema: ReplayFailedSchema, optional: true },
      responses: {
        200: { description: 'How many were queued again.', schema: z.object({ replayed: z.number().int() }) },
      },
      problems: endpointMissing,
      handle: async ({ workspaceId, params, body }, { kit }) =>
        ok(await kit.webhooks.replayFailed(workspaceId, params.id, body ?? {})),
    }),
    defineRoute({
      method: 'get',
      path: '/webhooks/deliveries/:id',
      operationId: 'getWebhookDelivery',
      tag: TAG,
      summary: 'A delivery',
      params: IdParamsSchema,
      responses: { 200: { description: 'The delivery and its attempts.', schema: WebhookDeliverySchema } },
      problems: deliveryMissing,
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.webhooks.delivery(workspaceId, params.id)),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/deliveries/:id/replay',
      operationId: 'replayWebhookDelivery',
      tag: TAG,
      summary: 'Replay a delivery',
      description: 'A failed or delivered delivery is sent again from now.',
      params: IdParamsSchema,
      responses: { 200: { description: 'The delivery, queued again.', schema: WebhookDeliverySchema } },
      problems: {
        ...deliveryMissing,
        409: 'A pending or skipped delivery cannot be replayed (`ILLEGAL_TRANSITION`).',
      },
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.webhooks.replay(workspaceId, params.id)),
    }),
  ];
}
