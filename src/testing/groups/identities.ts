import assert from 'node:assert/strict';
import { IdentityTakenError, NotFoundError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { makeContact, makeIdentity } from '../fixtures.js';

/** Identity storage, and uniqueness of `(workspace, type, value)` as a contract of the store. */
export function identitiesGroup({ it, store, newWorkspace }: GroupContext): void {
  it('finds identities by key and lists them by contact', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      await tx.identities.insertMany([
        makeIdentity(ws, 'a', 'email', 'ana@example.com', { raw: ' Ana@Example.com', verified: true }),
        makeIdentity(ws, 'a', 'phone', '+14155552671', { extension: '12', sourceChannel: 'whatsapp' }),
        makeIdentity(ws, 'b', 'cookie', 'ck_1'),
      ]);
    });
    const found = await store().transaction(ws, (tx) =>
      tx.identities.findByKeys([
        { type: 'email', value: 'ana@example.com' },
        { type: 'email', value: 'nobody@example.com' },
        { type: 'cookie', value: 'ck_1' },
      ]),
    );
    assert.deepEqual(found.map((i) => `${i.type}:${i.value}>${i.contactId}`).sort(), [
      'cookie:ck_1>b',
      'email:ana@example.com>a',
    ]);
    const email = found.find((i) => i.type === 'email');
    assert.equal(email?.raw, ' Ana@Example.com');
    assert.equal(email?.verified, true);
    const ofA = await store().transaction(ws, (tx) => tx.identities.listByContacts(['a']));
    assert.deepEqual(ofA.map((i) => i.type).sort(), ['email', 'phone']);
    const phone = ofA.find((i) => i.type === 'phone');
    assert.equal(phone?.extension, '12');
    assert.equal(phone?.sourceChannel, 'whatsapp');
    assert.deepEqual(phone?.firstSeenAt, makeIdentity(ws, 'a', 'x', 'y').firstSeenAt);
  });

  it('refuses an identity another contact holds, and names the holder', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      await tx.identities.insertMany([makeIdentity(ws, 'a', 'email', 'ana@example.com')]);
    });
    const error = await store()
      .transaction(ws, (tx) => tx.identities.insertMany([makeIdentity(ws, 'b', 'email', 'ana@example.com')]))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof IdentityTakenError, `expected IdentityTakenError, got ${String(error)}`);
    assert.equal(error.heldBy, 'a');
    assert.equal(error.type, 'email');
    assert.equal(error.value, 'ana@example.com');
  });

  it('refuses the same identity twice in one call, and inserts none of the call', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]),
    );
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.identities.insertMany([
          makeIdentity(ws, 'a', 'cookie', 'fresh'),
          makeIdentity(ws, 'a', 'email', 'dup@example.com'),
          makeIdentity(ws, 'b', 'email', 'dup@example.com'),
        ]),
      ),
      IdentityTakenError,
    );
    const left = await store().transaction(ws, (tx) => tx.identities.listByContacts(['a', 'b']));
    assert.deepEqual(left, []);
  });

  it('the same value under two types, or in two workspaces, is two identities', async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      await tx.identities.insertMany([
        makeIdentity(ws, 'a', 'userId', '42'),
        makeIdentity(ws, 'b', 'telegram', '42'),
      ]);
    });
    await store().transaction(other, async (tx) => {
      await tx.contacts.insertMany([makeContact(other, 'a')]);
      await tx.identities.insertMany([makeIdentity(other, 'a', 'userId', '42')]);
    });
    const found = await store().transaction(ws, (tx) =>
      tx.identities.findByKeys([{ type: 'userId', value: '42' }]),
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]?.workspaceId, ws);
  });

  it('refuses an identity for a contact that does not exist', async () => {
    const ws = newWorkspace();
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.identities.insertMany([makeIdentity(ws, 'ghost', 'email', 'g@example.com')]),
      ),
      NotFoundError,
    );
  });

  it('moves identities to another contact, all of a contact or by key, in one call', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b'), makeContact(ws, 'c')]);
      await tx.identities.insertMany([
        makeIdentity(ws, 'b', 'email', 'b@example.com'),
        makeIdentity(ws, 'b', 'cookie', 'ck_b'),
        makeIdentity(ws, 'c', 'cookie', 'ck_c'),
      ]);
    });
    // A move to a contact that does not exist moves nothing and names it.
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.identities.move([
          { from: 'b', to: 'a' },
          { from: 'c', to: 'ghost' },
        ]),
      ),
      NotFoundError,
    );
    assert.equal((await store().transaction(ws, (tx) => tx.identities.listByContacts(['a']))).length, 0);
    const all = await store().transaction(ws, (tx) =>
      tx.identities.move([
        { from: 'b', to: 'a' },
        { from: 'c', to: 'a' },
      ]),
    );
    assert.equal(all, 3);
    const ofA = await store().transaction(ws, (tx) => tx.identities.listByContacts(['a']));
    assert.equal(ofA.length, 3);
    const moved = await store().transaction(ws, (tx) =>
      tx.identities.move([
        {
          from: 'a',
          to: 'c',
          keys: [
            { type: 'cookie', value: 'ck_c' },
            { type: 'cookie', value: 'absent' },
          ],
        },
      ]),
    );
    assert.equal(moved, 1);
    const ofC = await store().transaction(ws, (tx) => tx.identities.listByContacts(['c']));
    assert.deepEqual(
      ofC.map((i) => i.value),
      ['ck_c'],
    );
    assert.equal(await store().transaction(ws, (tx) => tx.identities.move([])), 0);
  });

  it('deletes identities by key, and with their contact', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      await tx.identities.insertMany([
        makeIdentity(ws, 'a', 'email', 'a@example.com'),
        makeIdentity(ws, 'a', 'cookie', 'ck_a'),
        makeIdentity(ws, 'b', 'email', 'b@example.com'),
      ]);
    });
    assert.equal(
      await store().transaction(ws, (tx) =>
        tx.identities.deleteByKeys([
          { type: 'cookie', value: 'ck_a' },
          { type: 'cookie', value: 'absent' },
        ]),
      ),
      1,
    );
    await store().transaction(ws, (tx) => tx.contacts.deleteMany(['b']));
    const left = await store().transaction(ws, (tx) =>
      tx.identities.findByKeys([
        { type: 'email', value: 'a@example.com' },
        { type: 'email', value: 'b@example.com' },
      ]),
    );
    assert.deepEqual(
      left.map((i) => i.value),
      ['a@example.com'],
    );
    // A deleted contact's identity is free again.
    await store().transaction(ws, (tx) =>
      tx.identities.insertMany([makeIdentity(ws, 'a', 'email', 'b@example.com')]),
    );
  });
}
