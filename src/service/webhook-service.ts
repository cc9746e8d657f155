import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  IllegalTransitionError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from '../errors/errors.js';
import { DurationSchema, durationMs } from '../followups/duration.js';
import { DomainEventTypeSchema } from '../model/domain-event.js';
import { parseInput } from '../model/parse.js';
import { humanText, IdSchema, TimestampInputSchema } from '../model/primitives.js';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ENDPOINT_STATUSES,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointView,
} from '../model/webhook.js';
import type { Page } from '../ports/page.js';
import { checkEndpointUrl } from '../webhooks/endpoint-url.js';
import { endpointView } from '../webhooks/endpoint-view.js';
import { newWebhookSecret, WebhookSecretSchema } from '../webhooks/signature.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** The worker kind the relay claims workspaces as (`WorkerLeases`). */
export const WEBHOOK_WORKER = 'webhooks';

/** How a workspace's webhooks are managed, for every workspace of a kit. */
export const WebhookSettingsSchema = z
  .object({
    /**
     * Accept endpoint URLs on loopback, private and link-local addresses (development, tests, or a
     * relay that delivers inside one private network). Default false: a workspace must not make a
     * shared relay probe the network it runs in.
     */
    allowPrivateAddresses: z.boolean().default(false),
    /** Most endpoints a workspace may have (default 50). */
    maxEndpoints: z.number().int().min(1).max(1000).default(50),
    /** How long a rotated-out secret still signs, next to the new one (default 24 hours). */
    rotationOverlap: DurationSchema.default({ hours: 24 }),
  })
  .strict();
export type WebhookSettings = z.output<typeof WebhookSettingsSchema>;
export type WebhookSettingsInput = z.input<typeof WebhookSettingsSchema>;

const EventTypesSchema = z
  .array(DomainEventTypeSchema)
  .min(1)
  .max(200)
  .transform((types) => [...new Set(types)]);

/** A new endpoint. */
export const WebhookEndpointInputSchema = z
  .object({
    /** http or https; see `checkEndpointUrl` for what is refused. */
    url: z.string().max(2000),
    /** The event types it receives; absent, every type (including types added later). */
    eventTypes: EventTypesSchema.optional(),
    description: humanText({ max: 500, trim: true }).optional(),
    /** A secret to sign with (`whsec_…`); absent, one is made. */
    secret: WebhookSecretSchema.optional(),
    /** Default true. */
    enabled: z.boolean().default(true),
  })
  .strict();
export type WebhookEndpointInput = z.input<typeof WebhookEndpointInputSchema>;

