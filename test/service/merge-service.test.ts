import { describe, expect, it } from 'vitest';
import { MergeNotUndoableError, NotFoundError, ValidationError } from '../../src/errors/index.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import { eventsAbout } from '../../src/testing/read.js';
import { setup as setupServices } from './harness.js';

/** Intake and merges over one memory store, one clock and one id source. */
function setup(config: WorkspaceConfigInput = {}) {
  const { store, kit, event } = setupServices(config);
  const contacts = kit.contacts;
  const merges = kit.merges;
  const duplicates = kit.duplicates;
  /** Everything stored about a contact, as sorted ids, read straight from the repositories. */
  const rowsOf = (id: string) =>
    store.transaction('ws', async (t) => {
      const [contact, identities, timeline, conversations, orders, notes, flowRuns, consents] =
        await Promise.all([
          t.contacts.get(id),
          t.identities.listByContacts([id]),
          t.log.timeline(id, { limit: 1000 }),
          t.conversations.listByContact(id),
          t.orders.listByContact(id),
          t.notes.listByContact(id),
          t.flowRuns.listByContact(id),
          t.consents.listByContact(id),
        ]);
      return {
        contact,
        identities: identities.map((i) => `${i.type}:${i.value}`).sort(),
        activities: timeline.items.map((a) => a.id).sort(),
        activityTypes: timeline.items.map((a) => a.type),
        conversations: conversations.map((c) => c.id).sort(),
        orders: orders.map((o) => o.orderId).sort(),
        notes: notes.map((x) => x.id).sort(),
        flowRuns: flowRuns.map((r) => r.id).sort(),
        consents: consents.map((c) => c.id).sort(),
      };
    });
  return { store, kit, contacts, merges, duplicates, event, rowsOf };
}

/** The consent record `twoOfAna` made, by the contact it was made for. */
const consentIds = new Map<string, string>();

/** Two contacts of one person made through intake, each with rows of every kind. */
async function twoOfAna(s: ReturnType<typeof setup>) {
  const { contacts, event } = s;
  const ana = await contacts.ingest(
    event({
      identities: { email: 'ana@example.com' },
      profile: { name: 'Ana Lima' },
      tags: ['vip'],
      customFields: { plan: 'pro' },
      conversation: { id: 'conv-a' },
      message: { text: 'hello from the widget' },
    }),
  );
  const phone = await contacts.ingest(
    event({
      channel: 'whatsapp',
      identities: { whatsapp: '+447700900123' },
      profile: { company: 'Acme', name: 'Ana L.' },
      tags: ['trial'],
      customFields: { seats: 3 },
      conversation: { id: 'conv-b' },
      message: { text: 'hi on whatsapp' },
      order: { orderId: 'order-1', amount: 10.5, currency: 'EUR' },
    }),
  );
  await contacts.addNote('ws', phone.contactId, { author: { kind: 'person', id: 'agent' }, text: 'VIP?' });
  await contacts.recordFlowRun({
    workspaceId: 'ws',
    id: 'run-1',
    contactId: phone.contactId,
    flowId: 'welcome',
    flowName: 'Welcome',
    startedAt: new Date('2026-05-01T11:00:00Z'),
  });
  // Through the service, which keeps the contact's consent in force with its records.
  const consent = await s.kit.privacy.recordConsent('ws', phone.contactId, {
    purpose: 'whatsapp',
    status: 'granted',
    at: new Date('2026-05-01T11:00:00Z'),
    source: 'chat_widget',
  });
  consentIds.set(phone.contactId, consent.id);
  return { anaId: ana.contactId, phoneId: phone.contactId };
}

