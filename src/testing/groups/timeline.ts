import assert from 'node:assert/strict';
import type { GroupContext } from '../context.js';
import { makeActivity, makeContact, makeDomainEvent } from '../fixtures.js';

/** The activity timeline, the outbox and the record of processed events. */
export function timelineGroup({ it, store, newWorkspace }: GroupContext): void {
  it('lists a timeline newest first, a page at a time', async () => {
    const ws = newWorkspace();
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      await tx.activities.append([
        ...Array.from({ length: 7 }, (_, i) =>
          makeActivity(ws, 'a', `a${i}`, { at: at(i), type: 'message', data: { n: i, text: `m${i}` } }),
        ),
        makeActivity(ws, 'b', 'b0', { at: at(30) }),
      ]);
    });
    const first = await store().transaction(ws, (tx) => tx.activities.listByContact('a', { limit: 4 }));
    assert.deepEqual(
      first.items.map((a) => a.id),
      ['a6', 'a5', 'a4', 'a3'],
    );
    assert.deepEqual(first.items[0]?.data, { n: 6, text: 'm6' });
    assert.ok(first.nextCursor);
    const second = await store().transaction(ws, (tx) =>
      tx.activities.listByContact('a', { limit: 4, cursor: first.nextCursor! }),
    );
    assert.deepEqual(
      second.items.map((a) => a.id),
      ['a2', 'a1', 'a0'],
    );
    assert.equal(second.nextCursor, undefined);
  });

  it('moves timeline entries on merge and back by id on unmerge, and deletes them by contact', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      await tx.activities.append([makeActivity(ws, 'b', 'b1'), makeActivity(ws, 'b', 'b2')]);
    });
    assert.equal(await store().transaction(ws, (tx) => tx.activities.reassign(['b'], 'a')), 2);
    assert.equal(await store().transaction(ws, (tx) => tx.activities.reassign(['a'], 'b', ['b2'])), 1);
    const ofA = await store().transaction(ws, (tx) => tx.activities.listByContact('a'));
    assert.deepEqual(
      ofA.items.map((a) => a.id),
      ['b1'],
    );
    assert.equal(await store().transaction(ws, (tx) => tx.activities.deleteByContacts(['a', 'b'])), 2);
  });

  it('keeps outbox events in order until they are marked delivered', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.outbox.append([
        makeDomainEvent(ws, 'c', 'e-z', { type: 'contact.created', payload: { n: 1 } }),
        makeDomainEvent(ws, 'c', 'e-a', { type: 'contact.updated', payload: { changed: ['name'] } }),
      ]),
    );
    await store().transaction(ws, (tx) => tx.outbox.append([makeDomainEvent(ws, 'd', 'e-m')]));
    const pending = await store().transaction(ws, (tx) => tx.outbox.listPending());
    assert.deepEqual(
      pending.map((e) => e.id),
      ['e-z', 'e-a', 'e-m'],
    );
    assert.deepEqual(pending[1]?.payload, { changed: ['name'] });
    assert.equal(await store().transaction(ws, (tx) => tx.outbox.markDelivered(['e-z', 'e-z', 'nope'])), 1);
    const after = await store().transaction(ws, (tx) => tx.outbox.listPending(10));
    assert.deepEqual(
      after.map((e) => e.id),
      ['e-a', 'e-m'],
    );
    const ofC = await store().transaction(ws, (tx) => tx.outbox.listByContact('c'));
    assert.deepEqual(
      ofC.map((e) => e.id),
      ['e-z', 'e-a'],
    );
  });

  it('remembers processed event ids and moves them with a merge', async () => {
    const ws = newWorkspace();
    const rec = (eventId: string, contactId: string) => ({
      workspaceId: ws,
      eventId,
      contactId,
      outcome: 'matched' as const,
      processedAt: new Date(Date.UTC(2026, 0, 1)),
    });
    await store().transaction(ws, (tx) => tx.processedEvents.insertMany([rec('e1', 'a'), rec('e2', 'b')]));
    const found = await store().transaction(ws, (tx) => tx.processedEvents.findMany(['e1', 'e2', 'e3']));
    assert.deepEqual(found.map((p) => p.eventId).sort(), ['e1', 'e2']);
    const keysOf = async (contactIds: string[]) =>
      (await store().transaction(ws, (tx) => tx.processedEvents.keysByContacts(contactIds)))
        .map((k) => [k.key, k.contactId])
        .sort();
    assert.deepEqual(await keysOf(['b']), [['e2', 'b']]);
    assert.equal(await store().transaction(ws, (tx) => tx.processedEvents.reassign(['b'], 'a')), 1);
    const moved = await store().transaction(ws, (tx) => tx.processedEvents.findMany(['e2']));
    assert.equal(moved[0]?.contactId, 'a');
    assert.deepEqual(await keysOf(['a']), [
      ['e1', 'a'],
      ['e2', 'a'],
    ]);
    assert.deepEqual(await keysOf(['b']), []);
    assert.equal(await store().transaction(ws, (tx) => tx.processedEvents.deleteByContacts(['a'])), 2);
  });
}
