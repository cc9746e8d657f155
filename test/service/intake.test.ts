import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import { eventsAbout } from '../../src/testing/read.js';
import { setup } from './harness.js';

describe('what users of chat products report: each is a test', () => {
  it('two widget users with different user ids typing the same email are not merged, and nothing of either is lost', async () => {
    const { service, event, read } = setup();
    const first = await service.ingest(
      event({
        identities: { userId: 'u1', email: 'shared@example.com' },
        message: { text: 'I am user one' },
      }),
    );
    const second = await service.ingest(
      event({
        identities: { userId: 'u2', email: 'Shared@Example.com' },
        message: { text: 'I am user two' },
      }),
    );
    expect(first.kind).toBe('created');
    expect(second.kind).toBe('conflict');
    expect(second.contactId).not.toBe(first.contactId);
    expect(second.conflicts).toEqual([
      expect.objectContaining({ type: 'email', value: 'shared@example.com', heldBy: first.contactId }),
    ]);
    const one = await read(first.contactId);
    const two = await read(second.contactId);
    expect(one?.identities.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
      'email:shared@example.com',
      'userId:u1',
    ]);
    expect(two?.identities.map((i) => `${i.type}:${i.value}`)).toEqual(['userId:u2']);
    expect(one?.contact.stats.messages).toBe(1);
    expect(two?.contact.stats.messages).toBe(1);
    expect(two?.timeline.items.some((a) => a.type === 'identity.conflict')).toBe(true);
  });

  it('(415) 555-2671 with country US, +1 415-555-2671 and WhatsApp 14155552671 are one identity', async () => {
    const { service, event, read } = setup();
    const a = await service.ingest(event({ identities: { phone: '(415) 555-2671' }, country: 'US' }));
    const b = await service.ingest(event({ identities: { phone: '+1 415-555-2671' } }));
    const c = await service.ingest(event({ channel: 'whatsapp', identities: { whatsapp: '14155552671' } }));
    expect(a.kind).toBe('created');
    expect([b.kind, c.kind]).toEqual(['matched', 'matched']);
    expect(new Set([a.contactId, b.contactId, c.contactId]).size).toBe(1);
    const view = await read(a.contactId);
    expect(view?.identities.map((i) => `${i.type}:${i.value}`)).toEqual(['phone:+14155552671']);
    expect(view?.contact.channels).toEqual(['web', 'whatsapp']);
    expect(view?.contact.stats.messages).toBe(3);
  });

  it('a clash says which contact holds the identity', async () => {
    const { service, event } = setup();
    const holder = await service.ingest(event({ identities: { userId: 'alice', phone: '+447700900123' } }));
    const clash = await service.ingest(
      event({ identities: { userId: 'bob', phone: '07700 900123' }, country: 'GB' }),
    );
    expect(clash.kind).toBe('conflict');
    expect(clash.conflicts).toHaveLength(1);
    expect(clash.conflicts[0]).toMatchObject({
      type: 'phone',
      value: '+447700900123',
      heldBy: holder.contactId,
    });
    expect(clash.conflicts[0]?.reason).toMatch(/userId/);
  });

  it('an event with a user id and an email held by an email-only contact goes to that contact', async () => {
    const { service, event, read } = setup();
    const lead = await service.ingest(
      event({ identities: { email: 'ana@example.com' }, profile: { name: 'Ana' } }),
    );
    const identified = await service.ingest(
      event({ identities: { userId: 'u-42', email: 'ana@example.com' } }),
    );
    expect(identified.kind).toBe('matched');
    expect(identified.contactId).toBe(lead.contactId);
    expect(identified.attached).toEqual([{ type: 'userId', value: 'u-42' }]);
    expect(identified.promoted).toBe(true);
    const view = await read(lead.contactId);
    expect(view?.contact.kind).toBe('customer');
    expect(view?.identities).toHaveLength(2);
  });
});

