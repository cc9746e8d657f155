import type { WebhookDelivery } from '../model/webhook.js';

/** What a relay may send now, and when it next has something to send. */
export interface ReadyDeliveries {
  /**
   * Runs of deliveries to send one after the other, each of one endpoint and one order key (a
   * contact), in log order. A run stops at its first failure: the rest wait behind it.
   */
  readonly chains: WebhookDelivery[][];
  /** The earliest time a delivery held back now becomes due, or null when none is waiting. */
  readonly wakeAt: Date | null;
}

/**
 * Which pending deliveries may go now, keeping each endpoint's events about one contact in log order.
 * Deliveries are grouped by endpoint and order key; a group's run is its due deliveries from the
 * lowest position up to the first that is not yet due (a failed attempt waiting for its retry holds
 * back every later delivery of the same contact to that endpoint, but no other contact's). Runs are
 * at most `maxChain` long. Pure.
 *
 * `pending` must hold, for each endpoint, its lowest-position pending deliveries (the first page of
 * its queue), so that no earlier delivery of a group is missing.
 *
 * @example
 * ```ts
 * const { chains, wakeAt } = readyDeliveries(pending, now, 10);
 * ```
 */
export function readyDeliveries(
  pending: readonly WebhookDelivery[],
  now: Date,
  maxChain = Number.POSITIVE_INFINITY,
): ReadyDeliveries {
  const groups = new Map<string, WebhookDelivery[]>();
  for (const d of pending) {
    if (d.status !== 'pending') continue;
    const key = `${d.endpointId}\0${d.orderKey}`;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
    }
    group.push(d);
  }
  const t = now.getTime();
  const chains: WebhookDelivery[][] = [];
  let wakeAt: number | null = null;
  for (const group of groups.values()) {
    group.sort((a, b) => a.position - b.position);
    const chain: WebhookDelivery[] = [];
    for (const d of group) {
      const due = d.nextAttemptAt?.getTime() ?? t;
      if (due > t) {
        wakeAt = wakeAt === null ? due : Math.min(wakeAt, due);
        break;
      }
      if (chain.length >= maxChain) break;
      chain.push(d);
    }
    if (chain.length > 0) chains.push(chain);
  }
  return { chains, wakeAt: wakeAt === null ? null : new Date(wakeAt) };
}
