import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { NotFoundError, StaleVersionError, ValidationError } from '../../src/errors/errors.js';
import type { Contact } from '../../src/model/contact.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactkit } from '../../src/service/contactkit.js';
import { makeContact } from '../../src/testing/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

function contacts(ws: string): Contact[] {
  const at = (days: number) => new Date(NOW.getTime() - days * DAY);
  return [
    makeContact(ws, 'a', {
      profile: { name: 'José García', email: 'jose@example.com', phone: '+1 (415) 555-2671' },
      createdAt: at(1),
      stats: {
        conversations: 3,
        messages: 9,
        firstSeenAt: at(1),
        lastSeenAt: at(0),
        orders: 2,
        amountSpent: 40,
      },
    }),
    makeContact(ws, 'b', {
      kind: 'customer',
      profile: { name: 'Ana Lima', address: { city: 'São Paulo', line1: 'Rua Augusta 10' } },
      tags: ['VIP'],
      channels: ['whatsapp'],
      createdAt: at(2),
    }),
    makeContact(ws, 'c', { profile: { name: 'Zoë' }, createdAt: at(40), channels: ['web', 'sms'] }),
    makeContact(ws, 'd', { profile: { name: 'Gone' }, createdAt: at(3), deletedAt: at(1) }),
  ];
}

async function setup(store: ContactStore = new MemoryStore()) {
  let n = 0;
  const kit = createContactkit({
    store,
    clock: () => NOW,
    ids: () => `id${++n}`,
    config: { followUps: { timezone: 'America/Sao_Paulo' } },
  });
  await store.transaction('ws', (tx) => tx.contacts.insertMany(contacts('ws')));
  // The same people in another workspace: never listed, counted or searched from 'ws'.
  await store.transaction('other', (tx) => tx.contacts.insertMany(contacts('other')));
  return kit;
}

const sqlite = async () => SqliteStore.open(new Database(':memory:'));

