import assert from 'node:assert/strict';
import { IdentityConflictError, ValidationError } from '../../errors/errors.js';
import type { ChatEventInput } from '../../model/chat-event.js';
import type { WorkspaceConfigInput } from '../../model/workspace-config.js';
import { createContactkit } from '../../service/contactkit.js';
import type { GroupContext } from '../context.js';

/**
 * The identity policies chat products expect, and editing contacts by hand, through the services on
 * the store under test: survivorship, a login with a new userId, events without a usable identity,
 * blocked values, limits, phones without a country, messages, edits, custom fields and the reads hosts
 * need. The same outcomes on every adapter.
 */
export function identityRulesGroup({ it, store, newWorkspace }: GroupContext): void {
  const setup = (config: WorkspaceConfigInput = {}) => {
    const ws = newWorkspace();
    let seq = 0;
    let minute = 0;
    const kit = createContactkit({
      store: store(),
      config,
      clock: () => new Date(Date.UTC(2026, 5, 1, 12, minute)),
    });
    const event = (e: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => {
      minute++;
      return {
        workspaceId: ws,
        eventId: `${ws}-e${++seq}`,
        occurredAt: new Date(Date.UTC(2026, 5, 1, 10, minute)),
        channel: 'web',
        ...e,
      };
    };
    return { ws, kit, event };
  };

  it('survivorship: the known contact keeps its id when a visitor is folded into it', async () => {
    const { ws, kit, event } = setup();
    const known = await kit.contacts.ingest(event({ identities: { phone: '+14155552671' } }));
    const visitor = await kit.contacts.ingest(event({ identities: { cookie: 'ck-v' } }));
    const both = await kit.contacts.ingest(
      event({ identities: { cookie: 'ck-v', phone: '+1 415 555 2671' } }),
    );
    assert.deepEqual(
      [both.kind, both.contactId, both.merged],
      ['merged', known.contactId, [visitor.contactId]],
    );
    assert.equal((await kit.contacts.getContact(ws, visitor.contactId))?.contact ?? null, null);
  });

  it("a login with a new userId whose email another user holds stays on the visitor's contact", async () => {
    const { ws, kit, event } = setup();
    const other = await kit.contacts.ingest(
      event({ identities: { userId: 'u1', email: 'shared@example.com' } }),
    );
    const visitor = await kit.contacts.ingest(event({ identities: { cookie: 'ck-x' } }));
    const login = await kit.contacts.ingest(
      event({ type: 'identify', identities: { userId: 'u2', email: 'shared@example.com', cookie: 'ck-x' } }),
    );
    assert.equal(login.kind, 'conflict');
    assert.equal(login.contactId, visitor.contactId);
    assert.deepEqual(
      login.conflicts.map((c) => [c.type, c.heldBy]),
      [['email', other.contactId]],
    );
    const held = await store().transaction(ws, (tx) => tx.identities.listByContacts([visitor.contactId]));
    assert.deepEqual(held.map((i) => `${i.type}:${i.value}`).sort(), ['cookie:ck-x', 'userId:u2']);
  });

  it('an event with no usable identity goes to its conversation, or makes an anonymous contact; or is refused', async () => {
    const { kit, event } = setup();
    const first = await kit.contacts.ingest(event({ identities: {}, conversation: { id: 'conv-anon' } }));
    assert.equal(first.kind, 'created');
    const later = await kit.contacts.ingest(
      event({ identities: { email: 'null' }, conversation: { id: 'conv-anon' } }),
    );
    assert.deepEqual([later.kind, later.contactId], ['matched', first.contactId]);
    const strict = setup({ identity: { withoutIdentity: 'reject' } });
    await assert.rejects(strict.kit.contacts.ingest(strict.event({ identities: {} })), ValidationError);
  });

  it('blocked entries by type and pattern; the built-in list can be off; a lookup says blocked', async () => {
    const { ws, kit, event } = setup({ identity: { blocked: [{ pattern: 'ck_office_*', type: 'cookie' }] } });
    const a = await kit.contacts.ingest(
      event({ identities: { cookie: 'ck_office_1', email: 'a@example.com' } }),
    );
    const b = await kit.contacts.ingest(
      event({ identities: { cookie: 'ck_office_1', email: 'b@example.com' } }),
    );
    assert.notEqual(a.contactId, b.contactId);
    assert.equal(
      (await kit.contacts.lookupIdentity(ws, { type: 'cookie', value: 'ck_office_9' })).status,
      'blocked',
    );
    assert.equal(
      (await kit.contacts.lookupIdentity(ws, { type: 'email', value: 'test@test.com' })).status,
      'blocked',
    );
    const off = setup({ identity: { builtinBlocked: false } });
    const made = await off.kit.contacts.ingest(off.event({ identities: { email: 'test@test.com' } }));
    assert.deepEqual(made.attached, [{ type: 'email', value: 'test@test.com' }]);
  });

  it('by default a contact gathers at most five emails; the sixth is a conflict', async () => {
    const { kit, event } = setup();
    const first = await kit.contacts.ingest(event({ identities: { cookie: 'ck-shared' } }));
    for (let i = 0; i < 5; i++)
      await kit.contacts.ingest(event({ identities: { cookie: 'ck-shared', email: `e${i}@example.com` } }));
    const sixth = await kit.contacts.ingest(
      event({ identities: { cookie: 'ck-shared', email: 'e5@example.com' } }),
    );
    assert.deepEqual([sixth.kind, sixth.contactId, sixth.attached], ['conflict', first.contactId, []]);
  });

  it('a phone without a country is not guessed: it is reported with "no country"', async () => {
    const { kit, event } = setup();
    const outcome = await kit.contacts.ingest(
      event({ identities: { phone: '617-555-0143', cookie: 'ck-p' } }),
    );
    assert.deepEqual(
      outcome.attached.map((a) => a.type),
      ['cookie'],
    );
    assert.match(outcome.ignored[0]?.reason ?? '', /no country/);
  });

  it('counts a message only when the event carries one, and identify() adds no channel', async () => {
    const { ws, kit, event } = setup();
    const { contactId } = await kit.contacts.ingest(event({ identities: { cookie: 'ck-m' } }));
    await kit.contacts.ingest(event({ identities: { cookie: 'ck-m' }, message: { text: 'hi' } }));
    await kit.contacts.identify({ workspaceId: ws, userId: 'u-m', identities: { cookie: 'ck-m' } });
    const contact = (await kit.contacts.getContact(ws, contactId))?.contact;
    assert.equal(contact?.stats.messages, 1);
    assert.deepEqual(contact?.channels, ['web']);
  });

  it('edits by hand: a new email becomes the identity, the old one is retired, a held one is a conflict', async () => {
    const { ws, kit, event } = setup();
    const made = await kit.contacts.createContact(ws, {
      profile: { name: 'Ana' },
      identities: { email: 'old@example.com' },
    });
    const other = await kit.contacts.ingest(event({ identities: { email: 'taken@example.com' } }));
    await kit.contacts.updateContact(ws, made.id, {
      profile: { email: 'new@example.com' },
      tags: { add: ['vip'] },
    });
    const found = await kit.contacts.ingest(event({ identities: { email: 'new@example.com' } }));
    assert.equal(found.contactId, made.id);
    const conflict = await kit.contacts
      .updateContact(ws, made.id, { profile: { email: 'taken@example.com' } })
      .catch((e: unknown) => e);
    assert.ok(conflict instanceof IdentityConflictError);
    assert.equal(conflict.heldBy, other.contactId);
    const held = await store().transaction(ws, (tx) => tx.identities.listByContacts([made.id]));
    assert.deepEqual(
      held.map((i) => i.value),
      ['new@example.com'],
    );
  });

  it('custom field definitions are stored, checked on writes, relabelled and retired without losing values', async () => {
    const { ws, kit, event } = setup();
    await kit.fields.define(ws, { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    const { contactId } = await kit.contacts.ingest(
      event({ identities: { cookie: 'ck-f' }, customFields: { tier: 'gold' } }),
    );
    await assert.rejects(
      kit.contacts.updateContact(ws, contactId, { customFields: { tier: 'tin' } }),
      ValidationError,
    );
    await kit.fields.update(ws, 'tier', { label: 'Level', options: ['gold', 'silver', 'tin'] });
    await kit.contacts.updateContact(ws, contactId, {
      customFields: { tier: 'tin' },
      preferences: { language: 'pt' },
    });
    await kit.fields.retire(ws, 'tier');
    const [field] = await kit.fields.list(ws, { includeRetired: true });
    assert.equal(field?.label, 'Level');
    assert.ok(field?.retiredAt instanceof Date);
    const contact = (await kit.contacts.getContact(ws, contactId))?.contact;
    assert.deepEqual([contact?.customFields, contact?.preferences], [{ tier: 'tin' }, { language: 'pt' }]);
  });

  it('reads: live contacts counted, the contact an event ended on followed through merges', async () => {
    const { ws, kit, event } = setup();
    const known = await kit.contacts.ingest(event({ identities: { email: 'ana@example.com' } }));
    const lead = event({ identities: { cookie: 'ck-r' } });
    await kit.contacts.ingest(lead);
    await kit.contacts.ingest(event({ identities: { cookie: 'ck-r', email: 'ana@example.com' } }));
    assert.equal((await kit.contacts.contactOfEvent(ws, lead.eventId))?.id, known.contactId);
    assert.equal(await kit.contacts.countContacts(ws), 1);
  });
}
