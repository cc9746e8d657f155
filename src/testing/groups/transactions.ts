import assert from 'node:assert/strict';
import { IdentityTakenError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { makeContact, makeIdentity, makeLogEntry, OWNED_ROWS } from '../fixtures.js';

class Boom extends Error {}

/** All-or-nothing transactions, and uniqueness that holds when transactions race. */
export function transactionsGroup({ it, store, newWorkspace }: GroupContext): void {
  it('a transaction that throws leaves nothing behind, and its error comes out unchanged', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'kept', { tags: ['before'] })]);
      await tx.identities.insertMany([makeIdentity(ws, 'kept', 'email', 'kept@example.com')]);
    });
    const before = await store().inspect(ws);
    const boom = new Boom('stop');
    await assert.rejects(
      store().transaction(ws, async (tx) => {
        await tx.contacts.insertMany([makeContact(ws, 'new')]);
        await tx.identities.insertMany([makeIdentity(ws, 'new', 'email', 'new@example.com')]);
        await tx.contacts.updateMany([makeContact(ws, 'kept', { version: 2, tags: ['after'] })]);
        await tx.identities.move([{ from: 'kept', to: 'new' }]);
        await tx.log.append([makeLogEntry(ws, 'new', 'a1')]);
        await tx.conversations.insert([OWNED_ROWS.conversations(ws, 'new', 'v1', 1)]);
        await tx.contacts.deleteMany(['kept']);
        throw boom;
      }),
      (e) => e === boom,
    );
    await store().transaction(ws, async (tx) => {
      assert.equal(await tx.contacts.get('new'), null);
      const kept = await tx.contacts.get('kept');
      assert.deepEqual(kept?.tags, ['before']);
      assert.equal(kept?.version, 1);
      const ids = await tx.identities.findByKeys([
        { type: 'email', value: 'kept@example.com' },
        { type: 'email', value: 'new@example.com' },
      ]);
      assert.deepEqual(
        ids.map((i) => `${i.value}>${i.contactId}`),
        ['kept@example.com>kept'],
      );
      assert.deepEqual((await tx.log.timeline('new')).items, []);
      assert.deepEqual(await tx.log.events(), []);
      assert.deepEqual(await tx.conversations.get(['v1']), []);
    });
    assert.deepEqual(await store().inspect(ws), before);
  });

  it('a failed write inside a transaction rolls back the writes before it', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a')]);
      await tx.identities.insertMany([makeIdentity(ws, 'a', 'email', 'a@example.com')]);
    });
    await assert.rejects(
      store().transaction(ws, async (tx) => {
        await tx.contacts.insertMany([makeContact(ws, 'b')]);
        await tx.identities.insertMany([makeIdentity(ws, 'b', 'email', 'a@example.com')]);
      }),
      IdentityTakenError,
    );
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.get('b')), null);
  });

  it('commits what a transaction returns, and later transactions see it', async () => {
    const ws = newWorkspace();
    const result = await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a')]);
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 1);
  });

  it('of two racing transactions claiming one new identity, exactly one wins', async () => {
    const ws = newWorkspace();
    const claim = (id: string) =>
      store().transaction(ws, async (tx) => {
        const held = await tx.identities.findByKeys([{ type: 'email', value: 'race@example.com' }]);
        if (held.length > 0) return `found:${held[0]?.contactId}`;
        await tx.contacts.insertMany([makeContact(ws, id)]);
        await tx.identities.insertMany([makeIdentity(ws, id, 'email', 'race@example.com')]);
        return `created:${id}`;
      });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => claim(`racer-${i}`)));
    const created = results.filter((r) => r.status === 'fulfilled' && String(r.value).startsWith('created'));
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof IdentityTakenError, String(r.reason));
    }
    assert.equal(created.length, 1);
    const holders = await store().transaction(ws, (tx) =>
      tx.identities.findByKeys([{ type: 'email', value: 'race@example.com' }]),
    );
    assert.equal(holders.length, 1);
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 1);
  });
}
