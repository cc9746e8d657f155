import assert from 'node:assert/strict';
import { WorkspaceMismatchError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { makeContact, makeIdentity, makeLogEntry } from '../fixtures.js';

/** Nothing of workspace A is visible or changeable through workspace B. */
export function isolationGroup({ it, store, newWorkspace }: GroupContext): void {
  async function seed() {
    const a = newWorkspace();
    const b = newWorkspace();
    await store().transaction(a, async (tx) => {
      await tx.contacts.insertMany([makeContact(a, 'shared-id'), makeContact(a, 'only-a')]);
      await tx.identities.insertMany([makeIdentity(a, 'shared-id', 'email', 'ana@example.com')]);
      await tx.log.append([makeLogEntry(a, 'shared-id', 'act-a')]);
      await tx.orders.insert([
        {
          workspaceId: a,
          orderId: 'order-a',
          contactId: 'shared-id',
          amount: 5,
          currency: 'EUR',
          viaAssistant: false,
          placedAt: new Date(0),
        },
      ]);
    });
    return { a, b };
  }

  it('reads nothing of another workspace', async () => {
    const { a, b } = await seed();
    await store().transaction(b, async (tx) => {
      assert.equal(await tx.contacts.get('shared-id'), null);
      assert.deepEqual(await tx.contacts.getMany(['shared-id', 'only-a']), []);
      assert.equal(await tx.contacts.count(), 0);
      assert.deepEqual((await tx.contacts.list()).items, []);
      assert.deepEqual(await tx.identities.findByKeys([{ type: 'email', value: 'ana@example.com' }]), []);
      assert.deepEqual(await tx.identities.listByContacts(['shared-id']), []);
      assert.deepEqual((await tx.log.timeline('shared-id')).items, []);
      assert.deepEqual(await tx.log.events(), []);
      assert.equal(await tx.log.lastPosition(), 0);
      assert.deepEqual(await tx.orders.get(['order-a']), []);
      assert.deepEqual((await tx.orders.find()).items, []);
      assert.equal(await tx.orders.count(), 0);
    });
    assert.equal(await store().transaction(a, (tx) => tx.contacts.count()), 2);
  });

  it('changes nothing of another workspace', async () => {
    const { a, b } = await seed();
    await store().transaction(b, async (tx) => {
      assert.equal(await tx.contacts.deleteMany(['shared-id', 'only-a']), 0);
      assert.equal(await tx.identities.deleteByKeys([{ type: 'email', value: 'ana@example.com' }]), 0);
      assert.equal(await tx.log.deleteByContacts(['shared-id']), 0);
      assert.equal(await tx.orders.delete(['order-a']), 0);
      assert.equal(await tx.orders.move([{ from: 'shared-id', to: 'x' }]), 0);
    });
    await store().transaction(a, async (tx) => {
      assert.equal(await tx.contacts.count(), 2);
      assert.equal((await tx.identities.listByContacts(['shared-id'])).length, 1);
      assert.equal((await tx.log.timeline('shared-id')).items.length, 1);
      assert.equal((await tx.log.events()).length, 1);
      assert.equal((await tx.orders.listByContact('shared-id')).length, 1);
    });
  });

  it('lets two workspaces use the same ids and identity values independently', async () => {
    const { a, b } = await seed();
    await store().transaction(b, async (tx) => {
      await tx.contacts.insertMany([makeContact(b, 'shared-id', { tags: ['b'] })]);
      await tx.identities.insertMany([makeIdentity(b, 'shared-id', 'email', 'ana@example.com')]);
    });
    const inA = await store().transaction(a, (tx) => tx.contacts.get('shared-id'));
    const inB = await store().transaction(b, (tx) => tx.contacts.get('shared-id'));
    assert.deepEqual(inA?.tags, []);
    assert.deepEqual(inB?.tags, ['b']);
  });

  it('refuses to write a record of another workspace through this one', async () => {
    const { a, b } = await seed();
    await assert.rejects(
      store().transaction(b, (tx) => tx.contacts.insertMany([makeContact(a, 'sneaky')])),
      WorkspaceMismatchError,
    );
    await assert.rejects(
      store().transaction(b, (tx) => tx.contacts.updateMany([makeContact(a, 'shared-id', { version: 2 })])),
      WorkspaceMismatchError,
    );
    await assert.rejects(
      store().transaction(a, (tx) => tx.identities.insertMany([makeIdentity(b, 'shared-id', 'cookie', 'x')])),
      WorkspaceMismatchError,
    );
    assert.equal(await store().transaction(a, (tx) => tx.contacts.get('sneaky')), null);
    assert.equal(await store().transaction(b, (tx) => tx.contacts.get('sneaky')), null);
  });
}
