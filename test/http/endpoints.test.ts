import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairKey } from '../../src/model/duplicate-suggestion.js';
import { createRelay } from '../../src/service/webhook-relay.js';
import { type Api, DAY, HOUR, message, startApi, T0 } from './api-server.js';

/*
 * Every endpoint, end to end over a real node:http server: what each answers, in the shape its
 * OpenAPI schema gives (the server checks every JSON response against it), and that every route was
 * called by some test here.
 */

const FIXTURES = join(import.meta.dirname, '../csv/fixtures');
let api: Api;

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

/** A contact made through the API; its id. */
async function newContact(body: Record<string, unknown>): Promise<string> {
  const created = await api.call('POST', '/api/v1/contacts', { json: body });
  expect(created.status, created.text).toBe(201);
  return created.json.id as string;
}

describe('contacts', () => {
  it('creates a contact (201 with Location), reads it, updates it, and deletes it', async () => {
    const created = await api.call('POST', '/api/v1/contacts', {
      json: {
        profile: { name: 'Ana Lima', company: 'Acme' },
        identities: { email: 'Ana.Lima@Example.com' },
        tags: { add: ['vip'] },
        actor: { kind: 'user', id: 'u7' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json');
    const id = created.json.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/contacts/${id}`);
    expect(created.json).toMatchObject({ workspaceId: 'A', source: 'manual', tags: ['vip'] });
    expect(created.json.profile).toMatchObject({ name: 'Ana Lima', email: 'ana.lima@example.com' });

    const read = await api.call('GET', `/api/v1/contacts/${id}`);
    expect(read.status).toBe(200);
    expect(read.json.contact.id).toBe(id);
    expect(read.json.identities).toEqual([
      expect.objectContaining({ type: 'email', value: 'ana.lima@example.com' }),
    ]);
    expect(read.json.timeline.data[0]).toMatchObject({
      type: 'contact.created',
      actor: { kind: 'user', id: 'u7' },
    });
    expect(read.json.timeline.nextCursor).toBeNull();
    expect(typeof read.json.contact.createdAt).toBe('string');

    const updated = await api.call('PATCH', `/api/v1/contacts/${id}`, {
      json: { profile: { company: null, city: 'Lisbon' }, customFields: {} },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.profile.company).toBeUndefined();
    expect(updated.json.version).toBe(created.json.version + 1);

    const deleted = await api.call('DELETE', `/api/v1/contacts/${id}?actor=u7`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ contactId: id, alreadyDeleted: false });
    const again = await api.call('DELETE', `/api/v1/contacts/${id}`);
    expect(again.json).toMatchObject({ contactId: id, alreadyDeleted: true });
  });

  it('answers 404 with a problem for a contact that does not exist', async () => {
    const missing = await api.call('GET', '/api/v1/contacts/nobody');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.json).toMatchObject({ status: 404, code: 'NOT_FOUND', entity: 'contact', id: 'nobody' });
    expect(
      (await api.call('PATCH', '/api/v1/contacts/nobody', { json: { tags: { add: ['x'] } } })).status,
    ).toBe(404);
  });

  it('refuses to delete a contact with an open conversation (409), unless forced', async () => {
    const sent = await api.call('POST', '/api/v1/events', {
      json: message(
        'open-1',
        { email: 'open@example.com' },
        { conversation: { id: 'conv-open', status: 'open' } },
      ),
    });
    const id = sent.json.contactId as string;
    const refused = await api.call('DELETE', `/api/v1/contacts/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      code: 'OPEN_CONVERSATIONS',
      conversations: [{ contactId: id, conversationId: 'conv-open' }],
    });
    const forced = await api.call('DELETE', `/api/v1/contacts/${id}?force=true`);
    expect(forced.status).toBe(200);
    expect(forced.json.alreadyDeleted).toBe(false);
  });

  it('adds, lists and removes identities; a taken one is a 409 naming its holder', async () => {
    const id = await newContact({ identities: { email: 'ids@example.com' } });
    const other = await newContact({ identities: { email: 'holder@example.com' } });
    const added = await api.call('POST', `/api/v1/contacts/${id}/identities`, {
      json: { type: 'phone', value: '+351 912 345 678' },
    });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ type: 'phone', value: '+351912345678', contactId: id });
    const listed = await api.call('GET', `/api/v1/contacts/${id}/identities`);
    expect(listed.json.data.map((i: { type: string }) => i.type).sort()).toEqual(['email', 'phone']);
    expect(listed.json.nextCursor).toBeNull();

    const taken = await api.call('POST', `/api/v1/contacts/${id}/identities`, {
      json: { type: 'email', value: 'holder@example.com' },
    });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: 'IDENTITY_CONFLICT', heldBy: other });

    const removed = await api.call(
      'DELETE',
      `/api/v1/contacts/${id}/identities/phone/${encodeURIComponent('+351912345678')}`,
    );
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    const gone = await api.call(
      'DELETE',
      `/api/v1/contacts/${id}/identities/phone/${encodeURIComponent('+351912345678')}`,
    );
    expect(gone.status).toBe(404);
    expect(gone.json.entity).toBe('identity');
  });

  it('pages a timeline by cursor, newest first', async () => {
    const id = await newContact({ identities: { email: 'tl@example.com' } });
    for (const tag of ['one', 'two', 'three']) {
      await api.call('PATCH', `/api/v1/contacts/${id}`, { json: { tags: { add: [tag] } } });
    }
    const all = await api.call('GET', `/api/v1/contacts/${id}/timeline?limit=200`);
    const page1 = await api.call('GET', `/api/v1/contacts/${id}/timeline?limit=2`);
    expect(page1.json.data).toHaveLength(2);
    expect(page1.json.nextCursor).toEqual(expect.any(String));
    const rest: unknown[] = [];
    let cursor: string | null = page1.json.nextCursor;
    while (cursor !== null) {
      const page = await api.call(
        'GET',
        `/api/v1/contacts/${id}/timeline?limit=2&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(page.status).toBe(200);
      rest.push(...page.json.data);
      cursor = page.json.nextCursor;
    }
    expect(all.json.data.length).toBeGreaterThanOrEqual(4);
    expect([...page1.json.data, ...rest]).toEqual(all.json.data);
    const bad = await api.call('GET', `/api/v1/contacts/${id}/timeline?limit=0`);
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ code: 'VALIDATION', field: 'query.limit' });
  });

  it("lists a contact's conversations and score ledger", async () => {
    const sent = await api.call('POST', '/api/v1/events', {
      json: message('cv-1', { email: 'cv@example.com' }, { conversation: { id: 'cv-conv' } }),
    });
    const id = sent.json.contactId as string;
    const conversations = await api.call('GET', `/api/v1/contacts/${id}/conversations`);
    expect(conversations.json.data).toEqual([expect.objectContaining({ id: 'cv-conv', contactId: id })]);
    await api.kit.classification.adjustScore('A', id, { points: 15, note: 'asked for a demo' });
    await api.kit.classification.adjustScore('A', id, { points: -5 });
    const ledger = await api.call('GET', `/api/v1/contacts/${id}/score-ledger?limit=1`);
    expect(ledger.json.data).toEqual([expect.objectContaining({ contactId: id, points: 15 })]);
    const next = await api.call(
      'GET',
      `/api/v1/contacts/${id}/score-ledger?cursor=${encodeURIComponent(ledger.json.nextCursor)}`,
    );
    expect(next.json.data).toEqual([expect.objectContaining({ points: -5 })]);
    expect((await api.call('GET', '/api/v1/contacts/nobody/score-ledger')).status).toBe(404);
    expect((await api.call('GET', '/api/v1/contacts/nobody/conversations')).status).toBe(404);
  });
});

describe('events', () => {
  it('resolves one event to its outcome; the same event id again changes nothing', async () => {
    const event = message('ev-1', { email: 'ev@example.com', cookie: 'ck-ev' });
    const first = await api.call('POST', '/api/v1/events', { json: event });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ kind: 'created', created: true, duplicate: false });
    const again = await api.call('POST', '/api/v1/events', { json: event });
    expect(again.json).toMatchObject({ contactId: first.json.contactId, duplicate: true });
    const sameWorkspace = await api.call('POST', '/api/v1/events', {
      json: { ...message('ev-2', { email: 'ev@example.com' }), workspaceId: 'A' },
    });
    expect(sameWorkspace.json).toMatchObject({ kind: 'matched', contactId: first.json.contactId });
  });

  it('answers a batch with one result per event, in order; a bad event never stops the others', async () => {
    const batch = await api.call('POST', '/api/v1/events', {
      json: {
        events: [
          message('b-1', { email: 'batch@example.com' }),
          { eventId: 'b-2', channel: 'web', identities: {} },
          message('b-3', { email: 'batch@example.com' }),
          { ...message('b-4', { email: 'elsewhere@example.com' }), workspaceId: 'B' },
          'not an event',
        ],
      },
    });
    expect(batch.status).toBe(200);
    const [one, two, three, four, five] = batch.json.data;
    expect(one).toMatchObject({ index: 0, eventId: 'b-1', ok: true, outcome: { kind: 'created' } });
    expect(two).toMatchObject({
      index: 1,
      eventId: 'b-2',
      ok: false,
      problem: { code: 'VALIDATION', status: 422 },
    });
    expect(two.problem.issues.map((i: { field: string }) => i.field)).toContain('event.occurredAt');
    expect(three).toMatchObject({
      index: 2,
      ok: true,
      outcome: { kind: 'matched', contactId: one.outcome.contactId },
    });
    expect(four).toMatchObject({
      index: 3,
      ok: false,
      problem: { code: 'VALIDATION', field: 'events.3.workspaceId' },
    });
    expect(five).toMatchObject({ index: 4, eventId: null, ok: false });
    // Nothing of the event that named another workspace was written there.
    expect(await api.kit.contacts.findByIdentity('B', 'email', 'elsewhere@example.com')).toBeNull();
  });

  it('refuses a single event that names another workspace, and a batch that is empty or too large', async () => {
    const other = await api.call('POST', '/api/v1/events', {
      json: { ...message('x-1', { email: 'x@example.com' }), workspaceId: 'B' },
    });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ code: 'VALIDATION', field: 'workspaceId' });
    expect((await api.call('POST', '/api/v1/events', { json: { events: [] } })).json.field).toBe('events');
    const tooMany = Array.from({ length: 1001 }, (_, i) => message(`many-${i}`, { cookie: `c${i}` }));
    const refused = await api.call('POST', '/api/v1/events', { json: { events: tooMany } });
    expect(refused.status).toBe(422);
    expect(refused.json.issues[0].reason).toMatch(/1 to 1000/);
    const single = await api.call('POST', '/api/v1/events', {
      json: { eventId: 'no-time', channel: 'web', identities: {} },
    });
    expect(single.status).toBe(422);
    expect(
      await api.call('POST', '/api/v1/events', { json: [message('arr', { cookie: 'a' })] }),
    ).toMatchObject({
      status: 422,
    });
  });
});

describe('merges', () => {
  it('merges two contacts, lists the merge on both, undoes it, and refuses a second undo (409)', async () => {
    const primary = await newContact({ profile: { name: 'Bo' }, identities: { email: 'bo@example.com' } });
    const other = await newContact({ profile: { company: 'Bo Inc' }, identities: { phone: '+14155550100' } });
    const merged = await api.call('POST', '/api/v1/merges', {
      json: { primaryId: primary, otherIds: [other], actor: 'u7' },
    });
    expect(merged.status).toBe(200);
    expect(merged.json.contact).toMatchObject({ id: primary, profile: { company: 'Bo Inc' } });
    const mergeId = merged.json.record.id as string;
    expect(merged.json.record).toMatchObject({
      primaryId: primary,
      absorbedIds: [other],
      reason: 'manual',
      actor: 'u7',
    });
    expect((await api.call('GET', `/api/v1/contacts/${other}`)).status).toBe(404);
    const history = await api.call('GET', `/api/v1/contacts/${primary}/merges`);
    expect(history.json.data.map((r: { id: string }) => r.id)).toEqual([mergeId]);

    const undone = await api.call('POST', `/api/v1/merges/${mergeId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.json).toMatchObject({ mergeId, primary: { id: primary }, restored: [{ id: other }] });
    expect((await api.call('GET', `/api/v1/contacts/${other}`)).status).toBe(200);
    const twice = await api.call('POST', `/api/v1/merges/${mergeId}/undo`, { json: { actor: 'u7' } });
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({ code: 'MERGE_NOT_UNDOABLE', reason: 'already-undone', mergeId });
  });

  it('refuses a merge of unknown contacts (404) and of a contact into itself (422)', async () => {
    const id = await newContact({ identities: { email: 'self@example.com' } });
    expect(
      (await api.call('POST', '/api/v1/merges', { json: { primaryId: id, otherIds: ['ghost'] } })).status,
    ).toBe(404);
    const self = await api.call('POST', '/api/v1/merges', { json: { primaryId: id, otherIds: [id] } });
    expect(self.status).toBe(422);
    expect(self.json.field).toBe('merge.otherIds');
    expect((await api.call('POST', '/api/v1/merges/nope/undo')).status).toBe(404);
  });
});

