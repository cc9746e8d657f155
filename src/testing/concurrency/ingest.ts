import type { ChatEventInput } from '../../model/chat-event.js';
import type { WorkspaceConfigInput } from '../../model/workspace-config.js';
import type { ContactStore } from '../../ports/store.js';
import { createContactService, isRetryable } from '../../service/index.js';
import { eventsOfWorker } from './events.js';

/** What a worker's ingest met: its calls, and those that ran out of retries (and were sent again). */
export interface ShareReport {
  readonly ingested: number;
  readonly calls: number;
  readonly failed: number;
}

/** How one worker sends its events: events a call, and events a transaction inside the call. */
export interface ShareSizes {
  readonly callSize: number;
  readonly batchSize: number;
}

/**
 * Ingests worker `w`'s share of `events` (of `workers`) on `store`: calls of `callSize` events, each in
 * transactions of `batchSize`, with the service's default retries. A call that still fails (it ran out
 * of retries) is counted, and its events are sent again at the end, as a host would, until they go in.
 *
 * @example
 * ```ts
 * const report = await ingestShare(store, events, 0, 4, { callSize: 500, batchSize: 100 });
 * ```
 */
export async function ingestShare(
  store: ContactStore,
  events: readonly ChatEventInput[],
  w: number,
  workers: number,
  sizes: ShareSizes,
  config: WorkspaceConfigInput = {},
): Promise<ShareReport> {
  const service = createContactService({ store, batchSize: sizes.batchSize, config });
  const mine = eventsOfWorker(events, w, workers);
  let calls = 0;
  let failed = 0;
  let pending: ChatEventInput[][] = [];
  for (let i = 0; i < mine.length; i += sizes.callSize) pending.push(mine.slice(i, i + sizes.callSize));
  for (let round = 0; pending.length > 0; round++) {
    if (round >= 20) throw new Error(`worker ${w}: calls still failing after ${round} rounds`);
    const again: ChatEventInput[][] = [];
    for (const call of pending) {
      calls++;
      try {
        const results = await service.ingestBatch(call);
        const refused = results.find((r) => !r.ok);
        if (refused && !refused.ok) throw refused.error;
      } catch (error) {
        if (!isRetryable(error)) throw error;
        failed++;
        again.push(call);
      }
    }
    pending = again;
  }
  return { ingested: mine.length, calls, failed };
}

/**
 * One line for the test output: how many calls ran out of retries, of how many.
 *
 * @example
 * ```ts
 * failedRate('sqlite merging', reports); // 'sqlite merging: 3 of 64 calls ran out of retries (4.7%), …'
 * ```
 */
export function failedRate(name: string, reports: readonly ShareReport[]): string {
  const calls = reports.reduce((n, r) => n + r.calls, 0);
  const failed = reports.reduce((n, r) => n + r.failed, 0);
  return `${name}: ${failed} of ${calls} calls ran out of retries (${((100 * failed) / Math.max(1, calls)).toFixed(1)}%), and were sent again`;
}
