import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/cli/store.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { createContactkit } from '../../src/service/contactkit.js';
import { cli } from './run-cli.js';

let dir: string;
let db: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-cmds-'));
  db = join(dir, 'c.db');
  const opened = await openStore({ db });
  const kit = createContactkit({ store: opened.store, config: { defaultCountry: 'US' } });
  let n = 0;
  const at = Date.now() - 3 * 86_400_000;
  const event = (e: Omit<ChatEventInput, 'workspaceId' | 'eventId' | 'occurredAt'>): ChatEventInput => ({
    workspaceId: 'default',
    eventId: `e${++n}`,
    occurredAt: new Date(at + n * 60_000),
    ...e,
  });
  ids.ana = (
    await kit.contacts.ingest(
      event({
        channel: 'web',
        identities: { email: 'ana.lima@example.com', phone: '+14155552671' },
        profile: { name: 'Ana Lima' },
        conversation: { id: 'c1' },
        message: { text: 'Do you ship to Lisbon? I want to buy two.', sentiment: 0.5 },
      }),
    )
  ).contactId;
  // The reply, a minute later: what stats times as the first response.
  await kit.contacts.ingest(
    event({
      channel: 'web',
      identities: { email: 'ana.lima@example.com' },
      conversation: { id: 'c1' },
      message: { direction: 'outbound', text: 'We do! Shall I reserve two?' },
    }),
  );
  ids.bob = (
    await kit.contacts.ingest(
      event({
        channel: 'web',
        source: 'lead_form',
        identities: { email: 'robert.hartley@hartley-consulting.com' },
        profile: { name: 'Robert Hartley', company: 'Hartley Consulting', address: { city: 'Boston' } },
      }),
    )
  ).contactId;
  ids.bobby = (
    await kit.contacts.ingest(
      event({
        channel: 'telegram',
        identities: { telegram: '88120311', email: 'bob.hartley@gmail.com' },
        profile: { name: 'Bob Hartley', company: 'Hartley Consulting', address: { city: 'Boston' } },
      }),
    )
  ).contactId;
  await opened.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('commands over a store', () => {
  it('show finds a contact by email, phone, type:value and id, with identities, facts and ledger', async () => {
    const byEmail = await cli('show', 'ana.lima@example.com', '--db', db, '--json');
    expect(byEmail.code).toBe(0);
    const view = JSON.parse(byEmail.out);
    expect(view.contact.id).toBe(ids.ana);
    expect(view.identities.map((i: { type: string }) => i.type).sort()).toEqual(['email', 'phone']);
    expect(view.classification.grade).toMatch(/^[A-F]$/);
    expect(Array.isArray(view.ledger)).toBe(true);
    expect(view.timeline.items.length).toBeGreaterThan(0);
    expect(JSON.parse((await cli('show', '+1 415 555 2671', '--db', db, '--json')).out).contact.id).toBe(
      ids.ana,
    );
    expect(JSON.parse((await cli('show', 'telegram:88120311', '--db', db, '--json')).out).contact.id).toBe(
      ids.bobby,
    );
    const text = await cli('show', ids.ana!, '--db', db);
    expect(text.out).toContain('Ana Lima');
    expect(text.out).toContain('score ledger');
    expect(text.out).toContain('email:ana.lima@example.com');
  });

  it('show of an unknown contact exits 1 and says which; a missing store exits 1', async () => {
    const r = await cli('show', 'nobody@example.com', '--db', db);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nobody@example.com');
    const none = await cli('show', 'x@y.z', '--db', join(dir, 'none.db'));
    expect(none.code).toBe(1);
    expect(none.err).toContain('no store at');
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });

  it('search finds by name and exits 1 when nothing matches', async () => {
    const r = await cli('search', 'hartley', '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(
      JSON.parse(r.out)
        .matches.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([ids.bob, ids.bobby].sort());
    expect((await cli('search', 'zebra', '--db', db)).code).toBe(1);
  });

  it('search finds a phone typed in another format, through the list API', async () => {
    const r = await cli('search', '(415) 555-2671', '--db', db, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).matches.map((m: { id: string }) => m.id)).toEqual([ids.ana]);
  });

  it('segments lists the built-in lists, saves one, counts it and deletes it', async () => {
    const list = await cli('segments', '--db', db, '--json');
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).segments.map((s: { id: string }) => s.id)).toEqual([
      'all',
      'leads',
      'customers',
      'visitors',
      'ordered',
    ]);
    const filter = JSON.stringify({ type: 'channel', any: ['web'] });
    const made = await cli('segments', 'create', 'Web people', '--filter', filter, '--db', db, '--json');
    expect(made.code, made.err).toBe(0);
    const id = JSON.parse(made.out).id as string;
    const counted = await cli('segments', 'count', id, '--db', db, '--json');
    expect(JSON.parse(counted.out)).toEqual({ segment: id, count: 2 });
    const narrowed = await cli('segments', 'count', 'all', '--search', 'hartley', '--db', db);
    expect(narrowed.out.trim()).toBe('2 contacts in all');
    const exported = join(dir, 'web.csv');
    const out = await cli('export', '--db', db, '--segment', id, '--out', exported, '--json');
    expect(out.code, out.err).toBe(0);
    expect(JSON.parse(out.out).rows).toBe(2);
    expect((await cli('segments', 'delete', id, '--db', db)).code).toBe(0);
    expect((await cli('segments', 'count', id, '--db', db)).code).toBe(1);
    expect((await cli('segments', 'rename', 'x', '--db', db)).code).toBe(2);
    expect((await cli('segments', 'create', 'bad', '--filter', '{nope', '--db', db)).code).toBe(2);
  });

  it('stats counts contacts by kind and channel', async () => {
    const r = await cli('stats', '--db', db, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.contacts).toBe(3);
    expect(s.byChannel).toMatchObject({ web: 2, telegram: 1 });
    expect(s.firstResponse).toEqual({ averageMs: 60_000, conversations: 1 });
    expect(s.sentimentByDay).toEqual([{ date: expect.any(String), average: 0.5, messages: 1 }]);
    const text = await cli('stats', '--db', db);
    expect(text.out).toContain('first reply in 1m 0s on average, 1 conversation (30 days)');
    expect(text.out).toMatch(/sentiment \d{4}-\d{2}-\d{2} \+0\.50 \(1\)/);
  });

  it('reclassify sweeps every contact', async () => {
    const r = await cli('reclassify', '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).scanned).toBe(3);
  });

  it('followups --list writes nothing and lists what waits; exit 1 only when something waits', async () => {
    const r = await cli('followups', '--list', '--db', db, '--json');
    const out = JSON.parse(r.out);
    expect(out.sweep).toBeNull();
    expect(r.code).toBe(out.followUps.length + out.reviews.length > 0 ? 1 : 0);
  });

  it('dedupe --db suggests the Hartley pair with its reasons; merge and unmerge it by email', async () => {
    const scan = await cli('dedupe', '--db', db, '--json');
    expect(scan.code).toBe(0);
    const found = JSON.parse(scan.out);
    const pair = found.suggestions.find(
      (s: { contactIds: string[] }) => s.contactIds.includes(ids.bob!) && s.contactIds.includes(ids.bobby!),
    );
    expect(pair).toBeDefined();
    expect(pair.why).toContain('company');

    const merged = await cli(
      'merge',
      'robert.hartley@hartley-consulting.com',
      'telegram:88120311',
      '--db',
      db,
      '--json',
    );
    expect(merged.code, merged.err).toBe(0);
    const m = JSON.parse(merged.out);
    expect(m.contactId).toBe(ids.bob);
    expect((await cli('show', ids.bobby!, '--db', db, '--json')).code).toBe(1);
    const undone = await cli('unmerge', m.mergeId, '--db', db, '--json');
    expect(undone.code, undone.err).toBe(0);
    expect(JSON.parse(undone.out).restored).toEqual([ids.bobby]);
    expect((await cli('unmerge', m.mergeId, '--db', db)).code).toBe(1);
    expect((await cli('merge', ids.bob!, '--db', db)).code).toBe(2);
  });

  it('erase exports then erases; without --yes it changes nothing', async () => {
    const dry = await cli('erase', 'ana.lima@example.com', '--db', db);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('--yes');
    expect((await cli('show', ids.ana!, '--db', db)).code).toBe(0);
    const file = join(dir, 'ana.json');
    const r = await cli('erase', 'ana.lima@example.com', '--export-to', file, '--yes', '--db', db, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).contactIds).toEqual([ids.ana]);
    expect(readFileSync(file, 'utf8')).toContain('ana.lima@example.com');
    expect((await cli('show', 'ana.lima@example.com', '--db', db)).code).toBe(1);
  });
});
