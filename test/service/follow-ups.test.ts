import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, StaleVersionError } from '../../src/errors/errors.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import { DAY, followUpSetup, HOUR, T0 } from '../support/follow-up-setup.js';

describe('the sweep', () => {
  it('creates a ghosting follow-up once the customer has gone quiet, once, with its records', async () => {
    const s = followUpSetup();
    const { contactId } = await s.customer('c1', 'Do you have it in blue?');
    s.at(60_000);
    await s.ai('c1');
    // Not yet: 24 hours have not passed since the business's last message.
    s.at(20 * HOUR);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0, conversations: 1 });
    s.at(DAY + HOUR);
    const report = await s.kit.followUps.runFollowUps('ws');
    expect(report).toMatchObject({ created: 1, contacts: 1, reviewsOpened: 0 });
    const { items } = await s.kit.followUps.queue('ws');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      contactId,
      conversationId: 'c1',
      reason: 'ghosting',
      status: 'pending',
      channel: 'web',
      attempt: 1,
      templateOnly: false,
      dueAt: new Date(T0 + 60_000 + DAY),
      version: 1,
    });
    expect(await s.timeline(contactId)).toContain('follow_up.created');
    expect((await s.outbox()).filter((e) => e.type === 'follow_up.created')).toHaveLength(1);
    // Idempotent: again at the same moment, and later, nothing new.
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0 });
    s.at(DAY + 2 * HOUR);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0 });
    expect((await s.kit.followUps.queue('ws', { status: [...ALL] })).items).toHaveLength(1);
  });

  it('holds a follow-up inside quiet hours, and creates it when they end, due at their end', async () => {
    const s = followUpSetup({ followUps: { timezone: 'Europe/Berlin' } });
    // Monday 20:00 Berlin (18:00 UTC): the follow-up would be due at 20:00 Tuesday, inside 21:00–08:00 from
    // the next sweep at 22:00.
    s.at(9 * HOUR);
    await s.customer('c1');
    s.at(9 * HOUR + 60_000);
    await s.ai('c1');
    s.at(DAY + 13 * HOUR); // Tuesday 22:00 UTC = 00:00 Berlin Wednesday
    const quiet = await s.kit.followUps.runFollowUps('ws');
    expect(quiet).toMatchObject({ created: 0, held: { quiet_hours: 1 } });
    s.at(2 * DAY + 6 * HOUR + 30 * 60_000); // Wednesday 06:30 UTC = 08:30 Berlin
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 1 });
  });

  it('turns a due reminder into a scheduled follow-up, even with automatic ones off, and uses it up', async () => {
    const s = followUpSetup({ followUps: { preset: 'off' } });
    const { contactId } = await s.customer('c1', 'call me next week');
    const reminder = await s.kit.followUps.remind('ws', contactId, {
      dueAt: new Date(T0 + 7 * DAY),
      note: 'call back about the quote',
      assignee: 'u7',
      by: { kind: 'user', id: 'u7' },
    });
    expect((await s.kit.followUps.reminders('ws', { contactId })).items).toEqual([reminder]);
    s.at(3 * DAY);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0, reminders: 0 });
    s.at(7 * DAY + HOUR);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 1, reminders: 1 });
    const [item] = (await s.kit.followUps.queue('ws', { reason: 'scheduled' })).items;
    expect(item).toMatchObject({
      reason: 'scheduled',
      rule: reminder.id,
      note: 'call back about the quote',
      assignee: 'u7',
    });
    expect((await s.kit.followUps.reminders('ws')).items).toEqual([]);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0 });
  });

  it('stops at the maximum attempts per conversation while the customer stays silent', async () => {
    const s = followUpSetup({ followUps: { maxAttempts: { perConversation: 2, perContact: 5 } } });
    await s.customer('c1');
    s.at(60_000);
    await s.ai('c1');
    let t = 60_000;
    const created: number[] = [];
    for (let round = 0; round < 4; round++) {
      t += DAY + HOUR;
      s.at(t);
      const report = await s.kit.followUps.runFollowUps('ws');
      created.push(report.created);
      for (const item of (await s.kit.followUps.queue('ws')).items) {
        await s.kit.followUps.approve('ws', item.id);
        await s.kit.followUps.markSent('ws', item.id, { text: 'Still there?' });
      }
    }
    expect(created).toEqual([1, 1, 0, 0]);
    const sent = await s.kit.followUps.queue('ws', { status: 'sent' });
    expect(sent.items.map((i) => i.attempt)).toEqual([1, 2]);
  });
});

const ALL = [
  'pending',
  'approved',
  'edited',
  'dismissed',
  'sent',
  'replied',
  'converted',
  'no_response',
] as const;

