import assert from 'node:assert/strict';
import { MergeNotUndoableError } from '../../errors/errors.js';
import type { ChatEventInput } from '../../model/chat-event.js';
import type { WorkspaceConfigInput } from '../../model/workspace-config.js';
import type { ContactStore } from '../../ports/store.js';
import { ContactService } from '../../service/contact-service.js';
import { DuplicateService } from '../../service/duplicate-service.js';
import { MergeService } from '../../service/merge-service.js';
import { ServiceContext } from '../../service/runtime/context.js';
import type { GroupContext } from '../context.js';
import { eventsAbout } from '../read.js';

/** Everything stored about a contact, as sorted ids, read straight from the repositories. */
async function rowsOf(store: ContactStore, ws: string, contactId: string) {
  return store.transaction(ws, async (tx) => {
    const contact = await tx.contacts.get(contactId);
    const identities = await tx.identities.listByContacts([contactId]);
    const activities = await tx.log.timeline(contactId, { limit: 1000 });
    const conversations = await tx.conversations.listByContact(contactId);
    const orders = await tx.orders.listByContact(contactId);
    const notes = await tx.notes.listByContact(contactId);
    return {
      contact,
      identities: identities.map((i) => `${i.type}:${i.value}`).sort(),
      activities: activities.items.map((a) => a.id).sort(),
      types: activities.items.map((a) => a.type),
      conversations: conversations.map((c) => c.id).sort(),
      orders: orders.map((o) => o.orderId).sort(),
      notes: notes.map((n) => n.id).sort(),
    };
  });
}

/**
 * Merge, unmerge and duplicate suggestions through the services, on the store under test: the rows a
 * merge moves and an unmerge gives back are checked where they are stored.
 */
