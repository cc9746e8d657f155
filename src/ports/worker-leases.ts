/*
 * Store-wide coordination of background workers that follow every workspace's activity log (a webhook
 * relay; later, other outbox readers). Everything else in the port is scoped to one workspace; this is
 * the one place a worker learns which workspaces have work, and takes a workspace for itself so that
 * several workers running at once never do the same workspace's work at the same time.
 *
 * A worker kind (`worker`, e.g. `webhooks`) keeps, per workspace, the log position it has handled up
 * to, when it next has work there without new entries (`dueAt`, a retry), and a lease: who holds the
 * workspace, until when, and a fencing token that grows with every claim.
 */

/** What {@link WorkerLeases.claim} is asked for. */
export interface LeaseRequest {
  /** The kind of worker (`webhooks`): each kind keeps its own positions, due times and leases. */
  readonly worker: string;
  /** Who claims: an id unique to one running worker. */
  readonly owner: string;
  /** The claimer's clock. */
  readonly now: Date;
  /** How long the leases last, from `now`, unless renewed. */
  readonly leaseMs: number;
  /** Most workspaces to claim (1–1000). */
  readonly limit: number;
}

/** A workspace a worker holds, and where it stands there. */
export interface WorkspaceLease {
  readonly worker: string;
  readonly workspaceId: string;
  readonly owner: string;
  /** Grows with every claim of this workspace by this kind of worker: a lost lease cannot be settled. */
  readonly token: number;
  /** When the lease ends unless renewed. */
  readonly until: Date;
  /** The log position the worker has handled up to here (0 at first). */
  readonly position: number;
  /** The workspace log's last position when claimed. */
  readonly head: number;
  /** When the worker asked to have work here again, or null. */
  readonly dueAt: Date | null;
}

/** What a worker records when it settles a lease. */
export interface LeaseProgress {
  /** The worker's clock. */
  readonly now: Date;
  /** The position handled up to; a position below the stored one leaves the stored one. */
  readonly position: number;
  /** When the worker next has work here without new log entries (a retry), or null for none. */
  readonly dueAt: Date | null;
  /** Keep the lease this long from `now` (a renewal); absent, the lease is released. */
  readonly renewMs?: number;
}

/**
 * Leases on workspaces for background workers, store-wide.
 *
 * @example
 * ```ts
 * const [lease] = await store.leases!.claim({ worker: 'webhooks', owner: 'relay-1', now, leaseMs: 60_000, limit: 1 });
 * // … handle the log after lease.position up to lease.head …
 * await store.leases!.settle(lease, { now, position: lease.head, dueAt: null });
 * ```
 */
export interface WorkerLeases {
  /**
   * Claims up to `limit` workspaces that have work for `worker`: their log has grown past the
   * worker's position there, or the due time it asked for has come. A workspace whose lease by
   * anyone has not yet ended is never returned. Two claims running at once never return the same
   * workspace (servers skip the rows another claim holds: `FOR UPDATE SKIP LOCKED`). Workspaces
   * leased least recently come first, so a busy one does not starve the others.
   */
  claim(request: LeaseRequest): Promise<WorkspaceLease[]>;
  /**
   * Records a lease holder's progress, and renews or releases the lease. Only the holder of the
   * lease's current token may: after another worker claimed the workspace (the lease had ended),
   * nothing is written and it resolves to false.
   */
  settle(lease: WorkspaceLease, progress: LeaseProgress): Promise<boolean>;
  /**
   * Asks for `worker` to have work in a workspace from `at` (what a replayed webhook delivery needs):
   * the due time becomes the earlier of the stored one and `at`. The position and lease are unchanged.
   */
  wake(worker: string, workspaceId: string, at: Date): Promise<void>;
}