describe('duplicate suggestions', () => {
  it('lists open suggestions, accepts one (a merge) and rejects another', async () => {
    const a = await newContact({ profile: { name: 'Cy Twin' }, identities: { email: 'cy1@example.com' } });
    const b = await newContact({ profile: { name: 'Cy Twin' }, identities: { email: 'cy2@example.com' } });
    const c = await newContact({ profile: { name: 'Cy Twin' }, identities: { email: 'cy3@example.com' } });
    const suggestion = (x: string, y: string, weight: number) => ({
      workspaceId: 'A',
      id: pairKey(x, y),
      contactIds: (x < y ? [x, y] : [y, x]) as [string, string],
      weight,
      probability: 0.95,
      explanation: { name: { level: 'exact', weight: 8 } },
      status: 'open' as const,
      createdAt: new Date(T0),
    });
    await api.kit.context.store.transaction('A', (tx) =>
      tx.suggestions.upsertMany([suggestion(a, b, 10), suggestion(a, c, 9)]),
    );
    const open = await api.call('GET', '/api/v1/duplicate-suggestions?limit=1');
    expect(open.json.data).toEqual([expect.objectContaining({ id: pairKey(a, b), status: 'open' })]);
    expect(open.json.nextCursor).toEqual(expect.any(String));

    const accepted = await api.call(
      'POST',
      `/api/v1/duplicate-suggestions/${encodeURIComponent(pairKey(a, b))}/accept`,
      {
        json: { primaryId: a, actor: 'u7' },
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.json.record).toMatchObject({ primaryId: a, absorbedIds: [b], reason: 'suggestion' });

    const rejected = await api.call(
      'POST',
      `/api/v1/duplicate-suggestions/${encodeURIComponent(pairKey(a, c))}/reject`,
      {
        json: { actor: 'u7' },
      },
    );
    expect(rejected.json).toMatchObject({ id: pairKey(a, c), status: 'rejected', decidedBy: 'u7' });
    const decided = await api.call('GET', '/api/v1/duplicate-suggestions?status=rejected');
    expect(decided.json.data.map((s: { id: string }) => s.id)).toContain(pairKey(a, c));
    const twice = await api.call(
      'POST',
      `/api/v1/duplicate-suggestions/${encodeURIComponent(pairKey(a, c))}/reject`,
    );
    expect(twice.status).toBe(422);
    expect(twice.json.field).toBe('suggestion.status');
    expect((await api.call('POST', '/api/v1/duplicate-suggestions/x%7Cy/accept')).status).toBe(404);
  });
});

describe('imports and exports', () => {
  it('imports a CSV body and returns the report; the same file again changes nothing', async () => {
    const csv = readFileSync(join(FIXTURES, 'mailchimp-subscribed.csv'));
    const first = await api.call('POST', '/api/v1/imports', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.json.mapping.preset).toBe('mailchimp');
    expect(first.json.created).toBeGreaterThan(0);
    expect(first.json.created + first.json.updated + first.json.unchanged + first.json.rejected).toBe(
      first.json.rows,
    );
    const again = await api.call('POST', '/api/v1/imports', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(again.json).toMatchObject({ importId: first.json.importId, created: 0, updated: 0 });
    expect(again.json.unchanged + again.json.rejected).toBe(first.json.rows);
  });

  it('streams a chunked upload, honours query options, and reports rejected rows with row and column', async () => {
    const lines = [
      'Email,Name,Plan',
      'dry1@example.com,Dee One,pro',
      'not-an-email,Nobody,free',
      'dry2@example.com,Dee Two,pro',
    ];
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const line of lines) controller.enqueue(encoder.encode(`${line}\n`));
        controller.close();
      },
    });
    const report = await api.call(
      'POST',
      '/api/v1/imports?dryRun=true&map=Plan%3Dcustom.plan&duplicates=report',
      {
        body: stream,
        headers: { 'content-type': 'text/csv' },
      },
    );
    expect(report.status, report.text).toBe(200);
    expect(report.json).toMatchObject({ dryRun: true, rows: 3, created: 2, rejected: 1 });
    expect(report.json.errors).toEqual([expect.objectContaining({ row: 2, column: 'Email' })]);
    expect(report.json.mapping.columns[2]).toMatchObject({ header: 'Plan', via: 'override' });
    expect(await api.kit.contacts.findByIdentity('A', 'email', 'dry1@example.com')).toBeNull();
  });

  it('refuses a file it cannot read (422) and a bad option (422), writing nothing', async () => {
    const binary = await api.call('POST', '/api/v1/imports', {
      body: new Uint8Array([0, 1, 2, 0, 255, 0, 7, 0]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(binary.status).toBe(422);
    expect(binary.json.code).toBe('VALIDATION');
    const option = await api.call('POST', '/api/v1/imports?duplicates=maybe', { body: 'Email\na@b.co\n' });
    expect(option.status).toBe(422);
    expect(option.json.field).toBe('query.duplicates');
  });

  it('exports CSV, JSON, NDJSON and XLSX, streamed, with the media type of each', async () => {
    await newContact({ profile: { name: '=HYPERLINK("x")' }, identities: { email: 'export@example.com' } });
    const csv = await api.call('POST', '/api/v1/exports', {
      json: { format: 'csv', columns: ['identity.email', 'profile.name'] },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="contacts.csv"');
    expect(csv.text).toContain('export@example.com');
    expect(csv.text).toContain(`'=HYPERLINK`);
    const json = await api.call('POST', '/api/v1/exports', { json: { format: 'json' } });
    expect(Array.isArray(json.json)).toBe(true);
    const ndjson = await api.call('POST', '/api/v1/exports', {
      json: { format: 'ndjson', segment: 'leads' },
    });
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = ndjson.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    const xlsx = await api.call('POST', '/api/v1/exports', { json: { format: 'xlsx' } });
    expect([...xlsx.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip: "PK"
    const unknown = await api.call('POST', '/api/v1/exports', { json: { columns: ['nope.field'] } });
    expect(unknown.status).toBe(422);
  });
});

describe('privacy', () => {
  it('exports a subject, records and reads consent, and erases the person', async () => {
    const id = await newContact({ profile: { name: 'Eve' }, identities: { email: 'eve@example.com' } });
    const consent = await api.call('POST', `/api/v1/contacts/${id}/consent`, {
      json: { purpose: 'email_marketing', status: 'granted', source: 'chat_widget', method: 'checkbox' },
    });
    expect(consent.status).toBe(201);
    expect(consent.headers.get('location')).toBe(`/api/v1/contacts/${id}/consent`);
    const inForce = await api.call('GET', `/api/v1/contacts/${id}/consent`);
    expect(inForce.json.email_marketing).toMatchObject({ status: 'granted', source: 'chat_widget' });

    const subject = await api.call('GET', `/api/v1/contacts/${id}/subject-export`);
    expect(subject.json).toMatchObject({
      format: 'contactkit.subject-export',
      workspaceId: 'A',
      contact: { id },
    });
    expect(subject.json.consent.records).toHaveLength(1);

    const erased = await api.call('POST', `/api/v1/contacts/${id}/erasure`);
    expect(erased.status).toBe(200);
    expect(erased.json.contactIds).toEqual([id]);
    expect(erased.json.removed.contacts).toBe(1);
    for (const path of ['', '/consent', '/subject-export', '/timeline']) {
      expect((await api.call('GET', `/api/v1/contacts/${id}${path}`)).status, path).toBe(404);
    }
    expect((await api.call('POST', `/api/v1/contacts/${id}/erasure`)).status).toBe(404);
  });
});

describe('follow-ups and reminders', () => {
  it('runs an item through draft, approve and sent; another through assign, edit and dismiss', async () => {
    const customer = (conv: string, email: string) =>
      api.call('POST', '/api/v1/events', {
        json: message(
          `${conv}-c`,
          { email },
          {
            occurredAt: new Date(T0).toISOString(),
            conversation: { id: conv },
            message: { text: 'Is it in blue?' },
          },
        ),
      });
    const ai = (conv: string, email: string) =>
      api.call('POST', '/api/v1/events', {
        json: message(
          `${conv}-ai`,
          { email },
          {
            occurredAt: new Date(T0 + 60_000).toISOString(),
            conversation: { id: conv },
            message: {
              text: 'Shall I reserve it?',
              direction: 'outbound',
              role: 'ai',
              markers: { question: true },
            },
          },
        ),
      });
    for (const [conv, email] of [
      ['fu-1', 'fu1@example.com'],
      ['fu-2', 'fu2@example.com'],
    ] as const) {
      await customer(conv, email);
      await ai(conv, email);
    }
    api.at(DAY + HOUR);
    await api.kit.followUps.runFollowUps('A');
    const queue = await api.call('GET', '/api/v1/follow-ups?status=pending&reason=ghosting');
    expect(queue.status).toBe(200);
    const items = queue.json.data as Array<{ id: string; conversationId: string; version: number }>;
    const one = items.find((i) => i.conversationId === 'fu-1')!;
    const two = items.find((i) => i.conversationId === 'fu-2')!;
    expect(one).toBeDefined();
    expect((await api.call('GET', `/api/v1/follow-ups/${one.id}`)).json).toMatchObject({
      id: one.id,
      status: 'pending',
    });

    const drafted = await api.call('POST', `/api/v1/follow-ups/${one.id}/draft`, {
      json: { text: 'Still want it in blue?', by: { kind: 'ai' }, version: one.version },
    });
    expect(drafted.status).toBe(200);
    const stale = await api.call('POST', `/api/v1/follow-ups/${one.id}/approve`, {
      json: { version: one.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      code: 'STALE_VERSION',
      expectedVersion: one.version,
      actualVersion: drafted.json.version,
    });
    const approved = await api.call('POST', `/api/v1/follow-ups/${one.id}/approve`);
    expect(approved.json.status).toBe('approved');
    const sent = await api.call('POST', `/api/v1/follow-ups/${one.id}/sent`, { json: {} });
    expect(sent.json.status).toBe('sent');
    const illegal = await api.call('POST', `/api/v1/follow-ups/${one.id}/dismiss`);
    expect(illegal.status).toBe(409);
    expect(illegal.json).toMatchObject({ code: 'ILLEGAL_TRANSITION', from: 'sent' });

    expect(
      (await api.call('POST', `/api/v1/follow-ups/${two.id}/assign`, { json: { assignee: 'u8' } })).json
        .assignee,
    ).toBe('u8');
    expect(
      (await api.call('POST', `/api/v1/follow-ups/${two.id}/edit`, { json: { text: 'Hello again' } })).json
        .status,
    ).toBe('edited');
    const dismissed = await api.call('POST', `/api/v1/follow-ups/${two.id}/dismiss`, {
      json: { note: 'bought elsewhere' },
    });
    expect(dismissed.json.status).toBe('dismissed');
    expect((await api.call('POST', '/api/v1/follow-ups/nope/approve')).status).toBe(404);
    const bad = await api.call('POST', `/api/v1/follow-ups/${two.id}/draft`, { json: {} });
    expect(bad.status).toBe(422);
    expect(bad.json.field).toBe('text');
  });

  it('sets, lists and cancels reminders', async () => {
    const id = await newContact({ identities: { email: 'remind@example.com' } });
    const set = await api.call('POST', `/api/v1/contacts/${id}/reminders`, {
      json: { dueAt: new Date(T0 + 7 * DAY).toISOString(), note: 'call back' },
    });
    expect(set.status).toBe(201);
    const listed = await api.call('GET', `/api/v1/reminders?contactId=${id}`);
    expect(listed.json.data).toEqual([expect.objectContaining({ id: set.json.id, note: 'call back' })]);
    expect((await api.call('DELETE', `/api/v1/reminders/${set.json.id}`)).status).toBe(204);
    expect((await api.call('DELETE', `/api/v1/reminders/${set.json.id}`)).status).toBe(404);
    expect(
      (await api.call('POST', '/api/v1/contacts/nobody/reminders', { json: { dueAt: T0 } })).status,
    ).toBe(404);
  });
});

describe('review', () => {
  it('takes over, assigns and resolves one item; dismisses another', async () => {
    for (const conv of ['rv-1', 'rv-2']) {
      await api.call('POST', '/api/v1/events', {
        json: message(
          `${conv}-e`,
          { email: `${conv}@example.com` },
          {
            occurredAt: new Date(T0 + 2 * DAY).toISOString(),
            conversation: { id: conv },
            message: { text: 'This is the third time I ask. Useless.', sentiment: -0.8 },
          },
        ),
      });
    }
    api.at(2 * DAY + 5 * 60_000);
    await api.kit.followUps.runFollowUps('A');
    const queue = await api.call('GET', '/api/v1/review-items?reason=frustration');
    const items = queue.json.data as Array<{ id: string; conversationId: string }>;
    const one = items.find((i) => i.conversationId === 'rv-1')!;
    const two = items.find((i) => i.conversationId === 'rv-2')!;
    expect((await api.call('GET', `/api/v1/review-items/${one.id}`)).json.status).toBe('open');
    const taken = await api.call('POST', `/api/v1/review-items/${one.id}/take-over`, {
      json: { by: { kind: 'user', id: 'u7' } },
    });
    expect(taken.json).toMatchObject({ status: 'taken_over', assignee: 'u7' });
    expect(
      (await api.call('POST', `/api/v1/review-items/${one.id}/assign`, { json: { assignee: 'u9' } })).json
        .assignee,
    ).toBe('u9');
    expect(
      (await api.call('POST', `/api/v1/review-items/${one.id}/resolve`, { json: { note: 'refunded' } })).json
        .status,
    ).toBe('resolved');
    expect((await api.call('POST', `/api/v1/review-items/${two.id}/dismiss`)).json.status).toBe('dismissed');
    expect((await api.call('POST', `/api/v1/review-items/${two.id}/take-over`)).status).toBe(409);
    expect((await api.call('GET', '/api/v1/review-items/nope')).status).toBe(404);
  });
});

describe('custom fields', () => {
  it('defines, lists, changes and retires a field; a key is never defined twice', async () => {
    const defined = await api.call('POST', '/api/v1/custom-fields', {
      json: { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] },
    });
    expect(defined.status).toBe(201);
    expect(defined.headers.get('location')).toBe('/api/v1/custom-fields/tier');
    expect(
      (await api.call('POST', '/api/v1/custom-fields', { json: { key: 'tier', label: 'T', type: 'text' } }))
        .json,
    ).toMatchObject({
      status: 422,
      field: 'field.key',
    });
    const changed = await api.call('PATCH', '/api/v1/custom-fields/tier', {
      json: { options: ['gold', 'silver', 'bronze'] },
    });
    expect(changed.json.options).toEqual(['gold', 'silver', 'bronze']);
    expect(
      (await api.call('GET', '/api/v1/custom-fields')).json.data.map((f: { key: string }) => f.key),
    ).toContain('tier');
    const retired = await api.call('DELETE', '/api/v1/custom-fields/tier');
    expect(retired.json.retiredAt).toEqual(expect.any(String));
    expect((await api.call('GET', '/api/v1/custom-fields')).json.data).toEqual([]);
    expect((await api.call('GET', '/api/v1/custom-fields?includeRetired=true')).json.data).toHaveLength(1);
    expect((await api.call('PATCH', '/api/v1/custom-fields/nope', { json: { label: 'x' } })).status).toBe(
      404,
    );
  });
});

describe('webhooks and changes', () => {
  it('adds an endpoint (secret shown once), changes, rotates, toggles, lists and deletes it', async () => {
    const made = await api.call('POST', '/api/v1/webhooks/endpoints', {
      json: { url: 'https://hooks.example.com/in', eventTypes: ['contact.created'] },
    });
    expect(made.status, made.text).toBe(201);
    const id = made.json.endpoint.id as string;
    expect(made.json.secret).toMatch(/^whsec_/);
    expect(made.headers.get('location')).toBe(`/api/v1/webhooks/endpoints/${id}`);
    const read = await api.call('GET', `/api/v1/webhooks/endpoints/${id}`);
    expect(read.json).toMatchObject({ id, url: 'https://hooks.example.com/in', status: 'enabled' });
    expect(JSON.stringify(read.json)).not.toContain(made.json.secret);
    const changed = await api.call('PATCH', `/api/v1/webhooks/endpoints/${id}`, {
      json: { description: 'CRM sync', version: read.json.version },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.version).toBe(read.json.version + 1);
    const stale = await api.call('PATCH', `/api/v1/webhooks/endpoints/${id}`, {
      json: { description: 'late', version: read.json.version },
    });
    expect(stale.json).toMatchObject({ status: 409, code: 'STALE_VERSION' });
    const rotated = await api.call('POST', `/api/v1/webhooks/endpoints/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).not.toBe(made.json.secret);
    expect((await api.call('POST', `/api/v1/webhooks/endpoints/${id}/disable`)).json.status).toBe('disabled');
    expect((await api.call('POST', `/api/v1/webhooks/endpoints/${id}/enable`)).json.status).toBe('enabled');
    const listed = await api.call('GET', '/api/v1/webhooks/endpoints?status=enabled');
    expect(listed.json.data.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await api.call('GET', `/api/v1/webhooks/endpoints/${id}`, { key: 'B' })).status).toBe(404);
    expect((await api.call('DELETE', `/api/v1/webhooks/endpoints/${id}`)).json).toEqual({ deliveries: 0 });
    expect((await api.call('GET', `/api/v1/webhooks/endpoints/${id}`)).status).toBe(404);
  });

  it('refuses an endpoint on a private address', async () => {
    const refused = await api.call('POST', '/api/v1/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:9/hook' },
    });
    expect(refused.status).toBe(422);
  });

  it('shows the delivery log, replays one delivery and the failed ones', async () => {
    const made = await api.call('POST', '/api/v1/webhooks/endpoints', {
      json: { url: 'https://hooks.example.com/log' },
    });
    const id = made.json.endpoint.id as string;
    expect(
      (await api.call('POST', '/api/v1/events', { json: message('wh-1', { email: 'wh@example.com' }) }))
        .status,
    ).toBe(200);
    const relay = createRelay(api.kit, { transport: async () => ({ status: 200 }), random: () => 0.5 });
    await relay.runOnce();
    const log = await api.call('GET', `/api/v1/webhooks/endpoints/${id}/deliveries?status=delivered`);
    expect(log.status, log.text).toBe(200);
    expect(log.json.data.length).toBeGreaterThan(0);
    const deliveryId = log.json.data[0].id as string;
    const one = await api.call('GET', `/api/v1/webhooks/deliveries/${encodeURIComponent(deliveryId)}`);
    expect(one.json).toMatchObject({ id: deliveryId, status: 'delivered' });
    const replayed = await api.call(
      'POST',
      `/api/v1/webhooks/deliveries/${encodeURIComponent(deliveryId)}/replay`,
    );
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.json.status).toBe('pending');
    const failed = await api.call('POST', `/api/v1/webhooks/endpoints/${id}/replay-failed`);
    expect(failed.json).toEqual({ replayed: 0 });
    await api.call('DELETE', `/api/v1/webhooks/endpoints/${id}`);
  });

  it('feeds changes from a cursor, and gives the cursor of the end', async () => {
    const latest = await api.call('GET', '/api/v1/changes/latest');
    expect(latest.status).toBe(200);
    const cursor = latest.json.cursor as string;
    await api.call('POST', '/api/v1/events', { json: message('ch-1', { email: 'feed@example.com' }) });
    const page = await api.call('GET', `/api/v1/changes?cursor=${encodeURIComponent(cursor)}&limit=50`);
    expect(page.status, page.text).toBe(200);
    expect(JSON.stringify(page.json)).toContain('feed@example.com');
    expect((await api.call('GET', '/api/v1/changes?cursor=nonsense')).status).toBe(422);
    const other = await api.call('GET', `/api/v1/changes?cursor=${encodeURIComponent(cursor)}`, { key: 'B' });
    expect(JSON.stringify(other.json)).not.toContain('feed@example.com');
  });
});

describe('lists, segments and analytics', () => {
  it('lists contacts by segment, filter and search, sorted and paged with a total, and counts them', async () => {
    for (const [i, who] of ['lina', 'marco', 'nadia'].entries()) {
      await api.call('POST', '/api/v1/events', {
        json: message(
          `list-${i}`,
          { email: `${who}@lists.example.com` },
          { profile: { name: `${who} Lists` } },
        ),
      });
    }
    const page = await api.call('GET', '/api/v1/contacts?q=lists.example.com&sort=name&limit=2&total=exact');
    expect(page.status, page.text).toBe(200);
    expect(page.json.data.map((c: { profile: { name: string } }) => c.profile.name)).toEqual([
      'lina Lists',
      'marco Lists',
    ]);
    expect(page.json.total).toEqual({ count: 3, exact: true });
    const next = await api.call(
      'GET',
      `/api/v1/contacts?q=lists.example.com&sort=name&limit=2&cursor=${encodeURIComponent(page.json.nextCursor)}`,
    );
    expect(next.json.data.map((c: { profile: { name: string } }) => c.profile.name)).toEqual(['nadia Lists']);
    expect(next.json.nextCursor).toBeNull();
    const filter = encodeURIComponent(JSON.stringify({ type: 'kind', is: 'lead' }));
    const leads = await api.call(
      'GET',
      `/api/v1/contacts?segment=leads&filter=${filter}&q=nadia&fields=profile`,
    );
    expect(leads.json.data).toHaveLength(1);
    expect(Object.keys(leads.json.data[0]).sort()).toEqual(['id', 'profile']);
    expect((await api.call('GET', '/api/v1/contacts?filter=%7Bnope')).status).toBe(422);
    expect((await api.call('GET', '/api/v1/contacts?sort=-shoeSize')).status).toBe(422);
    const other = await api.call('GET', '/api/v1/contacts?q=lists.example.com', { key: 'B' });
    expect(other.json.data).toEqual([]);
    const counted = await api.call('GET', '/api/v1/segments/leads/count?q=lists.example.com');
    expect(counted.json).toEqual({ count: 3 });
  });

  it('saves a segment, changes it, adds and removes members by hand, and deletes it', async () => {
    const made = await api.call('POST', '/api/v1/segments', {
      json: { name: 'Lists people', filter: { type: 'text', query: 'lists.example.com' } },
    });
    expect(made.status, made.text).toBe(201);
    const id = made.json.id as string;
    expect(made.headers.get('location')).toBe(`/api/v1/segments/${id}`);
    const all = await api.call('GET', '/api/v1/segments');
    expect(all.json.data.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['all', 'leads', 'customers', 'visitors', 'ordered', id]),
    );
    expect((await api.call('GET', `/api/v1/segments/${id}`)).json.name).toBe('Lists people');
    const renamed = await api.call('PATCH', `/api/v1/segments/${id}`, {
      json: { name: 'Lists folk', filter: null, version: made.json.version },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json.name).toBe('Lists folk');
    const contacts = await api.call('GET', '/api/v1/contacts?q=lists.example.com&fields=kind');
    const ids = contacts.json.data.map((c: { id: string }) => c.id) as string[];
    const added = await api.call('POST', `/api/v1/segments/${id}/members`, { json: { contactIds: ids } });
    expect(added.json.members).toHaveLength(3);
    expect((await api.call('GET', `/api/v1/segments/${id}/count`)).json).toEqual({ count: 3 });
    const removed = await api.call('POST', `/api/v1/segments/${id}/members/remove`, {
      json: { contactIds: [ids[0]] },
    });
    expect(removed.json.members).toHaveLength(2);
    expect((await api.call('GET', `/api/v1/contacts?segment=${id}`)).json.data).toHaveLength(2);
    expect((await api.call('GET', `/api/v1/segments/${id}`, { key: 'B' })).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/segments/leads')).status).toBe(422);
    expect((await api.call('DELETE', `/api/v1/segments/${id}`)).status).toBe(204);
    expect((await api.call('GET', `/api/v1/segments/${id}`)).status).toBe(404);
  });

  it('answers the figures of a workspace and of a segment', async () => {
    const figures = await api.call('GET', '/api/v1/analytics');
    expect(figures.status, figures.text).toBe(200);
    expect(figures.json.contacts).toBeGreaterThanOrEqual(3);
    const segment = await api.call('GET', '/api/v1/analytics?segment=leads&q=lists.example.com');
    expect(segment.json.contacts).toBe(3);
    expect(segment.json.by.channel).toEqual({ web: 3 });
    // A conversation the host reports both sides of: the customer's scored message, then its reply.
    const lina = { email: 'lina@lists.example.com' };
    const conversation = { id: 'lists-conv' };
    for (const [id, at, msg] of [
      ['lists-in', T0 + HOUR, { text: 'Is it in stock?', sentiment: 0.5 }],
      ['lists-out', T0 + HOUR + 90_000, { text: 'Yes!', direction: 'outbound', role: 'agent' }],
    ] as const) {
      const posted = await api.call('POST', '/api/v1/events', {
        json: message(id, lina, { conversation, message: msg, occurredAt: new Date(at).toISOString() }),
      });
      expect(posted.status, posted.text).toBeLessThan(300);
    }
    const timed = await api.call('GET', '/api/v1/analytics?segment=leads&q=lists.example.com');
    expect(timed.status, timed.text).toBe(200);
    expect(timed.json.firstResponse).toEqual({ averageMs: 90_000, conversations: 1 });
    expect(timed.json.sentimentByDay).toEqual([{ date: '2026-06-01', average: 0.5, messages: 1 }]);
  });
});

describe('reference', () => {
  it('serves the OpenAPI document and the reference page without credentials', async () => {
    const document = await api.call('GET', '/api/v1/openapi.json', { key: null });
    expect(document.status).toBe(200);
    expect(document.json.openapi).toBe('3.1.0');
    const page = await api.call('GET', '/api/v1/docs', { key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await api.call('GET', '/api/v1/docs/swagger-ui-bundle.js', { key: null });
    expect(script.status).toBe(200);
    expect(script.bytes.byteLength).toBeGreaterThan(100_000);
    expect((await api.call('GET', '/api/v1/docs/init.js', { key: null })).text).toContain('SwaggerUIBundle');
    expect((await api.call('GET', '/api/v1/docs/package.json', { key: null })).status).toBe(404);
  });
});

describe('coverage', () => {
  it('called every route of the API, and no response broke its documented schema', () => {
    const all = api.handler.routes.map((r) => r.operationId);
    expect(all.filter((id) => !api.called.has(id))).toEqual([]);
    expect(api.serverErrors).toEqual([]);
  });
});