export function mergeGroup({ it, store, newWorkspace }: GroupContext): void {
  const setup = (config: WorkspaceConfigInput = {}) => {
    const ws = newWorkspace();
    let n = 0;
    let seq = 0;
    const context = new ServiceContext({
      store: store(),
      config,
      clock: () => new Date('2026-06-01T12:00:00Z'),
      ids: () => `${ws}-id${++n}`,
    });
    const event = (e: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => ({
      workspaceId: ws,
      eventId: `${ws}-e${++seq}`,
      occurredAt: new Date(Date.UTC(2026, 4, 1, 10, 0, seq)),
      channel: 'web',
      type: 'message',
      ...e,
    });
    const merges = new MergeService(context);
    return {
      ws,
      contacts: new ContactService(context),
      merges,
      duplicates: new DuplicateService(context, merges),
      event,
    };
  };

  /** Ana by email with a conversation, and Ana on WhatsApp with a conversation, an order and a note. */
  const twoOfAna = async (s: ReturnType<typeof setup>) => {
    const ana = await s.contacts.ingest(
      s.event({
        identities: { email: 'ana@example.com' },
        profile: { name: 'Ana Lima' },
        conversation: { id: `${s.ws}-conv-a` },
        message: { text: 'hello' },
      }),
    );
    const phone = await s.contacts.ingest(
      s.event({
        channel: 'whatsapp',
        identities: { whatsapp: '+447700900123' },
        profile: { company: 'Acme' },
        tags: ['trial'],
        conversation: { id: `${s.ws}-conv-b` },
        message: { text: 'hi' },
        order: { orderId: `${s.ws}-order-1`, amount: 12.5, currency: 'EUR' },
      }),
    );
    await s.contacts.addNote(s.ws, phone.contactId, { author: { kind: 'person' }, text: 'met at a fair' });
    return { anaId: ana.contactId, phoneId: phone.contactId };
  };

  it('a merge moves every row of the absorbed contact to the primary and keeps a record of them', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const before = await rowsOf(store(), s.ws, phoneId);
    const countsBefore = await store().inspect(s.ws);

    const { record } = await s.merges.merge(s.ws, anaId, [phoneId], { actor: 'user-1' });

    const ana = await rowsOf(store(), s.ws, anaId);
    assert.equal((await rowsOf(store(), s.ws, phoneId)).contact, null);
    assert.deepEqual(ana.identities, ['email:ana@example.com', 'phone:+447700900123']);
    for (const id of before.activities) assert.ok(ana.activities.includes(id), `activity ${id} moved`);
    assert.deepEqual(ana.conversations, [`${s.ws}-conv-a`, `${s.ws}-conv-b`].sort());
    assert.deepEqual(ana.orders, [`${s.ws}-order-1`]);
    assert.deepEqual(ana.notes, before.notes);
    assert.ok(ana.types.includes('contact.merged'));
    assert.equal(ana.contact?.stats.messages, 2);
    assert.equal(ana.contact?.stats.amountSpent, 12.5);
    assert.equal(ana.contact?.profile.company, 'Acme');
    assert.deepEqual(ana.contact?.tags, ['trial']);

    const stored = await store().transaction(s.ws, (tx) => tx.merges.get(record.id));
    assert.deepEqual(stored, record);
    assert.deepEqual(stored?.absorbedBefore, [before.contact]);
    assert.deepEqual([...(stored?.rows[0]?.logIds ?? [])].sort(), before.activities);
    assert.deepEqual(stored?.rows[0]?.rows.orders, [`${s.ws}-order-1`]);
    const outbox = await store().transaction(s.ws, (tx) => eventsAbout(tx, anaId));
    assert.equal(outbox.at(-1)?.type, 'contact.merged');
    const counts = await store().inspect(s.ws);
    assert.equal(counts.contacts, (countsBefore.contacts ?? 0) - 1);
    assert.equal(counts.merges, (countsBefore.merges ?? 0) + 1);
    assert.equal(counts.identities, countsBefore.identities);
  });

  it('an unmerge gives back the absorbed contact with its identities and activity; later activity stays on the primary', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const phoneBefore = await rowsOf(store(), s.ws, phoneId);
    const { record } = await s.merges.merge(s.ws, anaId, [phoneId]);
    const later = await s.contacts.ingest(
      s.event({ channel: 'whatsapp', identities: { whatsapp: '+447700900123' }, message: { text: 'later' } }),
    );
    assert.equal(later.contactId, anaId);
    const laterIds = (await rowsOf(store(), s.ws, anaId)).activities.filter(
      (id) => !phoneBefore.activities.includes(id),
    );

    await s.merges.unmerge(s.ws, record.id);

    const phone = await rowsOf(store(), s.ws, phoneId);
    const ana = await rowsOf(store(), s.ws, anaId);
    assert.deepEqual(phone.contact?.profile, phoneBefore.contact?.profile);
    assert.deepEqual(phone.contact?.stats, phoneBefore.contact?.stats);
    assert.deepEqual(phone.identities, ['phone:+447700900123']);
    for (const id of phoneBefore.activities) assert.ok(phone.activities.includes(id), `activity ${id} back`);
    assert.ok(phone.types.includes('contact.unmerged'));
    assert.deepEqual(phone.conversations, [`${s.ws}-conv-b`]);
    assert.deepEqual(phone.orders, [`${s.ws}-order-1`]);
    assert.deepEqual(phone.notes, phoneBefore.notes);
    assert.deepEqual(ana.identities, ['email:ana@example.com']);
    for (const id of laterIds) assert.ok(ana.activities.includes(id), `later activity ${id} stayed`);
    assert.ok(ana.types.includes('contact.unmerged'));
    assert.deepEqual(ana.conversations, [`${s.ws}-conv-a`]);
    assert.deepEqual(ana.orders, []);
    // Ana's own message and the one after the merge; the phone contact's went back with it.
    assert.equal(ana.contact?.stats.messages, 2);
    assert.equal(ana.contact?.stats.amountSpent, 0);
    assert.equal(ana.contact?.profile.company, undefined);
    const stored = await store().transaction(s.ws, (tx) => tx.merges.get(record.id));
    assert.ok(stored?.undoneAt instanceof Date);
    const outbox = await store().transaction(s.ws, (tx) => eventsAbout(tx, anaId));
    assert.equal(outbox.at(-1)?.type, 'contact.unmerged');
  });

  it('an unmerge that a later merge depends on is refused with its reason, and changes nothing', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const third = await s.contacts.ingest(s.event({ identities: { email: 'ana.lima@work.example' } }));
    const first = await s.merges.merge(s.ws, anaId, [phoneId]);
    await s.merges.merge(s.ws, anaId, [third.contactId]);
    const before = await rowsOf(store(), s.ws, anaId);
    await assert.rejects(
      s.merges.unmerge(s.ws, first.record.id),
      (e: unknown) => e instanceof MergeNotUndoableError && e.reason === 'later-merge',
    );
    assert.deepEqual(await rowsOf(store(), s.ws, anaId), before);
    assert.equal((await rowsOf(store(), s.ws, phoneId)).contact, null);
    const stored = await store().transaction(s.ws, (tx) => tx.merges.get(first.record.id));
    assert.equal(stored?.undoneAt, undefined);
  });

  it("intake's automatic merge keeps a record, and unmerging it gives the lead back its rows", async () => {
    const s = setup();
    const known = await s.contacts.ingest(s.event({ identities: { email: 'ana@example.com' } }));
    const lead = await s.contacts.ingest(
      s.event({
        identities: { cookie: 'ck-1' },
        conversation: { id: `${s.ws}-conv-l` },
        message: { text: 'hi' },
      }),
    );
    const leadBefore = await rowsOf(store(), s.ws, lead.contactId);
    const merged = await s.contacts.ingest(
      s.event({ identities: { cookie: 'ck-1', email: 'ana@example.com' } }),
    );
    assert.equal(merged.kind, 'merged');
    const records = await store().transaction(s.ws, (tx) => tx.merges.listByContact(known.contactId));
    assert.equal(records.length, 1);
    assert.equal(records[0]?.reason, 'intake');
    assert.deepEqual([...(records[0]?.rows[0]?.logIds ?? [])].sort(), leadBefore.activities);

    await s.merges.unmerge(s.ws, records[0]!.id);
    const back = await rowsOf(store(), s.ws, lead.contactId);
    assert.deepEqual(back.identities, ['cookie:ck-1']);
    assert.deepEqual(back.conversations, [`${s.ws}-conv-l`]);
    for (const id of leadBefore.activities) assert.ok(back.activities.includes(id), `activity ${id} back`);
    assert.deepEqual((await rowsOf(store(), s.ws, known.contactId)).identities, ['email:ana@example.com']);
  });

  it('a scan stores suggestions with explanations; a rejected pair stays rejected, an accepted one merges', async () => {
    const s = setup();
    const first = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah'];
    const last = ['Anderson', 'Brooks', 'Carter', 'Dalton'];
    await s.contacts.ingestBatch(
      Array.from({ length: 24 }, (_, i) =>
        s.event({
          type: 'profile',
          identities: { email: `person${i}@example.com` },
          profile: {
            name: `${first[i % first.length]} ${last[Math.floor(i / first.length)]}`,
            address: { city: `Town ${i}`, postcode: `P${i}` },
          },
        }),
      ),
    );
    const twin = (email: string, name: string) =>
      s.contacts.ingest(
        s.event({
          type: 'profile',
          identities: { email },
          profile: { name, company: 'Globex', address: { city: 'Leeds', postcode: 'LS1 4AP' } },
        }),
      );
    const robert = await twin('robert.hartley@globex.example', 'Robert Hartley');
    const bob = await twin('bob.h@mail.example', 'Bob Hartley');
    const pair = [robert.contactId, bob.contactId].sort().join('|');

    const scan = await s.duplicates.scan(s.ws);
    assert.ok(
      scan.suggestions.some((x) => x.id === pair),
      'the nickname twins are suggested',
    );
    const [stored] = await store().transaction(s.ws, (tx) => tx.suggestions.getMany([pair]));
    assert.equal(stored?.status, 'open');
    assert.ok(stored && typeof stored.explanation.first_name === 'object', 'per-field explanation stored');

    await s.duplicates.rejectSuggestion(s.ws, pair, { actor: 'user-1' });
    const again = await s.duplicates.scan(s.ws);
    assert.ok(!again.suggestions.some((x) => x.id === pair), 'a rejected pair is not suggested again');
    const [rejected] = await store().transaction(s.ws, (tx) => tx.suggestions.getMany([pair]));
    assert.equal(rejected?.status, 'rejected');
    assert.equal(rejected?.decidedBy, 'user-1');

    // A third writing of the same person makes a new pair, which a person accepts.
    const other = await twin('r.hartley@globex.example', 'Rob Hartley');
    const openPair = [robert.contactId, other.contactId].sort().join('|');
    const third = await s.duplicates.scan(s.ws);
    assert.ok(third.suggestions.some((x) => x.id === openPair));
    const { record } = await s.duplicates.acceptSuggestion(s.ws, openPair);
    assert.equal(record.reason, 'suggestion');
    const [accepted] = await store().transaction(s.ws, (tx) => tx.suggestions.getMany([openPair]));
    assert.equal(accepted?.status, 'accepted');
    assert.equal((await rowsOf(store(), s.ws, record.absorbedIds[0]!)).contact, null);
  });
}
