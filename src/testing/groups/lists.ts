import assert from 'node:assert/strict';
import { ValidationError } from '../../errors/errors.js';
import type { Contact } from '../../model/contact.js';
import {
  type ContactQuery,
  type ContactSort,
  ESTIMATE_CAP,
  type ListPosition,
} from '../../ports/contact-query.js';
import type { ContactStore } from '../../ports/store.js';
import {
  MAX_SEGMENT_DEPTH,
  MAX_SEGMENT_NODES,
  parseSegmentFilter,
  type SegmentFilterInput,
} from '../../segments/filter.js';
import { figuresOf, queryContacts } from '../../segments/list.js';
import { type ResolvedFilter, resolveSegment, startOfDay } from '../../segments/resolve.js';
import { createContactkit } from '../../service/contactkit.js';
import type { GroupContext } from '../context.js';
import { makeContact } from '../fixtures.js';
import {
  generateContacts,
  generateConversations,
  generateFilter,
  generateSort,
  LIST_NOW,
  LIST_TIME_ZONE,
  seededRng,
} from '../list-cases.js';

/** A filter as the service would pass it to the store. */
export function resolvedFilter(input: SegmentFilterInput): ResolvedFilter {
  return resolveSegment(parseSegmentFilter(input), { now: LIST_NOW, timeZone: LIST_TIME_ZONE });
}

/** Every page of a list, walked with the positions the store returns. */
async function walk(
  page: (after: ListPosition | undefined) => Promise<{ items: Array<{ id: string }>; next?: ListPosition }>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let after: ListPosition | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const p = await page(after);
    pages.push(p.items.map((c) => c.id));
    if (p.next === undefined) return pages;
    after = p.next;
  }
  throw new Error('lists: the pages never ended');
}

/**
 * Checks that a store lists exactly what the memory evaluator lists over the same contacts: the same
 * ids, page by page, and the same totals. Exported so an adapter's own property tests can call it.
 */
export async function expectSameListing(
  store: ContactStore,
  workspaceId: string,
  contacts: readonly Contact[],
  filter: ResolvedFilter,
  sort: ContactSort,
  limit: number,
  label: string,
): Promise<void> {
  const base: Omit<ContactQuery, 'after'> = { filter, sort, limit, total: 'exact' };
  const expected = await walk(async (after) =>
    queryContacts(contacts, { ...base, ...(after ? { after } : {}) }),
  );
  const actual = await walk((after) =>
    store.transaction(workspaceId, (tx) => tx.contacts.query({ ...base, ...(after ? { after } : {}) })),
  );
  assert.deepEqual(actual, expected, `${label}: pages differ`);
  const total = await store.transaction(workspaceId, (tx) => tx.contacts.query({ ...base, limit: 1 }));
  assert.deepEqual(
    total.total,
    queryContacts(contacts, { ...base, limit: 1 }).total,
    `${label}: totals differ`,
  );
}