describe('merging two contacts moves everything to the primary and keeps a record to undo it', () => {
  it('moves identities, timeline, conversations, orders, notes, flow runs, consent and processed events; sums stats', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const before = await s.rowsOf(phoneId);
    const primaryBefore = await s.rowsOf(anaId);

    const { contact, record } = await s.merges.merge('ws', anaId, [phoneId], { actor: 'user-7' });

    const after = await s.rowsOf(anaId);
    expect((await s.rowsOf(phoneId)).contact).toBeNull();
    expect(after.identities).toEqual(['email:ana@example.com', 'phone:+447700900123']);
    for (const id of [...before.activities, ...primaryBefore.activities])
      expect(after.activities).toContain(id);
    expect(after.conversations).toEqual(['conv-a', 'conv-b']);
    expect(after.orders).toEqual(['order-1']);
    expect(after.notes).toEqual(before.notes);
    expect(after.flowRuns).toEqual(['run-1']);
    expect(after.consents).toEqual([consentIds.get(phoneId)]);
    // The merged contact carries the consent in force of both contacts' records.
    expect(contact.consent).toEqual([
      { purpose: 'whatsapp', status: 'granted', at: new Date('2026-05-01T11:00:00Z') },
    ]);
    const processed = await s.store.transaction('ws', (t) => t.processedEvents.get(['evt-2']));
    expect(processed[0]?.contactId).toBe(anaId);

    expect(contact.profile).toEqual({
      name: 'Ana Lima',
      firstName: 'Ana',
      lastName: 'Lima',
      email: 'ana@example.com',
      phone: '+447700900123',
      company: 'Acme',
    });
    expect(contact.tags).toEqual(['vip', 'trial']);
    expect(contact.customFields).toEqual({ plan: 'pro', seats: 3 });
    expect(contact.channels).toEqual(['web', 'whatsapp']);
    expect(contact.stats).toMatchObject({ messages: 2, conversations: 2, orders: 1, amountSpent: 10.5 });
    expect(after.contact).toEqual(contact);

    const stored = await s.store.transaction('ws', (t) => t.merges.get(record.id));
    expect(stored).toEqual(record);
    expect(record.primaryBefore).toEqual(primaryBefore.contact);
    expect(record.absorbedBefore).toEqual([before.contact]);
    expect(record.actor).toBe('user-7');
    expect(record.provenance).toMatchObject({ 'profile.name': anaId, 'profile.company': phoneId });
    const [rows] = record.rows;
    expect(rows?.identities.map((i) => `${i.type}:${i.value}`)).toEqual(['phone:+447700900123']);
    expect([...(rows?.logIds ?? [])].sort()).toEqual(before.activities);
    expect(rows?.rows).toMatchObject({
      conversations: ['conv-b'],
      orders: ['order-1'],
      notes: before.notes,
      flowRuns: ['run-1'],
      consents: [consentIds.get(phoneId)],
      processedEvents: ['evt-2'],
    });

    expect(after.activityTypes).toContain('contact.merged');
    const outbox = await s.store.transaction('ws', (t) => eventsAbout(t, anaId));
    expect(outbox.at(-1)).toMatchObject({
      type: 'contact.merged',
      payload: { contactId: anaId, mergeId: record.id, mergedIds: [phoneId] },
    });
    expect(await s.merges.mergeHistory('ws', anaId)).toEqual([record]);
  });

  it('refuses to merge two contacts with different user ids, and changes nothing', async () => {
    const s = setup();
    const a = await s.contacts.ingest(s.event({ identities: { userId: 'u1' } }));
    const b = await s.contacts.ingest(s.event({ identities: { userId: 'u2' } }));
    await expect(s.merges.merge('ws', a.contactId, [b.contactId])).rejects.toThrow(ValidationError);
    expect((await s.rowsOf(b.contactId)).identities).toEqual(['userId:u2']);
    expect((await s.store.inspect('ws')).merges).toBe(0);
  });

  it('refuses unknown contacts and a contact merged into itself', async () => {
    const s = setup();
    const a = await s.contacts.ingest(s.event({ identities: { email: 'a@example.com' } }));
    await expect(s.merges.merge('ws', a.contactId, ['nobody'])).rejects.toThrow(NotFoundError);
    await expect(s.merges.merge('ws', a.contactId, [a.contactId])).rejects.toThrow(ValidationError);
  });
});

