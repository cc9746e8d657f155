import type { CurrencyPrediction, PredictedSpend } from '../model/classification.js';
import type { ConvertedAmount, SpendTotals } from '../model/spend.js';
import type { SpendConfig } from './config.js';
import type { ContactFacts } from './facts.js';
import { elapsedDays } from './time.js';

/**
 * Exchange rates the host supplies: how much one unit of each currency is worth in the workspace
 * currency (`{ JPY: 0.0067 }` for a USD workspace). The workspace currency itself is always 1.
 */
export type ExchangeRates = Readonly<Record<string, number>>;

const cents = (n: number) => Math.round(n * 100) / 100 || 0;

/**
 * Adds one order to a contact's spend totals, in its own currency: amounts of different currencies
 * are never added together. Pure; returns new totals.
 *
 * @example
 * ```ts
 * addOrderToSpend([], { amount: 10, currency: 'USD', viaAssistant: true })
 * // [{ currency: 'USD', orders: 1, amount: 10, ordersViaAssistant: 1, amountViaAssistant: 10 }]
 * ```
 */
export function addOrderToSpend(
  totals: SpendTotals,
  order: { readonly amount: number; readonly currency: string; readonly viaAssistant: boolean },
): SpendTotals {
  const currency = order.currency.toUpperCase();
  const index = totals.findIndex((t) => t.currency === currency);
  const current = totals[index] ?? {
    currency,
    orders: 0,
    amount: 0,
    ordersViaAssistant: 0,
    amountViaAssistant: 0,
  };
  const next = {
    currency,
    orders: current.orders + 1,
    amount: cents(current.amount + order.amount),
    ordersViaAssistant: current.ordersViaAssistant + (order.viaAssistant ? 1 : 0),
    amountViaAssistant: order.viaAssistant
      ? cents(current.amountViaAssistant + order.amount)
      : current.amountViaAssistant,
  };
  return index === -1 ? [...totals, next] : totals.map((t, i) => (i === index ? next : t));
}

/**
 * Amounts in several currencies as one amount in `currency`, with the host's rates. Currencies without
 * a rate are left out and named in `missingRates`, so the sum is then a lower bound, never a guess.
 *
 * @example
 * ```ts
 * convertAmounts([{ currency: 'USD', amount: 10 }, { currency: 'JPY', amount: 1000 }], 'USD', { JPY: 0.0067 })
 * // { currency: 'USD', amount: 16.7, missingRates: [] }
 * convertAmounts([{ currency: 'USD', amount: 10 }, { currency: 'JPY', amount: 1000 }], 'USD')
 * // { currency: 'USD', amount: 10, missingRates: ['JPY'] }
 * ```
 */
export function convertAmounts(
  amounts: readonly { readonly currency: string; readonly amount: number }[],
  currency: string,
  rates: ExchangeRates = {},
): ConvertedAmount {
  let sum = 0;
  const missingRates: string[] = [];
  for (const { currency: from, amount } of amounts) {
    const rate = from === currency ? 1 : rates[from];
    if (rate === undefined || !Number.isFinite(rate) || rate < 0) {
      if (amount !== 0 && !missingRates.includes(from)) missingRates.push(from);
    } else sum += amount * rate;
  }
  return { currency, amount: cents(sum), missingRates };
}

/**
 * Predicts what a contact will spend over the next `horizonDays`, the simplest way that can be
 * explained:
 *
 * 1. observed days = days since the first order, but at least `minObservedDays`;
 * 2. order rate = orders ÷ observed days;
 * 3. expected orders = order rate × `horizonDays`;
 * 4. per currency: average order value (amount ÷ orders) × the expected orders that fall to that
 *    currency (its share of past orders). Currencies are never added together; `total` converts them
 *    to the workspace currency where the host supplied rates.
 *
 * No orders, or a churned contact: zero, with that as the `basis`. Every figure used is in the result.
 * When the first order's time is unknown, the first-seen time stands in for it.
 *
 * @example
 * ```ts
 * // 3 orders, USD 150 in all, the first 180 days ago; horizon 90 days
 * predictSpend(facts, { currency: 'USD', horizonDays: 90, minObservedDays: 90 }, false, now)
 * // { basis: 'order_rate', observedDays: 180, ordersPerDay: 0.0167, expectedOrders: 1.5,
 * //   byCurrency: [{ currency: 'USD', averageOrderValue: 50, expectedOrders: 1.5, amount: 75, … }], … }
 * ```
 */
export function predictSpend(
  facts: Pick<ContactFacts, 'spend' | 'firstOrderAt' | 'firstSeenAt'>,
  config: SpendConfig,
  churned: boolean,
  now: Date,
  rates?: ExchangeRates,
): PredictedSpend {
  let orders = 0;
  for (let i = 0; i < facts.spend.length; i++) orders += facts.spend[i]!.orders;
  if (orders === 0 || churned) {
    return {
      basis: orders === 0 ? 'no_orders' : 'churned',
      horizonDays: config.horizonDays,
      orders,
      observedDays: 0,
      ordersPerDay: 0,
      expectedOrders: 0,
      byCurrency: [],
      total: totalIn([], config, rates),
    };
  }
  const observedDays = Math.max(
    config.minObservedDays,
    elapsedDays(facts.firstOrderAt ?? facts.firstSeenAt, now),
  );
  const ordersPerDay = orders / observedDays;
  const expectedOrders = ordersPerDay * config.horizonDays;
  const byCurrency: CurrencyPrediction[] = [];
  for (const t of facts.spend) {
    if (t.orders === 0) continue;
    const averageOrderValue = t.amount / t.orders;
    const expected = (expectedOrders * t.orders) / orders;
    byCurrency.push({
      currency: t.currency,
      orders: t.orders,
      averageOrderValue: cents(averageOrderValue),
      expectedOrders: round4(expected),
      amount: cents(averageOrderValue * expected),
    });
  }
  return {
    basis: 'order_rate',
    horizonDays: config.horizonDays,
    orders,
    observedDays: round4(observedDays),
    ordersPerDay: round4(ordersPerDay),
    expectedOrders: round4(expectedOrders),
    byCurrency,
    total: totalIn(byCurrency, config, rates),
  };
}

// Module-level rather than a closure in predictSpend: the sweep calls that for every contact.
function totalIn(
  byCurrency: readonly CurrencyPrediction[],
  config: SpendConfig,
  rates: ExchangeRates | undefined,
): ConvertedAmount | null {
  return config.currency === undefined ? null : convertAmounts(byCurrency, config.currency, rates);
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
