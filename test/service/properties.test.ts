import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import type { ChatEventInput, EventIdentities } from '../../src/model/chat-event.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactService } from '../../src/service/index.js';

/** People with identities that events reveal a few at a time, in any order. */
interface Person {
  userId?: string;
  email: string;
  phone: string;
  cookie: string;
}

const people = (n: number, withUserIds: boolean): Person[] =>
  Array.from({ length: n }, (_, i) => ({
    ...(withUserIds ? { userId: `u${i}` } : {}),
    email: `person${i}@example.com`,
    // Written differently each time below, so normalization is part of what is tested.
    phone: `+1 415 555 ${String(1000 + i)}`,
    cookie: `ck_${i}`,
  }));

const phoneForms = (p: string) => [p, p.replace('+1 ', '').replace(/ /g, '-'), p.replace(/[+ ]/g, '')];

/** A stream of events, each revealing a non-empty subset of one person's identities. */
function streamOf(pool: Person[], options: { mixPeople: boolean }) {
  const event = fc
    .record({
      person: fc.nat(pool.length - 1),
      other: fc.nat(pool.length - 1),
      pick: fc.subarray(['userId', 'email', 'phone', 'cookie'] as const, { minLength: 1 }),
      phoneForm: fc.nat(2),
      message: fc.boolean(),
      mix: fc.boolean(),
    })
    .map(({ person, other, pick, phoneForm, message, mix }) => {
      const p = pool[person]!;
      const q = options.mixPeople && mix ? pool[other]! : p;
      const identities: EventIdentities = {};
      for (const type of pick) {
        // In mixed streams, the cookie may come from another person (a shared device).
        const who = type === 'cookie' ? q : p;
        if (type === 'phone') identities.phone = phoneForms(who.phone)[phoneForm]!;
        else if (who[type] !== undefined) identities[type] = who[type];
      }
      if (Object.keys(identities).length === 0) identities.email = p.email;
      return { identities, message };
    });
  return fc.array(event, { minLength: 1, maxLength: 40 }).map((events) =>
    events.map(
      ({ identities, message }, i): ChatEventInput => ({
        workspaceId: 'ws',
        eventId: `e${i}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        channel: 'web',
        country: 'US',
        type: message ? 'message' : 'profile',
        identities,
        ...(message ? { message: { text: `message ${i}` } } : {}),
      }),
    ),
  );
}

async function snapshot(store: ContactStore) {
  return store.transaction('ws', async (tx) => {
    const contacts = [];
    let cursor: string | undefined;
    do {
      const page = await tx.contacts.list(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
      contacts.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const identities = await tx.identities.listByContacts(contacts.map((c) => c.id));
    const outbox = await tx.log.events({ limit: 1000 });
    return { contacts, identities, outbox };
  });
}

function partition(identities: ReadonlyArray<{ contactId: string; type: string; value: string }>): string[] {
  const groups = new Map<string, string[]>();
  for (const i of identities)
    groups.set(i.contactId, [...(groups.get(i.contactId) ?? []), `${i.type}:${i.value}`]);
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}

/** A service over a fresh memory store, with a fixed clock and counting ids. */
function fresh() {
  const store = new MemoryStore();
  let n = 0;
  const service = createContactService({
    store,
    clock: () => new Date('2026-02-01T00:00:00Z'),
    ids: () => `id${++n}`,
  });
  return { store, service };
}

async function run(events: ChatEventInput[]) {
  const { store, service } = fresh();
  const results = await service.ingestBatch(events);
  return { store, service, results };
}

describe('intake over generated event streams', () => {
  it('every identity belongs to exactly one contact, and no message is lost', async () => {
    await fc.assert(
      fc.asyncProperty(streamOf(people(6, true), { mixPeople: true }), async (events) => {
        const { store, results } = await run(events);
        expect(results.every((r) => r.ok)).toBe(true);
        const { contacts, identities, outbox } = await snapshot(store);
        const keys = identities.map((i) => `${i.type}:${i.value}`);
        expect(new Set(keys).size).toBe(keys.length);
        const ids = new Set(contacts.map((c) => c.id));
        expect(identities.every((i) => ids.has(i.contactId))).toBe(true);
        const messages = events.filter((e) => e.message !== undefined).length;
        expect(contacts.reduce((n, c) => n + c.stats.messages, 0)).toBe(messages);
        // No contact holds two user ids.
        for (const c of contacts) {
          expect(
            identities.filter((i) => i.contactId === c.id && i.type === 'userId').length,
          ).toBeLessThanOrEqual(1);
        }
        // One contact.created per contact ever made, and every living contact was announced.
        const created = outbox.filter((e) => e.type === 'contact.created').map((e) => e.contactId);
        expect(new Set(created).size).toBe(created.length);
        for (const c of contacts) expect(created).toContain(c.id);
      }),
      { numRuns: 150 },
    );
  });

  it('replaying the stream gives the same state', async () => {
    await fc.assert(
      fc.asyncProperty(streamOf(people(5, true), { mixPeople: true }), async (events) => {
        const { store, service } = await run(events);
        const before = await snapshot(store);
        const replay = await service.ingestBatch(events);
        expect(replay.every((r) => r.ok && r.outcome.duplicate)).toBe(true);
        expect(await snapshot(store)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('one event at a time and in one batch give the same state', async () => {
    await fc.assert(
      fc.asyncProperty(streamOf(people(5, true), { mixPeople: true }), async (events) => {
        const batched = await run(events);
        const { store, service } = fresh();
        for (const e of events) await service.ingestBatch([e]);
        const a = await snapshot(batched.store);
        const b = await snapshot(store);
        expect(partition(b.identities)).toEqual(partition(a.identities));
        expect(b.contacts.map((c) => c.stats.messages).sort()).toEqual(
          a.contacts.map((c) => c.stats.messages).sort(),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('where no conflict occurs, the partition of identities does not depend on the order of events', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamOf(people(6, false), { mixPeople: true }).chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          ),
        ),
        async ([events, shuffled]) => {
          const a = await run(events);
          const b = await run(shuffled.map((e, i) => ({ ...e, eventId: `s${i}` })));
          const conflicts = [...a.results, ...b.results].filter((r) => r.ok && r.outcome.kind === 'conflict');
          fc.pre(conflicts.length === 0);
          expect(partition((await snapshot(b.store)).identities)).toEqual(
            partition((await snapshot(a.store)).identities),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('automatic merges never change the id of a contact that has a userId, nor pick one without over one with', async () => {
    await fc.assert(
      fc.asyncProperty(streamOf(people(6, true), { mixPeople: true }), async (events) => {
        const { store, service } = fresh();
        // Contacts that held a userId before each event, read from the store as the events go.
        for (const event of events) {
          const before = await store.transaction('ws', (tx) =>
            tx.identities.findByKeys(people(6, true).map((p) => ({ type: 'userId', value: p.userId! }))),
          );
          const withUserId = new Set(before.map((i) => i.contactId));
          const [result] = await service.ingestBatch([event]);
          if (!result?.ok) throw new Error('refused');
          const { contactId, merged } = result.outcome;
          for (const gone of merged) expect(withUserId.has(gone)).toBe(false);
          if (merged.length > 0 && [contactId, ...merged].some((id) => withUserId.has(id)))
            expect(withUserId.has(contactId)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