describe('unmerging gives the merged-away contact back and keeps later activity on the primary', () => {
  it('restores the absorbed contact with its own rows, and the primary keeps what came after the merge', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const phoneBefore = await s.rowsOf(phoneId);
    const anaBefore = await s.rowsOf(anaId);
    const { record } = await s.merges.merge('ws', anaId, [phoneId]);

    // After the merge: a message through the absorbed contact's phone (it lands on the primary), and a
    // person's edit of the company the merge brought.
    const later = await s.contacts.ingest(
      s.event({ channel: 'whatsapp', identities: { whatsapp: '+447700900123' }, message: { text: 'again' } }),
    );
    expect(later.contactId).toBe(anaId);
    await s.contacts.ingest(
      s.event({ identities: { email: 'ana@example.com' }, message: { text: 'and again' } }),
    );
    const laterActivities = (await s.rowsOf(anaId)).activities.filter(
      (id) => !anaBefore.activities.includes(id) && !phoneBefore.activities.includes(id),
    );

    const result = await s.merges.unmerge('ws', record.id, { actor: 'user-7' });

    const phone = await s.rowsOf(phoneId);
    expect(phone.contact).toEqual({
      ...phoneBefore.contact,
      updatedAt: phone.contact?.updatedAt,
      version: 1,
    });
    expect(phone.identities).toEqual(phoneBefore.identities);
    // Its own timeline back, plus the one entry that says it was unmerged.
    for (const id of phoneBefore.activities) expect(phone.activities).toContain(id);
    expect(phone.activities).toHaveLength(phoneBefore.activities.length + 1);
    expect(phone.activityTypes.filter((t) => t === 'contact.unmerged')).toHaveLength(1);
    expect(phone.conversations).toEqual(['conv-b']);
    expect(phone.orders).toEqual(['order-1']);
    expect(phone.notes).toEqual(phoneBefore.notes);
    expect(phone.flowRuns).toEqual(['run-1']);
    expect(phone.consents).toEqual([consentIds.get(phoneId)]);
    const [processed] = await s.store.transaction('ws', (t) => t.processedEvents.get(['evt-2']));
    expect(processed?.contactId).toBe(phoneId);

    const ana = await s.rowsOf(anaId);
    expect(ana.identities).toEqual(['email:ana@example.com']);
    for (const id of laterActivities) expect(ana.activities).toContain(id);
    for (const id of phoneBefore.activities) expect(ana.activities).not.toContain(id);
    expect(ana.activityTypes).toEqual(expect.arrayContaining(['contact.merged', 'contact.unmerged']));
    expect(ana.conversations).toEqual(['conv-a']);
    expect(ana.orders).toEqual([]);
    // Ana's own message, plus the two after the merge; the phone contact's one went back with it.
    expect(ana.contact?.stats).toMatchObject({ messages: 3, conversations: 1, orders: 0, amountSpent: 0 });
    expect(phone.contact?.stats.messages).toBe(1);
    expect(ana.contact?.profile).toEqual(anaBefore.contact?.profile);
    expect(ana.contact?.tags).toEqual(['vip']);
    expect(ana.contact?.customFields).toEqual({ plan: 'pro' });
    expect(ana.contact?.channels).toEqual(['web']);
    // The consent went back with its record.
    expect(ana.contact?.consent).toBeUndefined();
    expect(phone.contact?.consent).toEqual(phoneBefore.contact?.consent);
    expect(ana.contact?.stats.lastSeenAt).toEqual(new Date(Date.UTC(2026, 4, 1, 10, 0, 4)));
    expect(result.reverted).toEqual(
      expect.arrayContaining(['profile.company', 'customFields.seats', 'tags']),
    );

    const outbox = await s.store.transaction('ws', (t) => eventsAbout(t, anaId));
    expect(outbox.at(-1)).toMatchObject({
      type: 'contact.unmerged',
      payload: { mergeId: record.id, restoredIds: [phoneId] },
    });
    expect((await s.merges.mergeHistory('ws', phoneId))[0]?.undoneAt).toEqual(
      new Date('2026-06-01T12:00:00Z'),
    );
  });

  it('keeps a value edited after the merge, even one the merge brought', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const { record } = await s.merges.merge('ws', anaId, [phoneId]);
    await s.contacts.updateProfile('ws', anaId, { company: 'Lima Consulting' });
    const { primary, reverted } = await s.merges.unmerge('ws', record.id);
    expect(primary.profile.company).toBe('Lima Consulting');
    expect(reverted).not.toContain('profile.company');
  });

  it('cannot be undone twice', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const { record } = await s.merges.merge('ws', anaId, [phoneId]);
    await s.merges.unmerge('ws', record.id);
    const error = await s.merges.unmerge('ws', record.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeNotUndoableError);
    expect((error as MergeNotUndoableError).reason).toBe('already-undone');
  });

  it('cannot be undone while a later merge into the same contact stands; undoing that first frees it', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const third = await s.contacts.ingest(s.event({ identities: { email: 'ana.lima@work.example' } }));
    const first = await s.merges.merge('ws', anaId, [phoneId]);
    const second = await s.merges.merge('ws', anaId, [third.contactId]);
    const error = await s.merges.unmerge('ws', first.record.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeNotUndoableError);
    expect((error as MergeNotUndoableError).reason).toBe('later-merge');
    expect((error as MergeNotUndoableError).detail).toContain(second.record.id);
    expect((await s.rowsOf(phoneId)).contact).toBeNull();

    await s.merges.unmerge('ws', second.record.id);
    await s.merges.unmerge('ws', first.record.id);
    expect((await s.rowsOf(anaId)).identities).toEqual(['email:ana@example.com']);
    expect((await s.rowsOf(third.contactId)).identities).toEqual(['email:ana.lima@work.example']);
  });

  it('cannot be undone once the primary was itself merged away', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const other = await s.contacts.ingest(s.event({ identities: { email: 'other@example.com' } }));
    const { record } = await s.merges.merge('ws', anaId, [phoneId]);
    await s.merges.merge('ws', other.contactId, [anaId]);
    await expect(s.merges.unmerge('ws', record.id)).rejects.toMatchObject({ reason: 'primary-merged-away' });
  });

  it('cannot be undone once an identity of the absorbed contact went to a third contact', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const other = await s.contacts.ingest(s.event({ identities: { email: 'other@example.com' } }));
    const { record } = await s.merges.merge('ws', anaId, [phoneId]);
    await s.store.transaction('ws', (t) =>
      t.identities.move([
        { from: anaId, to: other.contactId, keys: [{ type: 'phone', value: '+447700900123' }] },
      ]),
    );
    const error = await s.merges.unmerge('ws', record.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'identity-taken' });
    expect((error as MergeNotUndoableError).detail).toContain(other.contactId);
    expect((await s.store.inspect('ws')).contacts).toBe(2);
  });

  it('says so for an unknown merge id', async () => {
    const s = setup();
    await expect(s.merges.unmerge('ws', 'nope')).rejects.toThrow(NotFoundError);
  });
});

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'Lucas'];
const LAST = ['Anderson', 'Brooks', 'Carter', 'Dalton', 'Ellison', 'Fletcher', 'Garrison', 'Hayward'];
const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark'];
const CITY = ['Leeds', 'Bristol', 'York', 'Bath', 'Derby', 'Exeter', 'Hull', 'Chester', 'Durham'];

