import assert from 'node:assert/strict';
import { ConcurrentUpdateError, NotFoundError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { FIXTURE_TIME, makeContact, makeIdentity } from '../fixtures.js';

/** Create, read, hold, update, delete and list contacts. */
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
      archivedAt: new Date('2026-01-05T00:00:00Z'),
    });
    await store().transaction(ws, (tx) => tx.contacts.insertMany([contact]));
    const read = await store().transaction(ws, (tx) => tx.contacts.get('c1'));
    assert.deepEqual(read, contact);
  });

  it('returns null for a contact that does not exist; getMany skips it and keeps the order asked', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]),
    );
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.get('nope')), null);
    const many = await store().transaction(ws, (tx) => tx.contacts.getMany(['b', 'nope', 'a']));
    assert.deepEqual(
      many.map((c) => c.id),
      ['b', 'a'],
    );
    const held = await store().transaction(ws, (tx) => tx.contacts.getMany(['a'], { lock: true }));
    assert.equal(held[0]?.id, 'a');
  });

  it('holds contacts: lock returns the ids that exist', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]),
    );
    const ids = await store().transaction(ws, (tx) => tx.contacts.lock(['b', 'ghost', 'a', 'a']));
    assert.deepEqual([...ids].sort(), ['a', 'b']);
    assert.deepEqual(await store().transaction(ws, (tx) => tx.contacts.lock([])), []);
  });

  it('updates with the next version and refuses a stale one, writing nothing of the call', async () => {
    const ws = newWorkspace();
    const c = makeContact(ws, 'c1');
    const d = makeContact(ws, 'd1');
    await store().transaction(ws, (tx) => tx.contacts.insertMany([c, d]));
    const v2 = { ...c, version: 2, tags: ['x'], profile: { name: 'Renamed' } };
    await store().transaction(ws, (tx) => tx.contacts.updateMany([v2]));
    assert.deepEqual(await store().transaction(ws, (tx) => tx.contacts.get('c1')), v2);
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.contacts.updateMany([
          { ...d, version: 2, tags: ['y'] },
          { ...c, version: 2 },
        ]),
      ),
      ConcurrentUpdateError,
    );
    assert.deepEqual((await store().transaction(ws, (tx) => tx.contacts.get('d1')))?.tags, []);
    await assert.rejects(
      store().transaction(ws, (tx) => tx.contacts.updateMany([makeContact(ws, 'ghost', { version: 2 })])),
      NotFoundError,
    );
    // Fields removed by an update are gone, not kept from the stored row.
    const archived = { ...v2, version: 3, archivedAt: FIXTURE_TIME };
    await store().transaction(ws, (tx) => tx.contacts.updateMany([archived]));
    const { archivedAt: _gone, ...unarchived } = { ...archived, version: 4 };
    await store().transaction(ws, (tx) => tx.contacts.updateMany([unarchived]));
    assert.deepEqual(await store().transaction(ws, (tx) => tx.contacts.get('c1')), unarchived);
  });

  it('records are immutable: changing one passed in or handed back never changes what is stored', async () => {
    const ws = newWorkspace();
    const c = makeContact(ws, 'c1', { tags: ['a'] });
    await store().transaction(ws, (tx) => tx.contacts.insertMany([c]));
    // A store may keep what it was given and freeze it: then changing it throws, which is the point.
    const attempt = (change: () => void) => {
      try {
        change();
      } catch (error) {
        assert.ok(
          error instanceof TypeError,
          `expected a TypeError from a frozen record, got ${String(error)}`,
        );
      }
    };
    attempt(() => c.tags.push('mutated'));
    const read = await store().transaction(ws, (tx) => tx.contacts.get('c1'));
    assert.deepEqual(read?.tags, ['a']);
    attempt(() => read?.tags.push('again'));
    assert.deepEqual((await store().transaction(ws, (tx) => tx.contacts.get('c1')))?.tags, ['a']);
  });

  it('deletes contacts with their identities, counts only those that existed, and checks versions when asked', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b'), makeContact(ws, 'c')]);
      await tx.identities.insertMany([makeIdentity(ws, 'a', 'email', 'a@example.com')]);
    });
    const deleted = await store().transaction(ws, (tx) => tx.contacts.deleteMany(['a', 'missing']));
    assert.equal(deleted, 1);
    assert.deepEqual(
      await store().transaction(ws, (tx) =>
        tx.identities.findByKeys([{ type: 'email', value: 'a@example.com' }]),
      ),
      [],
    );
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.contacts.deleteMany(
          ['b', 'c'],
          new Map([
            ['b', 1],
            ['c', 7],
          ]),
        ),
      ),
      ConcurrentUpdateError,
    );
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 2);
    assert.equal(
      await store().transaction(ws, (tx) => tx.contacts.deleteMany(['b'], new Map([['b', 1]]))),
      1,
    );
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.get('a')), null);
  });

  it('counts live contacts: soft-deleted ones are listed but not counted', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b', { deletedAt: FIXTURE_TIME })]),
    );
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 1);
    assert.equal((await store().transaction(ws, (tx) => tx.contacts.list())).items.length, 2);
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
