import assert from 'node:assert/strict';
import { AlreadyExistsError, ValidationError } from '../../errors/errors.js';
import { readField } from '../../ports/schema/table-spec.js';
import {
  KEYED_TABLE_NAMES,
  KEYED_TABLES,
  OWNED_TABLE_NAMES,
  OWNED_TABLES,
  type OwnedTableName,
} from '../../ports/schema/tables.js';
import type { WorkspaceTransaction } from '../../ports/store.js';
import type { OwnedTable, Table } from '../../ports/table.js';
import type { GroupContext } from '../context.js';
import { KEYED_ROWS, makeContact, OWNED_ROWS } from '../fixtures.js';

type Row = Record<string, unknown>;

/**
 * Every table of rows a contact owns (conversations, orders, notes, flow runs, consents, processed
 * events, and any added later), checked against the same contract from its spec: keys, writes, reads
 * in the declared orders, paging, and the moves merges and erasure make.
 */
export function tablesGroup({ it, store, newWorkspace }: GroupContext): void {
  const tableOf = (tx: WorkspaceTransaction, name: OwnedTableName) => tx[name] as unknown as OwnedTable<Row>;
  const rowOf = (name: OwnedTableName, ws: string, contactId: string, key: string, n: number) =>
    OWNED_ROWS[name](ws, contactId, key, n) as unknown as Row;

  for (const name of OWNED_TABLE_NAMES) {
    const spec = OWNED_TABLES[name];
    const keyOf = (row: Row) => String(readField(row, spec.key));
    /** Every row of contact `a`, page by page at `limit` (at most ten pages). */
    const pageThrough = async (ws: string, limit: number): Promise<Row[]> => {
      const seen: Row[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store().transaction(ws, (tx) =>
          tableOf(tx, name).find({
            where: { [spec.owner!.field]: 'a' },
            limit,
            ...(cursor ? { cursor } : {}),
          }),
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }
      return seen;
    };

    it(`${name}: inserts new rows and reads them back exactly, in the order asked`, async () => {
      const ws = newWorkspace();
      const rows = [rowOf(name, ws, 'a', 'k1', 1), rowOf(name, ws, 'a', 'k2', 2)];
      await store().transaction(ws, (tx) => tableOf(tx, name).insert(rows));
      const read = await store().transaction(ws, (tx) =>
        tableOf(tx, name).get(['k2', 'missing', 'k1', 'k2']),
      );
      assert.deepEqual(read, [rows[1], rows[0], rows[1]]);
      const held = await store().transaction(ws, (tx) => tableOf(tx, name).get(['k1'], { lock: true }));
      assert.deepEqual(held, [rows[0]]);
    });

    it(`${name}: refuses an existing key, or one twice in a call, and writes nothing of the call`, async () => {
      const ws = newWorkspace();
      await store().transaction(ws, (tx) => tableOf(tx, name).insert([rowOf(name, ws, 'a', 'k1', 1)]));
      await assert.rejects(
        store().transaction(ws, (tx) =>
          tableOf(tx, name).insert([rowOf(name, ws, 'a', 'k9', 9), rowOf(name, ws, 'a', 'k1', 2)]),
        ),
        AlreadyExistsError,
      );
      await assert.rejects(
        store().transaction(ws, (tx) =>
          tableOf(tx, name).insert([rowOf(name, ws, 'a', 'k8', 8), rowOf(name, ws, 'a', 'k8', 8)]),
        ),
        AlreadyExistsError,
      );
      assert.equal(await store().transaction(ws, (tx) => tableOf(tx, name).count()), 1);
    });

    it(`${name}: puts rows, replacing the stored row of a key (the last of a repeated key wins)`, async () => {
      const ws = newWorkspace();
      await store().transaction(ws, (tx) => tableOf(tx, name).put([rowOf(name, ws, 'a', 'k1', 1)]));
      const replacement = rowOf(name, ws, 'b', 'k1', 5);
      await store().transaction(ws, (tx) =>
        tableOf(tx, name).put([rowOf(name, ws, 'b', 'k1', 4), replacement, rowOf(name, ws, 'b', 'k2', 2)]),
      );
      assert.deepEqual(await store().transaction(ws, (tx) => tableOf(tx, name).get(['k1'])), [replacement]);
      assert.deepEqual(await store().transaction(ws, (tx) => tableOf(tx, name).listByContact('a')), []);
      assert.equal(await store().transaction(ws, (tx) => tableOf(tx, name).count()), 2);
    });

    it(`${name}: lists a contact's rows in its default order, and pages through them exactly once`, async () => {
      const ws = newWorkspace();
      const rows = [3, 0, 6, 1, 5, 2, 4].map((n) => rowOf(name, ws, 'a', `k${n}`, n));
      await store().transaction(ws, (tx) =>
        tableOf(tx, name).insert([...rows, rowOf(name, ws, 'b', 'kb', 9)]),
      );
      const listed = await store().transaction(ws, (tx) => tableOf(tx, name).listByContact('a'));
      assert.equal(listed.length, 7);
      const seen = await pageThrough(ws, 3);
      assert.deepEqual(seen, listed);
      assert.equal(new Set(seen.map(keyOf)).size, 7);
    });

    it(`${name}: pages rows that tie on every order field but the key exactly once, in order`, async () => {
      const ws = newWorkspace();
      // One moment for every row: only the key orders them, and a cursor must still seek past each.
      const rows = [4, 0, 6, 2, 5, 1, 3].map((n) => rowOf(name, ws, 'a', `t${n}`, 1));
      await store().transaction(ws, (tx) => tableOf(tx, name).insert(rows));
      const listed = await store().transaction(ws, (tx) => tableOf(tx, name).listByContact('a'));
      const seen = await pageThrough(ws, 2);
      assert.deepEqual(seen.map(keyOf), listed.map(keyOf));
      assert.equal(new Set(seen.map(keyOf)).size, 7);
    });

    it(`${name}: finds by the fields its spec allows, counts, and refuses other filters`, async () => {
      const ws = newWorkspace();
      await store().transaction(ws, (tx) =>
        tableOf(tx, name).insert([
          rowOf(name, ws, 'a', 'k1', 1),
          rowOf(name, ws, 'b', 'k2', 2),
          rowOf(name, ws, 'c', 'k3', 3),
        ]),
      );
      const owner = spec.owner!.field;
      assert.equal(
        await store().transaction(ws, (tx) => tableOf(tx, name).count({ [owner]: ['a', 'c'] })),
        2,
      );
      const found = await store().transaction(ws, (tx) =>
        tableOf(tx, name).find({ where: { [owner]: ['b'] } }),
      );
      assert.deepEqual(found.items.map(keyOf), ['k2']);
      await assert.rejects(
        store().transaction(ws, (tx) => tableOf(tx, name).find({ where: { notAField: 1 } })),
        ValidationError,
      );
      await assert.rejects(
        store().transaction(ws, (tx) => tableOf(tx, name).find({ cursor: 'not-a-cursor' })),
        ValidationError,
      );
    });

    it(`${name}: moves rows between contacts, all or by key, and deletes them by contact or key`, async () => {
      const ws = newWorkspace();
      await store().transaction(ws, (tx) =>
        tableOf(tx, name).insert([
          rowOf(name, ws, 'a', 'k1', 1),
          rowOf(name, ws, 'a', 'k2', 2),
          rowOf(name, ws, 'b', 'k3', 3),
          rowOf(name, ws, 'c', 'k4', 4),
        ]),
      );
      const keys = (ids: string[]) =>
        store()
          .transaction(ws, (tx) => tableOf(tx, name).keysByContacts(ids))
          .then((k) => k.map((x) => `${x.contactId}:${x.key}`).sort());
      assert.deepEqual(await keys(['a', 'b', 'nobody']), ['a:k1', 'a:k2', 'b:k3']);
      const moved = await store().transaction(ws, (tx) =>
        tableOf(tx, name).move([
          { from: 'a', to: 'x' },
          { from: 'b', to: 'y' },
        ]),
      );
      assert.equal(moved, 3);
      assert.deepEqual(await keys(['a', 'b', 'x', 'y']), ['x:k1', 'x:k2', 'y:k3']);
      assert.equal(
        await store().transaction(ws, (tx) =>
          tableOf(tx, name).move([{ from: 'x', to: 'a', keys: ['k2', 'k4'] }]),
        ),
        1,
      );
      assert.deepEqual(await keys(['a', 'x']), ['a:k2', 'x:k1']);
      assert.equal(await store().transaction(ws, (tx) => tableOf(tx, name).move([])), 0);
      assert.equal(await store().transaction(ws, (tx) => tableOf(tx, name).deleteByContacts(['x', 'y'])), 2);
      assert.equal(await store().transaction(ws, (tx) => tableOf(tx, name).delete(['k2', 'k2', 'nope'])), 1);
      assert.deepEqual(await keys(['a', 'c']), ['c:k4']);
    });

    if (spec.owner?.nullable) {
      it(`${name}: unlinks rows from their contact, keeping them and clearing what could name the person`, async () => {
        const ws = newWorkspace();
        const row = rowOf(name, ws, 'a', 'k1', 1);
        await store().transaction(ws, (tx) => tableOf(tx, name).insert([row, rowOf(name, ws, 'b', 'k2', 2)]));
        assert.equal(
          await store().transaction(ws, (tx) =>
            tableOf(tx, name).move([{ from: 'a', to: null, scrub: true }]),
          ),
          1,
        );
        const [kept] = await store().transaction(ws, (tx) => tableOf(tx, name).get(['k1']));
        const expected: Row = { ...row };
        delete expected[spec.owner!.field];
        for (const field of spec.owner!.scrub ?? []) delete expected[field];
        assert.deepEqual(kept, expected);
        assert.deepEqual(await store().transaction(ws, (tx) => tableOf(tx, name).listByContact('a')), []);
        assert.equal(
          await store().transaction(ws, (tx) => tableOf(tx, name).count({ [spec.owner!.field]: null })),
          1,
        );
      });
    }
  }

  for (const name of KEYED_TABLE_NAMES) {
    const spec = KEYED_TABLES[name];
    const keyed = (tx: WorkspaceTransaction) => tx[name] as unknown as Table<Row>;
    const rowAt = (ws: string, key: string, n: number) => KEYED_ROWS[name](ws, key, n) as unknown as Row;

    it(`${name}: inserts, puts, reads, finds in order with paging, counts and deletes workspace records`, async () => {
      const ws = newWorkspace();
      const rows = [3, 0, 6, 1, 5, 2, 4].map((n) => rowAt(ws, `k${n}`, n));
      await store().transaction(ws, (tx) => keyed(tx).insert(rows));
      await assert.rejects(
        store().transaction(ws, (tx) => keyed(tx).insert([rowAt(ws, 'k0', 9)])),
        AlreadyExistsError,
      );
      const replaced = rowAt(ws, 'k0', 8);
      await store().transaction(ws, (tx) => keyed(tx).put([replaced]));
      assert.deepEqual(await store().transaction(ws, (tx) => keyed(tx).get(['k0', 'nope'])), [replaced]);
      const seen: Row[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store().transaction(ws, (tx) =>
          keyed(tx).find({ limit: 3, ...(cursor ? { cursor } : {}) }),
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }
      assert.deepEqual(
        seen.map((r) => String(readField(r, spec.key))),
        ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'],
      );
      for (const field of spec.filters) {
        const wanted = rows.map((r) => r[field] ?? null);
        const value = wanted[0] ?? null;
        const expected = rows.filter((r) => (r[field] ?? null) === value).length;
        assert.equal(
          await store().transaction(ws, (tx) => keyed(tx).count({ [field]: value as never })),
          expected,
          field,
        );
      }
      assert.equal(await store().transaction(ws, (tx) => keyed(tx).delete(['k1', 'k1', 'zz'])), 1);
      assert.equal(await store().transaction(ws, (tx) => keyed(tx).count()), 6);
    });
  }

  it('the same keys in another workspace are other rows, never read, moved or deleted from here', async () => {
    const ws = newWorkspace();
    const other = newWorkspace();
    for (const w of [ws, other]) {
      await store().transaction(w, async (tx) => {
        await tx.contacts.insertMany([makeContact(w, 'a')]);
        for (const name of OWNED_TABLE_NAMES)
          await tableOf(tx, name).insert([rowOf(name, w, 'a', 'shared', 1)]);
      });
    }
    await store().transaction(ws, async (tx) => {
      for (const name of OWNED_TABLE_NAMES) {
        await tableOf(tx, name).move([{ from: 'a', to: 'z' }]);
        await tableOf(tx, name).deleteByContacts(['z']);
      }
    });
    await store().transaction(other, async (tx) => {
      for (const name of OWNED_TABLE_NAMES) {
        assert.deepEqual(
          await tableOf(tx, name).get(['shared']),
          [rowOf(name, other, 'a', 'shared', 1)],
          name,
        );
      }
    });
  });
}
