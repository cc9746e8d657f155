import assert from 'node:assert/strict';
import type { ChatEventInput } from '../../model/chat-event.js';
import type { ContactStore } from '../../ports/store.js';
import { INTAKE_WS } from './events.js';
import { type IntakeSnapshot, intakeSnapshot, messageCount, publishedEvents } from './snapshot.js';

/**
 * The invariants of intake after `overlappingEvents` went in, however it raced: each identity has
 * one holder that exists, each person has exactly one contact (no duplicates to merge later), message
 * counts add up to the events, every event is recorded once, and the log holds exactly one
 * `contact.created` per contact. Returns the snapshot it checked, to compare runs.
 *
 * @example
 * ```ts
 * const snapshot = await assertIntakeInvariants(store, overlappingEvents(20_000, 4, 25));
 * ```
 */
export async function assertIntakeInvariants(
  store: ContactStore,
  events: readonly ChatEventInput[],
): Promise<IntakeSnapshot> {
  const snapshot = await intakeSnapshot(store);
  const { contacts, identities, created } = snapshot;
  const people = new Set(events.map((e) => (e.identities.email ?? '').toLowerCase()));
  const contactIds = new Set(contacts.map((c) => c.id));
  // One identity, one holder (the key is unique), and the holder exists.
  const keys = new Set(identities.map((i) => `${i.type}:${i.value}`));
  assert.equal(keys.size, identities.length, 'an identity is held twice');
  for (const i of identities)
    assert.ok(contactIds.has(i.contactId), `identity ${i.type}:${i.value} has no contact`);
  // One contact per person: every contact holds exactly one email, and every person's email is held.
  assert.equal(contacts.length, people.size, 'a person got more than one contact, or none');
  const emails = identities.filter((i) => i.type === 'email');
  assert.equal(emails.length, people.size, 'an email is missing, or held twice');
  assert.equal(new Set(emails.map((i) => i.contactId)).size, contacts.length, 'a contact has no email');
  // Message counts add up to the events, and every event was recorded once.
  assert.equal(
    contacts.reduce((n, c) => n + c.stats.messages, 0),
    events.length,
    'contact message counts do not add up to the events',
  );
  const counts = await store.inspect(INTAKE_WS);
  assert.equal(counts.processedEvents, events.length, 'processed events do not match the events');
  assert.equal(counts.contacts, contacts.length, 'stored contacts do not match those listed');
  // Exactly one contact.created per contact, and none for contacts that do not exist.
  assert.equal(snapshot.outbox['contact.created'], contacts.length, 'contact.created events');
  for (const c of contacts) assert.equal(created.get(c.id), 1, `contact ${c.id}: contact.created count`);
  const listed = Object.values(snapshot.outbox).reduce((n, v) => n + v, 0);
  assert.equal(await publishedEvents(store), listed, 'published events about contacts that do not exist');
  // Every message is counted once in its conversation: no lost update of a conversation's counter.
  assert.equal(
    await messageCount(store),
    events.filter((e) => e.type === 'message').length,
    'conversation message counts do not add up',
  );
  return snapshot;
}

/**
 * What merging races (`mergingEvents`) must leave: one contact per person, holding the person's
 * email and every device's cookie; each identity held once, by a contact that exists; no message lost
 * or counted twice; and every event recorded once.
 *
 * @example
 * ```ts
 * await assertMergedIntakeInvariants(store, mergingEvents(400, 8));
 * ```
 */
export async function assertMergedIntakeInvariants(
  store: ContactStore,
  events: readonly ChatEventInput[],
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
  const counts = await store.inspect(INTAKE_WS);
  assert.equal(counts.processedEvents, events.length, 'processed events do not match the events');
  assert.equal(counts.contacts, contacts.length, 'stored contacts do not match those listed');
}
