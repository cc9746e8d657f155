import { describe, expect, it } from 'vitest';
import { IdentityConflictError, NotFoundError, ValidationError } from '../../src/errors/index.js';
import { setup } from './harness.js';

const fieldOf = (e: unknown) => (e instanceof ValidationError ? e.issues.map((i) => i.field) : String(e));

describe('making a contact by hand', () => {
  it('with or without identities, source manual, on the timeline with who made it', async () => {
    const { kit, store, service } = setup();
    const bare = await service.createContact('ws', { profile: { name: 'Walk-in' } });
    expect(bare).toMatchObject({
      source: 'manual',
      kind: 'lead',
      channels: [],
      profile: { name: 'Walk-in' },
    });
    const ana = await service.createContact(
      'ws',
      {
        profile: { name: 'Ana Lima', phone: '+351 912 345 678' },
        identities: { email: ' Ana@Example.com ' },
        tags: { add: ['vip'] },
      },
      { actor: { kind: 'user', id: 'u7', name: 'Rita' } },
    );
    expect(ana.profile).toMatchObject({ email: 'ana@example.com', phone: '+351912345678' });
    const view = await kit.contacts.getContact('ws', ana.id);
    expect(view?.identities.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
      'email:ana@example.com',
      'phone:+351912345678',
    ]);
    expect(view?.timeline.items[0]).toMatchObject({
      type: 'contact.created',
      actor: { kind: 'user', id: 'u7' },
    });
    // The next chat event with the email finds her: no duplicate.
    const event = await service.ingest({
      workspaceId: 'ws',
      eventId: 'e1',
      occurredAt: new Date(),
      channel: 'web',
      identities: { email: 'ANA@example.com' },
    });
    expect(event).toMatchObject({ kind: 'matched', contactId: ana.id });
    expect(await service.countContacts('ws')).toBe(2);
    expect((await store.inspect('ws')).contacts).toBe(2);
  });

  it('refuses an identity another contact holds, naming the holder, and an invalid one naming the field', async () => {
    const { service } = setup();
    const first = await service.createContact('ws', { identities: { email: 'ana@example.com' } });
    const taken = await service
      .createContact('ws', { identities: { email: 'ana@example.com' } })
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(IdentityConflictError);
    expect(taken).toMatchObject({ type: 'email', heldBy: first.id, code: 'IDENTITY_CONFLICT' });
    const invalid = await service
      .createContact('ws', { profile: { email: 'not an email' } })
      .catch((e: unknown) => e);
    expect(fieldOf(invalid)).toEqual(['profile.email']);
    const blocked = await service
      .createContact('ws', { identities: { email: 'test@test.com' } })
      .catch((e: unknown) => e);
    expect(fieldOf(blocked)).toEqual(['identities.email']);
    expect(await service.countContacts('ws')).toBe(1);
  });
});

