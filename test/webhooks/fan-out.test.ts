import { describe, expect, it } from 'vitest';
import { WebhookDeliverySchema } from '../../src/model/webhook.js';
import { deliveryId, planDeliveries, subscribes } from '../../src/webhooks/fan-out.js';
import { endpoint, event, NOW } from './support.js';

describe('which endpoint gets which event', () => {
  it('an endpoint takes the types it lists, or every type when it lists none', () => {
    expect(subscribes(endpoint(), 'contact.erased')).toBe(true);
    expect(subscribes(endpoint({ eventTypes: ['contact.created'] }), 'contact.created')).toBe(true);
    expect(subscribes(endpoint({ eventTypes: ['contact.created'] }), 'contact.erased')).toBe(false);
  });

  it('plans a pending delivery, due now, per subscribed enabled endpoint and event', () => {
    const endpoints = [
      endpoint({ id: 'all' }),
      endpoint({ id: 'created', eventTypes: ['contact.created'] }),
      endpoint({ id: 'off', status: 'disabled', disabledReason: 'manual', disabledAt: NOW }),
    ];
    const events = [event(1, { type: 'contact.created' }), event(2)];
    const planned = planDeliveries(events, endpoints, NOW);
    expect(planned.map((d) => `${d.endpointId}:${d.eventId}`)).toEqual([
      'all:evt_1',
      'created:evt_1',
      'all:evt_2',
    ]);
    expect(planned[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: NOW,
      position: 1,
      orderKey: 'c_1',
      eventType: 'contact.created',
    });
    for (const d of planned) expect(WebhookDeliverySchema.safeParse(d).success).toBe(true);
  });

  it('gives an endpoint only the events after the position it was made at', () => {
    const planned = planDeliveries([event(4), event(5), event(6)], [endpoint({ fromPosition: 5 })], NOW);
    expect(planned.map((d) => d.position)).toEqual([6]);
  });

  it('orders workspace-wide events under the empty key', () => {
    const wide = event(1, { type: 'webhook.endpoint_disabled', payload: {} });
    delete (wide as { contactId?: string }).contactId;
    expect(planDeliveries([wide], [endpoint()], NOW)[0]?.orderKey).toBe('');
  });

  it('names a delivery by its endpoint and event, the same each time and never shared', () => {
    expect(deliveryId('ep_1', 'evt_1')).toBe(deliveryId('ep_1', 'evt_1'));
    expect(deliveryId('ep_1', 'evt_1')).toMatch(/^whd_[A-Za-z0-9_-]{22}$/);
    const ids = new Set([
      deliveryId('a', 'bc'),
      deliveryId('ab', 'c'),
      deliveryId('a:b', 'c'),
      deliveryId('a', 'b:c'),
    ]);
    expect(ids.size).toBe(4);
  });
});
