import { ingestShare, type ShareReport } from './ingest.js';
import { parseJob, streamOf } from './job.js';
import type { OpenPlace } from './place.js';

/** What the child side of the concurrency suite needs. */
export interface IntakeChildOptions {
  /** Opens a store on a place over a connection of its own: the same as the suite's `open`. */
  readonly open: OpenPlace;
  /**
   * The command line; the suite appends the place and the job as its last two arguments, so anything
   * before them (a server URL, say) is yours. Default `process.argv`.
   */
  readonly argv?: readonly string[];
}

/**
 * The child process of `runConcurrencySuite`: reads the place and the job the suite appended to the
 * command line, opens a store on the place, waits for the job's start time (so children started one
 * after another race), ingests its share of the events, prints what it met as one JSON line on stdout,
 * and closes the store. The suite kills some children mid-batch: that is what the child is for.
 *
 * Your child script is the file the suite's `child` command runs. With `tsx`, the command is
 * `[process.execPath, '--import', 'tsx', 'test/my-store-child.ts']`.
 *
 * @example
 * ```ts
 * // test/my-store-child.ts
 * import Database from 'better-sqlite3';
 * import { SqliteStore } from 'contactkit/sqlite';
 * import { runIntakeChild } from 'contactkit/testing';
 *
 * await runIntakeChild({
 *   open: async (file) => {
 *     const db = new Database(file);
 *     return { store: await SqliteStore.open(db), close: () => db.close() };
 *   },
 * });
 * ```
 */
export async function runIntakeChild(options: IntakeChildOptions): Promise<ShareReport> {
  const argv = options.argv ?? process.argv;
  const place = argv.at(-2);
  const job = parseJob(argv.at(-1));
  if (!place) throw new Error('runIntakeChild: no place on the command line');
  const { events, config, sizes } = streamOf(job);
  const opened = await options.open(place);
  try {
    const wait = job.startAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const report = await ingestShare(opened.store, events, job.worker, job.workers, sizes, config);
    console.log(JSON.stringify(report));
    return report;
  } finally {
    await opened.close();
  }
}
