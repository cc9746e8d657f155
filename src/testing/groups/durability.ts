import assert from 'node:assert/strict';
import { IdentityTakenError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { makeContact, makeIdentity, makeLogEntry } from '../fixtures.js';

/**
 * For stores that declare `durable`: what was committed is there after the store is closed and opened
 * again, and what was rolled back is not. Needs the suite's `connect` option.
 */
export function durabilityGroup({ it, store, newWorkspace, connect }: GroupContext): void {
  it('committed rows survive a reopen and rolled-back rows do not', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([
        makeContact(ws, 'kept', { customFields: { since: new Date('2025-02-03T04:05:06Z') } }),
      ]);
      await tx.identities.insertMany([makeIdentity(ws, 'kept', 'email', 'kept@example.com')]);
      await tx.log.append([makeLogEntry(ws, 'kept', 'o1'), makeLogEntry(ws, 'kept', 'o2')]);
    });
    await store()
      .transaction(ws, async (tx) => {
        await tx.contacts.insertMany([makeContact(ws, 'lost')]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const reopened = await connect!();
    try {
      await reopened.transaction(ws, async (tx) => {
        assert.deepEqual(
          await tx.contacts.get('kept'),
          makeContact(ws, 'kept', { customFields: { since: new Date('2025-02-03T04:05:06Z') } }),
        );
        assert.equal(await tx.contacts.get('lost'), null);
        assert.equal(
          (await tx.identities.findByKeys([{ type: 'email', value: 'kept@example.com' }]))[0]?.contactId,
          'kept',
        );
        assert.equal((await tx.log.timeline('kept')).items.length, 2);
        assert.deepEqual(
          (await tx.log.events()).map((e) => e.id),
          ['o1', 'o2'],
        );
      });
    } finally {
      await reopened.close();
    }
  });

  it('uniqueness holds across two connections to the same data', async () => {
    const ws = newWorkspace();
    const other = await connect!();
    try {
      await store().transaction(ws, async (tx) => {
        await tx.contacts.insertMany([makeContact(ws, 'a')]);
        await tx.identities.insertMany([makeIdentity(ws, 'a', 'phone', '+14155552671')]);
      });
      await assert.rejects(
        other.transaction(ws, async (tx) => {
          await tx.contacts.insertMany([makeContact(ws, 'b')]);
          await tx.identities.insertMany([makeIdentity(ws, 'b', 'phone', '+14155552671')]);
        }),
        (e) => e instanceof IdentityTakenError && e.heldBy === 'a',
      );
      assert.equal(await store().transaction(ws, (tx) => tx.contacts.get('b')), null);
    } finally {
      await other.close();
    }
  });
}
