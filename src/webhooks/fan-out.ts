import { createHash } from 'node:crypto';
import type { DomainEvent, DomainEventType } from '../model/domain-event.js';
import type { WebhookDelivery, WebhookEndpoint } from '../model/webhook.js';

/**
 * Whether an endpoint takes events of a type: it lists the type, or lists none (every type).
 *
 * @example
 * ```ts
 * subscribes({ eventTypes: ['contact.created'] }, 'contact.erased') // false
 * ```
 */
export function subscribes(endpoint: Pick<WebhookEndpoint, 'eventTypes'>, type: DomainEventType): boolean {
  return endpoint.eventTypes === undefined || endpoint.eventTypes.includes(type);
}

/**
 * The id of the delivery of an event to an endpoint: the same pair always gives the same id, so a
 * relay that plans the same events twice (it stopped before recording how far it got) makes each
 * delivery once. A hash, so that no two pairs of ids share one whatever characters they hold.
 *
 * @example
 * ```ts
 * deliveryId('ep_1', 'evt_1') // 'whd_…' (26 characters)
 * ```
 */
export function deliveryId(endpointId: string, eventId: string): string {
  const hash = createHash('sha256').update(endpointId).update('\0').update(eventId).digest('base64url');
  return `whd_${hash.slice(0, 22)}`;
}

/**
 * The deliveries of published events to the endpoints that take them: enabled endpoints, subscribed to
 * the event's type, made before the event (an endpoint gets the events after the log position it was
 * made at). Each is pending and due at once. Events without a position (not stored) are skipped.
 *
 * @example
 * ```ts
 * const deliveries = planDeliveries(events, endpoints, now);
 * ```
 */
export function planDeliveries(
  events: readonly DomainEvent[],
  endpoints: readonly WebhookEndpoint[],
  now: Date,
): WebhookDelivery[] {
  const open = endpoints.filter((e) => e.status === 'enabled');
  const out: WebhookDelivery[] = [];
  for (const event of events) {
    if (event.position === undefined) continue;
    for (const endpoint of open) {
      if (event.position <= endpoint.fromPosition || !subscribes(endpoint, event.type)) continue;
      out.push({
        workspaceId: event.workspaceId,
        id: deliveryId(endpoint.id, event.id),
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        position: event.position,
        orderKey: event.contactId ?? '',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
        replays: 0,
        replayedAtAttempt: 0,
        attemptLog: [],
      });
    }
  }
  return out;
}
