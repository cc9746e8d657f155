import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/errors.js';
import { ChangesPageSchema } from '../../src/service/change-service.js';
import { relaySetup } from '../webhooks/relay-harness.js';

describe('incremental sync: changes since a cursor', () => {
  it('lists contacts created and updated, with the contact as it is now, and moves the cursor', async () => {
    const s = relaySetup();
    const ana = await s.kit.contacts.ingest(s.event('ana@example.com'));
    const first = await s.kit.changes.since('ws');
    expect(first.changes.map((c) => [c.contactId, c.kind])).toEqual([[ana.contactId, 'created']]);
    expect(first.changes[0]!.contact?.id).toBe(ana.contactId);
    // What an HTTP layer documents is what the service returns.
    expect(ChangesPageSchema.parse(first)).toEqual(first);
    expect(first.more).toBe(false);
    // Nothing new: the same cursor back, no changes.
    expect(await s.kit.changes.since('ws', { cursor: first.cursor })).toEqual({
      changes: [],
      cursor: first.cursor,
      more: false,
    });
    await s.kit.contacts.updateContact('ws', ana.contactId, { profile: { firstName: 'Ana' } });
    const second = await s.kit.changes.since('ws', { cursor: first.cursor });
    expect(second.changes.map((c) => [c.contactId, c.kind])).toEqual([[ana.contactId, 'updated']]);
    expect(second.changes[0]!.contact?.profile.firstName).toBe('Ana');
  });

  it('says which contacts were merged away, deleted and erased', async () => {
    const s = relaySetup();
    const ana = await s.kit.contacts.ingest(s.event('ana@example.com'));
    const dup = await s.kit.contacts.ingest(s.event('ana.other@example.com'));
    const bob = await s.kit.contacts.ingest(s.event('bob@example.com'));
    const cal = await s.kit.contacts.ingest(s.event('cal@example.com'));
    const { cursor } = await s.kit.changes.latest('ws');
    await s.kit.merges.merge('ws', ana.contactId, [dup.contactId]);
    await s.kit.privacy.erase('ws', bob.contactId);
    await s.kit.privacy.deleteContact('ws', cal.contactId, { force: true });
    const page = await s.kit.changes.since('ws', { cursor });
    expect(ChangesPageSchema.safeParse(page).success).toBe(true);
    expect(page.changes.map((c) => [c.contactId, c.kind, c.into])).toEqual([
      [dup.contactId, 'merged', ana.contactId],
      [ana.contactId, 'updated', undefined],
      [bob.contactId, 'erased', undefined],
      [cal.contactId, 'deleted', undefined],
    ]);
  });

  it('leaves out a contact changed then merged away later in the log, until that page', async () => {
    const s = relaySetup();
    const ana = await s.kit.contacts.ingest(s.event('ana@example.com'));
    const dup = await s.kit.contacts.ingest(s.event('dup@example.com'));
    await s.kit.merges.merge('ws', ana.contactId, [dup.contactId]);
    const pages = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await s.kit.changes.since('ws', { limit: 1, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(...page.changes.map((c) => [c.contactId, c.kind]));
      cursor = page.cursor;
      if (!page.more) break;
    }
    // dup's creation (its contact is gone now) is left out; the merge says what became of it.
    expect(pages).toContainEqual([dup.contactId, 'merged']);
    expect(pages).not.toContainEqual([dup.contactId, 'created']);
    expect(pages).toContainEqual([ana.contactId, 'created']);
  });

  it('pages with limit and more, never losing a change', async () => {
    const s = relaySetup();
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await s.kit.contacts.ingest(s.event(`p${i}@example.com`))).contactId);
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    for (;;) {
      calls++;
      const page = await s.kit.changes.since('ws', { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.changes.map((c) => c.contactId));
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(calls).toBeGreaterThan(1);
  });

  it('refuses a cursor it did not give', async () => {
    const s = relaySetup();
    await expect(s.kit.changes.since('ws', { cursor: 'abc' })).rejects.toThrow(ValidationError);
    await expect(s.kit.changes.since('ws', { limit: 0 })).rejects.toThrow(ValidationError);
  });
});