/** Changes to an endpoint: only the fields given change. */
export const WebhookEndpointUpdateSchema = z
  .object({
    url: z.string().max(2000).optional(),
    /** `null`: every type. */
    eventTypes: EventTypesSchema.nullable().optional(),
    /** `null` clears it. */
    description: humanText({ max: 500, trim: true }).nullable().optional(),
    /** The version the caller saw; refused with `StaleVersionError` if it moved on. */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type WebhookEndpointUpdate = z.input<typeof WebhookEndpointUpdateSchema>;

/** A secret rotation. */
export const RotateSecretSchema = z
  .object({
    /** How long the old secret still signs next to the new one (default: the kit's `rotationOverlap`). */
    overlap: DurationSchema.optional(),
    /** The new secret; absent, one is made. */
    secret: WebhookSecretSchema.optional(),
  })
  .strict();
export type RotateSecretInput = z.input<typeof RotateSecretSchema>;

const PageSchema = z.object({
  limit: z.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(2000).optional(),
});

/** Which endpoints to list. */
export const EndpointListSchema = PageSchema.extend({
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES).optional(),
}).strict();
export type EndpointListQuery = z.input<typeof EndpointListSchema>;

/** Which deliveries of an endpoint to list, newest first. */
export const DeliveryListSchema = PageSchema.extend({
  status: z
    .union([z.enum(WEBHOOK_DELIVERY_STATUSES), z.array(z.enum(WEBHOOK_DELIVERY_STATUSES)).min(1)])
    .optional(),
}).strict();
export type DeliveryListQuery = z.input<typeof DeliveryListSchema>;

/** Which failed deliveries of an endpoint to replay. */
export const ReplayFailedSchema = z
  .object({
    /** Only those that failed at or after this time. */
    since: TimestampInputSchema.optional(),
  })
  .strict();
export type ReplayFailedInput = z.input<typeof ReplayFailedSchema>;

/** An endpoint just made or given a new secret: the only time the secret is shown. */
export interface EndpointWithSecret {
  readonly endpoint: WebhookEndpointView;
  /** The signing secret (`whsec_…`): store it with the receiver; it is not shown again. */
  readonly secret: string;
}

/**
 * A workspace's webhook endpoints and their delivery logs: create, list, read, update and delete
 * endpoints; rotate a secret with an overlap (both signatures are sent meanwhile); enable and
 * disable; read each endpoint's deliveries with their attempts; replay failed ones. The relay
 * (`createRelay`) does the delivering.
 *
 * @example
 * ```ts
 * const { endpoint, secret } = await kit.webhooks.create('acme', {
 *   url: 'https://crm.example.com/hooks/contactkit',
 *   eventTypes: ['contact.created', 'contact.updated', 'contact.erased'],
 * });
 * // … later, the delivery log:
 * const { items } = await kit.webhooks.deliveries('acme', endpoint.id, { status: 'failed' });
 * await kit.webhooks.replay('acme', items[0].id);
 * ```
 */
export class WebhookService {
  private readonly context: ServiceContext;
  readonly settings: WebhookSettings;

  constructor(options: ServiceOptions | ServiceContext, settings: WebhookSettingsInput = {}) {
    this.context = ServiceContext.from(options);
    this.settings = parseInput(WebhookSettingsSchema, settings, 'webhooks');
  }

  private url(value: string): string {
    return checkEndpointUrl(value, { allowPrivateAddresses: this.settings.allowPrivateAddresses });
  }

  /**
   * Makes an endpoint. It receives the events published after it was made. Returns the signing
   * secret, which is not shown again.
   *
   * @throws {@link contactkit!ValidationError} for a bad URL (not http(s), a private address…), unknown event
   * types, or when the workspace already has `maxEndpoints`.
   */
  async create(workspaceId: string, input: WebhookEndpointInput): Promise<EndpointWithSecret> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const e = parseInput(WebhookEndpointInputSchema, input, 'endpoint');
    const url = this.url(e.url);
    const secret = e.secret ?? newWebhookSecret(randomBytes(32));
    const id = this.context.ids();
    const endpoint = await this.context.run(workspaceId, async (tx) => {
      const now = this.context.clock();
      const count = await tx.webhookEndpoints.count();
      if (count >= this.settings.maxEndpoints) {
        throw new ValidationError({
          field: 'endpoint',
          value: count,
          reason: `a workspace has at most ${this.settings.maxEndpoints} webhook endpoints`,
        });
      }
      const made: WebhookEndpoint = {
        workspaceId,
        id,
        url,
        ...(e.description === undefined ? {} : { description: e.description }),
        ...(e.eventTypes === undefined ? {} : { eventTypes: e.eventTypes }),
        secrets: [{ secret, createdAt: now }],
        status: e.enabled ? 'enabled' : 'disabled',
        ...(e.enabled ? {} : { disabledAt: now, disabledReason: 'manual' as const }),
        fromPosition: await tx.log.lastPosition(),
        consecutiveFailures: 0,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await tx.webhookEndpoints.insert([made]);
      return made;
    });
    return { endpoint: endpointView(endpoint, this.context.clock()), secret };
  }

  /** The workspace's endpoints, by id, a page at a time. */
  async list(workspaceId: string, query: EndpointListQuery = {}): Promise<Page<WebhookEndpointView>> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const q = parseInput(EndpointListSchema, query, 'query');
    const page = await this.context.store.transaction(workspaceId, (tx) =>
      tx.webhookEndpoints.find({
        ...(q.status === undefined ? {} : { where: { status: q.status } }),
        limit: q.limit,
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      }),
    );
    const now = this.context.clock();
    return { ...page, items: page.items.map((e) => endpointView(e, now)) };
  }

  /** One endpoint. @throws {@link contactkit!NotFoundError} */
  async get(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, id, 'id');
    const [endpoint] = await this.context.store.transaction(workspaceId, (tx) =>
      tx.webhookEndpoints.get([id]),
    );
    if (!endpoint) throw new NotFoundError('webhookEndpoint', workspaceId, id);
    return endpointView(endpoint, this.context.clock());
  }

  /** Changes an endpoint's URL, event types or description. */
  update(workspaceId: string, id: string, input: WebhookEndpointUpdate): Promise<WebhookEndpointView> {
    const u = parseInput(WebhookEndpointUpdateSchema, input, 'update');
    const url = u.url === undefined ? undefined : this.url(u.url);
    return this.change(workspaceId, id, u.version, (endpoint) => {
      const { eventTypes: _types, description: _description, ...rest } = endpoint;
      const eventTypes = u.eventTypes === undefined ? endpoint.eventTypes : (u.eventTypes ?? undefined);
      const description = u.description === undefined ? endpoint.description : (u.description ?? undefined);
      return {
        ...rest,
        ...(url === undefined ? {} : { url }),
        ...(eventTypes === undefined ? {} : { eventTypes }),
        ...(description === undefined ? {} : { description }),
      };
    });
  }

  /**
   * Deletes an endpoint, then its delivery log (a batch a transaction). Undelivered events are not
   * delivered. @throws {@link contactkit!NotFoundError}
   */
  async delete(workspaceId: string, id: string): Promise<{ readonly deliveries: number }> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, id, 'id');
    const removed = await this.context.run(workspaceId, (tx) => tx.webhookEndpoints.delete([id]));
    if (removed === 0) throw new NotFoundError('webhookEndpoint', workspaceId, id);
    let deliveries = 0;
    for (;;) {
      const n = await this.context.run(workspaceId, async (tx) => {
        const page = await tx.webhookDeliveries.find({ where: { endpointId: id }, limit: 1000 });
        return page.items.length === 0 ? 0 : tx.webhookDeliveries.delete(page.items.map((d) => d.id));
      });
      deliveries += n;
      if (n === 0) return { deliveries };
    }
  }

  /**
   * Gives an endpoint a new signing secret. The old one keeps signing next to it for the overlap (each
   * delivery then carries both signatures), so the receiver can switch without losing a delivery.
   * Returns the new secret, which is not shown again.
   */
  async rotateSecret(
    workspaceId: string,
    id: string,
    input: RotateSecretInput = {},
  ): Promise<EndpointWithSecret> {
    const r = parseInput(RotateSecretSchema, input, 'rotation');
    const secret = r.secret ?? newWebhookSecret(randomBytes(32));
    const overlapMs = durationMs(r.overlap ?? this.settings.rotationOverlap);
    const endpoint = await this.change(workspaceId, id, undefined, (e, now) => {
      const expiresAt = new Date(now.getTime() + overlapMs);
      const [current, ...older] = e.secrets;
      // The old current secret signs until the overlap ends; older ones keep their own end, and those
      // already ended are dropped.
      const kept = [...(current ? [{ ...current, expiresAt }] : []), ...older].filter(
        (s) => s.expiresAt !== undefined && s.expiresAt > now,
      );
      return { ...e, secrets: [{ secret, createdAt: now }, ...kept] };
    });
    return { endpoint, secret };
  }

  /** Turns delivery to an endpoint back on; its failure count starts over and held deliveries resume. */
  async enable(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    const view = await this.change(workspaceId, id, undefined, (e) => {
      const { disabledAt: _a, disabledReason: _r, failingSince: _f, ...rest } = e;
      return { ...rest, status: 'enabled', consecutiveFailures: 0 };
    });
    await this.wake(workspaceId);
    return view;
  }

  /** Stops delivery to an endpoint. Events published meanwhile are not delivered to it later. */
  disable(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    return this.change(workspaceId, id, undefined, (e, now) =>
      e.status === 'disabled' ? e : { ...e, status: 'disabled', disabledAt: now, disabledReason: 'manual' },
    );
  }

  /** An endpoint's deliveries, newest first, each with its attempts (status codes, latency, errors). */
  async deliveries(
    workspaceId: string,
    endpointId: string,
    query: DeliveryListQuery = {},
  ): Promise<Page<WebhookDelivery>> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, endpointId, 'endpointId');
    const q = parseInput(DeliveryListSchema, query, 'query');
    return this.context.store.transaction(workspaceId, async (tx) => {
      if ((await tx.webhookEndpoints.get([endpointId])).length === 0)
        throw new NotFoundError('webhookEndpoint', workspaceId, endpointId);
      return tx.webhookDeliveries.find({
        where: { endpointId, ...(q.status === undefined ? {} : { status: q.status }) },
        order: 'recent',
        limit: q.limit,
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      });
    });
  }

  /** One delivery, with its attempts. @throws {@link contactkit!NotFoundError} */
  async delivery(workspaceId: string, deliveryId: string): Promise<WebhookDelivery> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, deliveryId, 'deliveryId');
    const [delivery] = await this.context.store.transaction(workspaceId, (tx) =>
      tx.webhookDeliveries.get([deliveryId]),
    );
    if (!delivery) throw new NotFoundError('webhookDelivery', workspaceId, deliveryId);
    return delivery;
  }

  /**
   * Sends a failed (or already delivered) delivery again: it goes back to pending, due now, with a
   * fresh retry schedule, and keeps its attempt log. It keeps its place in its contact's order: later
   * pending deliveries of the same contact to that endpoint wait for it. An endpoint that is disabled
   * gets it once enabled again.
   *
   * @throws {@link IllegalTransitionError} for a delivery still pending, or skipped (its event is gone).
   */
  async replay(workspaceId: string, deliveryId: string): Promise<WebhookDelivery> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, deliveryId, 'deliveryId');
    const replayed = await this.context.run(workspaceId, async (tx) => {
      const [delivery] = await tx.webhookDeliveries.get([deliveryId], { lock: true });
      if (!delivery) throw new NotFoundError('webhookDelivery', workspaceId, deliveryId);
      if (delivery.status === 'pending' || delivery.status === 'skipped') {
        throw new IllegalTransitionError(
          'webhook_delivery',
          deliveryId,
          delivery.status,
          'replay',
          delivery.status === 'pending' ? 'it is still being delivered' : 'its event no longer exists',
        );
      }
      const next = replayOf(delivery, this.context.clock());
      await tx.webhookDeliveries.put([next]);
      return next;
    });
    await this.wake(workspaceId);
    return replayed;
  }

  /**
   * Replays every failed delivery of an endpoint (that failed at or after `since`, if given): what to do
   * once a receiver that was down is back. Returns how many.
   */
  async replayFailed(
    workspaceId: string,
    endpointId: string,
    input: ReplayFailedInput = {},
  ): Promise<{ readonly replayed: number }> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, endpointId, 'endpointId');
    const r = parseInput(ReplayFailedSchema, input, 'replay');
    let replayed = 0;
    let cursor: string | undefined;
    for (;;) {
      const batch = await this.context.run(workspaceId, async (tx) => {
        const page = await tx.webhookDeliveries.find({
          where: { endpointId, status: 'failed' },
          limit: 500,
          ...(cursor === undefined ? {} : { cursor }),
        });
        const now = this.context.clock();
        const chosen = page.items.filter(
          (d) => r.since === undefined || (d.failedAt ?? d.updatedAt) >= r.since,
        );
        if (chosen.length > 0) await tx.webhookDeliveries.put(chosen.map((d) => replayOf(d, now)));
        return { next: page.nextCursor, count: chosen.length };
      });
      replayed += batch.count;
      if (batch.next === undefined) break;
      cursor = batch.next;
    }
    if (replayed > 0) await this.wake(workspaceId);
    return { replayed };
  }

  /** One change of an endpoint, with its version checked and bumped. */
  private async change(
    workspaceId: string,
    id: string,
    version: number | undefined,
    edit: (endpoint: WebhookEndpoint, now: Date) => WebhookEndpoint,
  ): Promise<WebhookEndpointView> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, id, 'id');
    const { endpoint, now } = await this.context.run(workspaceId, async (tx) => {
      const now = this.context.clock();
      const [current] = await tx.webhookEndpoints.get([id], { lock: true });
      if (!current) throw new NotFoundError('webhookEndpoint', workspaceId, id);
      if (version !== undefined && current.version !== version) {
        throw new StaleVersionError('webhookEndpoint', id, version, current.version);
      }
      const edited = edit(current, now);
      if (edited === current) return { endpoint: current, now };
      const next = { ...edited, updatedAt: now, version: current.version + 1 };
      await tx.webhookEndpoints.put([next]);
      return { endpoint: next, now };
    });
    return endpointView(endpoint, now);
  }

  /** Tells relays this workspace has deliveries due now (after a replay or an endpoint enabled). */
  private async wake(workspaceId: string): Promise<void> {
    await this.context.store.leases?.wake(WEBHOOK_WORKER, workspaceId, this.context.clock());
  }
}

/** A delivery sent back to pending, due at `now`, with a fresh retry schedule. */
function replayOf(delivery: WebhookDelivery, now: Date): WebhookDelivery {
  const { failedAt: _f, ...rest } = delivery;
  return {
    ...rest,
    status: 'pending',
    nextAttemptAt: now,
    updatedAt: now,
    replays: delivery.replays + 1,
    replayedAtAttempt: delivery.attempts,
  };
}

/** Builds a {@link WebhookService}. */
export function createWebhookService(
  options: ServiceOptions | ServiceContext,
  settings: WebhookSettingsInput = {},
): WebhookService {
  return new WebhookService(options, settings);
}
