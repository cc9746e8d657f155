import type { DomainEvent } from '../../src/model/domain-event.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../src/model/webhook.js';

export const NOW = new Date('2026-06-01T12:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const later = (ms: number) => new Date(NOW.getTime() + ms);

/** A valid secret (32 zero bytes). */
export const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
export const OTHER_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

export function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    workspaceId: 'acme',
    id: 'ep_1',
    url: 'https://hooks.example.com/in',
    secrets: [{ secret: SECRET, createdAt: NOW }],
    status: 'enabled',
    fromPosition: 0,
    consecutiveFailures: 0,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...overrides,
  };
}

export function event(position: number, overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    id: `evt_${position}`,
    workspaceId: 'acme',
    type: 'contact.updated',
    contactId: 'c_1',
    at: NOW,
    payload: { contactId: 'c_1', changed: ['name'] },
    position,
    ...overrides,
  };
}

export function delivery(position: number, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    workspaceId: 'acme',
    id: `d_${position}`,
    endpointId: 'ep_1',
    eventId: `evt_${position}`,
    eventType: 'contact.updated',
    position,
    orderKey: 'c_1',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    replays: 0,
    replayedAtAttempt: 0,
    attemptLog: [],
    ...overrides,
  };
}