/**
 * 60 different people, then two pairs that are one person each: Robert and Bob Hartley (a nickname,
 * different emails), and Jonathan Pemberton typed Jonathon Pembertn by an anonymous visitor.
 */
async function crowdWithTwins(s: ReturnType<typeof setup>) {
  await s.contacts.ingestBatch(
    Array.from({ length: 60 }, (_, i) =>
      s.event({
        type: 'profile',
        identities: { email: `person${i}@mail${i % 4}.example` },
        profile: {
          name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
          company: COMPANY[i % COMPANY.length]!,
          address: { city: CITY[i % CITY.length]!, postcode: `AB${i} 1CD` },
        },
      }),
    ),
  );
  const profile = (name: string, company: string, city: string, postcode?: string) => ({
    name,
    company,
    address: { city, ...(postcode ? { postcode } : {}) },
  });
  const bob = await s.contacts.ingest(
    s.event({
      type: 'profile',
      identities: { email: 'robert.hartley@globex.example' },
      profile: profile('Robert Hartley', 'Globex', 'Leeds', 'LS1 4AP'),
    }),
  );
  const bob2 = await s.contacts.ingest(
    s.event({
      type: 'profile',
      identities: { email: 'bob.h@mail.example' },
      profile: profile('Bob Hartley', 'Globex Ltd', 'Leeds', 'LS1 4AP'),
    }),
  );
  const jon = await s.contacts.ingest(
    s.event({
      type: 'profile',
      identities: { email: 'jonathan.pemberton@initech.example' },
      profile: profile('Jonathan Pemberton', 'Initech', 'York'),
    }),
  );
  const jon2 = await s.contacts.ingest(
    s.event({
      type: 'profile',
      identities: { cookie: 'ck-1' },
      profile: profile('Jonathon Pembertn', 'Initech', 'York'),
    }),
  );
  return {
    bobPair: pairOf(bob.contactId, bob2.contactId),
    jonPair: pairOf(jon.contactId, jon2.contactId),
  };
}
const pairOf = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

