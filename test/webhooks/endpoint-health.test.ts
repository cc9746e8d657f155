import { describe, expect, it } from 'vitest';
import { WebhookEndpointSchema } from '../../src/model/webhook.js';
import type { AttemptResult } from '../../src/webhooks/attempt.js';
import {
  applyAttempts,
  DEFAULT_ENDPOINT_HEALTH,
  EndpointHealthPolicySchema,
} from '../../src/webhooks/endpoint-health.js';
import { DAY, endpoint, HOUR, later, NOW } from './support.js';

const failed = (at: Date): AttemptResult => ({ at, latencyMs: 10, statusCode: 500 });
const ok = (at: Date): AttemptResult => ({ at, latencyMs: 10, statusCode: 200 });

describe('an endpoint that keeps failing', () => {
  it('counts a failing streak from its first failure, without moving the version', () => {
    const { endpoint: next, disabled } = applyAttempts(
      endpoint(),
      [failed(NOW), failed(later(HOUR))],
      DEFAULT_ENDPOINT_HEALTH,
      later(HOUR),
    );
    expect(disabled).toBeUndefined();
    expect(next).toMatchObject({
      status: 'enabled',
      failingSince: NOW,
      consecutiveFailures: 2,
      lastFailureAt: later(HOUR),
      version: 1,
    });
  });

  it('ends the streak on a success', () => {
    const failing = endpoint({ failingSince: NOW, consecutiveFailures: 7 });
    const { endpoint: next } = applyAttempts(
      failing,
      [ok(later(HOUR))],
      DEFAULT_ENDPOINT_HEALTH,
      later(HOUR),
    );
    expect(next.failingSince).toBeUndefined();
    expect(next).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: later(HOUR) });
  });

  it('is disabled once it has failed for 5 days and 10 attempts in a row', () => {
    const failing = endpoint({ failingSince: NOW, consecutiveFailures: 9 });
    const early = applyAttempts(failing, [failed(later(4 * DAY))], DEFAULT_ENDPOINT_HEALTH, later(4 * DAY));
    expect(early.disabled).toBeUndefined();
    const few = applyAttempts(
      endpoint({ failingSince: NOW, consecutiveFailures: 2 }),
      [failed(later(6 * DAY))],
      DEFAULT_ENDPOINT_HEALTH,
      later(6 * DAY),
    );
    expect(few.disabled).toBeUndefined();
    const { endpoint: next, disabled } = applyAttempts(
      failing,
      [failed(later(5 * DAY))],
      DEFAULT_ENDPOINT_HEALTH,
      later(5 * DAY),
    );
    expect(disabled).toBe('failing');
    expect(next).toMatchObject({
      status: 'disabled',
      disabledReason: 'failing',
      disabledAt: later(5 * DAY),
      version: 2,
    });
    expect(WebhookEndpointSchema.safeParse(next).success).toBe(true);
  });

  it('is disabled at once when it answers 410 Gone', () => {
    const { disabled, endpoint: next } = applyAttempts(
      endpoint(),
      [{ at: NOW, latencyMs: 5, statusCode: 410 }],
      DEFAULT_ENDPOINT_HEALTH,
      NOW,
    );
    expect(disabled).toBe('gone');
    expect(next.disabledReason).toBe('gone');
  });

  it('follows the policy it is given, and leaves a disabled endpoint as it is', () => {
    const quick = EndpointHealthPolicySchema.parse({ disableAfterMs: 0, minFailures: 1 });
    expect(applyAttempts(endpoint(), [failed(NOW)], quick, NOW).disabled).toBe('failing');
    const off = endpoint({ status: 'disabled', disabledReason: 'manual', disabledAt: NOW });
    expect(applyAttempts(off, [failed(NOW)], quick, NOW).endpoint).toBe(off);
  });
});