describe.each([
  ['memory', async () => new MemoryStore()],
  ['sqlite', sqlite],
] as const)('ListService on %s', (_name, makeStore) => {
  it('pages newest first by default, with a cursor and an estimated total; deleted contacts left out', async () => {
    const kit = await setup(await makeStore());
    const first = await kit.lists.page('ws', { limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual(['a', 'b']);
    expect(first.total).toEqual({ count: 3, exact: true });
    const second = await kit.lists.page('ws', { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.id)).toEqual(['c']);
    expect(second.nextCursor).toBeUndefined();
    await expect(
      kit.lists.page('ws', { sort: { field: 'name' }, cursor: first.nextCursor! }),
    ).rejects.toThrow(ValidationError);
    await expect(kit.lists.page('ws', { cursor: 'garbage' })).rejects.toThrow(ValidationError);
  });

  it('searches name, email, phone in any format and address, ignoring case and accents', async () => {
    const kit = await setup(await makeStore());
    const ids = async (search: string) =>
      (await kit.lists.page('ws', { search })).items.map((c) => c.id).sort();
    expect(await ids('jose garcia')).toEqual(['a']);
    expect(await ids('GARCÍA')).toEqual(['a']);
    expect(await ids('555 2671')).toEqual(['a']);
    expect(await ids('4155552671')).toEqual(['a']);
    expect(await ids('(415) 555-26')).toEqual(['a']);
    expect(await ids('example.com')).toEqual(['a']);
    expect(await ids('sao paulo')).toEqual(['b']);
    expect(await ids('augusta')).toEqual(['b']);
    expect(await ids('zoe')).toEqual(['c']);
    expect(await ids('gone')).toEqual([]);
  });

  it('sorts by name with ties and missing values as documented, and projects fields', async () => {
    const kit = await setup(await makeStore());
    const page = await kit.lists.page('ws', {
      sort: { field: 'name', direction: 'asc' },
      fields: ['profile'],
    });
    expect(page.items.map((c) => c.id)).toEqual(['b', 'a', 'c']);
    expect(Object.keys(page.items[0]!).sort()).toEqual(['id', 'profile']);
  });

  it('has the built-in lists, which cannot be changed or deleted', async () => {
    const kit = await setup(await makeStore());
    const count = (segment: string) => kit.lists.count('ws', { segment });
    expect(await count('all')).toBe(3);
    expect(await count('leads')).toBe(2);
    expect(await count('customers')).toBe(1);
    expect(await count('visitors')).toBe(2);
    expect(await count('ordered')).toBe(1);
    await expect(kit.lists.deleteSegment('ws', 'leads')).rejects.toThrow(ValidationError);
    await expect(kit.lists.renameSegment('ws', 'all', 'x')).rejects.toThrow(ValidationError);
    const listed = await kit.lists.segments('ws');
    expect(listed.map((s) => s.id)).toEqual(['all', 'leads', 'customers', 'visitors', 'ordered']);
  });

  it('saves, renames, updates and deletes custom segments, with members added by hand', async () => {
    const kit = await setup(await makeStore());
    const s = await kit.lists.createSegment('ws', {
      name: 'Recent',
      filter: { type: 'date', field: 'createdAt', withinDays: 7 },
    });
    expect(await kit.lists.count('ws', { segment: s.id })).toBe(2);
    const added = await kit.lists.addMembers('ws', s.id, ['c', 'c']);
    expect(added.members).toEqual(['c']);
    expect(await kit.lists.count('ws', { segment: s.id })).toBe(3);
    // Another workspace's segment and contacts are out of reach.
    await expect(kit.lists.count('other', { segment: s.id })).rejects.toThrow(NotFoundError);
    const renamed = await kit.lists.renameSegment('ws', s.id, 'Fresh');
    expect(renamed).toMatchObject({ name: 'Fresh', version: 3 });
    await expect(kit.lists.updateSegment('ws', s.id, { name: 'x', version: 1 })).rejects.toThrow(
      StaleVersionError,
    );
    await kit.lists.updateSegment('ws', s.id, { filter: null });
    expect(await kit.lists.count('ws', { segment: s.id })).toBe(1);
    await kit.lists.removeMembers('ws', s.id, ['c']);
    expect(await kit.lists.count('ws', { segment: s.id })).toBe(0);
    const nested = await kit.lists.createSegment('ws', {
      name: 'Has Fresh',
      filter: { type: 'segment', id: s.id },
    });
    await expect(
      kit.lists.updateSegment('ws', s.id, { filter: { type: 'segment', id: nested.id } }),
    ).resolves.toBeDefined();
    await expect(kit.lists.count('ws', { segment: s.id })).rejects.toThrow(ValidationError);
    await kit.lists.deleteSegment('ws', nested.id);
    await kit.lists.deleteSegment('ws', s.id);
    await expect(kit.lists.getSegment('ws', s.id)).rejects.toThrow(NotFoundError);
  });

  it('gives analytics for the workspace and a segment, days in the workspace time zone', async () => {
    const kit = await setup(await makeStore());
    const all = await kit.lists.analytics('ws', { from: '2026-06-13T12:00:00Z', until: NOW });
    expect(all.contacts).toBe(3);
    expect(all.by.channel).toEqual({ web: 2, whatsapp: 1, sms: 1 });
    expect(all.averageConversations).toBe(1);
    expect(all.conversionRate).toBeCloseTo(1 / 3);
    expect(all.repeatVisitorShare).toBeCloseTo(1 / 3);
    expect(all.newPerDay).toEqual([
      { date: '2026-06-13', count: 1 },
      { date: '2026-06-14', count: 1 },
      { date: '2026-06-15', count: 0 },
    ]);
    const leads = await kit.lists.analytics('ws', { segment: 'customers' });
    expect(leads.contacts).toBe(1);
    expect(leads.newPerDay).toHaveLength(30);
  });

  it('gives orders and revenue through the assistant per currency, never added across them', async () => {
    const kit = await setup(await makeStore());
    const order = (eventId: string, currency: string, amount: number, viaAssistant: boolean) =>
      kit.contacts.ingest({
        workspaceId: 'ws',
        eventId,
        channel: 'web',
        occurredAt: new Date(NOW.getTime() - 60_000),
        identities: { email: `${eventId}@example.com` },
        order: { orderId: `o-${eventId}`, amount, currency, viaAssistant },
      });
    await order('e1', 'USD', 10.1, true);
    await order('e2', 'USD', 0.2, true);
    await order('e3', 'EUR', 30, true);
    await order('e4', 'USD', 99, false);
    const all = await kit.lists.analytics('ws');
    expect(all.revenueViaAssistant).toEqual([
      { currency: 'EUR', orders: 1, amount: 30 },
      { currency: 'USD', orders: 2, amount: 10.3 },
    ]);
    expect(all.ordersViaAssistant).toBe(3);
    const none = await kit.lists.analytics('ws', { search: 'e4@' });
    expect(none.revenueViaAssistant).toEqual([]);
  });

  it('gives the first-response time and sentiment by day of the conversations intake kept', async () => {
    const kit = await setup(await makeStore());
    let seq = 0;
    const say = (
      workspaceId: string,
      email: string,
      conversation: string,
      at: string,
      message: { direction?: 'inbound' | 'outbound'; role?: 'agent'; sentiment?: number },
    ) =>
      kit.contacts.ingest({
        workspaceId,
        eventId: `e${++seq}`,
        occurredAt: at,
        channel: 'web',
        identities: { email },
        conversation: { id: conversation },
        message: { text: 'hi', ...message },
      });
    for (const ws of ['ws', 'other']) {
      // Started 13 June, 23:30 in São Paulo (02:30 UTC on the 14th): answered in 2 minutes.
      await say(ws, 'ana@example.com', 'v1', '2026-06-14T02:30:00Z', { sentiment: 0.5 });
      await say(ws, 'ana@example.com', 'v1', '2026-06-14T02:32:00Z', { direction: 'outbound' });
      await say(ws, 'ana@example.com', 'v1', '2026-06-14T02:40:00Z', { sentiment: -0.25 });
      // Started on the 14th: a person answers in 4 minutes.
      await say(ws, 'rui@example.com', 'v2', '2026-06-14T15:00:00Z', { sentiment: 1 });
      await say(ws, 'rui@example.com', 'v2', '2026-06-14T15:04:00Z', {
        direction: 'outbound',
        role: 'agent',
      });
      // Never answered; and one before the range.
      await say(ws, 'rui@example.com', 'v3', '2026-06-14T16:00:00Z', { sentiment: 0 });
      await say(ws, 'ana@example.com', 'v0', '2026-06-01T12:00:00Z', { sentiment: -1 });
      await say(ws, 'ana@example.com', 'v0', '2026-06-01T12:30:00Z', { direction: 'outbound' });
    }
    const all = await kit.lists.analytics('ws', { from: '2026-06-13T12:00:00Z', until: NOW });
    expect(all.firstResponse).toEqual({ averageMs: 3 * 60_000, conversations: 2 });
    expect(all.sentimentByDay).toEqual([
      { date: '2026-06-13', average: 0.125, messages: 2 },
      { date: '2026-06-14', average: 0.5, messages: 2 },
    ]);
    const ana = await kit.lists.analytics('ws', { search: 'ana@', from: '2026-06-01T12:00:00Z', until: NOW });
    expect(ana.firstResponse).toEqual({ averageMs: 16 * 60_000, conversations: 2 });
    expect(ana.sentimentByDay.map((d) => d.date)).toEqual(['2026-06-01', '2026-06-13']);
    const none = await kit.lists.analytics('ws', { segment: 'customers' });
    expect(none.firstResponse).toEqual({ averageMs: null, conversations: 0 });
    expect(none.sentimentByDay).toEqual([]);
  });

  it('bulk deletes and exports a segment through the compiled query', async () => {
    const kit = await setup(await makeStore());
    const result = await kit.privacy.bulkDelete('ws', {
      segment: { type: 'tags', has: 'any', values: ['vip'] },
    });
    expect(result.deleted).toBe(1);
    expect(await kit.lists.count('ws')).toBe(2);
    expect(await kit.lists.count('other')).toBe(3);
    const file = kit.exports.export({
      workspaceId: 'ws',
      format: 'ndjson',
      segment: { type: 'text', query: 'zoe' },
    });
    let out = '';
    for await (const chunk of file) out += chunk;
    expect(file.rows).toBe(1);
    expect(out).toContain('Zoë');
  });
});
