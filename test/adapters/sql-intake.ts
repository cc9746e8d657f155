import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { Contact } from '../../src/model/contact.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactService, isRetryable } from '../../src/service/index.js';
import { eventsAbout } from '../../src/testing/index.js';

/*
 * What the SQL adapters' intake tests share (SQLite, Postgres, MariaDB): a stream of events whose
 * identities overlap across workers, and the invariants intake must leave behind however those
 * workers raced.
 */

export const INTAKE_WS = 'intake';

/**
 * `count` message events about `count / (workers * perWorker)` people. Event k goes to worker k % workers
 * and is about person ⌊k / (workers × perWorker)⌋, so every worker sees every person, in the same order,
 * at about the same time: the same new email arrives on several workers at once. Each event also
 * carries a cookie of that worker's device and, for every third person, a phone in varying forms.
 */
export function overlappingEvents(count: number, workers: number, perWorker = 1): ChatEventInput[] {
  const events: ChatEventInput[] = [];
  for (let k = 0; k < count; k++) {
    const person = Math.floor(k / (workers * perWorker));
    const worker = k % workers;
    const phone =
      person % 3 === 0
        ? { phone: [`+1 415 555 ${1000 + (person % 9000)}`, `(415) 555-${1000 + (person % 9000)}`][k % 2]! }
        : {};
    events.push({
      workspaceId: INTAKE_WS,
      eventId: `evt_${k}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + k * 1000),
      channel: 'web',
      country: 'US',
      type: 'message',
      identities: { email: `Person.${person}@Example.com`, cookie: `ck_${person}_${worker}`, ...phone },
      conversation: { id: `conv_${person}_${worker}` },
      message: { text: `message ${k}` },
    });
  }
  return events;
}

/** The events worker `w` of `workers` ingests. */
export function eventsOfWorker(
  events: readonly ChatEventInput[],
  w: number,
  workers: number,
): ChatEventInput[] {
  return events.filter((_, k) => k % workers === w);
}

/** What a worker's ingest met: its calls, and those that ran out of retries (and were sent again). */
export interface ShareReport {
  readonly ingested: number;
  readonly calls: number;
  readonly failed: number;
}

/**
 * Ingests worker `w`'s share of `events` (of `workers`) on `store`: calls of `callSize` events, each in
 * transactions of `batchSize`, with the service's default retries. A call that still fails (it ran out
 * of retries) is counted, and its events are sent again at the end, as a host would, until they go in.
 */
export async function ingestShare(
  store: ContactStore,
  events: readonly ChatEventInput[],
  w: number,
  workers: number,
  sizes: { readonly callSize: number; readonly batchSize: number },
  config: WorkspaceConfigInput = {},
): Promise<ShareReport> {
  const service = createContactService({ store, batchSize: sizes.batchSize, config });
  const mine = eventsOfWorker(events, w, workers);
  let calls = 0;
  let failed = 0;
  let pending: ChatEventInput[][] = [];
  for (let i = 0; i < mine.length; i += sizes.callSize) pending.push(mine.slice(i, i + sizes.callSize));
  for (let round = 0; pending.length > 0; round++) {
    if (round >= 20) throw new Error(`worker ${w}: calls still failing after ${round} rounds`);
    const again: ChatEventInput[][] = [];
    for (const call of pending) {
      calls++;
      try {
        const results = await service.ingestBatch(call);
        const refused = results.find((r) => !r.ok);
        if (refused && !refused.ok) throw refused.error;
      } catch (error) {
        if (!isRetryable(error)) throw error;
        failed++;
        again.push(call);
      }
    }
    pending = again;
  }
  return { ingested: mine.length, calls, failed };
}

/** One line for the test output: how many calls ran out of retries. */
export function failedRate(name: string, reports: readonly ShareReport[]): string {
  const calls = reports.reduce((n, r) => n + r.calls, 0);
  const failed = reports.reduce((n, r) => n + r.failed, 0);
  return `${name}: ${failed} of ${calls} calls ran out of retries (${((100 * failed) / Math.max(1, calls)).toFixed(1)}%), and were sent again`;
}

async function allContacts(store: ContactStore): Promise<Contact[]> {
  const out: Contact[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.transaction(INTAKE_WS, (tx) =>
      tx.contacts.list(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** How many domain events the workspace's log published. */
async function publishedEvents(store: ContactStore): Promise<number> {
  let n = 0;
  let after = 0;
  for (;;) {
    const page = await store.transaction(INTAKE_WS, (tx) => tx.log.events({ after, limit: 1000 }));
    n += page.length;
    if (page.length < 1000) return n;
    after = page.at(-1)!.position!;
  }
}

/** The sum of every conversation's message count. */
export async function messageCount(store: ContactStore): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await store.transaction(INTAKE_WS, (tx) =>
      tx.conversations.find(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor }),
    );
    for (const c of page.items) n += c.messageCount;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return n;
}

/**
 * A canonical picture of the workspace, free of generated ids: per contact its sorted identity keys and
 * message count, sorted; and the number of outbox events by type. Two runs over the same events that
 * end the same have the same picture.
 */
export async function intakeSnapshot(store: ContactStore) {
  const contacts = await allContacts(store);
  const ids = contacts.map((c) => c.id);
  const identities = await store.transaction(INTAKE_WS, (tx) => tx.identities.listByContacts(ids));
  const keysOf = new Map<string, string[]>();
  for (const i of identities)
    keysOf.set(i.contactId, [...(keysOf.get(i.contactId) ?? []), `${i.type}:${i.value}`]);
  const people = contacts
    .map((c) => `${(keysOf.get(c.id) ?? []).sort().join(' ')} messages=${c.stats.messages}`)
    .sort();
  const outbox = new Map<string, number>();
  const created = new Map<string, number>();
  for (const id of ids) {
    const events = await store.transaction(INTAKE_WS, (tx) => eventsAbout(tx, id));
    for (const e of events) {
      outbox.set(e.type, (outbox.get(e.type) ?? 0) + 1);
      if (e.type === 'contact.created') created.set(id, (created.get(id) ?? 0) + 1);
    }
  }
  return { contacts, identities, people, outbox: Object.fromEntries([...outbox].sort()), created };
}

/**
 * The invariants of intake after `events` went in, however it raced: each identity has one holder that
 * exists, each person has exactly one contact (no duplicates to merge later), message counts add up to
 * the events, and the outbox holds exactly one `contact.created` per contact.
 */
export async function assertIntakeInvariants(
  store: ContactStore,
  events: readonly ChatEventInput[],
  inspect: (ws: string) => Promise<Record<string, number>>,
): Promise<Awaited<ReturnType<typeof intakeSnapshot>>> {
  const snapshot = await intakeSnapshot(store);
  const { contacts, identities, created } = snapshot;
  const people = new Set(events.map((e) => (e.identities.email ?? '').toLowerCase()));
  const contactIds = new Set(contacts.map((c) => c.id));
  // One identity, one holder (the key is unique), and the holder exists.
  const keys = new Set(identities.map((i) => `${i.type}:${i.value}`));
  assert.equal(keys.size, identities.length);
  for (const i of identities)
    assert.ok(contactIds.has(i.contactId), `identity ${i.type}:${i.value} has no contact`);
  // One contact per person: every contact holds exactly one email, and every person's email is held.
  assert.equal(contacts.length, people.size, 'a person got more than one contact, or none');
  const emails = identities.filter((i) => i.type === 'email');
  assert.equal(emails.length, people.size);
  assert.equal(new Set(emails.map((i) => i.contactId)).size, contacts.length);
  // Message counts add up to the events, and every event was recorded once.
  assert.equal(
    contacts.reduce((n, c) => n + c.stats.messages, 0),
    events.length,
  );
  const counts = await inspect(INTAKE_WS);
  assert.equal(counts.processedEvents, events.length);
  assert.equal(counts.contacts, contacts.length);
  // Exactly one contact.created per contact, and none for contacts that do not exist.
  assert.equal(snapshot.outbox['contact.created'], contacts.length);
  for (const c of contacts) assert.equal(created.get(c.id), 1, `contact ${c.id}: contact.created count`);
  const listed = Object.values(snapshot.outbox).reduce((n, v) => n + v, 0);
  assert.equal(await publishedEvents(store), listed, 'published events about contacts that do not exist');
  // Every message is counted once in its conversation: no lost update of a conversation's counter.
  assert.equal(await messageCount(store), events.filter((e) => e.type === 'message').length);
  return snapshot;
}

/**
 * Starts an intake child, kills it once at least 1,000 events are stored, and checks what it left:
 * fewer events than it was given, only whole batches of `batchSize`, and every committed event complete.
 * Returns how many events were committed.
 */
export async function killMidIntake(options: {
  readonly spawnChild: () => ChildProcess;
  readonly store: ContactStore & { inspect(ws: string): Promise<Record<string, number>> };
  readonly events: readonly ChatEventInput[];
  readonly batchSize: number;
}): Promise<number> {
  const { store, events, batchSize } = options;
  const child = options.spawnChild();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let processed = 0;
  while (processed < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    processed = (await store.inspect(INTAKE_WS)).processedEvents ?? 0;
  }
  child.kill('SIGKILL');
  await exited;
  const committed = (await store.inspect(INTAKE_WS)).processedEvents ?? 0;
  assert.ok(committed < events.length, 'the child finished before it was killed');
  // Nothing partial: only whole batches committed, and every committed event is complete.
  assert.equal(committed % batchSize, 0);
  await assertIntakeInvariants(store, events.slice(0, committed), (ws) => store.inspect(ws));
  return committed;
}

/**
 * Events that make workers race on merges. Each of `persons` people chats anonymously on every worker's
 * device (a cookie-only contact per device), then identifies on every device with the same email at
 * about the same time (the first device's contact gets the email; every other device's contact is
 * merged into it), then writes again from a device another worker identified, so that one worker updates
 * a contact while another merges it away. Worker w ingests the events at k % workers === w, in order.
 * Returns the events and how many of them are messages.
 */
export function mergingEvents(persons: number, workers: number): ChatEventInput[] {
  const events: ChatEventInput[] = [];
  const at = (k: number) => new Date(Date.UTC(2026, 0, 1) + k * 1000);
  const cookie = (person: number, device: number) => `ck_${person}_${device}`;
  const email = (person: number) => `Person.${person}@Example.com`;
  for (const phase of ['anonymous', 'identify', 'again'] as const) {
    for (let person = 0; person < persons; person++) {
      for (let w = 0; w < workers; w++) {
        const k = events.length;
        const base = { workspaceId: INTAKE_WS, eventId: `evt_${k}`, occurredAt: at(k), channel: 'web' };
        if (phase === 'identify') {
          events.push({
            ...base,
            type: 'identify',
            identities: { cookie: cookie(person, w), email: email(person) },
          });
          continue;
        }
        const device = phase === 'anonymous' ? w : (w + 1) % workers;
        events.push({
          ...base,
          type: 'message',
          identities: { cookie: cookie(person, device) },
          conversation: { id: `conv_${person}_${device}_${phase}` },
          message: { text: `message ${k}` },
        });
      }
    }
  }
  return events;
}

/**
 * The configuration {@link mergingEvents} need: a person uses one cookie per connection, and the default
 * limit of five cookies a contact (Segment's) would refuse the sixth as a conflict instead of merging.
 */
export const MERGING_CONFIG: WorkspaceConfigInput = { identity: { limits: { userId: 1, cookie: 50 } } };

/**
 * What merging races must leave: one contact per person, holding the person's email and every device's
 * cookie; each identity held once, by a contact that exists; no message lost or counted twice; every
 * event recorded once; and each merged-away contact gone with its merge recorded.
 */
export async function assertMergedIntakeInvariants(
  store: ContactStore,
  events: readonly ChatEventInput[],
  inspect: (ws: string) => Promise<Record<string, number>>,
): Promise<void> {
  const { contacts, identities } = await intakeSnapshot(store);
  const persons = new Set(events.flatMap((e) => (e.identities.email ? [e.identities.email] : [])));
  const devices = new Set(events.map((e) => e.identities.cookie));
  const contactIds = new Set(contacts.map((c) => c.id));
  const keys = new Set(identities.map((i) => `${i.type}:${i.value}`));
  assert.equal(keys.size, identities.length, 'an identity is held twice');
  for (const i of identities)
    assert.ok(contactIds.has(i.contactId), `identity ${i.type}:${i.value} has no contact`);
  assert.equal(contacts.length, persons.size, 'a person has more than one contact, or none');
  assert.equal(identities.length, persons.size + devices.size, 'an email or a cookie is missing');
  for (const c of contacts) {
    const mine = identities.filter((i) => i.contactId === c.id);
    assert.equal(mine.filter((i) => i.type === 'email').length, 1, `contact ${c.id}: emails`);
  }
  const messages = events.filter((e) => e.type === 'message').length;
  assert.equal(
    contacts.reduce((n, c) => n + c.stats.messages, 0),
    messages,
    'message counts do not add up to the message events',
  );
  assert.equal(await messageCount(store), messages, 'conversation message counts do not add up');
  const counts = await inspect(INTAKE_WS);
  assert.equal(counts.processedEvents, events.length);
  assert.equal(counts.contacts, contacts.length);
}