describe('the queue and its transitions', () => {
  async function withItem(config: WorkspaceConfigInput = {}) {
    const s = followUpSetup(config);
    const { contactId } = await s.customer('c1');
    s.at(60_000);
    await s.ai('c1');
    s.at(DAY + HOUR);
    await s.kit.followUps.runFollowUps('ws');
    const [item] = (await s.kit.followUps.queue('ws')).items;
    return { ...s, contactId, item: item! };
  }

  it('draft, approve, send: each stored with its version, on the timeline and in the outbox', async () => {
    const s = await withItem();
    const drafted = await s.kit.followUps.draft('ws', s.item.id, {
      text: 'Hi Ana, still keen on the blue one?',
      by: { kind: 'ai' },
    });
    expect(drafted).toMatchObject({
      status: 'pending',
      draft: 'Hi Ana, still keen on the blue one?',
      version: 2,
    });
    const approved = await s.kit.followUps.approve('ws', s.item.id, {
      by: { kind: 'user', id: 'u7' },
      version: 2,
    });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: 'u7' }, version: 3 });
    const sent = await s.kit.followUps.markSent('ws', s.item.id);
    expect(sent).toMatchObject({ status: 'sent', text: 'Hi Ana, still keen on the blue one?', version: 4 });
    expect(await s.timeline(s.contactId)).toEqual(
      expect.arrayContaining([
        'follow_up.created',
        'follow_up.drafted',
        'follow_up.approved',
        'follow_up.sent',
      ]),
    );
    const types = (await s.outbox()).map((e) => e.type).filter((t) => t.startsWith('follow_up.'));
    expect(types).toEqual(['follow_up.created', 'follow_up.drafted', 'follow_up.approved', 'follow_up.sent']);
  });

  it('refuses a transition from a stale version, and one the status does not allow', async () => {
    const s = await withItem();
    await s.kit.followUps.approve('ws', s.item.id);
    await expect(s.kit.followUps.dismiss('ws', s.item.id, { version: 1 })).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    await s.kit.followUps.dismiss('ws', s.item.id, { note: 'on holiday' });
    await expect(s.kit.followUps.approve('ws', s.item.id)).rejects.toBeInstanceOf(IllegalTransitionError);
    // A dismissed item's key stays taken: the same occurrence never makes it again.
    s.at(DAY + 3 * HOUR);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0 });
  });

  it('a reply landing between due and sent cancels the item: replied, and it can no longer be sent', async () => {
    const s = await withItem();
    await s.kit.followUps.approve('ws', s.item.id);
    s.at(DAY + 2 * HOUR);
    await s.customer('c1', 'sorry, was away — yes please');
    const after = await s.kit.followUps.get('ws', s.item.id);
    expect(after).toMatchObject({ status: 'replied', outcomeAt: new Date(T0 + DAY + 2 * HOUR) });
    expect(after.sentAt).toBeUndefined();
    await expect(s.kit.followUps.markSent('ws', s.item.id)).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await s.timeline(s.contactId)).toContain('follow_up.replied');
    // The conversation no longer counts it: the next message reads no items.
    const conversation = await s.store.transaction('ws', (tx) => tx.conversations.get(['c1']));
    expect(conversation[0]?.facts?.followUpsSinceReply).toBe(0);
  });

  it('a reply after sending records replied; an order within the window converts the last one sent', async () => {
    const s = await withItem();
    await s.kit.followUps.edit('ws', s.item.id, { text: 'The blue one is back!' });
    await s.kit.followUps.markSent('ws', s.item.id);
    s.at(DAY + 5 * HOUR);
    await s.customer('c1', 'great, ordering now');
    expect(await s.kit.followUps.get('ws', s.item.id)).toMatchObject({
      status: 'replied',
      sentAt: expect.any(Date),
    });
    s.at(2 * DAY);
    await s.send({ order: { orderId: 'o1', amount: 40, currency: 'EUR' } });
    expect(await s.kit.followUps.get('ws', s.item.id)).toMatchObject({ status: 'converted', orderId: 'o1' });
    expect((await s.outbox()).map((e) => e.type)).toContain('follow_up.converted');
  });

  it('a sent item with no reply in time becomes no_response on a later sweep', async () => {
    const s = await withItem({ followUps: { maxAttempts: { perConversation: 1 } } });
    await s.kit.followUps.approve('ws', s.item.id);
    await s.kit.followUps.markSent('ws', s.item.id);
    s.at(9 * DAY);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ expired: 1 });
    expect(await s.kit.followUps.get('ws', s.item.id)).toMatchObject({ status: 'no_response' });
  });

  it('lists by status, reason, channel and assignee, by due time, a page at a time', async () => {
    const s = followUpSetup();
    for (const [i, channel] of ['web', 'whatsapp', 'web', 'telegram', 'web'].entries()) {
      s.at(i * HOUR);
      await s.send({
        identities: { email: `p${i}@example.com` },
        channel,
        conversation: { id: `c${i}` },
        message: { text: 'hi' },
      });
      s.at(i * HOUR + 60_000);
      await s.send({
        identities: { email: `p${i}@example.com` },
        channel,
        conversation: { id: `c${i}` },
        message: { text: 'Which size?', role: 'ai', markers: { question: true } },
      });
    }
    s.at(2 * DAY);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 5 });
    const first = await s.kit.followUps.queue('ws', { channel: 'web', limit: 2 });
    expect(first.items.map((i) => i.conversationId)).toEqual(['c0', 'c2']);
    const second = await s.kit.followUps.queue('ws', { channel: 'web', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.conversationId)).toEqual(['c4']);
    expect(second.nextCursor).toBeUndefined();
    const [one] = first.items;
    await s.kit.followUps.assign('ws', one!.id, { assignee: 'rita' });
    expect((await s.kit.followUps.queue('ws', { assignee: 'rita' })).items.map((i) => i.id)).toEqual([
      one!.id,
    ]);
    expect((await s.kit.followUps.queue('ws', { channel: ['whatsapp', 'telegram'] })).items).toHaveLength(2);
    expect((await s.kit.followUps.queue('ws', { reason: 'promise' })).items).toHaveLength(0);
  });
});

