import assert from 'node:assert/strict';
import type { WorkerLeases, WorkspaceLease } from '../../ports/worker-leases.js';
import type { GroupContext } from '../context.js';
import { fixtureTime, makeLogEntry } from '../fixtures.js';

/**
 * Store-wide worker leases (`store.leases`): which workspaces have work for a kind of worker, one
 * holder at a time, fenced settles, due times and wake-ups. Tests share the store with other groups'
 * workspaces, so each uses a worker kind of its own and first takes every workspace that already has
 * a log out of its way.
 */
export function leasesGroup({ it, store, newWorkspace }: GroupContext): void {
  const leases = (): WorkerLeases => {
    const l = store().leases;
    assert.ok(l, 'store.leases');
    return l;
  };
  let kinds = 0;
  /** A worker kind no other test uses, with every workspace that has a log so far settled. */
  const freshWorker = async (now = fixtureTime(0)) => {
    const worker = `${newWorkspace()}_worker_${++kinds}`;
    for (;;) {
      const claimed = await leases().claim({ worker, owner: 'sweeper', now, leaseMs: 1000, limit: 1000 });
      if (claimed.length === 0) return worker;
      for (const l of claimed) await leases().settle(l, { now, position: l.head, dueAt: null });
    }
  };
  const append = (ws: string, ...ids: string[]) =>
    store().transaction(ws, (tx) => tx.log.append(ids.map((id) => makeLogEntry(ws, 'c', id))));
  const claimOf = async (
    worker: string,
    owner: string,
    at: Date,
    workspaces: readonly string[],
    leaseMs = 60_000,
  ) =>
    (await leases().claim({ worker, owner, now: at, leaseMs, limit: 1000 })).filter((l) =>
      workspaces.includes(l.workspaceId),
    );

  it('claims a workspace whose log grew past the worker position, with where it stands', async () => {
    const worker = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a', 'b');
    const head = await store().transaction(ws, (tx) => tx.log.lastPosition());
    const [lease, ...more] = await claimOf(worker, 'r1', fixtureTime(1), [ws]);
    assert.equal(more.length, 0);
    assert.ok(lease);
    assert.deepEqual(
      { ...lease, token: lease.token > 0 },
      {
        worker,
        workspaceId: ws,
        owner: 'r1',
        token: true,
        until: new Date(fixtureTime(1).getTime() + 60_000),
        position: 0,
        head,
        dueAt: null,
      },
    );
  });

  it('never gives a held workspace to another claim until its lease ends; the old holder then cannot settle', async () => {
    const worker = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a');
    const [first] = await claimOf(worker, 'r1', fixtureTime(1), [ws], 60_000);
    assert.ok(first);
    assert.deepEqual(await claimOf(worker, 'r2', fixtureTime(1.5), [ws]), []);
    // One minute later the lease has ended: another relay takes it, with a newer token.
    const [second] = await claimOf(worker, 'r2', fixtureTime(2), [ws]);
    assert.ok(second);
    assert.ok(second.token > first.token);
    assert.equal(second.position, 0);
    assert.equal(await leases().settle(first, { now: fixtureTime(2), position: 1, dueAt: null }), false);
    assert.equal(
      await leases().settle(second, { now: fixtureTime(2), position: second.head, dueAt: null }),
      true,
    );
  });

  it('a released workspace comes back only with new entries, from the position settled', async () => {
    const worker = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a', 'b');
    const [lease] = await claimOf(worker, 'r1', fixtureTime(1), [ws]);
    assert.ok(lease);
    assert.equal(
      await leases().settle(lease, { now: fixtureTime(1), position: lease.head, dueAt: null }),
      true,
    );
    assert.deepEqual(await claimOf(worker, 'r1', fixtureTime(1), [ws]), []);
    await append(ws, 'c');
    const [again] = await claimOf(worker, 'r2', fixtureTime(1), [ws]);
    assert.ok(again);
    assert.equal(again.position, lease.head);
    assert.equal(again.head, lease.head + 1);
  });

  it('never moves a position back, and settles the same values twice', async () => {
    const worker = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a', 'b', 'c');
    const [lease] = await claimOf(worker, 'r1', fixtureTime(1), [ws]);
    assert.ok(lease);
    const renew = { now: fixtureTime(1), position: lease.head, dueAt: null, renewMs: 60_000 };
    assert.equal(await leases().settle(lease, renew), true);
    assert.equal(await leases().settle(lease, renew), true);
    assert.equal(await leases().settle(lease, { now: fixtureTime(1), position: 1, dueAt: null }), true);
    await append(ws, 'd');
    const [again] = await claimOf(worker, 'r1', fixtureTime(1), [ws]);
    assert.equal(again?.position, lease.head);
  });

  it('a renewed lease holds the workspace until its new end', async () => {
    const worker = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a');
    const [lease] = await claimOf(worker, 'r1', fixtureTime(0), [ws], 60_000);
    assert.ok(lease);
    assert.equal(
      await leases().settle(lease, { now: fixtureTime(0.5), position: 0, dueAt: null, renewMs: 120_000 }),
      true,
    );
    assert.deepEqual(await claimOf(worker, 'r2', fixtureTime(2), [ws]), []);
    assert.equal((await claimOf(worker, 'r2', fixtureTime(2.5), [ws])).length, 1);
  });

  it('comes back at the due time it asked for, without new entries; a wake-up brings it sooner', async () => {
    const worker = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a');
    const [lease] = await claimOf(worker, 'r1', fixtureTime(0), [ws]);
    assert.ok(lease);
    await leases().settle(lease, { now: fixtureTime(0), position: lease.head, dueAt: fixtureTime(10) });
    assert.deepEqual(await claimOf(worker, 'r1', fixtureTime(9), [ws]), []);
    const [due] = await claimOf(worker, 'r1', fixtureTime(10), [ws]);
    assert.deepEqual([due?.dueAt, due?.position], [fixtureTime(10), lease.head]);
    await leases().settle(due!, { now: fixtureTime(10), position: lease.head, dueAt: fixtureTime(30) });
    // A later wake-up does not delay it; an earlier one brings it forward.
    await leases().wake(worker, ws, fixtureTime(40));
    assert.deepEqual(await claimOf(worker, 'r1', fixtureTime(20), [ws]), []);
    await leases().wake(worker, ws, fixtureTime(15));
    assert.equal((await claimOf(worker, 'r1', fixtureTime(15), [ws])).length, 1);
  });

  it('keeps each kind of worker apart', async () => {
    const one = await freshWorker();
    const two = await freshWorker();
    const ws = newWorkspace();
    await append(ws, 'a');
    const [a] = await claimOf(one, 'r1', fixtureTime(0), [ws]);
    assert.ok(a);
    await leases().settle(a, { now: fixtureTime(0), position: a.head, dueAt: null });
    const [b] = await claimOf(two, 'r1', fixtureTime(0), [ws]);
    assert.equal(b?.position, 0);
  });

  it('serves the workspace held least recently first', async () => {
    const worker = await freshWorker();
    const [x, y] = [newWorkspace(), newWorkspace()];
    await append(x, 'x1');
    await append(y, 'y1');
    const claimOne = async (minutes: number) => {
      const [lease, ...more] = await leases().claim({
        worker,
        owner: 'r1',
        now: fixtureTime(minutes),
        leaseMs: 1000,
        limit: 1,
      });
      assert.equal(more.length, 0);
      assert.ok(lease);
      // Let go with its work left, due at once: it stays claimable.
      const at = fixtureTime(minutes + 1);
      await leases().settle(lease, { now: at, position: lease.position, dueAt: at });
      return lease.workspaceId;
    };
    const first = await claimOne(0);
    const second = await claimOne(2);
    const third = await claimOne(4);
    assert.deepEqual([first === second, third], [false, first]);
  });

  it('two claims at once never return the same workspace', async () => {
    const worker = await freshWorker();
    const spaces = Array.from({ length: 6 }, () => newWorkspace());
    for (const ws of spaces) await append(ws, `${ws}-e`);
    const claims = await Promise.all(
      ['r1', 'r2', 'r3'].map((owner) => claimOf(worker, owner, fixtureTime(1), spaces)),
    );
    const all = claims.flat().map((l: WorkspaceLease) => l.workspaceId);
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual([...all].sort(), [...spaces].sort());
  });
}
