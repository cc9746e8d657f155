import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from '../../src/errors/errors.js';
import {
  newWebhookSecret,
  signingSecrets,
  WebhookSecretSchema,
  webhookBody,
  webhookHeaders,
} from '../../src/webhooks/signature.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { event, HOUR, later, MINUTE, NOW, OTHER_SECRET, SECRET } from './support.js';

const signed = (secrets = [SECRET], at = NOW) => {
  const body = webhookBody(event(7));
  return { body, headers: webhookHeaders('evt_7', body, secrets, at) };
};

describe('signing per Standard Webhooks', () => {
  it('writes the event as type, timestamp and data, with its id, workspace, contact and position', () => {
    expect(JSON.parse(webhookBody(event(7)))).toEqual({
      type: 'contact.updated',
      timestamp: NOW.toISOString(),
      data: { contactId: 'c_1', changed: ['name'] },
      id: 'evt_7',
      workspaceId: 'acme',
      contactId: 'c_1',
      position: 7,
    });
  });

  it('signs so that the standardwebhooks library itself verifies it', () => {
    const { body, headers } = signed([SECRET], new Date());
    expect(headers['webhook-id']).toBe('evt_7');
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('sends both signatures during a rotation: either secret verifies', () => {
    const { body, headers } = signed([OTHER_SECRET, SECRET]);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifyWebhook(body, headers, SECRET, { now: NOW }).id).toBe('evt_7');
    expect(verifyWebhook(body, headers, OTHER_SECRET, { now: NOW }).id).toBe('evt_7');
  });

  it('signs with the secrets whose overlap has not ended', () => {
    const secrets = [
      { secret: OTHER_SECRET, createdAt: NOW },
      { secret: SECRET, createdAt: NOW, expiresAt: later(HOUR) },
    ];
    expect(signingSecrets(secrets, NOW)).toEqual([OTHER_SECRET, SECRET]);
    expect(signingSecrets(secrets, later(HOUR))).toEqual([OTHER_SECRET]);
  });

  it('makes and accepts secrets of the standard form only', () => {
    const made = newWebhookSecret(new Uint8Array(32).fill(1));
    expect(WebhookSecretSchema.safeParse(made).success).toBe(true);
    expect(WebhookSecretSchema.safeParse('whsec_short').success).toBe(false);
    expect(WebhookSecretSchema.safeParse('secret').success).toBe(false);
    expect(WebhookSecretSchema.safeParse(`whsec_${'!'.repeat(40)}`).success).toBe(false);
  });
});

describe('verifyWebhook, for receivers', () => {
  it('returns the payload of a genuine webhook, from a record or a fetch Headers', () => {
    const { body, headers } = signed();
    expect(verifyWebhook(body, headers, SECRET, { now: NOW }).type).toBe('contact.updated');
    expect(
      verifyWebhook(Buffer.from(body), new Headers(headers), [OTHER_SECRET, SECRET], { now: NOW }).id,
    ).toBe('evt_7');
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(body, upper, SECRET, { now: NOW }).id).toBe('evt_7');
  });

  it('refuses a changed body, another secret, missing headers and an old timestamp', () => {
    const { body, headers } = signed();
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookSignatureError);
        return (error as WebhookSignatureError).reason;
      }
      return 'verified';
    };
    expect(reason(() => verifyWebhook(body.replace('name', 'nome'), headers, SECRET, { now: NOW }))).toMatch(
      /no signature/,
    );
    expect(reason(() => verifyWebhook(body, headers, OTHER_SECRET, { now: NOW }))).toMatch(/no signature/);
    expect(
      reason(() => verifyWebhook(body, { ...headers, 'webhook-id': 'evt_8' }, SECRET, { now: NOW })),
    ).toMatch(/no signature/);
    expect(reason(() => verifyWebhook(body, { 'webhook-id': 'evt_7' }, SECRET, { now: NOW }))).toMatch(
      /missing/,
    );
    expect(reason(() => verifyWebhook(body, headers, SECRET, { now: later(6 * MINUTE) }))).toMatch(/too far/);
    expect(reason(() => verifyWebhook(body, headers, SECRET, { now: later(4 * MINUTE) }))).toBe('verified');
    expect(
      reason(() => verifyWebhook(body, { ...headers, 'webhook-timestamp': 'x' }, SECRET, { now: NOW })),
    ).toMatch(/number/);
    expect(reason(() => verifyWebhook(body, headers, 'not-a-secret', { now: NOW }))).toMatch(
      /no signature|valid signing/,
    );
  });
});
