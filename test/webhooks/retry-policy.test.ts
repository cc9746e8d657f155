import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  nominalRetryDelayMs,
  RetryPolicySchema,
  retryAfterMs,
  retryDelayMs,
  retrySchedule,
} from '../../src/webhooks/retry-policy.js';
import { HOUR, NOW, SECOND } from './support.js';

describe('the retry schedule', () => {
  it('waits 5 s, then three times longer each time, at most 6 hours, for 12 attempts in all', () => {
    const schedule = retrySchedule(DEFAULT_RETRY_POLICY);
    expect(schedule.map((s) => s.delayMs / SECOND)).toEqual([
      5, 15, 45, 135, 405, 1215, 3645, 10935, 21600, 21600, 21600,
    ]);
    expect(schedule.map((s) => s.attempt)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('gives up about a day after the first attempt', () => {
    const last = retrySchedule(DEFAULT_RETRY_POLICY).at(-1)!;
    expect(last.afterMs).toBe(81_200 * SECOND);
    expect(last.afterMs / HOUR).toBeGreaterThan(20);
    expect(last.afterMs / HOUR).toBeLessThan(26);
  });

  it('allows no attempt after the last', () => {
    expect(nominalRetryDelayMs(11, DEFAULT_RETRY_POLICY)).toBe(21_600 * SECOND);
    expect(nominalRetryDelayMs(12, DEFAULT_RETRY_POLICY)).toBeNull();
    expect(retryDelayMs(12, DEFAULT_RETRY_POLICY, 0.5)).toBeNull();
    expect(retrySchedule(RetryPolicySchema.parse({ attempts: 1 }))).toEqual([]);
  });

  it('strays at most ±20 % from the schedule, as the random number says', () => {
    expect(retryDelayMs(2, DEFAULT_RETRY_POLICY, 0)).toBe(12 * SECOND);
    expect(retryDelayMs(2, DEFAULT_RETRY_POLICY, 0.5)).toBe(15 * SECOND);
    expect(retryDelayMs(2, DEFAULT_RETRY_POLICY, 0.999_999)).toBe(18 * SECOND);
    const noJitter = RetryPolicySchema.parse({ jitter: 0 });
    expect(retryDelayMs(3, noJitter, 0.9)).toBe(45 * SECOND);
  });

  it('refuses a policy out of bounds', () => {
    expect(RetryPolicySchema.safeParse({ attempts: 0 }).success).toBe(false);
    expect(RetryPolicySchema.safeParse({ jitter: 2 }).success).toBe(false);
    expect(RetryPolicySchema.safeParse({ factor: 0.5 }).success).toBe(false);
  });
});

describe('Retry-After', () => {
  it('reads delay seconds and HTTP dates', () => {
    expect(retryAfterMs('120', NOW)).toBe(120 * SECOND);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
    expect(retryAfterMs(new Date(NOW.getTime() + 90 * SECOND).toUTCString(), NOW)).toBe(90 * SECOND);
    expect(retryAfterMs(new Date(NOW.getTime() - 90 * SECOND).toUTCString(), NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs('-5', NOW)).toBeUndefined();
    expect(retryAfterMs('2026', NOW)).toBe(2026 * SECOND);
  });
});
