import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { classifyContact, contactFacts } from '../../src/classify/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { type WorkspaceConfigInput, WorkspaceConfigSchema } from '../../src/model/workspace-config.js';
import { ledgerScore } from '../../src/scoring/index.js';
import { createContactkit } from '../../src/service/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 9);

/** A kit on a memory store whose clock a test moves. */
function setup(config: WorkspaceConfigInput = {}) {
  let now = new Date(T0);
  let seq = 0;
  const store = new MemoryStore();
  const kit = createContactkit({ store, config, clock: () => now });
  const event = (e: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => ({
    workspaceId: 'ws',
    eventId: `e${++seq}`,
    occurredAt: now,
    channel: 'web',
    ...e,
  });
  const contact = async (id: string) => (await kit.contacts.getContact('ws', id))!.contact;
  return { store, kit, event, contact, at: (days: number) => (now = new Date(T0 + days * DAY)) };
}

describe('classification is stored on the contact by intake', () => {
  it('an intent scores points into the ledger, and the grade change is on the timeline with its reason', async () => {
    const { kit, event, contact, store } = setup({
      scoring: { grades: { A: 50, B: 40, C: 30, D: 20, E: 10 } },
    });
    const { contactId } = await kit.contacts.ingest(
      event({ identities: { email: 'ana@example.com' }, message: { text: 'hi' } }),
    );
    expect((await contact(contactId)).classification).toMatchObject({ status: 'new', grade: 'F', score: 0 });
    await kit.contacts.ingest(
      event({
        identities: { email: 'ana@example.com' },
        message: { text: 'I want to buy the annual plan' },
        intents: [{ name: 'purchase' }],
      }),
    );
    const after = await contact(contactId);
    expect(after.classification).toMatchObject({
      status: 'qualified',
      statusReason: 'buying_intent',
      score: 20,
      grade: 'D',
      stage: 'closing',
    });
    const ledger = await store.transaction('ws', (tx) => tx.scoreLedger.listByContact(contactId));
    expect(ledger.map((e) => [e.ruleId, e.points, e.eventId])).toEqual([['buying-intent', 20, 'e2']]);
    const timeline = (await kit.contacts.listTimeline('ws', contactId)).items.map((a) => a.type);
    expect(timeline).toEqual(expect.arrayContaining(['status.changed', 'stage.changed', 'grade.changed']));
    const events = await store.transaction('ws', (tx) => tx.log.events({ limit: 100 }));
    expect(events.find((e) => e.type === 'contact.status_changed')?.payload).toMatchObject({
      from: 'new',
      to: 'qualified',
      reason: 'buying_intent',
    });
  });

  it('keeps spend per currency, never adding USD to JPY, with the orders through the assistant apart', async () => {
    const { kit, event, contact } = setup({
      classification: { spend: { currency: 'USD', rates: { JPY: 0.0067 } } },
    });
    const { contactId } = await kit.contacts.ingest(
      event({
        identities: { email: 'b@example.com' },
        order: { orderId: 'o1', amount: 10, currency: 'USD', viaAssistant: true },
      }),
    );
    await kit.contacts.ingest(
      event({
        identities: { email: 'b@example.com' },
        order: { orderId: 'o2', amount: 1000, currency: 'JPY' },
      }),
    );
    const c = await contact(contactId);
    expect(c.stats.spend).toEqual([
      { currency: 'USD', orders: 1, amount: 10, ordersViaAssistant: 1, amountViaAssistant: 10 },
      { currency: 'JPY', orders: 1, amount: 1000, ordersViaAssistant: 0, amountViaAssistant: 0 },
    ]);
    expect(c.stats.amountSpent).toBe(16.7);
    expect(c.classification?.spentTotal).toEqual({ currency: 'USD', amount: 16.7, missingRates: [] });
    expect(c.classification).toMatchObject({ status: 'converted', statusReason: 'purchase' });
    // Without a workspace currency, the amount is the first currency's: still never a sum of two.
    const plain = setup();
    const other = await plain.kit.contacts.ingest(
      plain.event({
        identities: { email: 'c@example.com' },
        order: { orderId: 'o1', amount: 10, currency: 'USD' },
      }),
    );
    await plain.kit.contacts.ingest(
      plain.event({
        identities: { email: 'c@example.com' },
        order: { orderId: 'o2', amount: 1000, currency: 'JPY' },
      }),
    );
    expect((await plain.contact(other.contactId)).stats.amountSpent).toBe(10);
  });

  it('a booking converts like an order; sentiment is kept per contact with a trend', async () => {
    const { kit, event, contact } = setup();
    const { contactId } = await kit.contacts.ingest(
      event({ identities: { cookie: 'ck' }, actions: ['booking'] }),
    );
    for (const s of [0.6, 0.5, -0.7, -0.9, -0.95]) {
      await kit.contacts.ingest(
        event({ identities: { cookie: 'ck' }, message: { text: '…', sentiment: s } }),
      );
    }
    const c = await contact(contactId);
    expect(c.stats.bookings).toBe(1);
    expect(c.classification).toMatchObject({ status: 'converted', statusReason: 'booking' });
    expect(c.classification?.sentiment).toMatchObject({ messages: 5, trend: 'worsening' });
  });
});

describe('time moves on: the sweep', () => {
  it('reclassifies contacts whose status lapsed, writing only those, with the change on the timeline', async () => {
    const { kit, event, contact, at } = setup();
    const quiet = await kit.contacts.ingest(
      event({ identities: { email: 'q@example.com' }, message: { text: 'hi' } }),
    );
    at(25);
    const busy = await kit.contacts.ingest(
      event({ identities: { email: 'b@example.com' }, message: { text: 'hi' } }),
    );
    at(31);
    const swept = await kit.classification.reclassify('ws');
    // Quiet lapses to inactive; both, silent for days, move to the follow-up stage. Nothing else changes.
    expect(swept).toMatchObject({ scanned: 2, updated: 2, changes: 3 });
    expect((await contact(quiet.contactId)).classification).toMatchObject({
      status: 'inactive',
      statusReason: 'silent',
    });
    expect((await contact(busy.contactId)).classification).toMatchObject({
      status: 'new',
      stage: 'follow_up',
    });
    const timeline = (await kit.contacts.listTimeline('ws', quiet.contactId)).items;
    expect(timeline.find((a) => a.type === 'status.changed')).toMatchObject({
      data: { from: 'new', to: 'inactive', reason: 'silent' },
    });
    expect(timeline.find((a) => a.type === 'stage.changed')).toMatchObject({
      data: { from: 'inquiry', to: 'follow_up', reason: 'silence' },
    });
    // Again at the same time: nothing to do.
    expect(await kit.classification.reclassify('ws')).toMatchObject({ updated: 0, changes: 0 });
    // Resumable, a page at a time.
    const first = await kit.classification.reclassify('ws', { limit: 1 });
    expect(first.cursor).toBeDefined();
    expect(await kit.classification.reclassify('ws', { cursor: first.cursor! })).toMatchObject({
      scanned: 1,
    });
  });

  it('a stored classification equals a fresh computation at its own time, whatever the events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            days: fc.integer({ min: 0, max: 120 }),
            intent: fc.constantFrom(undefined, 'pricing', 'purchase'),
            order: fc.boolean(),
            sentiment: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (steps) => {
          const { kit, event, contact, at } = setup();
          let id = '';
          let day = 0;
          for (const [i, s] of steps.entries()) {
            day += s.days;
            at(day);
            const outcome = await kit.contacts.ingest(
              event({
                identities: { email: 'p@example.com' },
                message: { text: 'hello', ...(s.sentiment === undefined ? {} : { sentiment: s.sentiment }) },
                ...(s.intent ? { intents: [{ name: s.intent }] } : {}),
                ...(s.order ? { order: { orderId: `o${i}`, amount: 25, currency: 'EUR' } } : {}),
              }),
            );
            id = outcome.contactId;
          }
          const stored = await contact(id);
          const config = WorkspaceConfigSchema.parse({});
          const fresh = classifyContact(contactFacts(stored), config, {
            now: stored.classification!.classifiedAt,
          });
          expect(stored.classification).toEqual(fresh);
          // And the score is the decayed sum of the ledger.
          const ledger = await kit.classification.ledger('ws', id, { limit: 1000 });
          expect(ledgerScore(ledger.items, stored.classification!.classifiedAt)).toBeCloseTo(
            stored.classification!.score,
            1,
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('by hand and by rule changes', () => {
  it('a manual adjustment is a ledger entry; a manual stage sticks until cleared', async () => {
    const { kit, event, contact } = setup();
    const { contactId } = await kit.contacts.ingest(
      event({ identities: { email: 'm@example.com' }, message: { text: 'hi' } }),
    );
    await kit.classification.adjustScore('ws', contactId, { points: 45, note: 'called about a demo' });
    expect((await contact(contactId)).classification).toMatchObject({ score: 45, grade: 'C' });
    const explained = await kit.classification.explainScore('ws', contactId);
    expect(explained.score).toBe(45);
    await kit.classification.setStage('ws', contactId, 'in_progress');
    await kit.contacts.ingest(event({ identities: { email: 'm@example.com' }, stage: 'comparing' }));
    expect((await contact(contactId)).classification).toMatchObject({
      stage: 'in_progress',
      stageSetByHand: true,
    });
    await kit.classification.setStage('ws', contactId, null);
    expect((await contact(contactId)).classification).toMatchObject({
      stage: 'comparing',
      stageSetByHand: false,
    });
  });

  it('re-applies a changed rule set to every contact, idempotently', async () => {
    const store = new MemoryStore();
    const rules = (points: number): WorkspaceConfigInput => ({
      scoring: {
        version: `v${points}`,
        rules: [{ id: 'buy', kind: 'intent', intents: ['purchase'], points, category: 'intent' }],
      },
    });
    let config = rules(20);
    const kit = createContactkit({ store, config: () => config, clock: () => new Date(T0) });
    const ingest = (n: number) =>
      kit.contacts.ingest({
        workspaceId: 'ws',
        eventId: `e${n}`,
        occurredAt: new Date(T0),
        channel: 'web',
        identities: { email: `p${n}@example.com` },
        intents: [{ name: 'purchase' }],
      });
    const a = await ingest(1);
    await ingest(2);
    config = rules(35);
    kit.context.forget('ws');
    expect(await kit.classification.reapplyRules('ws')).toMatchObject({ scanned: 2, updated: 2 });
    expect(await kit.classification.reapplyRules('ws')).toMatchObject({ updated: 0 });
    const [entry] = await store.transaction('ws', (tx) => tx.scoreLedger.listByContact(a.contactId));
    expect(entry).toMatchObject({ points: 35, ruleSetVersion: 'v35' });
    expect((await kit.contacts.getContact('ws', a.contactId))?.contact.classification?.score).toBe(35);
  });
});

describe('merges', () => {
  it('a merge adds the scores, ledgers and spend of both; an unmerge gives each its own back', async () => {
    const { kit, event, contact, store } = setup();
    const ana = await kit.contacts.ingest(
      event({ identities: { email: 'ana@example.com' }, intents: [{ name: 'purchase' }] }),
    );
    const lead = await kit.contacts.ingest(
      event({
        identities: { cookie: 'ck' },
        intents: [{ name: 'pricing' }],
        order: { orderId: 'o1', amount: 5, currency: 'EUR' },
      }),
    );
    const { record } = await kit.merges.merge('ws', ana.contactId, [lead.contactId]);
    const merged = await contact(ana.contactId);
    expect(merged.classification?.score).toBe(20 + 5 + 30);
    expect(merged.stats.spend?.[0]).toMatchObject({ currency: 'EUR', orders: 1 });
    expect((await store.transaction('ws', (tx) => tx.scoreLedger.listByContact(ana.contactId))).length).toBe(
      3,
    );
    await kit.merges.unmerge('ws', record.id);
    expect((await contact(ana.contactId)).classification?.score).toBe(20);
    expect((await contact(lead.contactId)).classification?.score).toBe(35);
    expect((await contact(ana.contactId)).stats.spend).toBeUndefined();
  });
});
