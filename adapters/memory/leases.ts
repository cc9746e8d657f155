import type {
  LeaseProgress,
  LeaseRequest,
  WorkerLeases,
  WorkspaceLease,
} from '../../src/ports/worker-leases.js';

/** What one worker kind keeps about one workspace. */
interface LeaseRow {
  position: number;
  dueAt: Date | null;
  owner: string | null;
  until: Date | null;
  token: number;
}

/**
 * {@link WorkerLeases} in memory: a row per (worker, workspace), read and written between the store's
 * transactions (the caller passes its queue in), so a claim never sees a transaction's positions
 * before it ends.
 */
export class MemoryLeases implements WorkerLeases {
  private readonly rows = new Map<string, Map<string, LeaseRow>>();

  constructor(
    /** Every workspace's last log position. */
    private readonly heads: () => Iterable<readonly [workspaceId: string, head: number]>,
    /** Runs `fn` between two of the store's transactions. */
    private readonly between: <T>(fn: () => T) => Promise<T>,
  ) {}

  claim(request: LeaseRequest): Promise<WorkspaceLease[]> {
    return this.between(() => {
      const now = request.now.getTime();
      const of = this.of(request.worker);
      const candidates: Array<{ workspaceId: string; head: number; row: LeaseRow }> = [];
      for (const [workspaceId, head] of this.heads()) {
        const row = of.get(workspaceId) ?? { position: 0, dueAt: null, owner: null, until: null, token: 0 };
        const free = row.until === null || row.until.getTime() <= now;
        const work = head > row.position || (row.dueAt !== null && row.dueAt.getTime() <= now);
        if (free && work) candidates.push({ workspaceId, head, row });
      }
      // Least recently leased first; never leased before all.
      candidates.sort(
        (a, b) =>
          (a.row.until?.getTime() ?? -1) - (b.row.until?.getTime() ?? -1) ||
          (a.workspaceId < b.workspaceId ? -1 : 1),
      );
      const until = new Date(now + request.leaseMs);
      return candidates.slice(0, Math.max(0, request.limit)).map(({ workspaceId, head, row }) => {
        const next: LeaseRow = { ...row, owner: request.owner, until, token: row.token + 1 };
        of.set(workspaceId, next);
        return {
          worker: request.worker,
          workspaceId,
          owner: request.owner,
          token: next.token,
          until,
          position: next.position,
          head,
          dueAt: next.dueAt,
        };
      });
    });
  }

  settle(lease: WorkspaceLease, progress: LeaseProgress): Promise<boolean> {
    return this.between(() => {
      const of = this.of(lease.worker);
      const row = of.get(lease.workspaceId);
      if (!row || row.owner !== lease.owner || row.token !== lease.token) return false;
      const renew = progress.renewMs !== undefined;
      of.set(lease.workspaceId, {
        position: Math.max(row.position, progress.position),
        dueAt: progress.dueAt,
        owner: renew ? lease.owner : null,
        // Released, the lease ends now, which orders the next claims least recently held first.
        until: renew ? new Date(progress.now.getTime() + progress.renewMs!) : progress.now,
        token: row.token,
      });
      return true;
    });
  }

  wake(worker: string, workspaceId: string, at: Date): Promise<void> {
    return this.between(() => {
      const of = this.of(worker);
      const row = of.get(workspaceId) ?? { position: 0, dueAt: null, owner: null, until: null, token: 0 };
      of.set(workspaceId, { ...row, dueAt: row.dueAt === null || at < row.dueAt ? at : row.dueAt });
    });
  }

  private of(worker: string): Map<string, LeaseRow> {
    let of = this.rows.get(worker);
    if (!of) {
      of = new Map();
      this.rows.set(worker, of);
    }
    return of;
  }
}
