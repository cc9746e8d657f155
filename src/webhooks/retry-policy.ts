import { z } from 'zod';

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * When a failed delivery is tried again: exponential backoff with jitter. The wait after the n-th
 * failed attempt is `firstDelayMs × factor^(n−1)`, at most `maxDelayMs`, times a random factor in
 * `[1 − jitter, 1 + jitter]`; after `attempts` attempts in all the delivery is marked failed and kept
 * for replay. The defaults (5 s, ×3, at most 6 h, 12 attempts) wait about 22.6 hours in all; see
 * {@link retrySchedule} and docs/webhooks.md for the table.
 */
export const RetryPolicySchema = z.object({
  /** Attempts in all, the first included (default 12). */
  attempts: z.number().int().min(1).max(50).default(12),
  /** The wait after the first failure (default 5 s). */
  firstDelayMs: z
    .number()
    .int()
    .min(0)
    .max(DAY_MS)
    .default(5 * SECOND_MS),
  /** How much longer each wait is than the one before (default 3). */
  factor: z.number().min(1).max(10).default(3),
  /** The longest wait (default 6 hours). */
  maxDelayMs: z
    .number()
    .int()
    .min(0)
    .max(7 * DAY_MS)
    .default(6 * HOUR_MS),
  /** How far each wait may stray from the schedule, as a share of it (default 0.2: ±20 %). */
  jitter: z.number().min(0).max(1).default(0.2),
});
export type RetryPolicy = z.output<typeof RetryPolicySchema>;
export type RetryPolicyInput = z.input<typeof RetryPolicySchema>;

/** The default {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze(RetryPolicySchema.parse({}));

/**
 * The wait after the `failed`-th failed attempt of a series, before jitter; null when the policy
 * allows no further attempt.
 *
 * @example
 * ```ts
 * nominalRetryDelayMs(1, DEFAULT_RETRY_POLICY) // 5_000
 * nominalRetryDelayMs(12, DEFAULT_RETRY_POLICY) // null: 12 attempts were the last
 * ```
 */
export function nominalRetryDelayMs(failed: number, policy: RetryPolicy): number | null {
  if (failed >= policy.attempts) return null;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** Math.max(0, failed - 1));
}

/**
 * The wait after the `failed`-th failed attempt, with jitter from `random` (a number in [0, 1)); null
 * when no attempt follows. Pure: the caller draws the random number.
 *
 * @example
 * ```ts
 * retryDelayMs(2, DEFAULT_RETRY_POLICY, 0.5) // 15_000 (the middle of 12 s … 18 s)
 * ```
 */
export function retryDelayMs(failed: number, policy: RetryPolicy, random: number): number | null {
  const nominal = nominalRetryDelayMs(failed, policy);
  if (nominal === null) return null;
  const r = Math.min(1, Math.max(0, random));
  return Math.round(nominal * (1 - policy.jitter + 2 * policy.jitter * r));
}

/** One step of a retry schedule. */
export interface RetryStep {
  /** Which attempt (2 is the first retry). */
  readonly attempt: number;
  /** The wait before it. */
  readonly delayMs: number;
  /** Its time after the first attempt. */
  readonly afterMs: number;
}

/**
 * A policy's schedule without jitter: each retry, its wait, and its time after the first attempt.
 *
 * @example
 * ```ts
 * retrySchedule(DEFAULT_RETRY_POLICY).at(-1) // { attempt: 12, delayMs: 21_600_000, afterMs: 81_200_000 }
 * ```
 */
export function retrySchedule(policy: RetryPolicy): RetryStep[] {
  const steps: RetryStep[] = [];
  let afterMs = 0;
  for (let failed = 1; ; failed++) {
    const delayMs = nominalRetryDelayMs(failed, policy);
    if (delayMs === null) return steps;
    afterMs += delayMs;
    steps.push({ attempt: failed + 1, delayMs, afterMs });
  }
}

/**
 * What a `Retry-After` header asks for, in ms from `now`: delay seconds or an HTTP date. Undefined when
 * absent or unreadable; never negative.
 *
 * @example
 * ```ts
 * retryAfterMs('120', now) // 120_000
 * retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', now)
 * ```
 */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * SECOND_MS;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - now.getTime());
}
