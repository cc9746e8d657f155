import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../src/model/webhook.js';
import { readyDeliveries } from '../../src/webhooks/ordering.js';
import { delivery, later, MINUTE, NOW } from './support.js';

const ids = (chains: WebhookDelivery[][]) => chains.map((c) => c.map((d) => d.id));

describe('which deliveries may go now', () => {
  it('sends one contact’s deliveries to an endpoint in log order', () => {
    const { chains, wakeAt } = readyDeliveries([delivery(3), delivery(1), delivery(2)], NOW);
    expect(ids(chains)).toEqual([['d_1', 'd_2', 'd_3']]);
    expect(wakeAt).toBeNull();
  });

  it('holds back a contact’s later deliveries behind one waiting for its retry', () => {
    const pending = [
      delivery(1, { attempts: 1, nextAttemptAt: later(5 * MINUTE) }),
      delivery(2),
      delivery(3, { orderKey: 'c_2' }),
    ];
    const { chains, wakeAt } = readyDeliveries(pending, NOW);
    expect(ids(chains)).toEqual([['d_3']]);
    expect(wakeAt).toEqual(later(5 * MINUTE));
  });

  it('keeps each endpoint apart: one failing endpoint holds back nothing of another', () => {
    const pending = [
      delivery(1, { attempts: 2, nextAttemptAt: later(MINUTE) }),
      delivery(1, { id: 'd_1b', endpointId: 'ep_2' }),
      delivery(2, { id: 'd_2b', endpointId: 'ep_2' }),
    ];
    expect(ids(readyDeliveries(pending, NOW).chains)).toEqual([['d_1b', 'd_2b']]);
  });

  it('stops a run at a delivery not yet due, and says when it is', () => {
    const pending = [delivery(1), delivery(2, { nextAttemptAt: later(2 * MINUTE) }), delivery(3)];
    const { chains, wakeAt } = readyDeliveries(pending, NOW);
    expect(ids(chains)).toEqual([['d_1']]);
    expect(wakeAt).toEqual(later(2 * MINUTE));
  });

  it('orders workspace-wide events among themselves', () => {
    const pending = [delivery(2, { orderKey: '' }), delivery(1, { orderKey: '' })];
    expect(ids(readyDeliveries(pending, NOW).chains)).toEqual([['d_1', 'd_2']]);
  });

  it('cuts runs at the longest allowed, and ignores what is not pending', () => {
    const pending = [
      delivery(1),
      delivery(2),
      delivery(3),
      delivery(4, { orderKey: 'c_2', status: 'failed' }),
    ];
    expect(ids(readyDeliveries(pending, NOW, 2).chains)).toEqual([['d_1', 'd_2']]);
  });

  it('for any queue: each run is one endpoint and contact, in order, due, with nothing earlier left out', () => {
    const arbitrary = fc.array(
      fc.record({
        position: fc.integer({ min: 1, max: 10_000 }),
        endpoint: fc.constantFrom('ep_1', 'ep_2'),
        contact: fc.constantFrom('c_1', 'c_2', 'c_3', ''),
        waitMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 10 })),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arbitrary, (rows) => {
        const unique = [...new Map(rows.map((r) => [`${r.endpoint}/${r.position}`, r])).values()];
        const pending = unique.map((r) =>
          delivery(r.position, {
            id: `${r.endpoint}/${r.position}`,
            endpointId: r.endpoint,
            orderKey: r.contact,
            nextAttemptAt: later(r.waitMinutes * MINUTE),
          }),
        );
        const { chains } = readyDeliveries(pending, NOW);
        for (const chain of chains) {
          const [head] = chain;
          expect(chain.every((d) => d.endpointId === head!.endpointId && d.orderKey === head!.orderKey)).toBe(
            true,
          );
          expect(chain.every((d) => d.nextAttemptAt! <= NOW)).toBe(true);
          // Nothing of the same endpoint and contact with a lower position than the run's end is left out.
          const group = pending.filter(
            (d) => d.endpointId === head!.endpointId && d.orderKey === head!.orderKey,
          );
          const last = chain.at(-1)!.position;
          const before = group.filter((d) => d.position <= last).sort((a, b) => a.position - b.position);
          expect(before.map((d) => d.id)).toEqual(chain.map((d) => d.id));
        }
      }),
    );
  });
});
