import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../src/errors/errors.js';
import { createRelay } from '../../src/service/webhook-relay.js';
import { makeLogEntry } from '../../src/testing/fixtures.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { relaySetup } from './relay-harness.js';
import { DAY, HOUR, MINUTE, SECOND } from './support.js';

const URL = 'http://127.0.0.1:9/hook';

describe('the relay', () => {
  it('delivers each new event to the endpoint, signed, once, with the event id as webhook-id', async () => {
    const s = relaySetup();
    await s.kit.contacts.ingest(s.event('early@example.com'));
    const { endpoint, secret } = await s.kit.webhooks.create('ws', { url: URL });
    const { contactId } = await s.kit.contacts.ingest(s.event('ana@example.com'));
    const report = await s.pass();
    expect(report).toMatchObject({ delivered: 1, attempted: 1, retrying: 0 });
    // Only what happened after the endpoint was made.
    expect(s.sentBodies().map((b) => [b.type, b.contactId])).toEqual([['contact.created', contactId]]);
    const [request] = s.sent;
    const payload = verifyWebhook(request!.body, request!.headers, secret, { now: s.now() });
    expect(payload.id).toBe(request!.headers['webhook-id']);
    const log = await s.kit.webhooks.deliveries('ws', endpoint.id);
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      eventId: payload.id,
    });
    // Nothing new: nothing sent again.
    await s.pass();
    expect(s.sent).toHaveLength(1);
  });

  it('sends only the types an endpoint subscribed to', async () => {
    const s = relaySetup();
    await s.kit.webhooks.create('ws', { url: URL, eventTypes: ['contact.updated'] });
    const { contactId } = await s.kit.contacts.ingest(s.event('ana@example.com'));
    await s.kit.contacts.updateContact('ws', contactId, { profile: { firstName: 'Ana' } });
    await s.pass();
    expect(s.sentBodies().map((b) => b.type)).toEqual(['contact.updated']);
  });

  it('retries on the schedule, by the clock, and delivers when the endpoint comes back', async () => {
    const s = relaySetup();
    await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => ({ status: 503 }));
    expect(await s.pass()).toMatchObject({ attempted: 1, retrying: 1 });
    // Not due yet (5 s, the first wait): nothing sent.
    s.advance(4 * SECOND);
    await s.pass();
    expect(s.sent).toHaveLength(1);
    s.advance(1 * SECOND);
    await s.pass();
    expect(s.sent).toHaveLength(2);
    s.advance(15 * SECOND);
    s.answer(() => ({ status: 204 }));
    expect(await s.pass()).toMatchObject({ delivered: 1 });
    expect(new Set(s.sentIds()).size).toBe(1);
    const [endpoint] = (await s.kit.webhooks.list('ws')).items;
    const [d] = (await s.kit.webhooks.deliveries('ws', endpoint!.id)).items;
    expect(d!.attemptLog.map((a) => [a.attempt, a.statusCode, a.ok])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 204, true],
    ]);
    expect(endpoint).toMatchObject({ consecutiveFailures: 0 });
  });

  it('holds back a contact’s later events behind a failing one, not other contacts’', async () => {
    const s = relaySetup();
    await s.kit.webhooks.create('ws', { url: URL });
    const ana = await s.kit.contacts.ingest(s.event('ana@example.com'));
    const bob = await s.kit.contacts.ingest(s.event('bob@example.com'));
    await s.kit.contacts.updateContact('ws', ana.contactId, { profile: { firstName: 'Ana' } });
    let anaFails = true;
    s.answer((r) => ({ status: anaFails && JSON.parse(r.body).contactId === ana.contactId ? 500 : 200 }));
    await s.pass();
    // Ana's creation failed; her update waits behind it; Bob's went.
    expect(s.sentBodies().map((b) => [b.contactId, b.type])).toEqual([
      [ana.contactId, 'contact.created'],
      [bob.contactId, 'contact.created'],
    ]);
    anaFails = false;
    s.advance(MINUTE);
    await s.pass();
    expect(
      s
        .sentBodies()
        .slice(2)
        .map((b) => [b.contactId, b.type]),
    ).toEqual([
      [ana.contactId, 'contact.created'],
      [ana.contactId, 'contact.updated'],
    ]);
  });

  it('waits as long as Retry-After asks', async () => {
    const s = relaySetup();
    await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => ({ status: 429, retryAfter: '120' }));
    await s.pass();
    s.advance(119 * SECOND);
    await s.pass();
    expect(s.sent).toHaveLength(1);
    s.advance(SECOND);
    await s.pass();
    expect(s.sent).toHaveLength(2);
  });

  it('marks a delivery failed after its last attempt, keeps it, and replays it', async () => {
    const s = relaySetup({ relay: { retry: { attempts: 3 } } });
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    });
    for (let i = 0; i < 3; i++) {
      await s.pass();
      s.advance(HOUR);
    }
    const [failed] = (await s.kit.webhooks.deliveries('ws', endpoint.id, { status: 'failed' })).items;
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'connect ECONNREFUSED 127.0.0.1:9',
    });
    await expect(s.kit.webhooks.replay('ws', 'whd_nope')).rejects.toThrow(/not found/);
    s.answer(() => ({ status: 200 }));
    const replayed = await s.kit.webhooks.replay('ws', failed!.id);
    expect(replayed).toMatchObject({ status: 'pending', replays: 1, replayedAtAttempt: 3 });
    await expect(s.kit.webhooks.replay('ws', failed!.id)).rejects.toThrow(IllegalTransitionError);
    await s.pass();
    expect(await s.kit.webhooks.delivery('ws', failed!.id)).toMatchObject({
      status: 'delivered',
      attempts: 4,
    });
    expect(new Set(s.sentIds()).size).toBe(1);
  });

  it('replays every failed delivery of an endpoint after an outage', async () => {
    const s = relaySetup({ relay: { retry: { attempts: 1 } } });
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    for (const who of ['a', 'b', 'c']) await s.kit.contacts.ingest(s.event(`${who}@example.com`));
    s.answer(() => ({ status: 500 }));
    expect(await s.pass()).toMatchObject({ failed: 3 });
    s.answer(() => ({ status: 200 }));
    expect(await s.kit.webhooks.replayFailed('ws', endpoint.id)).toEqual({ replayed: 3 });
    expect(await s.pass()).toMatchObject({ delivered: 3 });
  });

  it('disables an endpoint that keeps failing, and publishes that it did', async () => {
    const s = relaySetup({ relay: { health: { disableAfterMs: DAY, minFailures: 3 } } });
    const { endpoint: bad } = await s.kit.webhooks.create('ws', { url: URL, description: 'down' });
    const { endpoint: good } = await s.kit.webhooks.create('ws', { url: `${URL}/good` });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer((r) => ({ status: r.url.endsWith('/good') ? 200 : 500 }));
    for (let i = 0; i < 8 && (await s.kit.webhooks.get('ws', bad.id)).status === 'enabled'; i++) {
      await s.pass();
      s.advance(6 * HOUR);
    }
    const disabled = await s.kit.webhooks.get('ws', bad.id);
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    await s.pass();
    const toGood = s.sentBodies().filter((_, i) => s.sent[i]!.url.endsWith('/good'));
    const notice = toGood.find((b) => b.type === 'webhook.endpoint_disabled') as unknown as {
      data: { endpointId: string; reason: string };
    };
    expect(notice.data).toMatchObject({ endpointId: bad.id, reason: 'failing' });
    // Nothing more goes to a disabled endpoint.
    const before = s.sent.filter((r) => !r.url.endsWith('/good')).length;
    await s.kit.contacts.ingest(s.event('bob@example.com'));
    s.advance(DAY);
    await s.pass();
    expect(s.sent.filter((r) => !r.url.endsWith('/good')).length).toBe(before);
    expect((await s.kit.webhooks.get('ws', good.id)).status).toBe('enabled');
  });

  it('disables at once an endpoint answering 410 Gone', async () => {
    const s = relaySetup();
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => ({ status: 410 }));
    expect(await s.pass()).toMatchObject({ disabled: 1, failed: 1 });
    expect(await s.kit.webhooks.get('ws', endpoint.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'gone',
    });
  });

  it('delivers a disabled endpoint’s held deliveries once it is enabled again', async () => {
    const s = relaySetup();
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => ({ status: 500 }));
    await s.pass();
    await s.kit.webhooks.disable('ws', endpoint.id);
    s.answer(() => ({ status: 200 }));
    s.advance(HOUR);
    await s.pass();
    expect(s.sent).toHaveLength(1);
    expect(await s.kit.webhooks.enable('ws', endpoint.id)).toMatchObject({
      status: 'enabled',
      consecutiveFailures: 0,
    });
    expect(await s.pass()).toMatchObject({ delivered: 1 });
  });

  it('skips the deliveries of an erased contact’s events, and delivers the erasure', async () => {
    const s = relaySetup();
    await s.kit.webhooks.create('ws', { url: URL });
    const { contactId } = await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => ({ status: 500 }));
    await s.pass();
    await s.kit.privacy.erase('ws', contactId);
    s.answer(() => ({ status: 200 }));
    s.advance(MINUTE);
    expect(await s.pass()).toMatchObject({ skipped: 1, delivered: 1 });
    expect(s.sentBodies().at(-1)).toMatchObject({ type: 'contact.erased', contactId });
  });

  it('signs with both secrets during a rotation’s overlap, then with the new one only', async () => {
    const s = relaySetup();
    const { endpoint, secret: old } = await s.kit.webhooks.create('ws', { url: URL });
    const { secret: fresh, endpoint: rotated } = await s.kit.webhooks.rotateSecret('ws', endpoint.id, {
      overlap: { hours: 1 },
    });
    expect(rotated.previousSecretExpiresAt).toEqual(new Date(s.now().getTime() + HOUR));
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    await s.pass();
    const [first] = s.sent;
    expect(first!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [old, fresh]) verifyWebhook(first!.body, first!.headers, secret, { now: s.now() });
    s.advance(HOUR);
    await s.kit.contacts.ingest(s.event('bob@example.com'));
    await s.pass();
    const second = s.sent.at(-1)!;
    expect(() => verifyWebhook(second.body, second.headers, old, { now: s.now() })).toThrow(/no signature/);
    verifyWebhook(second.body, second.headers, fresh, { now: s.now() });
  });

  it('lets one relay at a time work in a workspace', async () => {
    const s = relaySetup();
    await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    s.answer(async () => {
      await gate;
      return { status: 200 };
    });
    const first = s.relay.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const other = createRelay(s.kit, {
      transport: async () => ({ status: 200 }),
      timeoutMs: 1000,
      leaseMs: 10_000,
    });
    expect((await other.runOnce()).workspaces).toBe(0);
    release();
    expect((await first).delivered).toBe(1);
    expect(s.sent).toHaveLength(1);
  });

  it('refuses settings that would let a lease end during a request', () => {
    const s = relaySetup();
    expect(() => createRelay(s.kit, { timeoutMs: 30_000, leaseMs: 40_000 })).toThrow(/leaseMs/);
  });

  it('runs in the background until stopped', async () => {
    const s = relaySetup({ relay: { pollMs: 5 } });
    await s.kit.webhooks.create('ws', { url: URL });
    s.relay.start();
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    for (let i = 0; i < 200 && s.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await s.relay.stop();
    expect(s.sent).toHaveLength(1);
  });
});

describe('the relay’s rounds', () => {
  it('stops once the log is planned and nothing is due, a batch at a time', async () => {
    const s = relaySetup({ relay: { batchSize: 2, roundsPerLease: 50 } });
    await s.kit.webhooks.create('ws', { url: URL });
    // Exactly two batches of events: the second batch is full, and the log ends with it.
    await s.store.transaction('ws', (tx) =>
      tx.log.append(
        ['a', 'b', 'c', 'd'].map((c) =>
          makeLogEntry('ws', c, `evt_${c}`, { at: s.now(), recordedAt: s.now() }),
        ),
      ),
    );
    let transactions = 0;
    const transaction = s.store.transaction.bind(s.store);
    s.store.transaction = (ws, fn) => {
      transactions++;
      return transaction(ws, fn);
    };
    expect(await s.relay.runOnce()).toMatchObject({ delivered: 4 });
    // Plan, read and record: three transactions a round, a few rounds; never rounds with nothing to do.
    expect(transactions).toBeLessThan(25);
  });
});
