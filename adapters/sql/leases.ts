import { pageSize } from '../../src/ports/page.js';
import type {
  LeaseProgress,
  LeaseRequest,
  WorkerLeases,
  WorkspaceLease,
} from '../../src/ports/worker-leases.js';
import { LOG_POSITIONS } from './activity-log.js';
import { decodeCell } from './codec.js';
import type { SqlContext } from './context.js';
import { raw, sql } from './sql.js';

/** The store-wide table of worker positions, due times and leases (migration 1). */
export const WORKER_LEASES = 'worker_leases';

/** Runs `fn` in one store-wide transaction (no workspace scope): what the store class provides. */
export type StoreTransaction = <T>(fn: (ctx: SqlContext) => Promise<T>) => Promise<T>;

const dateOf = (value: unknown): Date | null => (decodeCell('date', value) as Date | undefined) ?? null;

/**
 * {@link WorkerLeases} over the shared SQL layer. A claim is one short transaction of three steps:
 * lease rows are made for workspaces that have a log but no row yet; candidates are read without
 * locks (the log's position counters are never locked here, so writers never wait for a relay); then
 * the candidates' lease rows are locked, skipping those another claim holds (`FOR UPDATE SKIP
 * LOCKED`), checked again, and leased with the next fencing token.
 */
export function sqlLeases(dialect: SqlContext['dialect'], transaction: StoreTransaction): WorkerLeases {
  const leases = dialect.table(WORKER_LEASES);
  const positions = dialect.table(LOG_POSITIONS);
  const date = (d: Date) => dialect.bind('date', d);
  const free = (now: Date) => sql`(t.lease_until IS NULL OR t.lease_until <= ${date(now)})`;

  return {
    claim: (request: LeaseRequest) =>
      transaction(async (ctx) => {
        const { worker, owner, now } = request;
        const limit = pageSize(request.limit);
        // A row for every workspace with a log and none yet (in key order, so two claims never wait
        // for each other in a circle); a row another claim made meanwhile is left as it is.
        await ctx.run(
          sql`INSERT INTO ${raw(leases)} (workspace_id, worker, position, lease_token) SELECT p.workspace_id, ${worker}, 0, 0 FROM ${raw(
            positions,
          )} AS p WHERE NOT EXISTS (SELECT 1 FROM ${raw(leases)} AS l WHERE l.workspace_id = p.workspace_id AND l.worker = ${worker}) ORDER BY p.workspace_id ${raw(
            dialect.upsert(leases, ['workspace_id', 'worker'], [['worker', (stored) => stored('worker')]]),
          )}`,
        );
        const candidates = await ctx.all(
          sql`SELECT t.workspace_id, p.position AS head FROM ${raw(leases)} AS t LEFT JOIN ${raw(
            positions,
          )} AS p ON p.workspace_id = t.workspace_id WHERE t.worker = ${worker} AND ${free(now)} AND (COALESCE(p.position, 0) > t.position OR t.due_at <= ${date(
            now,
          )}) ORDER BY t.lease_until IS NULL DESC, t.lease_until, t.workspace_id LIMIT ${limit}`,
        );
        if (candidates.length === 0) return [];
        const heads = new Map(candidates.map((r) => [String(r.workspace_id), Number(r.head ?? 0)]));
        const held = await ctx.all(
          sql`SELECT t.workspace_id, t.position, t.due_at, t.lease_token FROM ${raw(leases)} AS t WHERE t.worker = ${worker} AND t.workspace_id IN (SELECT k FROM (${ctx.keys(
            [...heads.keys()].sort(),
          )}) AS x) AND ${free(now)} ORDER BY t.workspace_id ${raw(dialect.skipLocked ?? dialect.lockRows)}`,
        );
        const until = new Date(now.getTime() + request.leaseMs);
        const claimed: WorkspaceLease[] = [];
        for (const row of held) {
          const workspaceId = String(row.workspace_id);
          const head = heads.get(workspaceId) ?? 0;
          const position = Number(row.position);
          const dueAt = dateOf(row.due_at);
          // Another worker may have settled it between the two reads.
          if (!(head > position || (dueAt !== null && dueAt <= now))) continue;
          claimed.push({
            worker,
            workspaceId,
            owner,
            token: Number(row.lease_token) + 1,
            until,
            position,
            head,
            dueAt,
          });
        }
        if (claimed.length === 0) return [];
        await ctx.run(
          sql`UPDATE ${raw(leases)} SET lease_owner = ${owner}, lease_until = ${date(until)}, lease_token = lease_token + 1 WHERE worker = ${worker} AND workspace_id IN (SELECT k FROM (${ctx.keys(
            claimed.map((c) => c.workspaceId),
          )}) AS x)`,
        );
        return claimed;
      }),

    settle: (lease: WorkspaceLease, progress: LeaseProgress) =>
      transaction(async (ctx) => {
        const renew = progress.renewMs !== undefined;
        // Released, the lease ends now: `lease_until` then says when it was last held, which orders
        // the next claims least recently held first.
        const until = renew ? new Date(progress.now.getTime() + progress.renewMs!) : progress.now;
        const changed = await ctx.run(
          sql`UPDATE ${raw(leases)} SET position = CASE WHEN position < ${progress.position} THEN ${progress.position} ELSE position END, due_at = ${
            progress.dueAt === null ? null : date(progress.dueAt)
          }, lease_owner = ${renew ? lease.owner : null}, lease_until = ${date(until)} WHERE workspace_id = ${
            lease.workspaceId
          } AND worker = ${lease.worker} AND lease_owner = ${lease.owner} AND lease_token = ${lease.token}`,
        );
        return changed > 0;
      }),

    wake: (worker: string, workspaceId: string, at: Date) =>
      transaction(async (ctx) => {
        await ctx.run(
          sql`INSERT INTO ${raw(leases)} (workspace_id, worker, position, due_at, lease_token) VALUES (${workspaceId}, ${worker}, 0, ${date(
            at,
          )}, 0) ${raw(
            dialect.upsert(
              leases,
              ['workspace_id', 'worker'],
              [
                [
                  'due_at',
                  (stored, incoming) =>
                    `CASE WHEN ${stored('due_at')} IS NULL OR ${stored('due_at')} > ${incoming('due_at')} THEN ${incoming('due_at')} ELSE ${stored('due_at')} END`,
                ],
              ],
            ),
          )}`,
        );
      }),
  };
}
