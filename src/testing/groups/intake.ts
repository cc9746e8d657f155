import assert from 'node:assert/strict';
import type { ChatEventInput } from '../../model/chat-event.js';
import type { ContactStore } from '../../ports/store.js';
import { createContactService } from '../../service/contact-service.js';
import type { GroupContext } from '../context.js';
import { eventsAbout } from '../read.js';

/**
 * Identity resolution end to end through the service, on the store under test: the same decisions,
 * rows and outbox on every adapter, including when intake calls race.
 */
export function intakeGroup({ it, store, newWorkspace }: GroupContext): void {
  const setup = () => {
    const ws = newWorkspace();
    let n = 0;
    let seq = 0;
    const service = createContactService({ store: store(), clock: () => new Date('2026-06-01T12:00:00Z') });
    const event = (e: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => ({
      workspaceId: ws,
      eventId: `e-${++seq}`,
      occurredAt: new Date(Date.UTC(2026, 4, 1, 10, 0, ++n)),
      channel: 'web',
      type: 'message',
      ...e,
    });
    return { ws, service, event };
  };
  const identitiesOf = (s: ContactStore, ws: string, contactId: string) =>
    s.transaction(ws, async (tx) =>
      (await tx.identities.listByContacts([contactId])).map((i) => `${i.type}:${i.value}`).sort(),
    );

  it('two users with different user ids and the same email stay two contacts, and the clash names the holder', async () => {
    const { ws, service, event } = setup();
    const one = await service.ingest(event({ identities: { userId: 'u1', email: 'same@example.com' } }));
    const two = await service.ingest(event({ identities: { userId: 'u2', email: 'same@example.com' } }));
    assert.equal(two.kind, 'conflict');
    assert.notEqual(two.contactId, one.contactId);
    assert.equal(two.conflicts[0]?.heldBy, one.contactId);
    assert.deepEqual(await identitiesOf(store(), ws, one.contactId), ['email:same@example.com', 'userId:u1']);
    assert.deepEqual(await identitiesOf(store(), ws, two.contactId), ['userId:u2']);
  });

  it('one phone written three ways, on the widget and on WhatsApp, is one identity of one contact', async () => {
    const { ws, service, event } = setup();
    const a = await service.ingest(event({ identities: { phone: '(415) 555-2671' }, country: 'US' }));
    const b = await service.ingest(event({ identities: { phone: '+1 415-555-2671' } }));
    const c = await service.ingest(event({ channel: 'whatsapp', identities: { whatsapp: '14155552671' } }));
    assert.deepEqual([b.contactId, c.contactId], [a.contactId, a.contactId]);
    assert.deepEqual(await identitiesOf(store(), ws, a.contactId), ['phone:+14155552671']);
  });

  it('merges an anonymous lead into the known contact and moves its rows', async () => {
    const { ws, service, event } = setup();
    const known = await service.ingest(
      event({ identities: { email: 'ana@example.com' }, message: { text: 'hello' } }),
    );
    const anon = await service.ingest(
      event({ identities: { cookie: 'ck' }, conversation: { id: `${ws}-v1` }, message: { text: 'hi' } }),
    );
    const merged = await service.ingest(
      event({ identities: { cookie: 'ck', email: 'ana@example.com' }, message: { text: 'it is me' } }),
    );
    assert.equal(merged.kind, 'merged');
    assert.deepEqual(merged.merged, [anon.contactId]);
    await store().transaction(ws, async (tx) => {
      assert.equal(await tx.contacts.get(anon.contactId), null);
      const survivor = await tx.contacts.get(known.contactId);
      assert.equal(survivor?.stats.messages, 3);
      assert.equal(survivor?.stats.conversations, 1);
      assert.equal((await tx.conversations.listByContact(known.contactId)).length, 1);
      assert.deepEqual((await tx.log.timeline(anon.contactId)).items, []);
      const timeline = await tx.log.timeline(known.contactId);
      assert.ok(timeline.items.some((a) => a.type === 'contact.merged'));
      assert.ok(timeline.items.some((a) => a.type === 'conversation.started'));
    });
    assert.deepEqual(await identitiesOf(store(), ws, known.contactId), [
      'cookie:ck',
      'email:ana@example.com',
    ]);
  });

  it('the same event twice, and the same order twice, change nothing the second time', async () => {
    const { ws, service, event } = setup();
    const order = event({
      type: 'order',
      identities: { email: 'buyer@example.com' },
      order: { orderId: `${ws}-o1`, amount: 10.5, currency: 'USD', viaAssistant: false },
    });
    const first = await service.ingest(order);
    const again = await service.ingest(order);
    assert.equal(again.duplicate, true);
    await service.ingest({ ...order, eventId: 'other-event-same-order' });
    const contact = await store().transaction(ws, (tx) => tx.contacts.get(first.contactId));
    assert.equal(contact?.stats.orders, 1);
    assert.equal(contact?.stats.amountSpent, 10.5);
    const outbox = await store().transaction(ws, (tx) => eventsAbout(tx, first.contactId));
    assert.deepEqual(
      outbox.map((e) => e.type),
      ['contact.created', 'order.placed'],
    );
  });

  it('racing events carrying the same new email make one contact', async () => {
    const { ws, service, event } = setup();
    const racers = Array.from({ length: 8 }, (_, i) =>
      event({ identities: { email: 'race@example.com', cookie: `ck-${i}` }, message: { text: `hi ${i}` } }),
    );
    const outcomes = await Promise.all(racers.map((e) => service.ingest(e)));
    const contacts = new Set(outcomes.map((o) => o.contactId));
    assert.equal(contacts.size, 1);
    const [contactId] = [...contacts];
    await store().transaction(ws, async (tx) => {
      assert.equal(await tx.contacts.count(), 1);
      assert.equal((await tx.contacts.get(contactId!))?.stats.messages, 8);
      const created = (await tx.log.events({ limit: 100 })).filter((e) => e.type === 'contact.created');
      assert.equal(created.length, 1);
    });
  });
}
