import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOrderToSpend,
  convertAmounts,
  predictSpend,
  SpendConfigSchema,
} from '../../src/classify/index.js';
import type { SpendTotals } from '../../src/model/spend.js';
import { daysAgo, NOW } from './facts.js';

const usdWorkspace = SpendConfigSchema.parse({ currency: 'USD' });

describe('spend totals', () => {
  it('never adds currencies together, and counts orders through the assistant apart', () => {
    let totals: SpendTotals = [];
    totals = addOrderToSpend(totals, { amount: 10, currency: 'usd', viaAssistant: true });
    totals = addOrderToSpend(totals, { amount: 1000, currency: 'JPY', viaAssistant: false });
    totals = addOrderToSpend(totals, { amount: 0.2, currency: 'USD', viaAssistant: false });
    expect(totals).toEqual([
      { currency: 'USD', orders: 2, amount: 10.2, ordersViaAssistant: 1, amountViaAssistant: 10 },
      { currency: 'JPY', orders: 1, amount: 1000, ordersViaAssistant: 0, amountViaAssistant: 0 },
    ]);
  });

  it('converts to the workspace currency with the host’s rates, naming currencies without one', () => {
    const amounts = [
      { currency: 'USD', amount: 10 },
      { currency: 'JPY', amount: 1000 },
    ];
    expect(convertAmounts(amounts, 'USD', { JPY: 0.0067 })).toEqual({
      currency: 'USD',
      amount: 16.7,
      missingRates: [],
    });
    expect(convertAmounts(amounts, 'USD')).toEqual({ currency: 'USD', amount: 10, missingRates: ['JPY'] });
    expect(convertAmounts(amounts, 'EUR', { USD: 0.9 })).toEqual({
      currency: 'EUR',
      amount: 9,
      missingRates: ['JPY'],
    });
  });
});

describe('predicted spend', () => {
  const totals = (usd: number, orders: number) => [
    { currency: 'USD', orders, amount: usd, ordersViaAssistant: 0, amountViaAssistant: 0 },
  ];

  it('is average order value × expected orders from the observed order rate, with every figure shown', () => {
    const facts = { spend: totals(150, 3), firstOrderAt: daysAgo(180), firstSeenAt: daysAgo(200) };
    expect(predictSpend(facts, usdWorkspace, false, NOW)).toEqual({
      basis: 'order_rate',
      horizonDays: 90,
      orders: 3,
      observedDays: 180,
      ordersPerDay: 0.0167,
      expectedOrders: 1.5,
      byCurrency: [{ currency: 'USD', orders: 3, averageOrderValue: 50, expectedOrders: 1.5, amount: 75 }],
      total: { currency: 'USD', amount: 75, missingRates: [] },
    });
  });

  it('takes the rate over at least minObservedDays, so one order yesterday does not predict one a day', () => {
    const facts = { spend: totals(40, 1), firstOrderAt: daysAgo(1), firstSeenAt: daysAgo(1) };
    const p = predictSpend(facts, usdWorkspace, false, NOW);
    expect(p.observedDays).toBe(90);
    expect(p.expectedOrders).toBe(1);
    expect(p.byCurrency[0]?.amount).toBe(40);
  });

  it('predicts per currency, by each currency’s share of orders, and converts only where rates exist', () => {
    const facts = {
      spend: [
        { currency: 'USD', orders: 2, amount: 100, ordersViaAssistant: 0, amountViaAssistant: 0 },
        { currency: 'JPY', orders: 2, amount: 20_000, ordersViaAssistant: 2, amountViaAssistant: 20_000 },
      ],
      firstOrderAt: daysAgo(360),
      firstSeenAt: daysAgo(400),
    };
    const p = predictSpend(facts, usdWorkspace, false, NOW);
    expect(p.expectedOrders).toBe(1);
    expect(p.byCurrency).toEqual([
      { currency: 'USD', orders: 2, averageOrderValue: 50, expectedOrders: 0.5, amount: 25 },
      { currency: 'JPY', orders: 2, averageOrderValue: 10_000, expectedOrders: 0.5, amount: 5000 },
    ]);
    expect(p.total).toEqual({ currency: 'USD', amount: 25, missingRates: ['JPY'] });
    expect(predictSpend(facts, usdWorkspace, false, NOW, { JPY: 0.0067 }).total?.amount).toBe(58.5);
    expect(predictSpend(facts, SpendConfigSchema.parse({}), false, NOW).total).toBeNull();
  });

  it('is zero without orders, and zero for a churned contact, saying why', () => {
    const none = predictSpend({ spend: [], firstSeenAt: daysAgo(10) }, usdWorkspace, false, NOW);
    expect(none).toMatchObject({ basis: 'no_orders', expectedOrders: 0, byCurrency: [] });
    const churned = predictSpend(
      { spend: totals(100, 2), firstOrderAt: daysAgo(300), firstSeenAt: daysAgo(300) },
      usdWorkspace,
      true,
      NOW,
    );
    expect(churned).toMatchObject({ basis: 'churned', orders: 2, expectedOrders: 0, byCurrency: [] });
  });

  it('the per-currency expected orders add up to the expected orders', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ orders: fc.integer({ min: 1, max: 50 }), amount: fc.integer({ min: 0, max: 1e6 }) }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.integer({ min: 0, max: 2000 }),
        (list, firstOrder) => {
          const spend = list.map((t, i) => ({
            currency: ['USD', 'EUR', 'JPY', 'BRL'][i]!,
            ...t,
            ordersViaAssistant: 0,
            amountViaAssistant: 0,
          }));
          const p = predictSpend(
            { spend, firstOrderAt: daysAgo(firstOrder), firstSeenAt: daysAgo(firstOrder) },
            usdWorkspace,
            false,
            NOW,
          );
          const sum = p.byCurrency.reduce((s, c) => s + c.expectedOrders, 0);
          expect(Math.abs(sum - p.expectedOrders)).toBeLessThan(1e-3);
          expect(p.byCurrency.map((c) => c.currency)).toEqual(spend.map((s) => s.currency));
        },
      ),
    );
  });
});