describe('duplicate suggestions over stored contacts', () => {
  it('a scan finds a nickname and a typo duplicate among generated contacts, each with per-field evidence', async () => {
    const s = setup();
    const { bobPair, jonPair } = await crowdWithTwins(s);
    const scan = await s.duplicates.scan('ws');
    expect(scan.stats.contacts).toBe(64);
    expect(scan.suggestions.map((x) => x.id).sort()).toEqual([bobPair, jonPair].sort());
    const bob = scan.suggestions.find((x) => x.id === bobPair)!;
    expect(bob.probability).toBeGreaterThanOrEqual(0.9);
    expect(bob.explanation.first_name).toMatchObject({ level: 'nickname' });
    expect((bob.explanation.first_name as { weight: number }).weight).toBeGreaterThan(0);
    expect((bob.explanation.email as { weight: number }).weight).toBeLessThan(0);
    const jon = scan.suggestions.find((x) => x.id === jonPair)!;
    expect(jon.explanation.last_name).not.toMatchObject({ level: 'exact' });
    expect(jon.explanation.email).toMatchObject({ level: 'missing', weight: 0 });

    const stored = await s.duplicates.listSuggestions('ws');
    expect(stored.items.map((x) => x.id)).toEqual(scan.suggestions.map((x) => x.id));
    // Off by default: nothing was merged.
    expect(scan.merged).toEqual([]);
    expect((await s.store.inspect('ws')).contacts).toBe(64);
  });

  it('a rejected pair is never suggested again; an accepted one is merged', async () => {
    const s = setup();
    const { bobPair, jonPair } = await crowdWithTwins(s);
    await s.duplicates.scan('ws');

    const rejected = await s.duplicates.rejectSuggestion('ws', bobPair, { actor: 'user-7' });
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'user-7' });
    const again = await s.duplicates.scan('ws');
    expect(again.suggestions.map((x) => x.id)).toEqual([jonPair]);
    expect(again.skippedDecided).toBe(1);
    expect((await s.duplicates.listSuggestions('ws', { status: 'rejected' })).items.map((x) => x.id)).toEqual(
      [bobPair],
    );
    await expect(s.duplicates.rejectSuggestion('ws', bobPair)).rejects.toThrow(ValidationError);

    const { record, contact } = await s.duplicates.acceptSuggestion('ws', jonPair, { actor: 'user-7' });
    expect(record.reason).toBe('suggestion');
    expect(pairOf(record.primaryId, record.absorbedIds[0]!)).toBe(jonPair);
    expect(contact.profile.name).toBe('Jonathan Pemberton');
    expect((await s.store.inspect('ws')).contacts).toBe(63);
    expect((await s.duplicates.listSuggestions('ws', { status: 'accepted' })).items.map((x) => x.id)).toEqual(
      [jonPair],
    );
    const third = await s.duplicates.scan('ws');
    expect(third.suggestions).toEqual([]);
    await expect(s.duplicates.acceptSuggestion('ws', 'no|pair')).rejects.toThrow(NotFoundError);
  });

  it('with an automatic-merge threshold configured, a scan merges the pairs above it itself', async () => {
    const s = setup({ dedupe: { autoMergeThreshold: 0.99 } });
    const { bobPair, jonPair } = await crowdWithTwins(s);
    const scan = await s.duplicates.scan('ws');
    const merged = scan.merged.map((m) => pairOf(m.primaryId, m.absorbedIds[0]!));
    expect(merged).toContain(bobPair);
    expect(merged.every((id) => id === bobPair || id === jonPair)).toBe(true);
    expect(scan.merged.every((m) => m.reason === 'auto')).toBe(true);
    // Pairs under the threshold stay suggestions for a person to decide.
    expect(scan.suggestions.every((x) => x.probability < 0.99 && !merged.includes(x.id))).toBe(true);
    expect(scan.suggestions.length + merged.length).toBe(2);
    expect((await s.store.inspect('ws')).contacts).toBe(64 - merged.length);
    const accepted = await s.duplicates.listSuggestions('ws', { status: 'accepted' });
    expect(accepted.items.map((x) => x.id).sort()).toEqual([...merged].sort());
    // Automatic merges are undoable like any other.
    await s.merges.unmerge('ws', scan.merged[0]!.id);
    expect((await s.store.inspect('ws')).contacts).toBe(65 - merged.length);
  });
});

