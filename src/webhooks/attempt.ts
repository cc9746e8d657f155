import { MAX_ATTEMPT_LOG, type WebhookAttempt, type WebhookDelivery } from '../model/webhook.js';
import { type RetryPolicy, retryAfterMs, retryDelayMs } from './retry-policy.js';

/** What one HTTP attempt came to, as the relay saw it. */
export interface AttemptResult {
  /** When the request was sent. */
  readonly at: Date;
  readonly latencyMs: number;
  /** The status the endpoint answered, when it answered. */
  readonly statusCode?: number;
  /** Why there was no answer, or what the answer meant (`timed out after 15000 ms`). */
  readonly error?: string;
  /** The endpoint's `Retry-After` header, when it sent one. */
  readonly retryAfter?: string;
}

/**
 * What an attempt means: any 2xx is `delivered`; `410 Gone` is the endpoint asking to be removed
 * (`gone`: the delivery fails and the endpoint is disabled, as Standard Webhooks recommends);
 * anything else, a 3xx included (redirects are not followed), or no answer, is tried again.
 */
export type AttemptVerdict = 'delivered' | 'retry' | 'gone';

/**
 * The verdict on one attempt.
 *
 * @example
 * ```ts
 * attemptVerdict({ at, latencyMs: 12, statusCode: 204 }) // 'delivered'
 * attemptVerdict({ at, latencyMs: 15000, error: 'timed out after 15000 ms' }) // 'retry'
 * ```
 */
export function attemptVerdict(result: AttemptResult): AttemptVerdict {
  const status = result.statusCode;
  if (status !== undefined && status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  return 'retry';
}

/** The error text an attempt leaves in the delivery log. */
function errorOf(result: AttemptResult): string | undefined {
  if (result.error !== undefined) return result.error.slice(0, 500);
  if (result.statusCode !== undefined && attemptVerdict(result) !== 'delivered')
    return `HTTP ${result.statusCode}`;
  return undefined;
}

/**
 * A delivery after one more attempt: the attempt logged (the latest {@link MAX_ATTEMPT_LOG} kept), and
 * the delivery `delivered`, `failed` (the schedule is spent, or the endpoint is gone: kept for replay),
 * or still `pending` with the next attempt's time. The next time is the backoff's, or later when the
 * endpoint's `Retry-After` asks for more (never past the policy's longest wait). Pure: the caller
 * passes the time and a random number in [0, 1) for the jitter.
 *
 * @example
 * ```ts
 * const next = recordAttempt(delivery, { at, latencyMs: 30, statusCode: 503 }, { policy, now, random: Math.random() });
 * next.status // 'pending', next.nextAttemptAt ≈ now + 5 s on the first failure
 * ```
 */
export function recordAttempt(
  delivery: WebhookDelivery,
  result: AttemptResult,
  ctx: { readonly policy: RetryPolicy; readonly now: Date; readonly random: number },
): WebhookDelivery {
  const verdict = attemptVerdict(result);
  const error = errorOf(result);
  const attempt: WebhookAttempt = {
    attempt: delivery.attempts + 1,
    at: result.at,
    ok: verdict === 'delivered',
    ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
    latencyMs: Math.max(0, result.latencyMs),
    ...(error === undefined ? {} : { error }),
  };
  const {
    nextAttemptAt: _next,
    lastStatusCode: _status,
    lastError: _error,
    failedAt: _failed,
    ...rest
  } = delivery;
  const base: WebhookDelivery = {
    ...rest,
    attempts: attempt.attempt,
    updatedAt: ctx.now,
    attemptLog: [...delivery.attemptLog, attempt].slice(-MAX_ATTEMPT_LOG),
    ...(result.statusCode === undefined ? {} : { lastStatusCode: result.statusCode }),
    ...(error === undefined ? {} : { lastError: error }),
  };
  if (verdict === 'delivered') return { ...base, status: 'delivered', deliveredAt: result.at };
  const failedInSeries = attempt.attempt - delivery.replayedAtAttempt;
  const backoff = verdict === 'gone' ? null : retryDelayMs(failedInSeries, ctx.policy, ctx.random);
  if (backoff === null) return { ...base, status: 'failed', failedAt: ctx.now };
  const asked = retryAfterMs(result.retryAfter, ctx.now) ?? 0;
  const wait = Math.max(backoff, Math.min(asked, ctx.policy.maxDelayMs));
  return { ...base, status: 'pending', nextAttemptAt: new Date(ctx.now.getTime() + wait) };
}
