import assert from 'node:assert/strict';
import { AlreadyExistsError } from '../../errors/errors.js';
import type { ConversationSummary } from '../../model/conversation.js';
import type { FlowRun } from '../../model/flow-run.js';
import type { GroupContext } from '../context.js';
import { FIXTURE_TIME, makeActivity, makeContact, makeIdentity } from '../fixtures.js';

const at = (minute: number) => new Date(FIXTURE_TIME.getTime() + minute * 60_000);

/** Conversation summaries, orders, notes and flow runs kept per contact. */
export function recordsGroup({ it, store, newWorkspace }: GroupContext): void {
  const conversation = (ws: string, id: string, contactId: string, minute: number): ConversationSummary => ({
    workspaceId: ws,
    id,
    contactId,
    channel: 'whatsapp',
    inbox: 'Main store',
    status: 'open',
    startedAt: at(minute),
    lastMessageAt: at(minute + 1),
    lastMessagePreview: 'Hello there',
    messageCount: 2,
    escalated: false,
  });

  it('upserts conversation summaries and lists them most recent first', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.conversations.upsertMany([conversation(ws, 'v1', 'a', 0), conversation(ws, 'v2', 'a', 10)]),
    );
    await store().transaction(ws, (tx) =>
      tx.conversations.upsertMany([
        { ...conversation(ws, 'v1', 'a', 0), status: 'resolved', messageCount: 5, lastMessageAt: at(20) },
      ]),
    );
    const list = await store().transaction(ws, (tx) => tx.conversations.listByContact('a'));
    assert.deepEqual(
      list.map((c) => [c.id, c.status, c.messageCount]),
      [
        ['v1', 'resolved', 5],
        ['v2', 'open', 2],
      ],
    );
    assert.deepEqual(list[1], conversation(ws, 'v2', 'a', 10));
    const got = await store().transaction(ws, (tx) => tx.conversations.getMany(['v2', 'zz']));
    assert.equal(got.length, 1);
  });

  it('unlinks conversations from a contact but keeps them', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) => tx.conversations.upsertMany([conversation(ws, 'v1', 'a', 0)]));
    assert.equal(await store().transaction(ws, (tx) => tx.conversations.unlink(['a'])), 1);
    assert.deepEqual(await store().transaction(ws, (tx) => tx.conversations.listByContact('a')), []);
    const [kept] = await store().transaction(ws, (tx) => tx.conversations.getMany(['v1']));
    assert.equal(kept?.contactId, undefined);
    assert.equal(kept?.messageCount, 2);
  });

  it('stores an order once and refuses the same order id again', async () => {
    const ws = newWorkspace();
    const order = {
      workspaceId: ws,
      orderId: 'o-1',
      contactId: 'a',
      amount: 49.9,
      currency: 'EUR',
      viaAssistant: true,
      placedAt: at(3),
    };
    await store().transaction(ws, (tx) => tx.orders.insertMany([order]));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.orders.insertMany([{ ...order, amount: 1 }])),
      AlreadyExistsError,
    );
    assert.deepEqual(await store().transaction(ws, (tx) => tx.orders.findMany(['o-1', 'o-2'])), [order]);
    assert.equal(await store().transaction(ws, (tx) => tx.orders.reassign(['a'], 'b')), 1);
    assert.equal((await store().transaction(ws, (tx) => tx.orders.listByContact('b'))).length, 1);
  });

  it('keeps notes with their author, newest first', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a')]);
      await tx.notes.insertMany([
        {
          workspaceId: ws,
          id: 'n1',
          contactId: 'a',
          author: { kind: 'person', id: 'u7', name: 'Rita' },
          text: 'Called back',
          at: at(1),
        },
        {
          workspaceId: ws,
          id: 'n2',
          contactId: 'a',
          author: { kind: 'ai' },
          text: 'Asked about pricing twice',
          at: at(2),
        },
      ]);
    });
    const notes = await store().transaction(ws, (tx) => tx.notes.listByContact('a'));
    assert.deepEqual(
      notes.map((n) => [n.id, n.author.kind]),
      [
        ['n2', 'ai'],
        ['n1', 'person'],
      ],
    );
    assert.equal(notes[1]?.author.name, 'Rita');
  });

  it('records flow runs, updates them, and keeps them unlinked when asked', async () => {
    const ws = newWorkspace();
    const run: FlowRun = {
      workspaceId: ws,
      id: 'r1',
      contactId: 'a',
      flowId: 'welcome',
      flowName: 'Welcome series',
      startedAt: at(0),
      stepsCompleted: 1,
      actionsTriggered: ['send_coupon'],
      conditionsMet: ['is_new'],
      conditionsSkipped: [],
    };
    await store().transaction(ws, (tx) => tx.flowRuns.upsertMany([run]));
    await store().transaction(ws, (tx) =>
      tx.flowRuns.upsertMany([{ ...run, finishedAt: at(5), stepsCompleted: 3 }]),
    );
    const runs = await store().transaction(ws, (tx) => tx.flowRuns.listByContact('a'));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.stepsCompleted, 3);
    assert.deepEqual(runs[0]?.finishedAt, at(5));
    assert.deepEqual(runs[0]?.actionsTriggered, ['send_coupon']);
    assert.equal(await store().transaction(ws, (tx) => tx.flowRuns.unlink(['a'])), 1);
    assert.deepEqual(await store().transaction(ws, (tx) => tx.flowRuns.listByContact('a')), []);
    assert.equal(await store().transaction(ws, (tx) => tx.flowRuns.deleteByContacts(['a'])), 0);
  });

  it("lists the keys of many contacts' rows, and moves each contact's rows to its survivor in one call", async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    const t = at(0);
    const rowsFor = (w: string, contactId: string, tag: string) => ({
      activity: makeActivity(w, contactId, `act-${tag}`),
      conversation: conversation(w, `conv-${tag}`, contactId, 0),
      order: {
        workspaceId: w,
        orderId: `ord-${tag}`,
        contactId,
        amount: 5,
        currency: 'EUR',
        viaAssistant: false,
        placedAt: t,
      },
      note: {
        workspaceId: w,
        id: `note-${tag}`,
        contactId,
        author: { kind: 'person' as const },
        text: 'hi',
        at: t,
      },
      flowRun: {
        workspaceId: w,
        id: `run-${tag}`,
        contactId,
        flowId: 'welcome',
        flowName: 'Welcome',
        startedAt: t,
        stepsCompleted: 1,
        actionsTriggered: [],
        conditionsMet: [],
        conditionsSkipped: [],
      },
      consent: {
        workspaceId: w,
        id: `cons-${tag}`,
        contactId,
        purpose: 'email',
        status: 'granted' as const,
        at: t,
        source: 'test',
      },
      processed: {
        workspaceId: w,
        eventId: `evt-${tag}`,
        contactId,
        outcome: 'matched' as const,
        processedAt: t,
      },
    });
    const seed = async (w: string, owners: ReadonlyArray<readonly [string, string]>) => {
      const rows = owners.map(([contactId, tag]) => rowsFor(w, contactId, tag));
      await store().transaction(w, async (tx) => {
        await tx.contacts.insertMany(
          [...new Set([...owners.map(([c]) => c), 'c', 'd'])].map((c) => makeContact(w, c)),
        );
        await tx.identities.insertMany(
          owners.map(([contactId, tag]) => makeIdentity(w, contactId, 'cookie', `ck-${tag}`)),
        );
        await tx.activities.append(rows.map((r) => r.activity));
        await tx.conversations.upsertMany(rows.map((r) => r.conversation));
        await tx.orders.insertMany(rows.map((r) => r.order));
        await tx.notes.insertMany(rows.map((r) => r.note));
        await tx.flowRuns.upsertMany(rows.map((r) => r.flowRun));
        await tx.consents.append(rows.map((r) => r.consent));
        await tx.processedEvents.insertMany(rows.map((r) => r.processed));
      });
    };
    await seed(ws, [
      ['a', 'a1'],
      ['a', 'a2'],
      ['b', 'b1'],
      ['c', 'c1'],
    ]);
    // The same contact ids in another workspace: never read or moved from here.
    await seed(other, [['a', 'x1']]);

    const tables = [
      'activities',
      'conversations',
      'orders',
      'notes',
      'flowRuns',
      'consents',
      'processedEvents',
    ] as const;
    const prefix = {
      activities: 'act',
      conversations: 'conv',
      orders: 'ord',
      notes: 'note',
      flowRuns: 'run',
      consents: 'cons',
      processedEvents: 'evt',
    };
    const keys = (w: string, ids: readonly string[]) =>
      store().transaction(w, async (tx) => {
        const out: Record<string, string[]> = {};
        for (const table of tables)
          out[table] = (await tx[table].keysByContacts(ids)).map((k) => `${k.contactId}:${k.key}`).sort();
        return out;
      });
    const expected = (pairs: ReadonlyArray<readonly [string, string]>) =>
      Object.fromEntries(
        tables.map((table) => [table, pairs.map(([c, tag]) => `${c}:${prefix[table]}-${tag}`).sort()]),
      );

    assert.deepEqual(
      await keys(ws, ['a', 'b', 'nobody']),
      expected([
        ['a', 'a1'],
        ['a', 'a2'],
        ['b', 'b1'],
      ]),
    );
    assert.deepEqual(await keys(ws, []), expected([]));

    const moves = [
      { from: 'a', to: 'c' },
      { from: 'b', to: 'd' },
    ];
    const moved = await store().transaction(ws, async (tx) => {
      const counts: Record<string, number> = { identities: await tx.identities.reassignMany(moves) };
      for (const table of tables) counts[table] = await tx[table].reassignMany(moves);
      counts.none = await tx.activities.reassignMany([]);
      return counts;
    });
    assert.deepEqual(moved, {
      identities: 3,
      ...Object.fromEntries(tables.map((table) => [table, 3])),
      none: 0,
    });
    assert.deepEqual(await keys(ws, ['a', 'b']), expected([]));
    assert.deepEqual(
      await keys(ws, ['c', 'd']),
      expected([
        ['c', 'a1'],
        ['c', 'a2'],
        ['d', 'b1'],
        ['c', 'c1'],
      ]),
    );
    const holders = await store().transaction(ws, (tx) => tx.identities.listByContacts(['a', 'b', 'c', 'd']));
    assert.deepEqual(holders.map((i) => `${i.contactId}:${i.value}`).sort(), [
      'c:ck-a1',
      'c:ck-a2',
      'c:ck-c1',
      'd:ck-b1',
    ]);
    assert.deepEqual(await keys(other, ['a']), expected([['a', 'x1']]));
  });
}