describe("intake's automatic merges leave a record and can be undone", () => {
  it('an anonymous lead folded into a known contact by an event comes back with its rows', async () => {
    const s = setup();
    const known = await s.contacts.ingest(
      s.event({ identities: { email: 'ana@example.com' }, message: { text: 'first' } }),
    );
    const anon = await s.contacts.ingest(
      s.event({ identities: { cookie: 'ck-9' }, conversation: { id: 'conv-1' }, message: { text: 'hello' } }),
    );
    const anonBefore = await s.rowsOf(anon.contactId);
    const merged = await s.contacts.ingest(
      s.event({ identities: { cookie: 'ck-9', email: 'ana@example.com' }, message: { text: 'me' } }),
    );
    expect(merged.kind).toBe('merged');

    const [record] = await s.merges.mergeHistory('ws', known.contactId);
    expect(record).toMatchObject({
      reason: 'intake',
      primaryId: known.contactId,
      absorbedIds: [anon.contactId],
    });
    expect(record?.absorbedBefore).toEqual([anonBefore.contact]);
    expect([...(record?.rows[0]?.logIds ?? [])].sort()).toEqual(anonBefore.activities);
    expect(record?.rows[0]?.rows).toMatchObject({ conversations: ['conv-1'], processedEvents: ['evt-2'] });

    await s.merges.unmerge('ws', record!.id);
    const back = await s.rowsOf(anon.contactId);
    expect(back.identities).toEqual(['cookie:ck-9']);
    expect(back.conversations).toEqual(['conv-1']);
    expect(back.contact?.stats.messages).toBe(1);
    const ana = await s.rowsOf(known.contactId);
    expect(ana.identities).toEqual(['email:ana@example.com']);
    // Ana's first message and the one that merged (it happened to her), not the lead's.
    expect(ana.contact?.stats.messages).toBe(2);
  });

  it("gives back the lead's events that wrote no timeline entry, so a replay names the lead again", async () => {
    const s = setup();
    const known = await s.contacts.ingest(s.event({ identities: { email: 'ana@example.com' } }));
    const anon = await s.contacts.ingest(
      s.event({ identities: { cookie: 'ck-9' }, conversation: { id: 'conv-1' }, message: { text: 'hello' } }),
    );
    // A returning visitor's message in the same conversation: an idempotency record, no timeline entry.
    const again = s.event({
      identities: { cookie: 'ck-9' },
      conversation: { id: 'conv-1' },
      message: { text: 'hm' },
    });
    expect(await s.contacts.ingest(again)).toMatchObject({ kind: 'matched', contactId: anon.contactId });
    await s.contacts.ingest(s.event({ identities: { cookie: 'ck-9', email: 'ana@example.com' } }));
    const [record] = await s.merges.mergeHistory('ws', known.contactId);
    expect([...(record?.rows[0]?.rows.processedEvents ?? [])].sort()).toEqual(['evt-2', 'evt-3']);

    await s.merges.unmerge('ws', record!.id);
    const replay = await s.contacts.ingest(again);
    expect(replay).toMatchObject({ duplicate: true, contactId: anon.contactId });
  });

  it('a lead made and merged within one batch is recorded with the rows the batch gave it', async () => {
    const s = setup();
    const known = await s.contacts.ingest(
      s.event({ identities: { email: 'ana@example.com' }, message: { text: 'first' } }),
    );
    const results = await s.contacts.ingestBatch([
      s.event({ identities: { cookie: 'ck-1' }, conversation: { id: 'conv-9' }, message: { text: 'hi' } }),
      s.event({ identities: { cookie: 'ck-1', email: 'ana@example.com' }, message: { text: 'it is me' } }),
    ]);
    const leadId = results[0]?.ok ? results[0].outcome.contactId : '';
    expect(results[1]).toMatchObject({ ok: true, outcome: { kind: 'merged', merged: [leadId] } });
    const [record] = await s.merges.mergeHistory('ws', known.contactId);
    expect(record?.rows[0]?.rows).toMatchObject({ conversations: ['conv-9'], processedEvents: ['evt-2'] });
    expect(record?.rows[0]?.logIds.length).toBeGreaterThan(0);

    await s.merges.unmerge('ws', record!.id);
    const lead = await s.rowsOf(leadId);
    expect(lead.identities).toEqual(['cookie:ck-1']);
    expect(lead.conversations).toEqual(['conv-9']);
    expect(lead.activities).toEqual(expect.arrayContaining(record!.rows[0]!.logIds));
    // Her own first message and the one that merged; the lead's went back with it.
    expect((await s.rowsOf(known.contactId)).contact?.stats.messages).toBe(2);
    expect(lead.contact?.stats.messages).toBe(1);
  });
});

