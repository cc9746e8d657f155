import assert from 'node:assert/strict';
import { AlreadyExistsError, ContactkitError, ValidationError } from '../../errors/errors.js';
import type { Contact } from '../../model/contact.js';
import type { GroupContext } from '../context.js';
import { makeContact, makeIdentity, makeLogEntry } from '../fixtures.js';

/** Bad input is refused with a typed error naming the field, and stores nothing. */
export function errorsGroup({ it, store, newWorkspace }: GroupContext): void {
  const isValidation = (field: string) => (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected ValidationError, got ${String(e)}`);
    assert.equal(e.field, field);
    assert.ok(e.reason.length > 0);
    return true;
  };

  it('refuses a contact with an empty id, a bad version or an invalid date', async () => {
    const ws = newWorkspace();
    const bad: Array<[Contact, string]> = [
      [makeContact(ws, ''), 'contact.id'],
      [makeContact(ws, 'v0', { version: 0 }), 'contact.version'],
      [makeContact(ws, 'v2', { version: 2 }), 'contact.version'],
      [makeContact(ws, 'bad-date', { createdAt: new Date('nope') }), 'contact.createdAt'],
      [{ ...makeContact(ws, 'no-ws'), workspaceId: '' }, 'contact.workspaceId'],
    ];
    for (const [contact, field] of bad) {
      await assert.rejects(
        store().transaction(ws, (tx) => tx.contacts.insertMany([contact])),
        isValidation(field),
      );
    }
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 0);
  });

  it('refuses an identity with an empty value or type', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) => tx.contacts.insertMany([makeContact(ws, 'a')]));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.identities.insertMany([makeIdentity(ws, 'a', 'email', '')])),
      isValidation('identity.value'),
    );
    await assert.rejects(
      store().transaction(ws, (tx) => tx.identities.insertMany([makeIdentity(ws, 'a', '', 'x')])),
      isValidation('identity.type'),
    );
  });

  it('refuses a second contact, log entry or processed event with an existing id', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a')]);
      await tx.log.append([makeLogEntry(ws, 'a', 'act')]);
    });
    await assert.rejects(
      store().transaction(ws, (tx) => tx.contacts.insertMany([makeContact(ws, 'a')])),
      AlreadyExistsError,
    );
    await assert.rejects(
      store().transaction(ws, (tx) => tx.contacts.insertMany([makeContact(ws, 'n'), makeContact(ws, 'n')])),
      AlreadyExistsError,
    );
    await assert.rejects(
      store().transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'a', 'act')])),
      AlreadyExistsError,
    );
    const record = {
      workspaceId: ws,
      eventId: 'e1',
      contactId: 'a',
      outcome: 'created' as const,
      processedAt: new Date(),
    };
    await store().transaction(ws, (tx) => tx.processedEvents.insert([record]));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.processedEvents.insert([record])),
      AlreadyExistsError,
    );
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 1);
  });

  it('refuses a row of a contact-owned table that fails its checks, naming the field', async () => {
    const ws = newWorkspace();
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.orders.insert([
          {
            workspaceId: ws,
            orderId: '',
            contactId: 'a',
            amount: 1,
            currency: 'EUR',
            viaAssistant: false,
            placedAt: new Date(),
          },
        ]),
      ),
      isValidation('order.orderId'),
    );
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.log.append([makeLogEntry(ws, 'a', 'bad-date', { at: new Date('nope') })]),
      ),
      isValidation('logEntry.at'),
    );
    assert.equal(await store().transaction(ws, (tx) => tx.orders.count()), 0);
  });

  it('every error is a ContactkitError with a stable code', async () => {
    const ws = newWorkspace();
    const error = await store()
      .transaction(ws, (tx) => tx.contacts.insertMany([makeContact(ws, '')]))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ContactkitError);
    assert.equal(error.code, 'VALIDATION');
  });
}
