import { z } from 'zod';

/** ISO 4217 currency code, upper case (`"USD"`, `"JPY"`). */
export const CurrencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code')
  .transform((s) => s.toUpperCase());

/**
 * A contact's orders in one currency. Amounts of different currencies are never added together
 * (USD 10 and JPY 1,000 are two totals, not 1,010); orders placed through the assistant are counted
 * apart from all orders.
 */
export const CurrencyTotalSchema = z.object({
  currency: CurrencyCodeSchema,
  /** Every order in this currency. */
  orders: z.number().int().min(0),
  /** Sum of those orders, in the currency's major unit, rounded to cents. */
  amount: z.number().finite().min(0),
  /** The orders placed through the assistant, a part of `orders`. */
  ordersViaAssistant: z.number().int().min(0),
  /** Their sum, a part of `amount`. */
  amountViaAssistant: z.number().finite().min(0),
});
export type CurrencyTotal = z.infer<typeof CurrencyTotalSchema>;

/** A contact's spend: one total per currency, in the order the currencies were first seen. */
export const SpendTotalsSchema = z.array(CurrencyTotalSchema);
export type SpendTotals = z.infer<typeof SpendTotalsSchema>;

/**
 * An amount in one currency, converted from several with rates the host supplied. `missingRates` names
 * the currencies that had no rate: their amounts are left out, so the figure is then a lower bound.
 */
export const ConvertedAmountSchema = z.object({
  currency: CurrencyCodeSchema,
  amount: z.number().finite(),
  missingRates: z.array(CurrencyCodeSchema),
});
export type ConvertedAmount = z.infer<typeof ConvertedAmountSchema>;
