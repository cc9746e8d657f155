import assert from 'node:assert/strict';
import { ConcurrentUpdateError, NotFoundError } from '../../errors/errors.js';
import { OWNED_TABLE_NAMES, OWNED_TABLES } from '../../ports/schema/tables.js';
import type { WorkspaceTransaction } from '../../ports/store.js';
import type { OwnedTable } from '../../ports/table.js';
import type { GroupContext } from '../context.js';
import { makeContact, makeIdentity, makeLogEntry, OWNED_ROWS } from '../fixtures.js';

type Row = Record<string, unknown>;
const tableOf = (tx: WorkspaceTransaction, name: (typeof OWNED_TABLE_NAMES)[number]) =>
  tx[name] as unknown as OwnedTable<Row>;

/** `applyMerge` and `applyErasure`: the plans the services hand the store, applied whole or not at all. */
export function plansGroup({ it, store, newWorkspace }: GroupContext): void {
  /** Contacts a, b and c, each with an identity, a log entry and a row in every owned table. */
  const seed = async (ws: string) => {
    await store().transaction(ws, async (tx) => {
      await tx.contacts.insertMany(['a', 'b', 'c'].map((id) => makeContact(ws, id)));
      await tx.identities.insertMany(['a', 'b', 'c'].map((id) => makeIdentity(ws, id, 'cookie', `ck-${id}`)));
      await tx.log.append(['a', 'b', 'c'].map((id) => makeLogEntry(ws, id, `log-${id}`)));
      for (const name of OWNED_TABLE_NAMES) {
        await tableOf(tx, name).insert(
          ['a', 'b', 'c'].map((id, n) => OWNED_ROWS[name](ws, id, `${name}-${id}`, n) as unknown as Row),
        );
      }
    });
  };

  it('applyMerge moves every row of the absorbed contacts, deletes them, and says what moved', async () => {
    const ws = newWorkspace();
    await seed(ws);
    const [b, c] = await store().transaction(ws, (tx) => tx.contacts.getMany(['b', 'c']));
    const rows = await store().transaction(ws, (tx) =>
      tx.applyMerge([
        { contact: b!, into: 'a' },
        { contact: c!, into: 'a' },
      ]),
    );
    assert.deepEqual(
      rows.map((r) => r.contactId),
      ['b', 'c'],
    );
    for (const [i, id] of ['b', 'c'].entries()) {
      assert.deepEqual(
        rows[i]!.identities.map((x) => `${x.contactId}:${x.value}`),
        [`${id}:ck-${id}`],
      );
      assert.deepEqual(rows[i]!.logIds, [`log-${id}`]);
      for (const name of OWNED_TABLE_NAMES) assert.deepEqual(rows[i]!.rows[name], [`${name}-${id}`], name);
    }
    await store().transaction(ws, async (tx) => {
      assert.deepEqual(
        (await tx.contacts.getMany(['a', 'b', 'c'])).map((x) => x.id),
        ['a'],
      );
      assert.deepEqual((await tx.identities.listByContacts(['a'])).map((x) => x.value).sort(), [
        'ck-a',
        'ck-b',
        'ck-c',
      ]);
      assert.deepEqual(
        (await tx.log.entriesOf('a')).map((e) => e.id),
        ['log-a', 'log-b', 'log-c'],
      );
      for (const name of OWNED_TABLE_NAMES) {
        const keys = (await tableOf(tx, name).keysByContacts(['a', 'b', 'c'])).map(
          (k) => `${k.contactId}:${k.key}`,
        );
        assert.deepEqual(keys.sort(), [`a:${name}-a`, `a:${name}-b`, `a:${name}-c`], name);
      }
    });
  });

  it('applyMerge refuses a contact changed since it was read, or a target that is gone, and writes nothing', async () => {
    const ws = newWorkspace();
    await seed(ws);
    const before = await store().inspect(ws);
    const [b] = await store().transaction(ws, (tx) => tx.contacts.getMany(['b']));
    await store().transaction(ws, (tx) => tx.contacts.updateMany([{ ...b!, version: 2, tags: ['changed'] }]));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.applyMerge([{ contact: b!, into: 'a' }])),
      ConcurrentUpdateError,
    );
    const [c] = await store().transaction(ws, (tx) => tx.contacts.getMany(['c']));
    await assert.rejects(
      store().transaction(ws, (tx) => tx.applyMerge([{ contact: c!, into: 'ghost' }])),
      NotFoundError,
    );
    assert.deepEqual(await store().inspect(ws), before);
    assert.deepEqual(await store().transaction(ws, (tx) => tx.applyMerge([])), []);
  });

  it('applyErasure removes every row of the contacts, unlinking and scrubbing the tables it is told to keep', async () => {
    const ws = newWorkspace();
    await seed(ws);
    await store().transaction(ws, async (tx) => {
      await tx.merges.insert({
        workspaceId: ws,
        id: 'm1',
        primaryId: 'b',
        absorbedIds: ['gone'],
        reason: 'manual',
        at: new Date(0),
        primaryBefore: makeContact(ws, 'b'),
        absorbedBefore: [makeContact(ws, 'gone')],
        rows: [],
        provenance: {},
      });
      await tx.suggestions.upsertMany([
        {
          workspaceId: ws,
          id: 'a|b',
          contactIds: ['a', 'b'],
          weight: 5,
          probability: 0.9,
          explanation: {},
          status: 'open',
          createdAt: new Date(0),
        },
      ]);
    });
    const keep = OWNED_TABLE_NAMES.filter((name) => OWNED_TABLES[name].owner?.nullable);
    const counts = await store().transaction(ws, (tx) =>
      tx.applyErasure({ contactIds: ['b', 'b'], unlink: keep }),
    );
    for (const name of OWNED_TABLE_NAMES) {
      if (keep.includes(name)) assert.equal(counts.unlinked[name], 1, name);
      else assert.equal(counts.removed[name], 1, name);
    }
    assert.equal(counts.removed.contacts, 1);
    assert.equal(counts.removed.identities, 1);
    assert.equal(counts.removed.log, 1);
    assert.equal(counts.removed.merges, 1);
    assert.equal(counts.removed.suggestions, 1);
    await store().transaction(ws, async (tx) => {
      assert.equal(await tx.contacts.get('b'), null);
      assert.deepEqual(await tx.identities.findByKeys([{ type: 'cookie', value: 'ck-b' }]), []);
      assert.deepEqual(await tx.log.entriesOf('b'), []);
      for (const name of OWNED_TABLE_NAMES) {
        const [row] = await tableOf(tx, name).get([`${name}-b`]);
        if (!keep.includes(name)) {
          assert.equal(row, undefined, name);
          continue;
        }
        assert.ok(row, `${name} keeps the row`);
        assert.equal(row[OWNED_TABLES[name].owner!.field], undefined, `${name} cuts the link`);
        for (const field of OWNED_TABLES[name].owner?.scrub ?? [])
          assert.equal(row[field], undefined, `${name}.${field}`);
      }
      // The others are untouched.
      assert.equal((await tx.contacts.getMany(['a', 'c'])).length, 2);
      for (const name of OWNED_TABLE_NAMES)
        assert.equal((await tableOf(tx, name).listByContact('a')).length, 1);
    });
  });
}
