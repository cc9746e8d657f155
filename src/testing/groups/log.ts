import assert from 'node:assert/strict';
import { AlreadyExistsError } from '../../errors/errors.js';
import type { GroupContext } from '../context.js';
import { fixtureTime, makeContact, makeLogEntry } from '../fixtures.js';

/** The activity log: timelines, published events by position, and what merges and erasure do to it. */
export function logGroup({ it, store, newWorkspace }: GroupContext): void {
  it('gives appended entries increasing positions, in the order appended, per workspace', async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    assert.equal(await store().transaction(ws, (tx) => tx.log.lastPosition()), 0);
    await store().transaction(ws, (tx) =>
      tx.log.append([makeLogEntry(ws, 'c', 'e-z'), makeLogEntry(ws, 'c', 'e-a')]),
    );
    await store().transaction(other, (tx) => tx.log.append([makeLogEntry(other, 'c', 'o-1')]));
    await store().transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'd', 'e-m')]));
    const events = await store().transaction(ws, (tx) => tx.log.events());
    assert.deepEqual(
      events.map((e) => e.id),
      ['e-z', 'e-a', 'e-m'],
    );
    const positions = events.map((e) => e.position!);
    assert.ok(positions.every((p, i) => Number.isInteger(p) && (i === 0 || p > positions[i - 1]!)));
    assert.equal(await store().transaction(ws, (tx) => tx.log.lastPosition()), positions[2]);
    const after = await store().transaction(ws, (tx) => tx.log.events({ after: positions[0]!, limit: 1 }));
    assert.deepEqual(
      after.map((e) => e.id),
      ['e-a'],
    );
    assert.deepEqual(
      (await store().transaction(other, (tx) => tx.log.events())).map((e) => e.id),
      ['o-1'],
    );
  });

  it('publishes an entry as a domain event stamped with when it was recorded', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.log.append([
        makeLogEntry(ws, 'c', 'both', { at: fixtureTime(1), recordedAt: fixtureTime(9) }),
        makeLogEntry(ws, 'c', 'timeline-only', { event: undefined }),
        makeLogEntry(ws, undefined, 'workspace-wide', { activity: undefined }),
      ]),
    );
    const events = await store().transaction(ws, (tx) => tx.log.events());
    assert.deepEqual(
      events.map(({ position: _p, ...e }) => e),
      [
        {
          id: 'both',
          workspaceId: ws,
          type: 'contact.updated',
          contactId: 'c',
          at: fixtureTime(9),
          payload: { changed: ['name'] },
        },
        {
          id: 'workspace-wide',
          workspaceId: ws,
          type: 'contact.updated',
          at: fixtureTime(0),
          payload: { changed: ['name'] },
        },
      ],
    );
  });

  it('reads published events by entry id, in position order, skipping others', async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.log.append([
        makeLogEntry(ws, 'c', 'first'),
        makeLogEntry(ws, 'c', 'unpublished', { event: undefined }),
        makeLogEntry(ws, undefined, 'wide', { activity: undefined }),
        makeLogEntry(ws, 'd', 'last'),
      ]),
    );
    await store().transaction(other, (tx) => tx.log.append([makeLogEntry(other, 'c', 'theirs')]));
    const events = await store().transaction(ws, (tx) =>
      tx.log.eventsByIds(['last', 'nope', 'unpublished', 'theirs', 'first', 'wide', 'first']),
    );
    assert.deepEqual(
      events.map((e) => e.id),
      ['first', 'wide', 'last'],
    );
    const all = await store().transaction(ws, (tx) => tx.log.events());
    assert.deepEqual(events, all);
    assert.deepEqual(await store().transaction(ws, (tx) => tx.log.eventsByIds([])), []);
  });

  it('lists a timeline newest first by the time things happened, a page at a time', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'a'), makeContact(ws, 'b')]);
      // Appended out of time order, as out-of-order events are.
      await tx.log.append([
        ...[3, 0, 6, 1, 5, 2, 4].map((i) =>
          makeLogEntry(ws, 'a', `a${i}`, {
            at: fixtureTime(i),
            activity: { type: 'message', actor: { kind: 'host' }, eventId: `evt${i}`, data: { n: i } },
          }),
        ),
        makeLogEntry(ws, 'a', 'published-only', { activity: undefined }),
        makeLogEntry(ws, 'b', 'b0', { at: fixtureTime(30) }),
      ]);
    });
    const first = await store().transaction(ws, (tx) => tx.log.timeline('a', { limit: 4 }));
    assert.deepEqual(
      first.items.map((a) => a.id),
      ['a6', 'a5', 'a4', 'a3'],
    );
    assert.deepEqual(first.items[0], {
      id: 'a6',
      workspaceId: ws,
      contactId: 'a',
      type: 'message',
      at: fixtureTime(6),
      actor: { kind: 'host' },
      eventId: 'evt6',
      data: { n: 6 },
    });
    assert.ok(first.nextCursor);
    const second = await store().transaction(ws, (tx) =>
      tx.log.timeline('a', { limit: 4, cursor: first.nextCursor! }),
    );
    assert.deepEqual(
      second.items.map((a) => a.id),
      ['a2', 'a1', 'a0'],
    );
    assert.equal(second.nextCursor, undefined);
    const all = await store().transaction(ws, (tx) => tx.log.entriesOf('a'));
    assert.deepEqual(
      all.map((e) => e.id),
      ['a3', 'a0', 'a6', 'a1', 'a5', 'a2', 'a4', 'published-only'],
    );
  });

  it('refuses an entry id twice, and an entry with neither activity nor event', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'a', 'x')]));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'a', 'x')])),
      AlreadyExistsError,
    );
    await assert.rejects(
      store().transaction(ws, (tx) =>
        tx.log.append([makeLogEntry(ws, 'a', 'empty', { activity: undefined, event: undefined })]),
      ),
    );
    assert.equal((await store().transaction(ws, (tx) => tx.log.events())).length, 1);
  });

  it('moves entries on merge and back by id on unmerge, unlinks them, and deletes them by contact', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) =>
      tx.log.append([makeLogEntry(ws, 'b', 'b1'), makeLogEntry(ws, 'b', 'b2'), makeLogEntry(ws, 'c', 'c1')]),
    );
    const keys = (ids: string[]) =>
      store()
        .transaction(ws, (tx) => tx.log.keysByContacts(ids))
        .then((k) => k.map((x) => `${x.contactId}:${x.key}`).sort());
    assert.deepEqual(await keys(['b', 'c', 'z']), ['b:b1', 'b:b2', 'c:c1']);
    assert.equal(await store().transaction(ws, (tx) => tx.log.move([{ from: 'b', to: 'a' }])), 2);
    assert.equal(
      await store().transaction(ws, (tx) => tx.log.move([{ from: 'a', to: 'b', keys: ['b2'] }])),
      1,
    );
    assert.deepEqual(await keys(['a', 'b']), ['a:b1', 'b:b2']);
    assert.equal(await store().transaction(ws, (tx) => tx.log.move([{ from: 'c', to: null }])), 1);
    assert.deepEqual(await keys(['c']), []);
    assert.equal(await store().transaction(ws, (tx) => tx.log.deleteByContacts(['a', 'b'])), 2);
    assert.deepEqual(
      (await store().transaction(ws, (tx) => tx.log.events())).map((e) => [e.id, e.contactId]),
      [['c1', undefined]],
    );
  });

  it('a rolled-back append gives no position away to a later reader', async () => {
    const ws = newWorkspace();
    await store().transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'a', 'first')]));
    await store()
      .transaction(ws, async (tx) => {
        await tx.log.append([makeLogEntry(ws, 'a', 'rolled-back')]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await store().transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'a', 'second')]));
    const events = await store().transaction(ws, (tx) => tx.log.events());
    assert.deepEqual(
      events.map((e) => e.id),
      ['first', 'second'],
    );
    assert.ok(events[1]!.position! > events[0]!.position!);
  });
}
