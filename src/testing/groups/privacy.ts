import assert from 'node:assert/strict';
import { OpenConversationsError } from '../../errors/errors.js';
import type { ChatEventInput } from '../../model/chat-event.js';
import { pairKey } from '../../model/duplicate-suggestion.js';
import type { WorkspaceConfigInput } from '../../model/workspace-config.js';
import type { WorkspaceTransaction } from '../../ports/store.js';
import { ContactService } from '../../service/contact-service.js';
import { PrivacyService } from '../../service/privacy-service.js';
import { ServiceContext } from '../../service/runtime/context.js';
import type { GroupContext, TableCounts } from '../context.js';
import { eventsAbout } from '../read.js';

const START = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

/**
 * Privacy end to end through the services, on the store under test: erasure leaves no trace in any
 * table (checked with the store's `inspect` and `dump` readers, and through the repositories), an
 * erased or deleted person is no longer known to intake, the deletion guard, bulk delete, and purging
 * after the grace period. New contact fields (`deletedAt`, `archivedAt`) must round-trip.
 */
export function privacyGroup({ it, store, newWorkspace, dump }: GroupContext): void {
  const setup = (config: WorkspaceConfigInput = {}) => {
    const ws = newWorkspace();
    let now = START;
    let seq = 0;
    const context = new ServiceContext({ store: store(), config, clock: () => now });
    const intake = new ContactService(context);
    const privacy = new PrivacyService(context);
    const event = (e: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => ({
      workspaceId: ws,
      eventId: `${ws}-e${++seq}`,
      occurredAt: new Date(now.getTime() - 60_000 + seq),
      channel: 'web',
      type: 'message',
      ...e,
    });
    const tx = <T>(fn: (tx: WorkspaceTransaction) => Promise<T>) => store().transaction(ws, fn);
    const setNow = (d: Date) => {
      now = d;
    };
    return { ws, intake, privacy, event, tx, setNow };
  };
  type Setup = ReturnType<typeof setup>;

  /** A person with rows in every table, next to a bystander whose rows must survive. */
  const person = async (s: Setup) => {
    const bystander = await s.intake.ingest(s.event({ identities: { email: 'by@example.com' } }));
    const baseline = await store().inspect(s.ws);
    const email = 'erase.me@example.com';
    const first = await s.intake.ingest(
      s.event({
        identities: { email, phone: '+14155550134', cookie: `${s.ws}-ck` },
        profile: { name: 'Erin Erased', company: 'Secret Co' },
        conversation: { id: `${s.ws}-conv`, status: 'resolved' },
        message: { text: 'my address is 1 Hidden Lane' },
      }),
    );
    const id = first.contactId;
    await s.intake.ingest(
      s.event({
        type: 'order',
        identities: { email },
        order: { orderId: `${s.ws}-o1`, amount: 12, currency: 'EUR' },
      }),
    );
    await s.intake.addNote(s.ws, id, { author: { kind: 'person' }, text: 'Erin called' });
    await s.intake.recordFlowRun({
      workspaceId: s.ws,
      contactId: id,
      flowId: 'f1',
      flowName: 'Welcome',
      startedAt: START,
    });
    await s.privacy.recordConsent(s.ws, id, {
      purpose: 'email_marketing',
      status: 'granted',
      source: 'chat_widget',
    });
    const contact = await s.tx((tx) => tx.contacts.get(id));
    assert.ok(contact);
    await s.tx(async (tx) => {
      await tx.merges.insert({
        workspaceId: s.ws,
        id: `${s.ws}-m1`,
        primaryId: id,
        absorbedIds: [`${s.ws}-absorbed`],
        reason: 'manual',
        at: START,
        primaryBefore: contact,
        absorbedBefore: [{ ...contact, id: `${s.ws}-absorbed` }],
        rows: [],
        provenance: {},
      });
      const pair = [id, bystander.contactId].sort() as [string, string];
      await tx.suggestions.upsertMany([
        {
          workspaceId: s.ws,
          id: pairKey(id, bystander.contactId),
          contactIds: pair,
          weight: 10,
          probability: 0.9,
          explanation: {},
          status: 'open',
          createdAt: START,
        },
      ]);
    });
    return { id, email, bystander: bystander.contactId, baseline };
  };

  /** After erasure, every table holds the bystander's rows plus exactly `kept` more. */
  const assertCounts = async (ws: string, baseline: TableCounts, kept: TableCounts) => {
    const after = await store().inspect(ws);
    for (const table of new Set([...Object.keys(baseline), ...Object.keys(after)])) {
      assert.equal(
        after[table] ?? 0,
        (baseline[table] ?? 0) + (kept[table] ?? 0),
        `table ${table}: expected the bystander's ${baseline[table] ?? 0} rows plus ${kept[table] ?? 0}`,
      );
    }
  };

  /** The same check through the repositories. */
  const assertGone = async (s: Setup, id: string, email: string, bystander: string) => {
    await s.tx(async (tx) => {
      assert.equal(await tx.contacts.get(id), null);
      assert.deepEqual(await tx.identities.listByContacts([id]), []);
      assert.deepEqual(await tx.identities.findByKeys([{ type: 'email', value: email }]), []);
      assert.deepEqual((await tx.log.timeline(id)).items, []);
      assert.deepEqual(await tx.consents.listByContact(id), []);
      assert.deepEqual(await tx.orders.listByContact(id), []);
      assert.deepEqual(await tx.orders.get([`${s.ws}-o1`]), []);
      assert.deepEqual(await tx.notes.listByContact(id), []);
      assert.deepEqual(await tx.flowRuns.listByContact(id), []);
      assert.deepEqual(await tx.conversations.listByContact(id), []);
      assert.deepEqual(await tx.merges.listByContact(id), []);
      assert.deepEqual(await tx.suggestions.getMany([pairKey(id, bystander)]), []);
      assert.deepEqual(await tx.processedEvents.get([`${s.ws}-e2`, `${s.ws}-e3`]), []);
      assert.deepEqual(
        (await eventsAbout(tx, id)).map((e) => e.type),
        ['contact.erased'],
      );
      assert.ok(await tx.contacts.get(bystander), 'the bystander is untouched');
    });
  };

  it('erasure leaves no trace in any table; conversations and flow runs are kept unlinked by default', async () => {
    const s = setup();
    const { id, email, bystander, baseline } = await person(s);
    const result = await s.privacy.erase(s.ws, id);
    assert.deepEqual(result.unlinked, { conversations: 1, flowRuns: 1 });
    await assertCounts(s.ws, baseline, { log: 1, conversations: 1, flowRuns: 1 });
    await assertGone(s, id, email, bystander);
    const [conversation] = await s.tx((tx) => tx.conversations.get([`${s.ws}-conv`]));
    assert.ok(conversation, 'the conversation is kept');
    assert.equal(conversation.contactId, undefined);
  });

  it('erasure deletes conversations and flow runs when the workspace says so', async () => {
    const s = setup({
      privacy: { conversationsOnErasure: 'delete' },
      retention: { keepFlowRunsOnDelete: false },
    });
    const { id, email, bystander, baseline } = await person(s);
    await s.privacy.erase(s.ws, id);
    await assertCounts(s.ws, baseline, { log: 1 });
    await assertGone(s, id, email, bystander);
    assert.deepEqual(await s.tx((tx) => tx.conversations.get([`${s.ws}-conv`])), []);
  });

  it("erasure leaves no trace in another contact's record of a clash with the erased person", async () => {
    const s = setup();
    const email = 'clash.erased@example.com';
    const erased = await s.intake.ingest(s.event({ identities: { userId: 'u-erased', email } }));
    // Another signed-in person types the erased person's email: a clash, recorded on the other contact.
    const other = await s.intake.ingest(s.event({ identities: { userId: 'u-other', email } }));
    assert.equal(other.kind, 'conflict');
    assert.deepEqual(
      other.conflicts.map((c) => [c.type, c.value, c.heldBy]),
      [['email', email, erased.contactId]],
      'the caller is told which identity belongs to which contact',
    );
    await s.privacy.erase(s.ws, erased.contactId);
    const stored = await s.tx(async (tx) => ({
      timeline: (await tx.log.timeline(other.contactId)).items,
      outbox: await eventsAbout(tx, other.contactId),
    }));
    assert.ok(
      stored.timeline.some((a) => a.type === 'identity.conflict'),
      'the clash is on the timeline',
    );
    const text = JSON.stringify(stored);
    for (const pii of ['clash.erased', 'u-erased']) {
      assert.ok(!text.includes(pii), `the other contact's records keep ${pii}`);
    }
  });

  it('erasing a merged, conflicted, conversing person leaves none of their values in any table', async () => {
    const s = setup();
    const email = 'erin.merged@example.com';
    const values = [email, 'u-erin', '4155550177', `${s.ws}-ck-erin`, 'Erin', 'Merged Co', 'Hidden Lane 7'];
    // A visitor, later folded into the person, who wrote their address in a conversation.
    await s.intake.ingest(
      s.event({
        identities: { cookie: `${s.ws}-ck-erin` },
        conversation: { id: `${s.ws}-conv-erin` },
        message: { text: 'I live at Hidden Lane 7, call 415 555 0177' },
      }),
    );
    const person = await s.intake.ingest(
      s.event({
        type: 'identify',
        identities: { userId: 'u-erin', email, phone: '+14155550177' },
        profile: { name: 'Erin Merged', company: 'Merged Co' },
      }),
    );
    const merged = await s.intake.ingest(s.event({ identities: { cookie: `${s.ws}-ck-erin`, email } }));
    assert.equal(merged.kind, 'merged');
    assert.equal(merged.contactId, person.contactId, 'the signed-in contact survives');
    // Another signed-in person types the same email: a clash, recorded on the other contact.
    const other = await s.intake.ingest(s.event({ identities: { userId: 'u-other', email } }));
    assert.equal(other.kind, 'conflict');
    await s.privacy.erase(s.ws, person.contactId);
    const text = JSON.stringify(
      dump
        ? await dump(store(), s.ws)
        : await s.tx(async (tx) => ({
            timeline: (await tx.log.timeline(other.contactId)).items,
            events: await tx.log.events({ limit: 1000 }),
            conversations: await tx.conversations.find({ limit: 1000 }),
          })),
    );
    for (const value of values) assert.ok(!text.includes(value), `a stored row still holds "${value}"`);
  });

  it('after erasure the person is unknown: the same email creates a fresh contact', async () => {
    const s = setup();
    const { id, email } = await person(s);
    await s.privacy.erase(s.ws, id);
    const again = await s.intake.ingest(s.event({ identities: { email } }));
    assert.equal(again.kind, 'created');
    assert.notEqual(again.contactId, id);
  });

  it('the contact.erased event carries no personal data', async () => {
    const s = setup();
    const { id } = await person(s);
    await s.privacy.erase(s.ws, id);
    const events = await s.tx((tx) => eventsAbout(tx, id));
    const text = JSON.stringify(events);
    for (const pii of ['erase.me', 'Erin', '4155550134', 'Secret Co', 'Hidden Lane', '-ck']) {
      assert.ok(!text.includes(pii), `contact.erased leaks ${pii}`);
    }
  });

  it('refuses to delete a contact with an open conversation, naming it; force deletes; intake forgets it', async () => {
    const s = setup();
    const conv = `${s.ws}-open`;
    const { contactId } = await s.intake.ingest(
      s.event({ identities: { email: 'guard@example.com' }, conversation: { id: conv } }),
    );
    await assert.rejects(s.privacy.deleteContact(s.ws, contactId), (error: unknown) => {
      assert.ok(error instanceof OpenConversationsError);
      assert.deepEqual(error.conversations, [{ contactId, conversationId: conv }]);
      return true;
    });
    assert.equal((await s.tx((tx) => tx.contacts.get(contactId)))?.deletedAt, undefined);
    await s.privacy.deleteContact(s.ws, contactId, { force: true });
    const stored = await s.tx((tx) => tx.contacts.get(contactId));
    assert.deepEqual(stored?.deletedAt, START, 'deletedAt round-trips');
    const next = await s.intake.ingest(s.event({ identities: { email: 'guard@example.com' } }));
    assert.equal(next.kind, 'created');
    assert.notEqual(next.contactId, contactId);
  });

  it('bulk deletes by ids and by segment, a transaction per batch, with counts', async () => {
    const s = setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const tags = i < 3 ? ['stale'] : ['keep'];
      ids.push(
        (await s.intake.ingest(s.event({ identities: { email: `bulk${i}@example.com` }, tags }))).contactId,
      );
    }
    const byIds = await s.privacy.bulkDelete(s.ws, { ids: [ids[0]!, ids[1]!, 'missing'] }, { batchSize: 2 });
    assert.deepEqual(byIds, { deleted: 2, skipped: ['missing'], refused: [], batches: 2 });
    const bySegment = await s.privacy.bulkDelete(s.ws, {
      segment: { type: 'tags', has: 'any', values: ['stale'] },
    });
    assert.equal(bySegment.deleted, 1, 'only the one stale contact not yet deleted');
    const stored = await s.tx((tx) => tx.contacts.getMany(ids));
    const deleted = stored.filter((c) => c.deletedAt !== undefined).map((c) => c.id);
    assert.deepEqual(deleted.sort(), ids.slice(0, 3).sort());
  });

  it('purges a deleted contact once the grace period has passed, not before', async () => {
    const s = setup({ retention: { purgeAfterDeletedDays: 30 } });
    const { contactId } = await s.intake.ingest(s.event({ identities: { email: 'purge@example.com' } }));
    await s.privacy.deleteContact(s.ws, contactId);
    s.setNow(new Date(START.getTime() + 29 * DAY));
    assert.deepEqual((await s.privacy.applyRetention(s.ws)).purged, []);
    s.setNow(new Date(START.getTime() + 31 * DAY));
    assert.deepEqual((await s.privacy.applyRetention(s.ws)).purged, [contactId]);
    assert.equal(await s.tx((tx) => tx.contacts.get(contactId)), null);
    assert.deepEqual(await s.tx((tx) => tx.identities.listByContacts([contactId])), []);
  });
}