describe('identity resolution', () => {
  it('creates a contact on first contact and matches it on the next visit by cookie', async () => {
    const { service, event } = setup();
    const a = await service.ingest(event({ identities: { cookie: 'ck_1' } }));
    const b = await service.ingest(event({ identities: { cookie: 'ck_1' } }));
    expect([a.kind, b.kind]).toEqual(['created', 'matched']);
    expect(b.contactId).toBe(a.contactId);
  });

  it('folds an anonymous lead into the known contact when it gives a known email', async () => {
    const { service, event, read, store } = setup();
    const known = await service.ingest(
      event({ identities: { email: 'ana@example.com' }, profile: { company: 'Acme' } }),
    );
    const anon = await service.ingest(
      event({ identities: { cookie: 'ck_9' }, conversation: { id: 'conv-1' }, message: { text: 'hello' } }),
    );
    const merged = await service.ingest(event({ identities: { cookie: 'ck_9', email: 'ANA@example.com' } }));
    expect(merged.kind).toBe('merged');
    expect(merged.contactId).toBe(known.contactId);
    expect(merged.merged).toEqual([anon.contactId]);
    expect(await read(anon.contactId)).toBeNull();
    const view = await read(known.contactId);
    expect(view?.identities.map((i) => i.type).sort()).toEqual(['cookie', 'email']);
    expect(view?.contact.stats.messages).toBe(3);
    expect(view?.contact.stats.conversations).toBe(1);
    expect(view?.conversations.map((c) => c.id)).toEqual(['conv-1']);
    expect(view?.timeline.items.map((a) => a.type)).toContain('contact.merged');
    const outbox = await store.transaction('ws', (tx) => tx.log.events({ limit: 100 }));
    expect(outbox.filter((e) => e.type === 'contact.merged')).toEqual([
      expect.objectContaining({
        contactId: known.contactId,
        payload: { contactId: known.contactId, mergedIds: [anon.contactId] },
      }),
    ]);
  });

  it('never merges two contacts that hold different user ids, and keeps the event on the strongest match', async () => {
    const { service, event, read } = setup();
    const u1 = await service.ingest(event({ identities: { userId: 'u1', cookie: 'ck_a' } }));
    const u2 = await service.ingest(event({ identities: { userId: 'u2', email: 'two@example.com' } }));
    const both = await service.ingest(event({ identities: { userId: 'u1', email: 'two@example.com' } }));
    expect(both.kind).toBe('conflict');
    expect(both.contactId).toBe(u1.contactId);
    expect(both.conflicts[0]).toMatchObject({ type: 'email', heldBy: u2.contactId });
    expect((await read(u2.contactId))?.identities.map((i) => i.value).sort()).toEqual([
      'two@example.com',
      'u2',
    ]);
  });

  it('honours a custom priority: email before userId', async () => {
    const { service, event } = setup({ identity: { priority: ['email', 'userId', 'cookie'] } });
    const byEmail = await service.ingest(event({ identities: { userId: 'u1', email: 'e@example.com' } }));
    const other = await service.ingest(event({ identities: { userId: 'u2' } }));
    const clash = await service.ingest(event({ identities: { userId: 'u2', email: 'e@example.com' } }));
    expect(clash.contactId).toBe(byEmail.contactId);
    expect(clash.conflicts[0]).toMatchObject({ type: 'userId', heldBy: other.contactId });
  });

  it('reports a conflict instead of merging when the workspace turns automatic merge off', async () => {
    const { service, event } = setup({ identity: { autoMerge: 'never' } });
    const a = await service.ingest(event({ identities: { email: 'a@example.com' } }));
    const b = await service.ingest(event({ identities: { cookie: 'ck' } }));
    const both = await service.ingest(event({ identities: { email: 'a@example.com', cookie: 'ck' } }));
    expect(both.kind).toBe('conflict');
    expect(both.contactId).toBe(a.contactId);
    expect(both.conflicts[0]).toMatchObject({ type: 'cookie', heldBy: b.contactId });
  });

  it('ignores blocked values and says so, never matching two people on them', async () => {
    const { service, event } = setup({ identity: { blocked: ['ck_office'] } });
    const a = await service.ingest(
      event({ identities: { email: 'test@test.com', cookie: 'ck_office', phone: '0000000', userId: 'ua' } }),
    );
    const b = await service.ingest(
      event({ identities: { email: 'TEST@test.com', cookie: 'ck_office', userId: 'ub' } }),
    );
    expect(b.contactId).not.toBe(a.contactId);
    expect(a.ignored.map((i) => i.type).sort()).toEqual(['cookie', 'email', 'phone']);
    expect(a.ignored.find((i) => i.type === 'email')?.reason).toMatch(/blocked/);
  });

  it('gives an event with no usable identity an anonymous contact, which its conversation keeps', async () => {
    const { service, event, read } = setup();
    const first = await service.ingest(
      event({ identities: { email: 'null', phone: 'abc' }, conversation: { id: 'api-inbox-1' } }),
    );
    expect(first).toMatchObject({ kind: 'created', created: true });
    expect(first.ignored.map((i) => i.type)).toEqual(['email', 'phone']);
    const again = await service.ingest(event({ identities: {}, conversation: { id: 'api-inbox-1' } }));
    expect(again).toMatchObject({ kind: 'matched', contactId: first.contactId });
    // The visitor then gives an email in the same conversation: it goes to the same contact.
    const named = await service.ingest(
      event({ identities: { email: 'anon@example.com' }, conversation: { id: 'api-inbox-1' } }),
    );
    expect(named).toMatchObject({ kind: 'matched', contactId: first.contactId });
    expect((await read(first.contactId))?.identities.map((i) => i.value)).toEqual(['anon@example.com']);
    // Without a conversation, each such event is a new anonymous contact; a replay changes nothing.
    const lone = event({ identities: { cookie: 'null' } });
    const made = await service.ingest(lone);
    expect(made.kind).toBe('created');
    expect(made.contactId).not.toBe(first.contactId);
    expect(await service.ingest(lone)).toMatchObject({ duplicate: true, contactId: made.contactId });
  });

  it('refuses an event with no usable identity when the workspace says so, the same way in a batch', async () => {
    const { service, event } = setup({ identity: { withoutIdentity: 'reject' } });
    const isNoIdentity = (e: unknown) =>
      e instanceof ValidationError && e.field === 'identities' && /no usable identity/.test(e.reason);
    await expect(service.ingest(event({ identities: { email: 'null', phone: 'abc' } }))).rejects.toSatisfy(
      isNoIdentity,
    );
    const [result] = await service.ingestBatch([event({ identities: {} })]);
    expect(result?.ok).toBe(false);
    expect(result && !result.ok && isNoIdentity(result.error)).toBe(true);
    await expect(
      service.ingest({ workspaceId: 'ws', eventId: 'x', channel: 'web', identities: {} } as never),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('reports invalid identities next to valid ones instead of dropping them', async () => {
    const { service, event } = setup();
    const outcome = await service.ingest(event({ identities: { email: 'not-an-email', cookie: 'ck' } }));
    expect(outcome.kind).toBe('created');
    expect(outcome.ignored).toEqual([{ type: 'email', raw: 'not-an-email', reason: 'missing @' }]);
  });
});

describe('idempotency, orders and promotion', () => {
  it('the same event id twice changes nothing the second time', async () => {
    const { service, event, read, store } = setup();
    const e = event({ identities: { email: 'a@example.com' }, message: { text: 'hi' }, tags: ['x'] });
    const first = await service.ingest(e);
    const before = await read(first.contactId);
    const outboxBefore = await store.transaction('ws', (tx) => tx.log.events({ limit: 1000 }));
    const again = await service.ingest(e);
    expect(again).toMatchObject({ duplicate: true, contactId: first.contactId, kind: 'created' });
    expect(await read(first.contactId)).toEqual(before);
    expect(await store.transaction('ws', (tx) => tx.log.events({ limit: 1000 }))).toEqual(outboxBefore);
  });

  it('orders add up once each, and a replayed order changes nothing', async () => {
    const { service, event, read } = setup({ promotion: { onIdentify: false, onFirstOrder: true } });
    const order = (eventId: string, orderId: string, amount: number) =>
      event({
        eventId,
        type: 'order',
        identities: { email: 'buyer@example.com' },
        order: { orderId, amount, currency: 'eur', viaAssistant: true },
      });
    const a = await service.ingest(order('o-evt-1', 'o-1', 19.99));
    await service.ingest(order('o-evt-2', 'o-1', 19.99));
    await service.ingest(order('o-evt-3', 'o-2', 5.01));
    const view = await read(a.contactId);
    expect(view?.contact.stats.orders).toBe(2);
    expect(view?.contact.stats.amountSpent).toBe(25);
    expect(view?.contact.kind).toBe('customer');
    expect(view?.status).toBe('converted');
    expect(view?.orders.map((o) => [o.orderId, o.currency, o.viaAssistant])).toEqual([
      ['o-2', 'EUR', true],
      ['o-1', 'EUR', true],
    ]);
    expect(a.promoted).toBe(true);
  });

  it('identify promotes a lead to a customer and emits contact.identified once', async () => {
    const { service, event, store } = setup();
    const lead = await service.ingest(event({ identities: { cookie: 'ck_7' } }));
    const outcome = await service.identify({
      workspaceId: 'ws',
      userId: 'user-7',
      identities: { cookie: 'ck_7', email: 'seven@example.com' },
      profile: { name: 'Sam Seven' },
    });
    expect(outcome).toMatchObject({ kind: 'matched', contactId: lead.contactId, promoted: true });
    await service.identify({ workspaceId: 'ws', userId: 'user-7' });
    const events = await store.transaction('ws', (tx) => eventsAbout(tx, lead.contactId));
    expect(events.map((e) => e.type)).toEqual(['contact.created', 'contact.identified', 'contact.updated']);
    const identities = await store.transaction('ws', (tx) => tx.identities.listByContacts([lead.contactId]));
    expect(identities.find((i) => i.type === 'userId')?.verified).toBe(true);
  });
});

describe('profile, engagement, conversations, notes and flow runs', () => {
  it('host values overwrite, bot values fill gaps, and a manual edit is never overwritten by the bot', async () => {
    const { service, event, read } = setup();
    const c = await service.ingest(
      event({ identities: { cookie: 'ck' }, profile: { name: 'ana lima', company: 'Acme' } }),
    );
    await service.updateProfile('ws', c.contactId, { company: 'Acme Corp' });
    await service.ingest(
      event({
        identities: { cookie: 'ck' },
        profileOrigin: 'bot',
        profile: { company: 'Bot Guess', jobTitle: 'CTO' },
      }),
    );
    await service.ingest(
      event({ identities: { cookie: 'ck' }, profileOrigin: 'host', profile: { name: 'Ana Lima-Souza' } }),
    );
    await service.ingest(
      event({ identities: { cookie: 'ck' }, profileOrigin: 'bot', profile: { name: 'Someone Else' } }),
    );
    const view = await read(c.contactId);
    expect(view?.contact.profile).toMatchObject({
      name: 'Ana Lima-Souza',
      firstName: 'Ana',
      company: 'Acme Corp',
      jobTitle: 'CTO',
    });
    expect(view?.contact.fieldOrigins).toMatchObject({ company: 'manual', jobTitle: 'bot', name: 'host' });
  });

  it('keeps engagement stats: conversations, messages, first and last seen, channels, first-touch source', async () => {
    const { service, event, read } = setup();
    const c = await service.ingest(
      event({
        occurredAt: '2026-05-02T09:00:00Z',
        identities: { email: 'a@example.com' },
        source: 'lead_form',
        conversation: { id: 'v1' },
      }),
    );
    await service.ingest(
      event({
        occurredAt: '2026-05-01T09:00:00Z',
        identities: { email: 'a@example.com' },
        channel: 'telegram',
        source: 'api',
        conversation: { id: 'v2' },
      }),
    );
    await service.ingest(
      event({
        occurredAt: '2026-05-03T09:00:00Z',
        identities: { email: 'a@example.com' },
        conversation: { id: 'v1' },
      }),
    );
    await service.ingest(
      event({
        occurredAt: '2026-05-03T09:30:00Z',
        identities: { email: 'a@example.com' },
        type: 'profile',
        profile: { location: 'Lisbon store' },
      }),
    );
    const { contact } = (await read(c.contactId))!;
    expect(contact.stats).toMatchObject({
      conversations: 2,
      messages: 3,
      firstSeenAt: new Date('2026-05-01T09:00:00Z'),
      lastSeenAt: new Date('2026-05-03T09:30:00Z'),
    });
    expect(contact.channels).toEqual(['web', 'telegram']);
    expect(contact.source).toBe('lead_form');
    expect(contact.profile.location).toBe('Lisbon store');
  });

  it('summarises conversations per contact across inboxes, with status, preview, count and escalation', async () => {
    const { service, event } = setup();
    const c = await service.ingest(
      event({
        identities: { email: 'a@example.com' },
        conversation: { id: 'v1', inbox: 'Shop EU' },
        message: { text: 'Where is my order?' },
      }),
    );
    await service.ingest(
      event({
        identities: { email: 'a@example.com' },
        conversation: { id: 'v1', escalated: true },
        message: { text: 'Human please' },
      }),
    );
    await service.ingest(
      event({
        identities: { email: 'a@example.com' },
        channel: 'whatsapp',
        conversation: { id: 'v2', inbox: 'Shop US', status: 'resolved' },
        type: 'conversation.updated',
      }),
    );
    const list = await service.listConversations('ws', c.contactId);
    expect(
      list.map((v) => [v.id, v.inbox, v.status, v.messageCount, v.escalated, v.lastMessagePreview]),
    ).toEqual([
      // Most recently active first: v2 started after v1's last message.
      ['v2', 'Shop US', 'resolved', 0, false, undefined],
      ['v1', 'Shop EU', 'open', 2, true, 'Human please'],
    ]);
    const timeline = await service.listTimeline('ws', c.contactId);
    expect(timeline.items.filter((a) => a.type === 'escalation')).toHaveLength(1);
    expect(timeline.items.filter((a) => a.type === 'conversation.started')).toHaveLength(2);
  });

  it('keeps each conversation’s first-response time and the sentiment of the customer’s messages', async () => {
    const { service, event } = setup();
    const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 4, 1, 10, minute, second));
    const say = (minute: number, message: NonNullable<Parameters<typeof event>[0]['message']>) =>
      service.ingest(
        event({
          identities: { email: 'a@example.com' },
          occurredAt: at(minute),
          conversation: { id: 'v1' },
          message,
        }),
      );
    const c = await say(0, { direction: 'outbound', text: 'Hi! How can I help?' });
    await say(2, { text: 'Do you ship to Porto?', sentiment: 0.25 });
    // The reply, then the customer's earlier message arriving late: it is not the first any more once
    // the reply is recorded.
    await say(5, { direction: 'outbound', role: 'agent', text: 'We do.' });
    await say(1, { text: 'Hello?', sentiment: -0.5 });
    await say(6, { direction: 'outbound', text: 'Anything else?', sentiment: 1 });
    await say(7, { text: 'No, thanks', sentiment: 0.75 });
    const [v1] = await service.listConversations('ws', c.contactId);
    expect(v1).toMatchObject({
      firstInboundAt: at(2),
      firstResponseMs: 3 * 60_000,
      sentimentSum: 0.5,
      sentimentCount: 3,
    });
  });

  it('keeps notes by a person or the AI, and flow runs', async () => {
    const { service, event, read } = setup();
    const c = await service.ingest(event({ identities: { email: 'a@example.com' } }));
    await service.addNote('ws', c.contactId, { author: { kind: 'ai' }, text: 'Asked for a discount twice' });
    await service.addNote('ws', c.contactId, {
      author: { kind: 'person', name: 'Rita' },
      text: 'Called back',
    });
    await service.recordFlowRun({
      workspaceId: 'ws',
      contactId: c.contactId,
      flowId: 'welcome',
      flowName: 'Welcome',
      startedAt: '2026-05-01T10:00:00Z',
      stepsCompleted: 3,
      actionsTriggered: ['send_coupon'],
    });
    const view = await read(c.contactId);
    expect(view?.notes.map((n) => n.author.kind).sort()).toEqual(['ai', 'person']);
    expect(view?.flowRuns[0]).toMatchObject({
      flowId: 'welcome',
      stepsCompleted: 3,
      actionsTriggered: ['send_coupon'],
    });
  });

  it('writes the outbox in the same transaction: created, updated with changed fields, conflict', async () => {
    const { service, event, store } = setup();
    const a = await service.ingest(event({ identities: { userId: 'u1', email: 'a@example.com' } }));
    await service.ingest(
      event({ identities: { userId: 'u1' }, profile: { company: 'Acme' }, tags: ['vip'] }),
    );
    await service.ingest(event({ identities: { userId: 'u2', email: 'a@example.com' } }));
    const events = await store.transaction('ws', (tx) => tx.log.events({ limit: 100 }));
    expect(events.map((e) => e.type)).toEqual([
      'contact.created',
      'contact.identified',
      'contact.updated',
      'contact.created',
      'contact.identified',
      'contact.conflict',
    ]);
    expect(events[2]?.payload).toEqual({ contactId: a.contactId, changed: ['company', 'tags'] });
  });
});

describe('archived and deleted contacts', () => {
  it('a contact archived for inactivity becomes active again when it talks', async () => {
    const { service, event, read, store } = setup();
    const c = await service.ingest(event({ identities: { email: 'a@example.com' } }));
    await store.transaction('ws', async (tx) => {
      const stored = (await tx.contacts.get(c.contactId))!;
      await tx.contacts.updateMany([
        { ...stored, archivedAt: new Date('2026-05-20T00:00:00Z'), version: stored.version + 1 },
      ]);
    });
    const again = await service.ingest(event({ identities: { email: 'a@example.com' } }));
    expect(again.contactId).toBe(c.contactId);
    expect(again.changed).toContain('archivedAt');
    expect((await read(c.contactId))?.contact.archivedAt).toBeUndefined();
  });

  it('findByIdentity does not find a deleted contact', async () => {
    const { service, event, store } = setup();
    const c = await service.ingest(event({ identities: { email: 'gone@example.com' } }));
    expect((await service.findByIdentity('ws', 'email', 'GONE@example.com'))?.id).toBe(c.contactId);
    await store.transaction('ws', async (tx) => {
      const stored = (await tx.contacts.get(c.contactId))!;
      await tx.contacts.updateMany([
        { ...stored, deletedAt: new Date('2026-05-20T00:00:00Z'), version: stored.version + 1 },
      ]);
    });
    expect(await service.findByIdentity('ws', 'email', 'gone@example.com')).toBeNull();
  });
});
