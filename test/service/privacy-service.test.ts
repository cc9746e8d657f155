import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { reclassifyContact } from '../../src/classify/index.js';
import { NotFoundError, OpenConversationsError } from '../../src/errors/errors.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { Contact } from '../../src/model/contact.js';
import { pairKey } from '../../src/model/duplicate-suggestion.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import { DEFAULT_WORKSPACE_CONFIG } from '../../src/model/workspace-config.js';
import { hasConsent, SubjectExportSchema, subjectExportToJson } from '../../src/privacy/index.js';
import { ContactService, ImportService, PrivacyService, ServiceContext } from '../../src/service/index.js';
import { OWNED_ROWS } from '../../src/testing/fixtures.js';
import { eventsAbout } from '../../src/testing/read.js';

const DAY = 86_400_000;
const START = new Date('2026-06-01T12:00:00Z');

function setup(config: WorkspaceConfigInput = {}) {
  const store = new MemoryStore();
  let now = START;
  let n = 0;
  const context = new ServiceContext({
    store,
    config,
    clock: () => now,
    ids: () => `id${String(++n).padStart(6, '0')}`,
  });
  const intake = new ContactService(context);
  const privacy = new PrivacyService(context);
  let seq = 0;
  const event = (e: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => ({
    workspaceId: 'ws',
    eventId: `evt-${++seq}`,
    occurredAt: new Date(now.getTime() - 1000 + seq),
    channel: 'web',
    type: 'message',
    ...e,
  });
  const setNow = (d: Date) => {
    now = d;
  };
  const contact = (id: string) => store.transaction('ws', (tx) => tx.contacts.get(id));
  return { store, intake, privacy, event, setNow, contact };
}

type Setup = ReturnType<typeof setup>;

/** A person with a row in every table: identities, timeline, conversation, order, note, flow run, consent, merge, suggestion. */
async function personWithEverything(s: Setup, email = 'ana@example.com') {
  const { contactId } = await s.intake.ingest(
    s.event({
      identities: { email, phone: '+14155552671', cookie: 'ck-ana' },
      profile: { name: 'Ana Lima', company: 'Acme' },
      conversation: { id: `conv-${email}`, status: 'resolved' },
      message: { text: 'Hello, I am Ana' },
    }),
  );
  await s.intake.ingest(
    s.event({
      type: 'order',
      identities: { email },
      order: { orderId: `o-${email}`, amount: 20, currency: 'EUR' },
    }),
  );
  await s.intake.addNote('ws', contactId, {
    author: { kind: 'person', id: 'u1' },
    text: 'Ana prefers email',
  });
  await s.intake.recordFlowRun({
    workspaceId: 'ws',
    contactId,
    flowId: 'f1',
    flowName: 'Welcome',
    startedAt: START,
  });
  await s.privacy.recordConsent('ws', contactId, {
    purpose: 'email_marketing',
    status: 'granted',
    source: 'chat_widget',
  });
  const other = await s.intake.ingest(s.event({ identities: { email: `other-${email}` } }));
  const contact = (await s.contact(contactId))!;
  await s.store.transaction('ws', async (tx) => {
    await tx.merges.insert({
      workspaceId: 'ws',
      id: `m-${email}`,
      primaryId: contactId,
      absorbedIds: ['gone'],
      reason: 'manual',
      at: START,
      primaryBefore: contact,
      absorbedBefore: [{ ...contact, id: 'gone' }],
      rows: [],
      provenance: {},
    });
    // The follow-up queue's rows hold the person's words too.
    await tx.followUps.insert([OWNED_ROWS.followUps('ws', contactId, `fu-${email}`, 1)]);
    await tx.reviewItems.insert([OWNED_ROWS.reviewItems('ws', contactId, `rv-${email}`, 1)]);
    await tx.reminders.insert([OWNED_ROWS.reminders('ws', contactId, `rm-${email}`, 1)]);
    await tx.suggestions.upsertMany([
      {
        workspaceId: 'ws',
        id: pairKey(contactId, other.contactId),
        contactIds: [contactId, other.contactId].sort() as [string, string],
        weight: 12,
        probability: 0.9,
        explanation: {},
        status: 'open',
        createdAt: START,
      },
    ]);
  });
  return { contactId, otherId: other.contactId };
}

describe('erasure', () => {
  it('removes the person from every table, keeping only the contact.erased event and unlinked conversations', async () => {
    const s = setup();
    const { contactId, otherId } = await personWithEverything(s);
    const before = await s.store.inspect('ws');
    // Workspace tables no contact owns (custom fields, webhooks) are empty here.
    const {
      customFieldDefinitions: _none,
      webhookEndpoints: _endpoints,
      webhookDeliveries: _deliveries,
      savedSegments: _segments,
      ...kinds
    } = before;
    expect(Object.values(kinds).every((count) => count > 0)).toBe(true);

    const result = await s.privacy.erase('ws', contactId);

    const after = await s.store.inspect('ws');
    // What is left belongs to the other contact, plus the erased event and the kept-unlinked rows.
    expect(after).toEqual({
      contacts: 1,
      identities: 1,
      log: 2, // the other contact's contact.created, and the contact.erased announcement
      processedEvents: 1,
      conversations: 1,
      orders: 0,
      notes: 0,
      flowRuns: 1,
      consents: 0,
      scoreLedger: 0,
      followUps: 0,
      reviewItems: 0,
      reminders: 0,
      customFieldDefinitions: 0,
      webhookEndpoints: 0,
      webhookDeliveries: 0,
      savedSegments: 0,
      merges: 0,
      suggestions: 0,
    });
    expect(result.unlinked).toEqual({ conversations: 1, flowRuns: 1 });
    expect(result.removed.identities).toBe(3);
    expect(result.removed.contacts).toBe(1);
    await s.store.transaction('ws', async (tx) => {
      const [conversation] = await tx.conversations.get(['conv-ana@example.com']);
      expect(conversation?.contactId).toBeUndefined();
      expect((await eventsAbout(tx, otherId)).map((e) => e.type)).toEqual(['contact.created']);
    });
    await expect(s.privacy.exportSubject('ws', contactId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes conversations and flow runs when the workspace says so', async () => {
    const s = setup({
      privacy: { conversationsOnErasure: 'delete' },
      retention: { keepFlowRunsOnDelete: false },
    });
    const { contactId } = await personWithEverything(s);
    const result = await s.privacy.erase('ws', contactId);
    expect(result.unlinked).toEqual({});
    expect(result.removed.conversations).toBe(1);
    expect(await s.store.inspect('ws')).toMatchObject({ conversations: 0, flowRuns: 0 });
  });

  it('forgets the person: the next event with the same email creates a fresh contact', async () => {
    const s = setup();
    const { contactId } = await personWithEverything(s);
    await s.privacy.erase('ws', contactId);
    const again = await s.intake.ingest(s.event({ identities: { email: 'ANA@example.com' } }));
    expect(again.kind).toBe('created');
    expect(again.contactId).not.toBe(contactId);
    const fresh = (await s.contact(again.contactId))!;
    expect(fresh.profile.name).toBeUndefined();
    expect(fresh.stats.orders).toBe(0);
  });

  it('writes a contact.erased event that carries no personal data', async () => {
    const s = setup();
    const { contactId } = await personWithEverything(s);
    await s.privacy.erase('ws', contactId);
    const events = await s.store.transaction('ws', (tx) => eventsAbout(tx, contactId));
    expect(events.map((e) => e.type)).toEqual(['contact.erased']);
    const text = JSON.stringify(events);
    for (const pii of ['ana@example.com', 'Ana', '4155552671', 'ck-ana', 'Acme'])
      expect(text).not.toContain(pii);
    expect(events[0]?.payload).toEqual({ contactId, erasedAt: START.toISOString() });
  });

  it('refuses an unknown contact', async () => {
    const s = setup();
    await expect(s.privacy.erase('ws', 'nobody')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('deletion guard and soft delete', () => {
  it('refuses to delete a contact with an open conversation and names it; force deletes anyway', async () => {
    const s = setup();
    const { contactId } = await s.intake.ingest(
      s.event({ identities: { email: 'bo@example.com' }, conversation: { id: 'conv-open' } }),
    );
    const error = await s.privacy.deleteContact('ws', contactId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenConversationsError);
    expect((error as OpenConversationsError).conversations).toEqual([
      { contactId, conversationId: 'conv-open' },
    ]);
    expect((error as Error).message).toContain('conv-open');
    expect((await s.contact(contactId))?.deletedAt).toBeUndefined();

    const result = await s.privacy.deleteContact('ws', contactId, { force: true });
    expect(result).toEqual({ contactId, deletedAt: START, alreadyDeleted: false });
    expect((await s.contact(contactId))?.deletedAt).toEqual(START);
    const again = await s.privacy.deleteContact('ws', contactId);
    expect(again.alreadyDeleted).toBe(true);
  });

  it('a deleted contact is not matched by intake: its email gives a fresh contact', async () => {
    const s = setup();
    const { contactId } = await s.intake.ingest(
      s.event({ identities: { email: 'cy@example.com', cookie: 'ck-cy' } }),
    );
    await s.privacy.deleteContact('ws', contactId);
    const next = await s.intake.ingest(s.event({ identities: { email: 'cy@example.com' } }));
    expect(next.kind).toBe('created');
    expect(next.contactId).not.toBe(contactId);
    // The deleted contact keeps what nobody claimed again, for its grace period.
    const held = await s.store.transaction('ws', (tx) => tx.identities.listByContacts([contactId]));
    expect(held.map((i) => `${i.type}:${i.value}`)).toEqual(['cookie:ck-cy']);
    const events = await s.store.transaction('ws', (tx) => eventsAbout(tx, contactId));
    expect(events.at(-1)?.type).toBe('contact.deleted');
  });
});

describe('bulk delete', () => {
  async function three(s: Setup) {
    const a = await s.intake.ingest(s.event({ identities: { email: 'a@example.com' }, tags: ['stale'] }));
    const b = await s.intake.ingest(
      s.event({ identities: { email: 'b@example.com' }, tags: ['stale'], conversation: { id: 'conv-b' } }),
    );
    const c = await s.intake.ingest(s.event({ identities: { userId: 'u-c' } }));
    return [a.contactId, b.contactId, c.contactId] as const;
  }

  it('deletes by ids in batches, counts what it removed, and reports missing and guarded ones', async () => {
    const s = setup();
    const [a, b, c] = await three(s);
    const result = await s.privacy.bulkDelete('ws', { ids: [a, b, c, 'nobody'] }, { batchSize: 2 });
    expect(result).toEqual({
      deleted: 2,
      skipped: ['nobody'],
      refused: [{ contactId: b, conversationId: 'conv-b' }],
      batches: 2,
    });
    expect((await s.contact(b))?.deletedAt).toBeUndefined();
    expect((await s.contact(c))?.deletedAt).toEqual(START);
    const forced = await s.privacy.bulkDelete('ws', { ids: [a, b] }, { force: true });
    expect(forced).toMatchObject({ deleted: 1, skipped: [a], refused: [] });
  });

  it('deletes a segment: only the contacts the filter matches', async () => {
    const s = setup();
    const [a, b, c] = await three(s);
    const result = await s.privacy.bulkDelete(
      'ws',
      {
        segment: {
          type: 'and',
          filters: [
            { type: 'tags', has: 'any', values: ['stale'] },
            { type: 'kind', is: 'lead' },
          ],
        },
      },
      { force: true },
    );
    expect(result.deleted).toBe(2);
    expect((await s.contact(a))?.deletedAt).toEqual(START);
    expect((await s.contact(b))?.deletedAt).toEqual(START);
    expect((await s.contact(c))?.deletedAt).toBeUndefined();
    // Built-in lists work too, and already-deleted contacts are no longer in any segment.
    const customers = await s.privacy.bulkDelete('ws', { segment: 'customers' });
    expect(customers).toMatchObject({ deleted: 1, skipped: [] });
    expect((await s.privacy.bulkDelete('ws', { segment: 'all' })).deleted).toBe(0);
  });

  it('is atomic per batch: a failing batch leaves its contacts untouched', async () => {
    const s = setup();
    const [a, b] = await three(s);
    const original = s.store.transaction.bind(s.store);
    let calls = 0;
    s.store.transaction = ((ws: string, fn: never) =>
      original(ws, async (tx) => {
        const result = await (fn as (t: typeof tx) => Promise<unknown>)(tx);
        if (++calls === 1) throw new Error('disk full');
        return result;
      })) as typeof s.store.transaction;
    await expect(s.privacy.bulkDelete('ws', { ids: [a, b] }, { force: true })).rejects.toThrow('disk full');
    s.store.transaction = original;
    expect((await s.contact(a))?.deletedAt).toBeUndefined();
    expect((await s.contact(b))?.deletedAt).toBeUndefined();
  });
});

describe('retention', () => {
  it('archives the inactive, unarchives those seen again, and purges the deleted after the grace period', async () => {
    const s = setup({ retention: { archiveAfterInactiveDays: 365, purgeAfterDeletedDays: 30 } });
    const quiet = await s.intake.ingest(s.event({ identities: { email: 'quiet@example.com' } }));
    const gone = await s.intake.ingest(s.event({ identities: { email: 'gone@example.com' } }));
    await s.privacy.deleteContact('ws', gone.contactId);

    s.setNow(new Date(START.getTime() + 20 * DAY));
    const active = await s.intake.ingest(s.event({ identities: { email: 'active@example.com' } }));
    expect(await s.privacy.applyRetention('ws')).toMatchObject({ archived: [], unarchived: [], purged: [] });

    s.setNow(new Date(START.getTime() + 31 * DAY));
    expect(await s.privacy.applyRetention('ws')).toMatchObject({ archived: [], purged: [gone.contactId] });
    expect(await s.contact(gone.contactId)).toBeNull();

    s.setNow(new Date(START.getTime() + 370 * DAY));
    const run = await s.privacy.applyRetention('ws');
    expect(run.archived).toEqual([quiet.contactId]);
    expect((await s.contact(quiet.contactId))?.archivedAt).toEqual(run.at);
    expect((await s.contact(active.contactId))?.archivedAt).toBeUndefined();

    // Seen again: intake matches the archived contact and makes it active at once, so retention has
    // nothing left to bring back and does not archive it again.
    s.setNow(new Date(START.getTime() + 371 * DAY));
    const back = await s.intake.ingest(s.event({ identities: { email: 'quiet@example.com' } }));
    expect(back.contactId).toBe(quiet.contactId);
    expect((await s.contact(quiet.contactId))?.archivedAt).toBeUndefined();
    const next = await s.privacy.applyRetention('ws');
    expect(next).toMatchObject({ archived: [], unarchived: [] });
  });
});

describe('an import is not a visit', () => {
  it('leaves a dormant contact archived and its last seen where it was, while updating its profile', async () => {
    const s = setup({ retention: { archiveAfterInactiveDays: 365, purgeAfterDeletedDays: 30 } });
    const quiet = await s.intake.ingest(s.event({ identities: { email: 'quiet@example.com' } }));
    const before = await s.contact(quiet.contactId);
    s.setNow(new Date(START.getTime() + 370 * DAY));
    expect((await s.privacy.applyRetention('ws')).archived).toEqual([quiet.contactId]);

    const importer = new ImportService(
      new ServiceContext({ store: s.store, clock: () => new Date(START.getTime() + 371 * DAY) }),
    );
    const bytes = new TextEncoder().encode(
      'Email,First Name,Last Name\nquiet@example.com,Quinn,Doe\nnew@example.com,Nia,Roe\n',
    );
    const report = await importer.importFile(bytes, { workspaceId: 'ws' });
    expect(report).toMatchObject({ created: 1, updated: 1 });

    const after = await s.contact(quiet.contactId);
    expect(after?.profile).toMatchObject({ firstName: 'Quinn', lastName: 'Doe' });
    expect(after?.archivedAt).toBeDefined();
    expect(after?.stats).toEqual(before?.stats);
    expect(after?.channels).toEqual(before?.channels);
    const later = new Date(START.getTime() + 371 * DAY);
    expect(reclassifyContact(after!, DEFAULT_WORKSPACE_CONFIG, later).contact.classification?.status).toBe(
      'inactive',
    );
    // Nothing for retention to bring back; the imported newcomer was first seen when imported.
    expect(await s.privacy.applyRetention('ws')).toMatchObject({ archived: [], unarchived: [] });
  });
});

describe('consent', () => {
  it('the latest record per purpose is in force, and each change is on the timeline', async () => {
    const s = setup();
    const { contactId } = await s.intake.ingest(s.event({ identities: { email: 'di@example.com' } }));
    await s.privacy.recordConsent('ws', contactId, {
      purpose: 'email_marketing',
      status: 'granted',
      source: 'chat_widget',
      at: '2026-01-01T00:00:00Z',
    });
    await s.privacy.recordConsent('ws', contactId, {
      purpose: 'sms_marketing',
      status: 'granted',
      source: 'api',
    });
    await s.privacy.recordConsent('ws', contactId, {
      purpose: 'email_marketing',
      status: 'revoked',
      source: 'email',
      method: 'unsubscribe link',
      at: '2026-03-01T00:00:00Z',
    });
    const state = await s.privacy.consentOf('ws', contactId);
    expect(Object.keys(state).sort()).toEqual(['email_marketing', 'sms_marketing']);
    expect(state.email_marketing).toMatchObject({
      status: 'revoked',
      source: 'email',
      method: 'unsubscribe link',
    });
    expect(hasConsent(state, 'email_marketing')).toBe(false);
    expect(hasConsent(state, 'sms_marketing')).toBe(true);
    const timeline = await s.intake.listTimeline('ws', contactId);
    expect(timeline.items.filter((a) => a.type === 'consent.changed')).toHaveLength(3);
    await expect(
      s.privacy.recordConsent('ws', 'nobody', { purpose: 'x', status: 'granted', source: 'api' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('subject export', () => {
  it('holds everything about the person and parses with its own schema', async () => {
    const s = setup();
    const { contactId } = await personWithEverything(s);
    const doc = await s.privacy.exportSubject('ws', contactId);
    expect(SubjectExportSchema.parse(doc)).toEqual(doc);
    expect(doc.contact.id).toBe(contactId);
    expect(doc.identities.map((i) => i.type).sort()).toEqual(['cookie', 'email', 'phone']);
    expect(doc.timeline.map((a) => a.type)).toEqual(
      expect.arrayContaining([
        'contact.created',
        'conversation.started',
        'order.placed',
        'note.added',
        'consent.changed',
      ]),
    );
    expect(doc.consent.inForce.email_marketing?.status).toBe('granted');
    expect(doc.scores).toMatchObject({
      kind: 'lead',
      classification: { grade: 'D', status: expect.any(String) },
    });
    expect(doc.scoreLedger.length).toBeGreaterThan(0);
    expect(doc.followUps.map((f) => f.id)).toEqual(['fu-ana@example.com']);
    expect(doc.reviewItems.map((r) => r.id)).toEqual(['rv-ana@example.com']);
    expect(doc.reminders.map((r) => r.id)).toEqual(['rm-ana@example.com']);
    expect(doc.merges.map((m) => m.id)).toEqual(['m-ana@example.com']);
    expect(doc.conversations.map((c) => c.id)).toEqual(['conv-ana@example.com']);
    expect(doc.orders.map((o) => o.orderId)).toEqual(['o-ana@example.com']);
    expect(doc.notes.map((n) => n.text)).toEqual(['Ana prefers email']);
    expect(doc.flowRuns.map((r) => r.flowName)).toEqual(['Welcome']);
    const json = JSON.parse(subjectExportToJson(doc)) as { exportedAt: string; contact: Contact };
    expect(json.exportedAt).toBe(START.toISOString());
    expect(json.contact.profile.email).toBe('ana@example.com');
  });
});

describe('bulk delete by a segment on a prototype-named custom key (issue 12, item 6)', () => {
  it('deletes only the contacts that have the key, not every contact', async () => {
    const s = setup();
    await s.intake.ingest(s.event({ identities: { email: 'plain@example.com' } }));
    const { contactId } = await s.intake.ingest(
      s.event({ identities: { email: 'has@example.com' }, customFields: { constructor: 'yes' } }),
    );
    for (const key of ['toString', 'valueOf', 'hasOwnProperty']) {
      const none = await s.privacy.bulkDelete('ws', { segment: { type: 'custom', key, op: 'exists' } });
      expect(none.deleted, key).toBe(0);
    }
    const result = await s.privacy.bulkDelete(
      'ws',
      { segment: { type: 'custom', key: 'constructor', op: 'exists' } },
      { force: true },
    );
    expect(result.deleted).toBe(1);
    expect((await s.contact(contactId))?.deletedAt).toBeDefined();
  });
});
