import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPT_LOG, WebhookDeliverySchema } from '../../src/model/webhook.js';
import { attemptVerdict, recordAttempt } from '../../src/webhooks/attempt.js';
import { DEFAULT_RETRY_POLICY, RetryPolicySchema } from '../../src/webhooks/retry-policy.js';
import { delivery, HOUR, later, NOW, SECOND } from './support.js';

const ctx = { policy: DEFAULT_RETRY_POLICY, now: NOW, random: 0.5 };
const answered = (statusCode: number, extra: object = {}) => ({
  at: NOW,
  latencyMs: 20,
  statusCode,
  ...extra,
});

describe('what an attempt means', () => {
  it('delivered on any 2xx; gone on 410; tried again on anything else, or no answer', () => {
    expect([200, 201, 204, 299].map((s) => attemptVerdict(answered(s)))).toEqual(Array(4).fill('delivered'));
    expect(attemptVerdict(answered(410))).toBe('gone');
    expect([301, 400, 404, 429, 500, 503].map((s) => attemptVerdict(answered(s)))).toEqual(
      Array(6).fill('retry'),
    );
    expect(attemptVerdict({ at: NOW, latencyMs: 15_000, error: 'timed out after 15000 ms' })).toBe('retry');
  });
});

describe('a delivery after an attempt', () => {
  it('is delivered, with the attempt logged', () => {
    const next = recordAttempt(delivery(1), answered(204), ctx);
    expect(next).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: NOW, lastStatusCode: 204 });
    expect(next.nextAttemptAt).toBeUndefined();
    expect(next.lastError).toBeUndefined();
    expect(next.attemptLog).toEqual([{ attempt: 1, at: NOW, ok: true, statusCode: 204, latencyMs: 20 }]);
    expect(WebhookDeliverySchema.safeParse(next).success).toBe(true);
  });

  it('waits its turn on the schedule after a failure, and says why it failed', () => {
    const first = recordAttempt(delivery(1), answered(500), ctx);
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
    });
    expect(first.nextAttemptAt).toEqual(later(5 * SECOND));
    const second = recordAttempt(
      first,
      { at: NOW, latencyMs: 15_000, error: 'timed out after 15000 ms' },
      ctx,
    );
    expect(second.nextAttemptAt).toEqual(later(15 * SECOND));
    expect(second.lastError).toBe('timed out after 15000 ms');
    // The status code of an earlier answer does not stay as the last one.
    expect(second.lastStatusCode).toBeUndefined();
  });

  it('fails after its last attempt, kept for replay', () => {
    const policy = RetryPolicySchema.parse({ attempts: 3 });
    let d = delivery(1);
    for (let i = 0; i < 3; i++) d = recordAttempt(d, answered(503), { ...ctx, policy });
    expect(d).toMatchObject({ status: 'failed', attempts: 3, failedAt: NOW });
    expect(d.nextAttemptAt).toBeUndefined();
    expect(d.attemptLog.map((a) => a.attempt)).toEqual([1, 2, 3]);
  });

  it('fails at once when the endpoint is gone (410)', () => {
    expect(recordAttempt(delivery(1), answered(410), ctx)).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 410',
    });
  });

  it('waits longer when the endpoint asks to (Retry-After), never past the longest wait', () => {
    expect(recordAttempt(delivery(1), answered(429, { retryAfter: '60' }), ctx).nextAttemptAt).toEqual(
      later(60 * SECOND),
    );
    // Asking for less than the backoff does not hurry it.
    expect(recordAttempt(delivery(1), answered(429, { retryAfter: '1' }), ctx).nextAttemptAt).toEqual(
      later(5 * SECOND),
    );
    expect(recordAttempt(delivery(1), answered(503, { retryAfter: '999999' }), ctx).nextAttemptAt).toEqual(
      later(6 * HOUR),
    );
  });

  it('starts the schedule over after a replay, and keeps counting attempts', () => {
    const policy = RetryPolicySchema.parse({ attempts: 2 });
    const replayed = delivery(1, { attempts: 2, replays: 1, replayedAtAttempt: 2 });
    const next = recordAttempt(replayed, answered(500), { ...ctx, policy });
    expect(next).toMatchObject({ status: 'pending', attempts: 3 });
    expect(next.nextAttemptAt).toEqual(later(5 * SECOND));
    expect(recordAttempt(next, answered(500), { ...ctx, policy }).status).toBe('failed');
  });

  it('keeps the latest attempts only', () => {
    const policy = RetryPolicySchema.parse({ attempts: 50 });
    let d = delivery(1);
    for (let i = 0; i < MAX_ATTEMPT_LOG + 5; i++) d = recordAttempt(d, answered(500), { ...ctx, policy });
    expect(d.attemptLog).toHaveLength(MAX_ATTEMPT_LOG);
    expect(d.attemptLog[0]?.attempt).toBe(6);
    expect(d.attempts).toBe(MAX_ATTEMPT_LOG + 5);
  });

  it('does not change the delivery it was given', () => {
    const d = Object.freeze(delivery(1));
    recordAttempt(d, answered(500), ctx);
    expect(d.attempts).toBe(0);
  });
});
