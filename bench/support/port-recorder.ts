import { MemoryStore } from '../../adapters/memory/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { ContactStore, WorkspaceTransaction } from '../../src/ports/store.js';
import { type ContactServiceOptions, createContactService } from '../../src/service/index.js';

/** One repository call as intake made it: `tx[repository][method](...args)`, or `tx[method](...args)` when `repository` is `tx`. */
interface RecordedCall {
  readonly repository: string;
  readonly method: string;
  readonly args: unknown[];
}

/** The calls of one committed transaction. */
export interface RecordedTransaction {
  readonly workspaceId: string;
  readonly calls: RecordedCall[];
}

/**
 * A store that passes everything to `inner` and keeps, per committed transaction, every repository call
 * with its arguments. Replaying them on another store makes exactly the reads and writes the
 * service made, with no service around them: what the storage alone costs for a workload, and so the
 * most the service could reach on that store if it cost nothing itself.
 *
 * With `onCommit`, each committed transaction is handed to it (and awaited) instead of kept, so that a
 * long run can be replayed as it goes with bounded memory.
 */
export class RecordingStore implements ContactStore {
  readonly recorded: RecordedTransaction[] = [];
  readonly capabilities;

  constructor(
    private readonly inner: ContactStore,
    private readonly onCommit?: (transaction: RecordedTransaction) => Promise<void>,
  ) {
    this.capabilities = inner.capabilities;
  }

  async transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    let committed: RecordedTransaction | undefined;
    const value = await this.inner.transaction(workspaceId, async (tx) => {
      const calls: RecordedCall[] = [];
      const recording = new Proxy(tx, {
        get(target, repository: string) {
          const repo = (target as unknown as Record<string, unknown>)[repository];
          // The plans a transaction applies itself (`applyMerge`, `applyErasure`) are calls too.
          if (typeof repo === 'function') {
            return (...args: unknown[]) => {
              calls.push({ repository: 'tx', method: repository, args });
              return (repo as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          if (typeof repo !== 'object' || repo === null) return repo;
          return new Proxy(repo, {
            get(r, method: string) {
              const fn = (r as Record<string, unknown>)[method];
              if (typeof fn !== 'function') return fn;
              return (...args: unknown[]) => {
                // Records are immutable by contract (the stores keep references too): no copy needed.
                calls.push({ repository, method, args });
                return (fn as (...a: unknown[]) => unknown).apply(r, args);
              };
            },
          });
        },
      });
      const result = await fn(recording);
      committed = { workspaceId, calls };
      return result;
    });
    // Only a transaction that committed counts: a retried attempt's calls are dropped with it.
    if (committed) {
      if (this.onCommit) await this.onCommit(committed);
      else this.recorded.push(committed);
    }
    return value;
  }

  inspect(workspaceId: string): Promise<Record<string, number>> {
    return this.inner.inspect(workspaceId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Makes every recorded call again on `store`, transaction by transaction. */
export async function replay(store: ContactStore, recorded: readonly RecordedTransaction[]): Promise<void> {
  for (const { workspaceId, calls } of recorded) {
    await store.transaction(workspaceId, async (tx) => {
      for (const { repository, method, args } of calls) {
        if (repository === 'tx') {
          await (tx as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
          continue;
        }
        const repo = (tx as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
          repository
        ]!;
        await repo[method]!(...args);
      }
    });
  }
}

/**
 * Runs `events` through the whole service on a memory store, in batches of `batch`, and returns its
 * committed transactions' calls: the workload to replay on the store being measured. `options` fixes
 * the clock and the id source, for a test that compares the rows with another intake's.
 */
export async function recordIntake(
  events: readonly ChatEventInput[],
  batch: number,
  options: Pick<ContactServiceOptions, 'clock' | 'ids'> = {},
): Promise<RecordedTransaction[]> {
  const recorder = new RecordingStore(new MemoryStore());
  const service = createContactService({ ...options, store: recorder, batchSize: batch });
  for (let i = 0; i < events.length; i += batch) {
    const results = await service.ingestBatch(events.slice(i, i + batch));
    if (results.some((r) => !r.ok)) throw new Error('bench: an event was refused');
  }
  return recorder.recorded;
}

/**
 * Events per second of `store` alone making the calls the service made for `events` in batches of
 * `batch`: they are recorded first (untimed), then replayed on `store` (timed).
 */
export async function storageOnlyRate(
  store: ContactStore,
  events: readonly ChatEventInput[],
  batch: number,
): Promise<number> {
  const recorded = await recordIntake(events, batch);
  const start = performance.now();
  await replay(store, recorded);
  return events.length / ((performance.now() - start) / 1000);
}
