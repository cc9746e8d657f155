import assert from 'node:assert/strict';
import { AlreadyExistsError } from '../../errors/errors.js';
import { type DuplicateSuggestion, pairKey } from '../../model/duplicate-suggestion.js';
import type { MergeRecord } from '../../model/merge-record.js';
import type { GroupContext } from '../context.js';
import { FIXTURE_TIME, makeContact, makeIdentity } from '../fixtures.js';

const at = (minute: number) => new Date(FIXTURE_TIME.getTime() + minute * 60_000);

/** Merge records and duplicate suggestions: the audit side of the store. */
export function ledgerGroup({ it, store, newWorkspace }: GroupContext): void {
  const mergeRecord = (
    ws: string,
    id: string,
    primaryId: string,
    absorbedId: string,
    minute: number,
  ): MergeRecord => ({
    workspaceId: ws,
    id,
    primaryId,
    absorbedIds: [absorbedId],
    reason: 'manual',
    actor: 'user-1',
    at: at(minute),
    primaryBefore: makeContact(ws, primaryId),
    absorbedBefore: [makeContact(ws, absorbedId, { tags: ['x'], customFields: { since: at(1) } })],
    rows: [
      {
        contactId: absorbedId,
        identities: [makeIdentity(ws, absorbedId, 'email', `${absorbedId}@example.com`)],
        logIds: ['a1'],
        rows: { orders: ['o1'], processedEvents: ['e1'], conversations: [] },
      },
    ],
    provenance: { 'profile.name': primaryId },
  });

  it('keeps merge records exactly, lists them by either side, and marks one undone once', async () => {
    const ws = newWorkspace();
    const first = mergeRecord(ws, 'm1', 'p', 'b', 1);
    const second = mergeRecord(ws, 'm2', 'q', 'p', 2);
    await store().transaction(ws, async (tx) => {
      await tx.merges.insert(first);
      await tx.merges.insert(second);
    });
    assert.deepEqual(await store().transaction(ws, (tx) => tx.merges.get('m1')), first);
    const ofP = await store().transaction(ws, (tx) => tx.merges.listByContact('p'));
    assert.deepEqual(
      ofP.map((m) => m.id),
      ['m2', 'm1'],
    );
    assert.equal(await store().transaction(ws, (tx) => tx.merges.markUndone('m1', at(5))), true);
    assert.equal(await store().transaction(ws, (tx) => tx.merges.markUndone('m1', at(6))), false);
    assert.deepEqual((await store().transaction(ws, (tx) => tx.merges.get('m1')))?.undoneAt, at(5));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.merges.insert(first)),
      AlreadyExistsError,
    );
    assert.equal(await store().transaction(ws, (tx) => tx.merges.deleteByContacts(['b'])), 1);
    assert.equal(await store().transaction(ws, (tx) => tx.merges.get('m1')), null);
  });

  it('suggests a pair once, refreshes an open one, and never reopens a decided one', async () => {
    const ws = newWorkspace();
    const suggestion = (a: string, b: string, weight: number): DuplicateSuggestion => ({
      workspaceId: ws,
      id: pairKey(a, b),
      contactIds: a < b ? [a, b] : [b, a],
      weight,
      probability: 0.9,
      explanation: { name: { level: 'close', weight: 3.5 } },
      status: 'open',
      createdAt: at(0),
    });
    await store().transaction(ws, (tx) =>
      tx.suggestions.upsertMany([suggestion('a', 'b', 5), suggestion('c', 'd', 9), suggestion('e', 'f', 7)]),
    );
    await store().transaction(ws, (tx) => tx.suggestions.upsertMany([suggestion('b', 'a', 6)]));
    const open = await store().transaction(ws, (tx) => tx.suggestions.list('open', { limit: 2 }));
    assert.deepEqual(
      open.items.map((x) => [x.id, x.weight]),
      [
        ['c|d', 9],
        ['e|f', 7],
      ],
    );
    const rest = await store().transaction(ws, (tx) =>
      tx.suggestions.list('open', { limit: 2, cursor: open.nextCursor! }),
    );
    assert.deepEqual(
      rest.items.map((x) => [x.id, x.weight]),
      [['a|b', 6]],
    );
    assert.equal(
      await store().transaction(ws, (tx) => tx.suggestions.decide('a|b', 'rejected', at(3), 'rita')),
      true,
    );
    await store().transaction(ws, (tx) => tx.suggestions.upsertMany([suggestion('a', 'b', 12)]));
    const [rejected] = await store().transaction(ws, (tx) => tx.suggestions.getMany(['a|b']));
    assert.equal(rejected?.status, 'rejected');
    assert.equal(rejected?.weight, 6);
    assert.equal(rejected?.decidedBy, 'rita');
    assert.deepEqual(rejected?.explanation, { name: { level: 'close', weight: 3.5 } });
    assert.equal(await store().transaction(ws, (tx) => tx.suggestions.deleteByContacts(['c'])), 1);
  });
}