describe('human review', () => {
  it('opens a review item for a frustrated customer once; a person takes it over and resolves it', async () => {
    const s = followUpSetup();
    const { contactId } = await s.customer('c1', 'This is the third time I ask. Useless.', {
      message: { text: 'This is the third time I ask. Useless.', sentiment: -0.8 },
    });
    s.at(5 * 60_000);
    const report = await s.kit.followUps.runFollowUps('ws');
    expect(report.reviewsOpened).toBe(1);
    expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ reviewsOpened: 0 });
    const [item] = (await s.kit.review.queue('ws')).items;
    expect(item).toMatchObject({ contactId, conversationId: 'c1', reason: 'frustration', status: 'open' });
    const taken = await s.kit.review.takeOver('ws', item!.id, { by: { kind: 'user', id: 'u7' } });
    expect(taken).toMatchObject({ status: 'taken_over', assignee: 'u7' });
    const resolved = await s.kit.review.resolve('ws', item!.id, {
      note: 'refund issued',
      version: taken.version,
    });
    expect(resolved.status).toBe('resolved');
    expect((await s.kit.review.queue('ws')).items).toEqual([]);
    expect(await s.timeline(contactId)).toEqual(
      expect.arrayContaining(['review.opened', 'review.taken_over', 'review.resolved']),
    );
  });
});

describe('properties', () => {
  const step = fc.record({
    gapMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
    who: fc.constantFrom('customer', 'ai', 'sweep', 'approve-send'),
    conversation: fc.constantFrom('c1', 'c2'),
    question: fc.boolean(),
  });

  it('a sweep is idempotent, and a customer reply always settles the pending items of its conversation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const s = followUpSetup();
        let t = 0;
        for (const st of steps) {
          t += st.gapMinutes * 60_000;
          s.at(t);
          if (st.who === 'customer') {
            await s.customer(st.conversation);
            const open = await s.kit.followUps.queue('ws', {
              status: ['pending', 'approved', 'edited', 'sent'],
            });
            expect(open.items.filter((i) => i.conversationId === st.conversation)).toEqual([]);
          } else if (st.who === 'ai') {
            await s.ai(st.conversation, 'ok?', st.question);
          } else if (st.who === 'sweep') {
            await s.kit.followUps.runFollowUps('ws');
            const before = await s.kit.followUps.queue('ws', { status: [...ALL], limit: 1000 });
            expect(await s.kit.followUps.runFollowUps('ws')).toMatchObject({ created: 0, reviewsOpened: 0 });
            const after = await s.kit.followUps.queue('ws', { status: [...ALL], limit: 1000 });
            expect(after.items).toEqual(before.items);
          } else {
            for (const item of (await s.kit.followUps.queue('ws')).items) {
              await s.kit.followUps.approve('ws', item.id);
              await s.kit.followUps.markSent('ws', item.id, { template: item.templateOnly });
            }
          }
        }
        // Attempts never exceed the maximum (3 a conversation, 5 a contact).
        const all = (await s.kit.followUps.queue('ws', { status: [...ALL], limit: 1000 })).items;
        for (const item of all) expect(item.attempt).toBeLessThanOrEqual(3);
      }),
      { numRuns: 60 },
    );
  });
});
