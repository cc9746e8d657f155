import assert from 'node:assert/strict';
import { ConcurrentUpdateError, NotFoundError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { makeContact } from '../fixtures.js';

/** Create, read, update, delete and list contacts. */
export function contactsGroup({ it, store, newWorkspace }: GroupContext): void {
  it('stores a contact and reads back exactly what was stored', async () => {
    const ws = newWorkspace();
    const contact = makeContact(ws, 'c1', {
      profile: { name: 'Ana Lima', email: 'ana@example.com', address: { city: 'Lisboa', country: 'PT' } },
      tags: ['vip', 'trial'],
      customFields: {
        plan: 'pro',
        seats: 3,
        beta: true,
        renewsAt: new Date('2026-03-01T00:00:00Z'),
        langs: ['pt', 'en'],
      },
      stats: {
        conversations: 2,
        messages: 7,
        firstSeenAt: new Date('2026-01-01T00:00:00Z'),
        lastSeenAt: new Date('2026-01-02T00:00:00Z'),
        orders: 1,
        amountSpent: 19.99,
        lastOrderAt: new Date('2026-01-02T00:00:00Z'),
      },
    });
    await store().transaction(ws, (tx) => tx.contacts.insertMany([contact]));
    const read = await store().transaction(ws, (tx) => tx.contacts.get('c1'));
    assert.deepEqual(read, contact);
  });

  it('returns null for a contact that does not exist, and getMany skips it', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) => tx.contacts.insertMany([makeContact(ws, 'a')]));
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.get('nope')), null);
    const many = await store().transaction(ws, (tx) => tx.contacts.getMany(['a', 'nope']));
    assert.deepEqual(
      many.map((c) => c.id),
      ['a'],
    );
  });

  it('updates with the next version and refuses a stale one', async () => {
    const ws = newWorkspace();
    const c = makeContact(ws, 'c1');
    await store().transaction(ws, (tx) => tx.contacts.insertMany([c]));
    const v2 = { ...c, version: 2, tags: ['x'], profile: { name: 'Renamed' } };
    await store().transaction(ws, (tx) => tx.contacts.updateMany([v2]));
    assert.deepEqual(await store().transaction(ws, (tx) => tx.contacts.get('c1')), v2);
    await assert.rejects(
      store().transaction(ws, (tx) => tx.contacts.updateMany([{ ...c, version: 2 }])),
      ConcurrentUpdateError,
    );
    await assert.rejects(
      store().transaction(ws, (tx) => tx.contacts.updateMany([makeContact(ws, 'ghost', { version: 2 })])),
      NotFoundError,
    );
  });

  it('a stored contact does not change when the caller mutates its copy', async () => {
    const ws = newWorkspace();
    const c = makeContact(ws, 'c1', { tags: ['a'] });
    await store().transaction(ws, (tx) => tx.contacts.insertMany([c]));
    c.tags.push('mutated');
    const read = await store().transaction(ws, (tx) => tx.contacts.get('c1'));
    assert.deepEqual(read?.tags, ['a']);
    read?.tags.push('again');
    assert.deepEqual((await store().transaction(ws, (tx) => tx.contacts.get('c1')))?.tags, ['a']);
  });

  it('deletes contacts and counts only those that existed', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]),
    );
    const deleted = await store().transaction(ws, (tx) => tx.contacts.deleteMany(['a', 'missing']));
    assert.equal(deleted, 1);
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 1);
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.get('a')), null);
  });

  it('lists every contact exactly once, in id order, by cursor', async () => {
    const ws = newWorkspace();
    const ids = Array.from({ length: 25 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([...ids].reverse().map((id) => makeContact(ws, id))),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store().transaction(ws, (tx) =>
        tx.contacts.list(cursor === undefined ? { limit: 10 } : { limit: 10, cursor }),
      );
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    assert.deepEqual(seen, ids);
    assert.equal(pages, 3);
  });
}
