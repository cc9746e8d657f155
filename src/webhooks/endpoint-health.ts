import { z } from 'zod';
import type { WebhookEndpoint } from '../model/webhook.js';
import { type AttemptResult, attemptVerdict } from './attempt.js';

const DAY_MS = 86_400_000;

/**
 * When an endpoint that keeps failing is disabled: every attempt to it has failed for `disableAfterMs`
 * (counted from the first failure since its last success) and at least `minFailures` attempts failed in
 * a row. The defaults (5 days, 10 failures) outlast the retry schedule (about 22.6 hours), so one
 * delivery giving up never disables an endpoint alone; an endpoint down for days does not fill the
 * log with deliveries that cannot arrive. An endpoint answering `410 Gone` is disabled at once.
 */
export const EndpointHealthPolicySchema = z.object({
  disableAfterMs: z
    .number()
    .int()
    .min(0)
    .max(366 * DAY_MS)
    .default(5 * DAY_MS),
  minFailures: z.number().int().min(1).max(10_000).default(10),
});
export type EndpointHealthPolicy = z.output<typeof EndpointHealthPolicySchema>;
export type EndpointHealthPolicyInput = z.input<typeof EndpointHealthPolicySchema>;

/** The default {@link EndpointHealthPolicy}. */
export const DEFAULT_ENDPOINT_HEALTH: EndpointHealthPolicy = Object.freeze(
  EndpointHealthPolicySchema.parse({}),
);

/** An endpoint after a round of attempts, and whether that round disabled it. */
export interface EndpointHealthChange {
  readonly endpoint: WebhookEndpoint;
  /** Why it was disabled just now, if it was. */
  readonly disabled?: 'failing' | 'gone';
}

/**
 * An endpoint's health after attempts made to it (in the order they were sent): a success ends a
 * failing streak; a failure starts or extends one; the policy decides whether it is disabled. An
 * endpoint already disabled stays as it is. The version moves only when it is disabled: health is not
 * configuration, and people editing an endpoint should not be refused because it answered. Pure.
 *
 * @example
 * ```ts
 * const { endpoint, disabled } = applyAttempts(endpoint, results, DEFAULT_ENDPOINT_HEALTH, now);
 * if (disabled) // publish webhook.endpoint_disabled
 * ```
 */
export function applyAttempts(
  endpoint: WebhookEndpoint,
  results: readonly AttemptResult[],
  policy: EndpointHealthPolicy,
  now: Date,
): EndpointHealthChange {
  if (results.length === 0 || endpoint.status !== 'enabled') return { endpoint };
  let next: WebhookEndpoint = endpoint;
  let gone = false;
  for (const result of [...results].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const verdict = attemptVerdict(result);
    if (verdict === 'delivered') {
      const { failingSince: _f, ...rest } = next;
      next = { ...rest, consecutiveFailures: 0, lastSuccessAt: result.at };
    } else {
      gone ||= verdict === 'gone';
      next = {
        ...next,
        failingSince: next.failingSince ?? result.at,
        consecutiveFailures: next.consecutiveFailures + 1,
        lastFailureAt: result.at,
      };
    }
  }
  // Health is not configuration: only a change of status moves the version people edit against.
  next = { ...next, updatedAt: now };
  const failing =
    next.failingSince !== undefined &&
    now.getTime() - next.failingSince.getTime() >= policy.disableAfterMs &&
    next.consecutiveFailures >= policy.minFailures;
  const reason = gone ? 'gone' : failing ? 'failing' : undefined;
  if (reason === undefined) return { endpoint: next };
  return {
    endpoint: {
      ...next,
      status: 'disabled',
      disabledAt: now,
      disabledReason: reason,
      version: endpoint.version + 1,
    },
    disabled: reason,
  };
}