/** Lists: segments compiled by the store give the memory evaluator's rows, pages, totals and figures. */
export function listsGroup({ it, store, newWorkspace }: GroupContext): void {
  it('every generated filter and sort lists the memory evaluator’s rows, page by page', async () => {
    for (const seed of [1, 2, 3]) {
      const ws = newWorkspace();
      const other = newWorkspace();
      const contacts = generateContacts(seed, ws, 70);
      // The same values in another workspace: none of them may show.
      await store().transaction(other, (tx) => tx.contacts.insertMany(generateContacts(seed, other, 70)));
      await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
      const rng = seededRng(seed * 7919);
      const ids = contacts.map((c) => c.id);
      for (let i = 0; i < 40; i++) {
        const input = generateFilter(rng, ids);
        const sort = generateSort(rng);
        const limit = 1 + Math.floor(rng() * 9);
        const label = `seed ${seed}, case ${i}: ${JSON.stringify(input)} by ${sort.field} ${sort.direction}, ${limit} a page`;
        await expectSameListing(store(), ws, contacts, resolvedFilter(input), sort, limit, label);
      }
    }
  });

  it('returns only the fields asked for, and the id', async () => {
    const ws = newWorkspace();
    const contacts = generateContacts(11, ws, 5);
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const page = await store().transaction(ws, (tx) =>
      tx.contacts.query({
        filter: { type: 'all' },
        sort: { field: 'createdAt', direction: 'asc' },
        limit: 10,
        fields: ['profile', 'tags'],
      }),
    );
    const live = contacts.filter((c) => c.deletedAt === undefined);
    assert.equal(page.items.length, live.length);
    for (const item of page.items) {
      assert.deepEqual(Object.keys(item).sort(), ['id', 'profile', 'tags']);
      const original = contacts.find((c) => c.id === item.id)!;
      assert.deepEqual(item.profile, original.profile);
    }
  });

  it('counts exactly, or estimates up to the cap, as asked', async () => {
    const ws = newWorkspace();
    const contacts = generateContacts(12, ws, 30);
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const live = contacts.filter((c) => c.deletedAt === undefined).length;
    for (const total of ['exact', 'estimate'] as const) {
      const page = await store().transaction(ws, (tx) =>
        tx.contacts.query({
          filter: { type: 'all' },
          sort: { field: 'name', direction: 'asc' },
          limit: 2,
          total,
        }),
      );
      assert.deepEqual(page.total, { count: live, exact: true });
    }
    const none = await store().transaction(ws, (tx) =>
      tx.contacts.query({ filter: { type: 'all' }, sort: { field: 'name', direction: 'asc' }, limit: 2 }),
    );
    assert.equal(none.total, undefined);
  });

  it('stops an estimate at the cap: exact up to it, "at least the cap" past it', async () => {
    const ws = newWorkspace();
    const contacts = Array.from({ length: ESTIMATE_CAP + 2 }, (_, i) =>
      makeContact(ws, `cap_${String(i).padStart(5, '0')}`, { tags: i % 2 === 0 ? ['even'] : [] }),
    );
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const totalOf = (filter: ResolvedFilter, total: 'exact' | 'estimate') =>
      store().transaction(ws, async (tx) => {
        const page = await tx.contacts.query({
          filter,
          sort: { field: 'name', direction: 'asc' },
          limit: 5,
          total,
        });
        return page.total;
      });
    const all: ResolvedFilter = { type: 'all' };
    assert.deepEqual(await totalOf(all, 'estimate'), { count: ESTIMATE_CAP, exact: false });
    assert.deepEqual(await totalOf(all, 'exact'), { count: ESTIMATE_CAP + 2, exact: true });
    // Half of them (and one): under the cap, so exact in either mode.
    const tagged = resolvedFilter({ type: 'tags', has: 'any', values: ['even'] });
    assert.deepEqual(await totalOf(tagged, 'estimate'), { count: ESTIMATE_CAP / 2 + 1, exact: true });
  });

  it('counts the matches of a search, alone or with other predicates, as the evaluator does', async () => {
    const ws = newWorkspace();
    const people = ['Ana Lima', 'Ana Limão', 'José Lima', 'Zoë Lima', 'Ana Souza'];
    const contacts = people.map((name, i) =>
      makeContact(ws, `s${i}`, { profile: { name }, tags: i % 2 === 0 ? ['vip'] : [] }),
    );
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const filters: SegmentFilterInput[] = [
      { type: 'text', query: 'lima' },
      {
        type: 'and',
        filters: [
          { type: 'text', query: 'ana' },
          { type: 'tags', has: 'any', values: ['vip'] },
        ],
      },
      {
        type: 'or',
        filters: [
          { type: 'text', query: 'souza' },
          { type: 'tags', has: 'any', values: ['vip'] },
        ],
      },
      { type: 'text', query: 'nobody' },
    ];
    for (const input of filters) {
      for (const total of ['exact', 'estimate'] as const) {
        const query: ContactQuery = {
          filter: resolvedFilter(input),
          sort: { field: 'name', direction: 'asc' },
          limit: 2,
          total,
        };
        const page = await store().transaction(ws, (tx) => tx.contacts.query(query));
        assert.deepEqual(
          page.total,
          queryContacts(contacts, query).total,
          `${JSON.stringify(input)} ${total}`,
        );
        assert.deepEqual(
          page.items.map((c) => c.id),
          queryContacts(contacts, query).items.map((c) => c.id),
        );
      }
    }
  });

  it('keeps its place when contacts are added between pages', async () => {
    const ws = newWorkspace();
    const contacts = Array.from({ length: 10 }, (_, i) =>
      makeContact(ws, `m${i}`, { createdAt: new Date(LIST_NOW.getTime() - (10 - i) * 60_000) }),
    );
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const q = {
      filter: { type: 'all' } as const,
      sort: { field: 'createdAt', direction: 'desc' } as const,
      limit: 4,
    };
    const first = await store().transaction(ws, (tx) => tx.contacts.query(q));
    assert.deepEqual(
      first.items.map((c) => c.id),
      ['m9', 'm8', 'm7', 'm6'],
    );
    // Newer ones (before the cursor in this order) and one tied with the last row seen, ordered after it.
    await store().transaction(ws, (tx) =>
      tx.contacts.insertMany([
        makeContact(ws, 'n1', { createdAt: LIST_NOW }),
        makeContact(ws, 'm60', { createdAt: contacts[6]!.createdAt }),
        makeContact(ws, 'm5a', { createdAt: contacts[5]!.createdAt }),
      ]),
    );
    const second = await store().transaction(ws, (tx) => tx.contacts.query({ ...q, after: first.next! }));
    assert.deepEqual(
      second.items.map((c) => c.id),
      ['m5a', 'm5', 'm4', 'm3'],
    );
  });

  it('gives the memory evaluator’s figures for a workspace and for segments', async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    const contacts = generateContacts(21, ws, 80);
    const conversations = generateConversations(22, ws, contacts, 240);
    // The same contacts and conversations (ids, owners, days) in another workspace: none may count.
    const theirs = generateContacts(21, other, 80);
    await store().transaction(other, async (tx) => {
      await tx.contacts.insertMany(theirs);
      await tx.conversations.insert(generateConversations(22, other, theirs, 240));
    });
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany(contacts);
      await tx.conversations.insert(conversations);
    });
    // The bounds of `n` days from 2026-06-01 in the list time zone.
    const days = (n: number) =>
      Array.from({ length: n + 1 }, (_, i) => {
        const d = new Date(Date.UTC(2026, 5, 1 + i));
        const day = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
        return startOfDay(day, LIST_TIME_ZONE);
      });
    const rng = seededRng(99);
    const ids = contacts.map((c) => c.id);
    const cases: Array<[SegmentFilterInput, readonly number[]]> = [
      [{ type: 'all' }, days(14)],
      // One day, none, and a year (the longest range analytics asks for).
      [{ type: 'all' }, days(1)],
      [{ type: 'all' }, []],
      [{ type: 'kind', is: 'lead' }, days(366)],
      ...Array.from({ length: 12 }, (): [SegmentFilterInput, readonly number[]] => [
        generateFilter(rng, ids),
        days(14),
      ]),
    ];
    for (const [input, dayBounds] of cases) {
      const q = { filter: resolvedFilter(input), dayBounds };
      const actual = await store().transaction(ws, (tx) => tx.contacts.figures(q));
      const label = `${JSON.stringify(input)} over ${Math.max(0, dayBounds.length - 1)} days`;
      assert.deepEqual(actual, figuresOf(contacts, q, conversations), label);
    }
    // The generated data exercises what it is meant to: replies timed and messages scored, in range.
    const all = figuresOf(contacts, { filter: { type: 'all' }, dayBounds: days(14) }, conversations);
    assert.ok(all.firstResponseCount > 10, 'few first responses generated');
    assert.ok(all.sentimentPerDay.filter((d) => d.count > 0).length > 7, 'few days with sentiment');
  });

  it('counts only the workspace’s own conversations, by the day they started in its time zone', async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    const contact = makeContact(ws, 'p1', { createdAt: LIST_NOW });
    const twin = makeContact(other, 'p1', { createdAt: LIST_NOW });
    // 2026-06-02T00:00 in São Paulo is 03:00 UTC: the first conversation is still on 1 June there.
    const row = (workspaceId: string, id: string, startedAt: string, figures: object) => ({
      workspaceId,
      id,
      contactId: 'p1',
      channel: 'web',
      status: 'open' as const,
      startedAt: new Date(startedAt),
      messageCount: 3,
      escalated: false,
      ...figures,
    });
    const mine = [
      row(ws, 'v1', '2026-06-02T02:59:59.999Z', {
        firstResponseMs: 1000,
        sentimentSum: 0.5,
        sentimentCount: 2,
      }),
      row(ws, 'v2', '2026-06-02T03:00:00.000Z', {
        firstResponseMs: 3000,
        sentimentSum: -1,
        sentimentCount: 1,
      }),
      // Stored before the figures were kept: counts for nothing.
      row(ws, 'v3', '2026-06-02T04:00:00.000Z', {}),
    ];
    await store().transaction(other, async (tx) => {
      await tx.contacts.insertMany([twin]);
      await tx.conversations.insert([
        row(other, 'v1', '2026-06-01T12:00:00Z', {
          firstResponseMs: 9e6,
          sentimentSum: 1,
          sentimentCount: 1,
        }),
        row(other, 'v9', '2026-06-02T12:00:00Z', {
          firstResponseMs: 9e6,
          sentimentSum: 1,
          sentimentCount: 1,
        }),
      ]);
    });
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([contact]);
      await tx.conversations.insert(mine);
    });
    const dayBounds = [1, 2, 3].map((day) => startOfDay({ year: 2026, month: 6, day }, LIST_TIME_ZONE));
    const q = { filter: { type: 'all' } as const, dayBounds };
    const figures = await store().transaction(ws, (tx) => tx.contacts.figures(q));
    assert.equal(figures.firstResponseCount, 2);
    assert.equal(figures.firstResponseTotalMs, 4000);
    assert.deepEqual(figures.sentimentPerDay, [
      { count: 2, sum: 0.5 },
      { count: 1, sum: -1 },
    ]);
    assert.deepEqual(figures, figuresOf([contact], q, mine));
    // A workspace with the same contact and none of the conversations has no conversation figures.
    const third = newWorkspace();
    await store().transaction(third, (tx) => tx.contacts.insertMany([makeContact(third, 'p1')]));
    const none = await store().transaction(third, (tx) => tx.contacts.figures(q));
    assert.equal(none.firstResponseCount, 0);
    assert.deepEqual(none.sentimentPerDay, [
      { count: 0, sum: 0 },
      { count: 0, sum: 0 },
    ]);
  });

  it('treats values carrying SQL, LIKE wildcards, backslashes and NUL as plain text', async () => {
    const ws = newWorkspace();
    const hostile = "'; drop table contacts; --";
    const contacts = [
      makeContact(ws, 'h1', { profile: { name: hostile }, tags: [hostile], customFields: { plan: hostile } }),
      makeContact(ws, 'h2', {
        profile: { name: '100% sure_thing' },
        tags: ['%'],
        customFields: { plan: '%' },
      }),
      makeContact(ws, 'h3', {
        profile: { name: 'back\\slash' },
        tags: ['_'],
        customFields: { constructor: 'x' },
      }),
      makeContact(ws, 'h4', { profile: { name: 'plain' }, tags: ['plain'] }),
    ];
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const cases: Array<[SegmentFilterInput, string[]]> = [
      [{ type: 'text', query: hostile }, ['h1']],
      [{ type: 'text', query: '%' }, ['h2']],
      [{ type: 'text', query: '_' }, ['h2']],
      [{ type: 'text', query: '\\' }, ['h3']],
      [{ type: 'text', query: 'back\u0000\\slash' }, []],
      [{ type: 'tags', has: 'any', values: [hostile] }, ['h1']],
      [{ type: 'tags', has: 'any', values: ['%'] }, ['h2']],
      [{ type: 'tags', has: 'any', values: ['_'] }, ['h3']],
      [{ type: 'custom', key: 'plan', op: 'contains', value: '%' }, ['h2']],
      [{ type: 'custom', key: 'plan', op: 'eq', value: hostile }, ['h1']],
      [{ type: 'custom', key: 'constructor', op: 'exists' }, ['h3']],
      [{ type: 'custom', key: 'toString', op: 'exists' }, []],
    ];
    for (const [input, ids] of cases) {
      const page = await store().transaction(ws, (tx) =>
        tx.contacts.query({
          filter: resolvedFilter(input),
          sort: { field: 'name', direction: 'asc' },
          limit: 50,
        }),
      );
      const expected = queryContacts(contacts, {
        filter: resolvedFilter(input),
        sort: { field: 'name', direction: 'asc' },
        limit: 50,
      });
      assert.deepEqual(
        page.items.map((c) => c.id),
        expected.items.map((c) => c.id),
        JSON.stringify(input),
      );
      if (!JSON.stringify(input).includes('\\u0000'))
        assert.deepEqual(page.items.map((c) => c.id).sort(), ids, JSON.stringify(input));
    }
    // The table is still there.
    assert.equal(await store().transaction(ws, (tx) => tx.contacts.count()), 4);
  });

  it('compares consent purposes exactly: case, accents, quotes and prototype names stay apart', async () => {
    const ws = newWorkspace();
    const at = LIST_NOW;
    const consent = (...entries: Array<[string, 'granted' | 'revoked']>) => ({
      consent: entries
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([purpose, status]) => ({ purpose, status, at })),
    });
    const contacts = [
      makeContact(ws, 'k1', consent(['email_marketing', 'granted'], ['café', 'revoked'])),
      makeContact(ws, 'k2', consent(['Email_Marketing', 'granted'], ['cafe\u0301', 'granted'])),
      makeContact(ws, 'k3', consent(['__proto__', 'granted'], ['"q"\\', 'revoked'])),
      makeContact(ws, 'k4', consent(['email_marketing', 'revoked'])),
      makeContact(ws, 'k5'),
    ];
    await store().transaction(ws, (tx) => tx.contacts.insertMany(contacts));
    const cases: Array<[SegmentFilterInput, string[]]> = [
      [{ type: 'consent', purpose: 'email_marketing', is: 'granted' }, ['k1']],
      [{ type: 'consent', purpose: 'email_marketing', is: 'revoked' }, ['k4']],
      [{ type: 'consent', purpose: 'Email_Marketing', is: 'granted' }, ['k2']],
      [{ type: 'consent', purpose: 'EMAIL_MARKETING', is: 'granted' }, []],
      [{ type: 'consent', purpose: 'café', is: 'revoked' }, ['k1']],
      [{ type: 'consent', purpose: 'cafe\u0301', is: 'granted' }, ['k2']],
      [{ type: 'consent', purpose: 'cafe', is: 'granted' }, []],
      [{ type: 'consent', purpose: '__proto__', is: 'granted' }, ['k3']],
      [{ type: 'consent', purpose: 'constructor', is: 'granted' }, []],
      [{ type: 'consent', purpose: '"q"\\', is: 'revoked' }, ['k3']],
      // Never recorded matches neither; `not` of granted is "revoked or never asked".
      [
        { type: 'not', filter: { type: 'consent', purpose: 'email_marketing', is: 'granted' } },
        ['k2', 'k3', 'k4', 'k5'],
      ],
    ];
    for (const [input, ids] of cases) {
      const query = {
        filter: resolvedFilter(input),
        sort: { field: 'createdAt', direction: 'asc' },
      } as const;
      const page = await store().transaction(ws, (tx) => tx.contacts.query({ ...query, limit: 50 }));
      assert.deepEqual(page.items.map((c) => c.id).sort(), ids, JSON.stringify(input));
      assert.deepEqual(
        queryContacts(contacts, { ...query, limit: 50 })
          .items.map((c) => c.id)
          .sort(),
        ids,
        `memory: ${JSON.stringify(input)}`,
      );
    }
  });

  it('a segment by consent follows the services: recorded, revoked, merged, unmerged, imported', async () => {
    const ws = newWorkspace();
    let minute = 0;
    const kit = createContactkit({
      store: store(),
      clock: () => new Date(Date.UTC(2026, 5, 1, 12, minute)),
    });
    const t = (m: number) => new Date(Date.UTC(2026, 4, 1, 12, m));
    const ingest = async (identities: Record<string, string>) => {
      minute++;
      const r = await kit.contacts.ingest({
        workspaceId: ws,
        eventId: `${ws}-e${minute}`,
        occurredAt: new Date(Date.UTC(2026, 5, 1, 10, minute)),
        channel: 'web',
        identities,
      });
      return r.contactId;
    };
    const record = (id: string, purpose: string, status: 'granted' | 'revoked', at: Date) => {
      minute++;
      return kit.privacy.recordConsent(ws, id, { purpose, status, at, source: 'api' });
    };
    const listed = async (purpose: string, is: 'granted' | 'revoked') => {
      const page = await kit.lists.page(ws, { filter: { type: 'consent', purpose, is }, limit: 100 });
      return page.items.map((c) => c.id).sort();
    };
    /** The contact carries what its records give, as `consentOf` folds them. */
    const carries = async (id: string) => {
      const contact = (await kit.contacts.getContact(ws, id))?.contact;
      const inForce = Object.values(await kit.privacy.consentOf(ws, id))
        .map(({ purpose, status, at }) => ({ purpose, status, at }))
        .sort((a, b) => (a.purpose < b.purpose ? -1 : 1));
      assert.deepEqual(contact?.consent ?? [], inForce, `contact ${id}`);
      return contact!;
    };
    const sorted = (...ids: string[]) => [...ids].sort();

    const a = await ingest({ email: 'ann@example.com' });
    const b = await ingest({ phone: '+14155550100' });
    assert.deepEqual(await listed('email_marketing', 'granted'), []);

    const v1 = (await carries(a)).version;
    await record(a, 'email_marketing', 'granted', t(10));
    const granted = await carries(a);
    assert.equal(granted.version, v1 + 1, 'recording consent is a stored update of the contact');
    assert.deepEqual(await listed('email_marketing', 'granted'), [a]);
    await record(b, 'email_marketing', 'revoked', t(5));
    await record(b, 'sms', 'granted', t(5));
    assert.deepEqual(await listed('email_marketing', 'revoked'), [b]);

    // A later revocation flips it; a record dated before the one in force changes nothing.
    await record(a, 'email_marketing', 'revoked', t(20));
    assert.deepEqual(await listed('email_marketing', 'granted'), []);
    assert.deepEqual(await listed('email_marketing', 'revoked'), sorted(a, b));
    const revoked = await carries(a);
    await record(a, 'email_marketing', 'granted', t(15));
    assert.equal((await carries(a)).version, revoked.version);
    assert.deepEqual(await listed('email_marketing', 'revoked'), sorted(a, b));

    // A merge folds both contacts' records; its undo gives each its own back.
    const { record: merge } = await kit.merges.merge(ws, a, [b]);
    await carries(a);
    assert.deepEqual(await listed('sms', 'granted'), [a]);
    assert.deepEqual(await listed('email_marketing', 'revoked'), [a]);
    await kit.merges.unmerge(ws, merge.id);
    await carries(a);
    await carries(b);
    assert.deepEqual(await listed('sms', 'granted'), [b]);
    assert.deepEqual(await listed('email_marketing', 'revoked'), sorted(a, b));

    // An import's consent columns set it, for contacts it makes and contacts it finds.
    const csv = 'Email,Accepts Email Marketing\nann@example.com,yes\nbo@example.com,no\n';
    await kit.imports.importFile(new TextEncoder().encode(csv), { workspaceId: ws });
    const bo = (await kit.contacts.findByIdentity(ws, 'email', 'bo@example.com'))!.id;
    await carries(a);
    await carries(bo);
    assert.deepEqual(await listed('email_marketing', 'granted'), [a]);
    assert.deepEqual(await listed('email_marketing', 'revoked'), sorted(b, bo));

    // Intake's automatic merge (a visitor who gives a known email) brings the visitor's consent.
    const visitor = await ingest({ cookie: `${ws}-ck` });
    await record(visitor, 'whatsapp', 'granted', t(30));
    assert.equal(await ingest({ cookie: `${ws}-ck`, email: 'ann@example.com' }), a);
    await carries(a);
    assert.deepEqual(await listed('whatsapp', 'granted'), [a]);
  });

  it('refuses bad filters with a ValidationError before any statement runs', () => {
    const deep = (n: number): SegmentFilterInput =>
      n === 0 ? { type: 'all' } : { type: 'not', filter: deep(n - 1) };
    const wide: SegmentFilterInput = {
      type: 'or',
      filters: Array.from({ length: 3 }, () => ({
        type: 'and' as const,
        filters: Array.from({ length: MAX_SEGMENT_NODES / 2 }, () => ({ type: 'all' as const })),
      })),
    };
    for (const bad of [
      deep(MAX_SEGMENT_DEPTH + 1),
      wide,
      { type: 'custom', key: '__proto__', op: 'exists' },
      { type: 'text', query: 'x'.repeat(100_000) },
      { type: 'tags', has: 'any', values: ['y'.repeat(5_000)] },
      { type: 'status', any: ["'; drop table contacts; --"] },
      { type: 'consent', purpose: '', is: 'granted' },
      { type: 'consent', purpose: 'x'.repeat(101), is: 'granted' },
      { type: 'consent', purpose: 'email', is: 'maybe' },
      { type: 'consent', purpose: 'a\u0000b', is: 'granted' },
      { type: 'nope' },
    ]) {
      assert.throws(() => parseSegmentFilter(bad), ValidationError, JSON.stringify(bad).slice(0, 80));
    }
    assert.doesNotThrow(() => parseSegmentFilter(deep(MAX_SEGMENT_DEPTH)));
  });
}