describe('merging several contacts at once', () => {
  it('merges three into one and an unmerge gives each back its own rows', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const work = await s.contacts.ingest(
      s.event({
        identities: { email: 'ana.lima@work.example' },
        conversation: { id: 'conv-w' },
        message: { text: 'from work' },
      }),
    );
    const before = {
      phone: await s.rowsOf(phoneId),
      work: await s.rowsOf(work.contactId),
      ana: await s.rowsOf(anaId),
    };
    const { record, contact } = await s.merges.merge('ws', anaId, [phoneId, work.contactId]);
    expect(record.rows.map((r) => r.contactId)).toEqual([phoneId, work.contactId]);
    expect(contact.stats.messages).toBe(3);
    expect((await s.rowsOf(anaId)).conversations).toEqual(['conv-a', 'conv-b', 'conv-w']);

    await s.merges.unmerge('ws', record.id);
    for (const [id, was] of [
      [phoneId, before.phone],
      [work.contactId, before.work],
    ] as const) {
      const now = await s.rowsOf(id);
      expect(now.identities).toEqual(was.identities);
      expect(now.conversations).toEqual(was.conversations);
      expect(now.contact?.stats).toEqual(was.contact?.stats);
    }
    const ana = await s.rowsOf(anaId);
    expect(ana.identities).toEqual(before.ana.identities);
    expect(ana.contact?.stats).toEqual(before.ana.contact?.stats);
  });

  it('an open suggestion about a contact merged away since is no longer listed', async () => {
    const s = setup();
    const { anaId, phoneId } = await twoOfAna(s);
    const third = await s.contacts.ingest(s.event({ identities: { email: 'third@example.com' } }));
    await s.store.transaction('ws', (t) =>
      t.suggestions.upsertMany([
        {
          workspaceId: 'ws',
          id: [phoneId, third.contactId].sort().join('|'),
          contactIds: [phoneId, third.contactId].sort() as [string, string],
          weight: 5,
          probability: 0.97,
          explanation: {},
          status: 'open',
          createdAt: new Date('2026-06-01T00:00:00Z'),
        },
      ]),
    );
    expect((await s.duplicates.listSuggestions('ws')).items).toHaveLength(1);
    await s.merges.merge('ws', anaId, [phoneId]);
    expect((await s.duplicates.listSuggestions('ws')).items).toEqual([]);
  });
});
