import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AlreadyExistsError } from '../errors/errors.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { LogEntry } from '../model/log-entry.js';
import { parseInput } from '../model/parse.js';
import type { WebhookDelivery, WebhookEndpoint } from '../model/webhook.js';
import type { ContactStore } from '../ports/store.js';
import type { LeaseProgress, WorkerLeases, WorkspaceLease } from '../ports/worker-leases.js';
import { type AttemptResult, attemptVerdict, recordAttempt } from '../webhooks/attempt.js';
import { applyAttempts, EndpointHealthPolicySchema } from '../webhooks/endpoint-health.js';
import { planDeliveries } from '../webhooks/fan-out.js';
import { readyDeliveries } from '../webhooks/ordering.js';
import { RetryPolicySchema } from '../webhooks/retry-policy.js';
import { signingSecrets, webhookBody, webhookHeaders } from '../webhooks/signature.js';
import type { Contactkit } from './contactkit.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';
import { withRetry } from './runtime/retry.js';
import { WEBHOOK_WORKER } from './webhook-service.js';
import { httpTransport, type WebhookTransport } from './webhook-transport.js';

/** Margin kept between a request's timeout and the end of the lease it runs under. */
const LEASE_MARGIN_MS = 1_000;

/** How a relay works: every figure has a default. */
export const RelaySettingsSchema = z
  .object({
    /** Most requests in flight at once, over every workspace the relay holds (default 32). */
    concurrency: z.number().int().min(1).max(1000).default(32),
    /** Each request's timeout, from sending to the end of the answer (default 15 s). */
    timeoutMs: z.number().int().min(10).max(300_000).default(15_000),
    /**
     * How long a claim on a workspace lasts unless renewed (default 60 s; at least twice `timeoutMs`, and
     * a second more).
     * A relay starts a request only while its lease outlasts the request's timeout, and renews the
     * lease after each round, so a second relay never takes the workspace while a request is in flight.
     */
    leaseMs: z.number().int().min(100).max(3_600_000).default(60_000),
    /** How long `start()` waits between passes that found nothing to do (default 1 s). */
    pollMs: z.number().int().min(1).max(3_600_000).default(1_000),
    /** Events planned, and deliveries sent, per round (default 500). */
    batchSize: z.number().int().min(1).max(1000).default(500),
    /** Workspaces claimed per pass (default 8). */
    workspaces: z.number().int().min(1).max(1000).default(8),
    /** Most deliveries of one contact to one endpoint sent one after the other in a round (default 20). */
    maxChain: z.number().int().min(1).max(1000).default(20),
    /** Rounds before a workspace is let go for others to be served (default 20). */
    roundsPerLease: z.number().int().min(1).max(10_000).default(20),
    /** When failed deliveries are tried again (see `RetryPolicySchema`). */
    retry: RetryPolicySchema.prefault({}),
    /** When an endpoint that keeps failing is disabled (see `EndpointHealthPolicySchema`). */
    health: EndpointHealthPolicySchema.prefault({}),
    /**
     * Let the default transport connect to private, loopback and link-local addresses. Default: the
     * kit's `webhooks.allowPrivateAddresses`, else false.
     */
    allowPrivateAddresses: z.boolean().optional(),
    /** This relay's name in leases (unique per running relay). Default: host, process id and a random part. */
    owner: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((s) => s.leaseMs >= 2 * s.timeoutMs + LEASE_MARGIN_MS, {
    message: 'leaseMs must be at least twice timeoutMs, and a second more',
    path: ['leaseMs'],
  });
export type RelaySettings = z.output<typeof RelaySettingsSchema>;

/** Options of {@link createRelay}: the settings, and the effects a test or a host may replace. */
export type RelayOptions = z.input<typeof RelaySettingsSchema> & {
  /** How requests are sent. Default: {@link httpTransport} (closed by `stop()`). */
  readonly transport?: WebhookTransport;
  /** The clock backoff, leases and signatures use. Default: the kit's, else the system clock. */
  readonly clock?: () => Date;
  /** A random number in [0, 1) for the jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Errors `start()` meets and goes on after. Default: written to stderr. */
  readonly onError?: (error: unknown) => void;
  /** Called with each pass's report under `start()` (metrics, logs). */
  readonly onPass?: (report: RelayReport) => void;
};

/** What one pass did. */
export interface RelayReport {
  /** Workspaces claimed. */
  workspaces: number;
  /** Deliveries made from new events. */
  planned: number;
  /** Requests sent. */
  attempted: number;
  delivered: number;
  /** Attempts that failed and will be tried again. */
  retrying: number;
  /** Deliveries that used their last attempt (kept for replay). */
  failed: number;
  /** Deliveries whose event no longer exists (erased), not sent. */
  skipped: number;
  /** Endpoints disabled. */
  disabled: number;
}

/** A webhook relay. */
export interface Relay {
  /** The name this relay holds leases under. */
  readonly owner: string;
  /**
   * One pass: claims workspaces with work, plans the deliveries of their new events, sends what is due
   * (rounds until nothing is left or the lease is used up), records every attempt, and lets them go.
   */
  runOnce(): Promise<RelayReport>;
  /** Runs passes until {@link stop}: at once again after a busy pass, after `pollMs` after an idle one. */
  start(): void;
  /** Stops after the pass under way, and closes the default transport. */
  stop(): Promise<void>;
}

/** Runs at most `n` tasks at once. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly n: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** What a workspace's lease stands at while a relay works in it. */
interface Held {
  lease: WorkspaceLease;
  position: number;
  head: number;
  /** The lease's end, by the relay's clock. */
  until: number;
}

/** A report of nothing done: what a host starts its running totals from. */
export const emptyRelayReport = (): RelayReport => ({
  workspaces: 0,
  planned: 0,
  attempted: 0,
  delivered: 0,
  retrying: 0,
  failed: 0,
  skipped: 0,
  disabled: 0,
});

/** Adds `more` into `into` (every count), and returns `into`: running totals over passes. */
export function addRelayReports(into: RelayReport, more: RelayReport): RelayReport {
  for (const key of Object.keys(more) as Array<keyof RelayReport>) into[key] += more[key];
  return into;
}

function messageOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  return (text || (typeof code === 'string' ? code : '') || 'request failed').slice(0, 500);
}

/** Whether a round's result let the next delivery of its chain go. */
const isDelivered = (result: AttemptResult | 'skipped' | undefined) =>
  result === 'skipped' || (result !== undefined && attemptVerdict(result) === 'delivered');

class WebhookRelay implements Relay {
  readonly owner: string;
  private readonly leases: WorkerLeases;
  private readonly limiter: Limiter;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly context: ServiceContext,
    private readonly settings: RelaySettings,
    private readonly transport: WebhookTransport & { close?: () => void },
    private readonly ownsTransport: boolean,
    private readonly clock: () => Date,
    private readonly random: () => number,
    private readonly onError: (error: unknown) => void,
    private readonly onPass: (report: RelayReport) => void,
  ) {
    const leases = context.store.leases;
    if (!leases) {
      throw new Error(
        'contactkit: this store has no worker leases (store.leases), which the webhook relay needs; every store contactkit ships has them',
      );
    }
    this.leases = leases;
    this.owner = settings.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.limiter = new Limiter(settings.concurrency);
  }

  async runOnce(): Promise<RelayReport> {
    const report = emptyRelayReport();
    const now = this.clock();
    // A claim that lost a race (a busy SQLite file, a deadlock) is simply made again.
    const claimed = await withRetry(this.context.maxAttempts, () =>
      this.leases.claim({
        worker: WEBHOOK_WORKER,
        owner: this.owner,
        now,
        leaseMs: this.settings.leaseMs,
        limit: this.settings.workspaces,
      }),
    );
    report.workspaces = claimed.length;
    await Promise.all(claimed.map((lease) => this.work(lease, report)));
    return report;
  }

  /** Plans and delivers in one workspace while the lease lasts, then lets it go. */
  private async work(lease: WorkspaceLease, report: RelayReport): Promise<void> {
    const held: Held = { lease, position: lease.position, head: lease.head, until: lease.until.getTime() };
    let wakeAt: Date | null = null;
    let busy: boolean;
    try {
      for (let round = 1; ; round++) {
        if (held.position < held.head) await this.plan(held, report);
        const delivered = await this.deliver(held, report);
        wakeAt = delivered.wakeAt;
        busy = delivered.sent > 0 || held.position < held.head;
        if (!busy || round >= this.settings.roundsPerLease) break;
        const now = this.clock();
        const renewed = await this.settle(held.lease, {
          now,
          position: held.position,
          dueAt: wakeAt,
          renewMs: this.settings.leaseMs,
        });
        // Another relay took the workspace (this one stalled past its lease): it carries on there.
        if (!renewed) return;
        held.until = now.getTime() + this.settings.leaseMs;
      }
      // Let it go: due again at once if work is left, else when its next retry is due.
      const now = this.clock();
      await this.settle(held.lease, { now, position: held.position, dueAt: busy ? now : wakeAt });
    } catch (error) {
      this.onError(error);
      // Let it go, to be tried again a little later, by this relay or another.
      const now = this.clock();
      await this.settle(held.lease, {
        now,
        position: held.position,
        dueAt: new Date(now.getTime() + this.settings.pollMs),
      }).catch(() => undefined);
    }
  }

  /** Settles a lease, again when a settle lost a race (it writes the same values each time). */
  private settle(lease: WorkspaceLease, progress: LeaseProgress): Promise<boolean> {
    return withRetry(this.context.maxAttempts, () => this.leases.settle(lease, progress));
  }

  /** Makes the deliveries of the events after the lease's position, up to a batch. */
  private async plan(held: Held, report: RelayReport): Promise<void> {
    const ws = held.lease.workspaceId;
    const after = held.position;
    const batch = this.settings.batchSize;
    const planned = await this.context.run(ws, async (tx) => {
      // The head first: events committed after it are left for the next round, never skipped.
      const head = await tx.log.lastPosition();
      const endpoints = (await tx.webhookEndpoints.find({ where: { status: 'enabled' }, limit: 1000 })).items;
      if (endpoints.length === 0) return { position: Math.max(after, head), made: 0, more: false };
      const events = (await tx.log.events({ after, limit: batch })).filter((e) => (e.position ?? 0) <= head);
      const more = events.length === batch;
      const deliveries = planDeliveries(events, endpoints, this.clock());
      let made = deliveries.length;
      try {
        if (deliveries.length > 0) await tx.webhookDeliveries.insert(deliveries);
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        // Planned before by a relay that stopped before it recorded its position: each made once. (An
        // insert that meets a taken key writes nothing and leaves the transaction usable.)
        const planned = new Set(
          (await tx.webhookDeliveries.get(deliveries.map((d) => d.id))).map((d) => d.id),
        );
        const fresh = deliveries.filter((d) => !planned.has(d.id));
        if (fresh.length > 0) await tx.webhookDeliveries.insert(fresh);
        made = fresh.length;
      }
      const position = more ? (events.at(-1)?.position ?? after) : Math.max(after, head);
      return { position, made, more };
    });
    held.position = planned.position;
    // More events than a batch: plan again next round. Else the log's end is where planning reached.
    held.head = planned.more ? planned.position + 1 : planned.position;
    report.planned += planned.made;
  }

  /** One round: reads what is due, sends it, records every attempt. */
  private async deliver(held: Held, report: RelayReport): Promise<{ sent: number; wakeAt: Date | null }> {
    const ws = held.lease.workspaceId;
    const now = this.clock();
    const read = await this.context.run(ws, async (tx) => {
      const endpoints = (await tx.webhookEndpoints.find({ where: { status: 'enabled' }, limit: 1000 })).items;
      const pending: WebhookDelivery[] = [];
      for (const endpoint of endpoints) {
        const page = await tx.webhookDeliveries.find({
          where: { endpointId: endpoint.id, status: 'pending' },
          order: 'queue',
          limit: this.settings.batchSize,
        });
        pending.push(...page.items);
      }
      const ready = readyDeliveries(pending, now, this.settings.maxChain);
      // At most a batch a round.
      const chains: WebhookDelivery[][] = [];
      let room = this.settings.batchSize;
      for (const chain of ready.chains) {
        if (room <= 0) break;
        chains.push(chain.slice(0, room));
        room -= Math.min(room, chain.length);
      }
      const ids = [...new Set(chains.flatMap((c) => c.map((d) => d.eventId)))];
      const events = ids.length === 0 ? [] : await tx.log.eventsByIds(ids);
      return { endpoints, chains, wakeAt: ready.wakeAt, events, more: room <= 0 };
    });
    if (read.chains.length === 0) return { sent: 0, wakeAt: read.wakeAt };

    const endpoints = new Map(read.endpoints.map((e) => [e.id, e]));
    const events = new Map(read.events.map((e) => [e.id, e]));
    const bodies = new Map<string, string>();
    const results = new Map<string, AttemptResult | 'skipped'>();
    const sendChain = async (chain: readonly WebhookDelivery[]) => {
      for (const delivery of chain) {
        const event = events.get(delivery.eventId);
        if (!event) {
          results.set(delivery.id, 'skipped');
          continue;
        }
        // Never a request that could outlast the lease: another relay could then take the workspace.
        if (this.clock().getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS > held.until) return;
        const endpoint = endpoints.get(delivery.endpointId)!;
        let body = bodies.get(event.id);
        if (body === undefined) {
          body = webhookBody(event);
          bodies.set(event.id, body);
        }
        const sent = body;
        const result = await this.limiter.run(() => this.attempt(endpoint, event, sent));
        results.set(delivery.id, result);
        if (attemptVerdict(result) !== 'delivered') return;
      }
    };
    await Promise.all(read.chains.map(sendChain));
    const attempts = new Map(read.chains.flatMap((c) => c.map((d) => [d.id, d.attempts] as const)));
    if (results.size > 0) await this.record(ws, results, attempts, report);
    // Due deliveries left unsent (a batch full, a lease too short for another request) are due now.
    const unsent = read.chains.some((chain) =>
      chain.some((d, i) => !results.has(d.id) && (i === 0 || isDelivered(results.get(chain[i - 1]!.id)))),
    );
    return { sent: results.size, wakeAt: read.more || unsent ? now : read.wakeAt };
  }

  /** Sends one delivery; never throws: a failure is a result. */
  private async attempt(endpoint: WebhookEndpoint, event: DomainEvent, body: string): Promise<AttemptResult> {
    const at = this.clock();
    const started = performance.now();
    const latency = () => Math.round((performance.now() - started) * 100) / 100;
    try {
      const headers = webhookHeaders(event.id, body, signingSecrets(endpoint.secrets, at), at);
      const response = await this.transport({
        url: endpoint.url,
        headers,
        body,
        timeoutMs: this.settings.timeoutMs,
      });
      if (!Number.isInteger(response.status) || response.status < 100 || response.status > 599) {
        return { at, latencyMs: latency(), error: `invalid HTTP status ${String(response.status)}` };
      }
      return {
        at,
        latencyMs: latency(),
        statusCode: response.status,
        ...(response.retryAfter === undefined ? {} : { retryAfter: response.retryAfter }),
      };
    } catch (error) {
      return { at, latencyMs: latency(), error: messageOf(error) };
    }
  }

  /**
   * Records a round's attempts in one transaction: each delivery only if it is still as the round read
   * it (pending, same attempt count); endpoint health; a `webhook.endpoint_disabled` event for each
   * endpoint the round disabled.
   */
  private async record(
    ws: string,
    results: ReadonlyMap<string, AttemptResult | 'skipped'>,
    attemptsRead: ReadonlyMap<string, number>,
    report: RelayReport,
  ): Promise<void> {
    const tally = await this.context.run(ws, async (tx) => {
      const t = emptyRelayReport();
      const now = this.clock();
      const stored = await tx.webhookDeliveries.get([...results.keys()], { lock: true });
      const next: WebhookDelivery[] = [];
      const byEndpoint = new Map<string, AttemptResult[]>();
      for (const delivery of stored) {
        const result = results.get(delivery.id)!;
        if (delivery.status !== 'pending' || delivery.attempts !== attemptsRead.get(delivery.id)) continue;
        if (result === 'skipped') {
          const { nextAttemptAt: _n, ...rest } = delivery;
          next.push({
            ...rest,
            status: 'skipped',
            updatedAt: now,
            lastError: 'the event is no longer in the log (its contact was erased)',
          });
          t.skipped++;
          continue;
        }
        const after = recordAttempt(delivery, result, {
          policy: this.settings.retry,
          now,
          random: this.random(),
        });
        next.push(after);
        t.attempted++;
        if (after.status === 'delivered') t.delivered++;
        else if (after.status === 'failed') t.failed++;
        else t.retrying++;
        const list = byEndpoint.get(delivery.endpointId) ?? [];
        list.push(result);
        byEndpoint.set(delivery.endpointId, list);
      }
      if (next.length > 0) await tx.webhookDeliveries.put(next);
      const endpoints =
        byEndpoint.size === 0 ? [] : await tx.webhookEndpoints.get([...byEndpoint.keys()], { lock: true });
      const changed: WebhookEndpoint[] = [];
      const entries: LogEntry[] = [];
      for (const endpoint of endpoints) {
        const health = applyAttempts(endpoint, byEndpoint.get(endpoint.id)!, this.settings.health, now);
        if (health.endpoint !== endpoint) changed.push(health.endpoint);
        if (health.disabled) {
          t.disabled++;
          entries.push(disabledEntry(health.endpoint, this.context.ids(), now));
        }
      }
      if (changed.length > 0) await tx.webhookEndpoints.put(changed);
      if (entries.length > 0) await tx.log.append(entries);
      return t;
    });
    for (const key of Object.keys(tally) as Array<keyof RelayReport>) {
      if (key !== 'workspaces') report[key] += tally[key];
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      let failures = 0;
      while (this.running) {
        let busy = false;
        try {
          const report = await this.runOnce();
          this.onPass(report);
          busy = report.workspaces > 0;
          failures = 0;
        } catch (error) {
          this.onError(error);
          failures++;
        }
        if (!this.running) break;
        if (!busy) {
          const wait =
            failures === 0 ? this.settings.pollMs : Math.min(30_000, this.settings.pollMs * 2 ** failures);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            this.wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wakeUp = undefined;
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
    if (this.ownsTransport) this.transport.close?.();
  }
}

/** The workspace-wide event that says the relay disabled an endpoint (no URL: it may hold a token). */
function disabledEntry(endpoint: WebhookEndpoint, id: string, now: Date): LogEntry {
  return {
    workspaceId: endpoint.workspaceId,
    id,
    at: now,
    recordedAt: now,
    event: {
      type: 'webhook.endpoint_disabled',
      payload: {
        endpointId: endpoint.id,
        reason: endpoint.disabledReason ?? 'failing',
        consecutiveFailures: endpoint.consecutiveFailures,
        ...(endpoint.failingSince === undefined ? {} : { failingSince: endpoint.failingSince.toISOString() }),
        disabledAt: now.toISOString(),
      },
    },
  };
}

function isKit(source: unknown): source is Contactkit {
  return (
    typeof source === 'object' && source !== null && (source as Contactkit).context instanceof ServiceContext
  );
}

function isStore(source: unknown): source is ContactStore {
  return typeof (source as ContactStore | null)?.transaction === 'function';
}

/**
 * A webhook relay: it reads every workspace's log by position, delivers each published event to the
 * endpoints subscribed to its type, signed per Standard Webhooks, and keeps each endpoint's delivery
 * log. At least once (the event id is the `webhook-id`, the receiver's idempotency key); in order per
 * contact; retried with backoff and jitter, then failed and kept for replay; an endpoint that keeps
 * failing is disabled. Several relays may run at once, in one process or many: each workspace is held
 * by one at a time (`store.leases`), so no event is delivered twice at the same time.
 *
 * @example
 * ```ts
 * import { createContactkit, createRelay } from 'contactkit';
 *
 * const kit = createContactkit({ store });
 * const relay = createRelay(kit, { concurrency: 16 });
 * relay.start(); // or: await relay.runOnce() from a scheduler
 * process.on('SIGTERM', () => relay.stop());
 * ```
 */
export function createRelay(
  source: Contactkit | ContactStore | ServiceOptions,
  options: RelayOptions = {},
): Relay {
  const { transport, clock, random, onError, onPass, ...rest } = options;
  const settings = parseInput(RelaySettingsSchema, rest, 'relay');
  const context = isKit(source)
    ? source.context
    : new ServiceContext(isStore(source) ? { store: source } : source);
  const allowPrivateAddresses =
    settings.allowPrivateAddresses ??
    (isKit(source) ? source.webhooks.settings.allowPrivateAddresses : false);
  const own = transport === undefined;
  return new WebhookRelay(
    context,
    settings,
    transport ?? httpTransport({ allowPrivateAddresses, maxSockets: settings.concurrency }),
    own,
    clock ?? context.clock,
    random ?? Math.random,
    onError ?? ((error) => process.stderr.write(`contactkit relay: ${messageOf(error)}\n`)),
    onPass ?? (() => undefined),
  );
}