describe('editing a contact by hand', () => {
  it('a new email becomes the identity and the old one is retired, so the next event finds the contact', async () => {
    const { service, event, read } = setup();
    const { contactId } = await service.ingest(event({ identities: { email: 'old@example.com' } }));
    const edited = await service.updateContact('ws', contactId, { profile: { email: 'New@Example.com' } });
    expect(edited.profile.email).toBe('new@example.com');
    expect(edited.fieldOrigins.email).toBe('manual');
    const view = await read(contactId);
    expect(view?.identities.map((i) => i.value)).toEqual(['new@example.com']);
    const next = await service.ingest(event({ identities: { email: 'new@example.com' } }));
    expect(next).toMatchObject({ kind: 'matched', contactId });
    // The retired address no longer matches: it is someone else now.
    const old = await service.ingest(event({ identities: { email: 'old@example.com' } }));
    expect(old.created).toBe(true);
    expect(view?.timeline.items[0]).toMatchObject({
      type: 'fields.updated',
      actor: { kind: 'user' },
      data: { fields: ['email'], identities: { added: ['email'], retired: ['email'] } },
    });
  });

  it('edits any profile field, clears one with null, and the bot never overwrites a manual value', async () => {
    const { service, event } = setup();
    const { contactId } = await service.ingest(
      event({
        identities: { cookie: 'ck' },
        profile: { company: 'Acme', jobTitle: 'CTO' },
        profileOrigin: 'bot',
      }),
    );
    const edited = await service.updateContact('ws', contactId, {
      profile: { company: 'Acme Corp', jobTitle: null, timezone: 'Europe/Lisbon' },
    });
    expect(edited.profile).toMatchObject({ company: 'Acme Corp', timezone: 'Europe/Lisbon' });
    expect(edited.profile.jobTitle).toBeUndefined();
    await service.ingest(
      event({ identities: { cookie: 'ck' }, profile: { company: 'Bot Guess' }, profileOrigin: 'bot' }),
    );
    expect((await service.getContact('ws', contactId))?.contact.profile.company).toBe('Acme Corp');
  });

  it('refuses an email another contact holds with a typed conflict, changing nothing', async () => {
    const { service, event, read } = setup();
    const ana = await service.ingest(event({ identities: { email: 'ana@example.com' } }));
    const bo = await service.ingest(event({ identities: { email: 'bo@example.com' } }));
    const error = await service
      .updateContact('ws', bo.contactId, { profile: { email: 'ana@example.com', name: 'Bo' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityConflictError);
    expect(error).toMatchObject({ heldBy: ana.contactId });
    expect((await read(bo.contactId))?.contact.profile).toMatchObject({ email: 'bo@example.com' });
    expect((await read(bo.contactId))?.contact.profile.name).toBeUndefined();
  });

  it('adds and removes identities, tags and preferences; a missing contact is NotFoundError', async () => {
    const { service, event, read } = setup();
    const { contactId } = await service.ingest(event({ identities: { cookie: 'ck' }, tags: ['a', 'b'] }));
    await service.addIdentity('ws', contactId, { type: 'whatsapp', value: '+44 7700 900123' });
    await service.addIdentity('ws', contactId, { type: 'shopify_customer', value: '8812' });
    expect(await service.removeIdentity('ws', contactId, { type: 'cookie', value: 'ck' })).toBe(true);
    expect(await service.removeIdentity('ws', contactId, { type: 'cookie', value: 'ck' })).toBe(false);
    const edited = await service.updateContact('ws', contactId, {
      tags: { add: ['c'], remove: ['a'] },
      preferences: { language: 'pt', optedOutChannels: ['sms'], contactFrequency: 'weekly' },
    });
    expect(edited.tags).toEqual(['b', 'c']);
    expect(edited.preferences).toEqual({
      language: 'pt',
      optedOutChannels: ['sms'],
      contactFrequency: 'weekly',
    });
    const view = await read(contactId);
    expect(view?.identities.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
      'phone:+447700900123',
      'shopify_customer:8812',
    ]);
    await expect(service.updateContact('ws', 'ghost', { tags: { add: ['x'] } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('custom field definitions', () => {
  it('values are checked on every write path: edits, events and imports, with the field named', async () => {
    const { kit, service, event } = setup();
    await kit.fields.define('ws', {
      key: 'tier',
      label: 'Tier',
      type: 'select',
      options: ['gold', 'silver'],
    });
    await kit.fields.define('ws', { key: 'seats', label: 'Seats', type: 'number' });
    const { contactId } = await service.ingest(
      event({ identities: { cookie: 'ck' }, customFields: { tier: 'gold' } }),
    );
    const edit = await service
      .updateContact('ws', contactId, { customFields: { tier: 'bronze' } })
      .catch((e: unknown) => e);
    expect(fieldOf(edit)).toEqual(['customFields.tier']);
    const [bad] = await service.ingestBatch([
      event({ identities: { cookie: 'ck2' }, customFields: { seats: 'many' } }),
    ]);
    expect(bad?.ok).toBe(false);
    expect(bad && !bad.ok && fieldOf(bad.error)).toEqual(['event.customFields.seats']);
    const report = await kit.imports.importFile(
      new TextEncoder().encode('Email,Tier\nx@example.com,bronze\n'),
      {
        workspaceId: 'ws',
        overrides: { Tier: 'custom.tier' },
      },
    );
    expect(report.rejected).toBe(1);
    expect(report.errors[0]?.reason).toMatch(/tier/i);
  });

  it('a required field must be given when a contact is made by hand; relabelling and retiring keep values', async () => {
    const { kit, service } = setup();
    await kit.fields.define('ws', { key: 'plan', label: 'Plan', type: 'text', required: true });
    const missing = await service.createContact('ws', { profile: { name: 'X' } }).catch((e: unknown) => e);
    expect(fieldOf(missing)).toEqual(['customFields.plan']);
    const made = await service.createContact('ws', { profile: { name: 'Y' }, customFields: { plan: 'pro' } });
    await kit.fields.update('ws', 'plan', { label: 'Plan name' });
    await kit.fields.retire('ws', 'plan');
    expect((await kit.fields.list('ws')).map((f) => f.key)).toEqual([]);
    expect((await kit.fields.list('ws', { includeRetired: true }))[0]).toMatchObject({ label: 'Plan name' });
    expect((await service.getContact('ws', made.id))?.contact.customFields).toEqual({ plan: 'pro' });
    // Retired: no longer required.
    await expect(service.createContact('ws', { profile: { name: 'Z' } })).resolves.toBeTruthy();
    await expect(kit.fields.define('ws', { key: 'plan', label: 'Again', type: 'text' })).rejects.toThrow(
      /already defined/,
    );
    await expect(kit.fields.update('ws', 'plan', { options: ['x'] })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('reads hosts need', () => {
  it('counts live contacts, finds the contact an event ended on after a merge, and tells blocked from unknown', async () => {
    const { kit, service, event } = setup();
    const known = await service.ingest(event({ identities: { email: 'ana@example.com' } }));
    const visitorEvent = event({ identities: { cookie: 'ck' } });
    const visitor = await service.ingest(visitorEvent);
    await service.ingest(event({ identities: { cookie: 'ck', email: 'ana@example.com' } }));
    expect((await service.contactOfEvent('ws', visitorEvent.eventId))?.id).toBe(known.contactId);
    expect(await service.contactOfEvent('ws', 'never')).toBeNull();
    expect(await service.countContacts('ws')).toBe(1);
    await kit.privacy.deleteContact('ws', known.contactId, { force: true });
    expect(await service.countContacts('ws')).toBe(0);
    expect(await service.lookupIdentity('ws', { type: 'email', value: 'test@test.com' })).toMatchObject({
      status: 'blocked',
    });
    expect(await service.lookupIdentity('ws', { type: 'email', value: 'who@example.com' })).toMatchObject({
      status: 'unknown',
    });
    expect(await service.lookupIdentity('ws', { type: 'email', value: 'nope' })).toMatchObject({
      status: 'invalid',
    });
    const bo = await service.ingest(event({ identities: { email: 'bo@example.com' } }));
    expect(await service.lookupIdentity('ws', { type: 'email', value: 'BO@example.com' })).toMatchObject({
      status: 'held',
      contact: { id: bo.contactId },
    });
    expect(visitor.contactId).not.toBe(known.contactId);
  });

  it("identify() does not add the API's pseudo-channel to the contact", async () => {
    const { service, event } = setup();
    const { contactId } = await service.ingest(event({ identities: { cookie: 'ck' } }));
    await service.identify({ workspaceId: 'ws', userId: 'u1', identities: { cookie: 'ck' } });
    expect((await service.getContact('ws', contactId))?.contact.channels).toEqual(['web']);
  });
});
