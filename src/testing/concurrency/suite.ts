import assert from 'node:assert/strict';
import type { ContactStore } from '../../ports/store.js';
import type { DescribeFn } from '../context.js';
import { INTAKE_WS, MERGING_CONFIG, mergingEvents, overlappingEvents } from './events.js';
import { failedRate, ingestShare, type ShareReport, type ShareSizes } from './ingest.js';
import { assertIntakeInvariants, assertMergedIntakeInvariants } from './invariants.js';
import type { IntakeJob } from './job.js';
import { killMidIntake } from './kill.js';
import type { OpenPlace } from './place.js';
import { type ChildCommand, runChild, spawnChild } from './processes.js';

/**
 * A test function that takes a timeout as its third argument: vitest's `it` and jest's `test` do;
 * node:test's `test` ignores it (use `--test-timeout`).
 */
export type SlowTestFn = (name: string, fn: () => Promise<void>, timeoutMs: number) => void;

/** How big the runs of the concurrency suite are. */
export interface ConcurrencySizes {
  /** Workers ingesting overlapping people at once. Default 4. */
  readonly overlapWorkers: number;
  /** Events they ingest, before `scale`. Default 20,000 (200 people). */
  readonly overlapEvents: number;
  /** Workers merging the same people at once. Default 8. */
  readonly mergeWorkers: number;
  /** People they merge, before `scale`. Default 400. */
  readonly mergePersons: number;
  /** Events the killed process is given, in one call of batches of 500. Default 6,000. */
  readonly killEvents: number;
}

const DEFAULT_SIZES: ConcurrencySizes = {
  overlapWorkers: 4,
  overlapEvents: 20_000,
  mergeWorkers: 8,
  mergePersons: 400,
  killEvents: 6_000,
};
const OVERLAP: ShareSizes = { callSize: 500, batchSize: 100 };
const MERGE: ShareSizes = { callSize: 50, batchSize: 50 };
const KILL_BATCH = 500;

/** How to run the concurrency suite: your runner's functions, and how to make, open and drop places. */
export interface ConcurrencyOptions {
  /** Your runner's `describe` (vitest, jest, or node:test's). */
  readonly describe: DescribeFn;
  /** Your runner's `it` or `test`; the suite passes each test a timeout of `timeoutMs`. */
  readonly it: SlowTestFn;
  /**
   * Makes a fresh, migrated place no other test uses (a schema, a database, a file) and returns its
   * name, which `open`, `dropPlace` and the child get. `name` says which test it is for.
   */
  readonly createPlace: (name: string) => Promise<string>;
  /** Opens a store on a place over a connection of its own (several are open at once). */
  readonly open: OpenPlace;
  /** Removes a place and everything in it (what it resolves to is ignored). */
  readonly dropPlace: (place: string) => Promise<unknown>;
  /**
   * Whether another process can reach a place (a server or a file, not an in-process database). Default:
   * what `store.capabilities.multiProcess` of a store from `open` declares. Without it, the kill test is
   * reported as skipped.
   */
  readonly multiProcess?: boolean;
  /** How your child script is started (see `runIntakeChild`). Without it, the kill test is reported as skipped. */
  readonly child?: ChildCommand;
  /**
   * Where the racing workers run: on connections of this process (default), or each in a child process,
   * for drivers whose connection blocks its process while it waits for a lock (better-sqlite3).
   */
  readonly racers?: 'connections' | 'processes';
  /** Multiplies the overlapping events and the merged people, e.g. 0.1 for an engine that serializes connections. Default 1. */
  readonly scale?: number;
  /** Overrides of the run sizes. */
  readonly sizes?: Partial<ConcurrencySizes>;
  /** Each test's timeout. Default 300,000 ms. */
  readonly timeoutMs?: number;
  /** Name of the outer describe block. Default `contactkit concurrency`. */
  readonly name?: string;
  /** Where skipped tests, timings and failed-call rates are reported. Default `console.info`. */
  readonly report?: (message: string) => void;
}

/**
 * Registers the races and the crash every storage adapter that serves several clients must survive,
 * with your test runner. Assertions use `node:assert/strict`, so any runner works. Three tests:
 *
 * - workers on connections of their own (or processes) ingesting overlapping people: one contact per
 *   person, every message counted once, every event recorded once; the failed-call rate is reported;
 * - workers merging the same people away from under each other: nothing lost, one contact per person;
 * - a process killed with SIGKILL in the middle of a large `ingestBatch`: only whole batches were
 *   stored, and running it again ends in the same state as a run that never crashed. It needs `child`
 *   and a store that other processes reach; otherwise it is reported as skipped, by name, with why.
 *
 * @example
 * ```ts
 * // test/my-store.concurrency.test.ts
 * import { join } from 'node:path';
 * import { describe, it } from 'vitest';
 * import { runConcurrencySuite } from 'contactkit/testing';
 * import { createSchema, dropSchema, openOnSchema } from './my-store-places.js';
 *
 * runConcurrencySuite({
 *   describe,
 *   it,
 *   createPlace: (name) => createSchema(`ck_${name}_${Date.now()}`),
 *   open: openOnSchema, // (schema) => ({ store, close }), a connection of its own
 *   dropPlace: dropSchema,
 *   child: [process.execPath, '--import', 'tsx', join(import.meta.dirname, 'my-store-child.ts')],
 * });
 * ```
 */
export function runConcurrencySuite(options: ConcurrencyOptions): void {
  const sizes: ConcurrencySizes = { ...DEFAULT_SIZES, ...options.sizes };
  const scale = options.scale ?? 1;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const report = options.report ?? ((message: string) => console.info(message));
  const suiteName = options.name ?? 'contactkit concurrency';
  const racers = options.racers ?? 'connections';
  if (racers === 'processes' && !options.child)
    throw new Error('runConcurrencySuite: `racers: "processes"` needs the `child` option');

  /** Runs `fn` on a fresh place, and drops the place after it whatever happened. */
  const onPlace = async (name: string, fn: (place: string) => Promise<void>) => {
    const place = await options.createPlace(name);
    try {
      await fn(place);
    } finally {
      await options.dropPlace(place);
    }
  };
  /** Runs `fn` on a store opened on `place`, and closes it after. */
  const withStore = async <T>(place: string, fn: (store: ContactStore) => Promise<T>) => {
    const opened = await options.open(place);
    try {
      return await fn(opened.store);
    } finally {
      await opened.close();
    }
  };
  /** Has `workers` ingest their shares of a stream on `place` at once, on connections or in processes. */
  const race = async (
    place: string,
    workers: number,
    job: (worker: number, startAt: number) => IntakeJob,
    inProcess: (store: ContactStore, worker: number) => Promise<ShareReport>,
  ): Promise<ShareReport[]> => {
    if (racers === 'processes') {
      // Processes take a while to start: each waits for the same moment, so that they really race.
      const startAt = Date.now() + 1500;
      return Promise.all(
        Array.from({ length: workers }, (_, w) =>
          runChild(options.child!, place, job(w, startAt), timeoutMs),
        ),
      );
    }
    const connections = await Promise.all(Array.from({ length: workers }, () => options.open(place)));
    try {
      return await Promise.all(connections.map((c, w) => inProcess(c.store, w)));
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  };

  options.describe(suiteName, () => {
    const overlap = Math.max(1, Math.round(sizes.overlapEvents * scale));
    const overlapWorkers = sizes.overlapWorkers;
    options.it(
      `${overlapWorkers} ${racers} ingesting overlapping people leave one contact per person and every message counted once`,
      () =>
        onPlace('overlap', async (place) => {
          const events = overlappingEvents(overlap, overlapWorkers, 25);
          const started = performance.now();
          const reports = await race(
            place,
            overlapWorkers,
            (worker, startAt) => ({
              stream: 'overlapping',
              total: overlap,
              perWorker: 25,
              worker,
              workers: overlapWorkers,
              ...OVERLAP,
              startAt,
            }),
            (store, w) => ingestShare(store, events, w, overlapWorkers, OVERLAP),
          );
          report(
            `${suiteName}: ${overlap} events on ${overlapWorkers} ${racers} in ${Math.round(performance.now() - started)} ms`,
          );
          report(failedRate(`${suiteName} overlapping`, reports));
          await withStore(place, (store) => assertIntakeInvariants(store, events));
        }),
      timeoutMs,
    );

    const persons = Math.max(1, Math.round(sizes.mergePersons * scale));
    const mergeWorkers = sizes.mergeWorkers;
    options.it(
      `${mergeWorkers} ${racers} merging the same people away from under each other lose nothing`,
      () =>
        onPlace('merging', async (place) => {
          const events = mergingEvents(persons, mergeWorkers);
          const reports = await race(
            place,
            mergeWorkers,
            (worker, startAt) => ({
              stream: 'merging',
              persons,
              worker,
              workers: mergeWorkers,
              ...MERGE,
              startAt,
            }),
            (store, w) => ingestShare(store, events, w, mergeWorkers, MERGE, MERGING_CONFIG),
          );
          report(failedRate(`${suiteName} merging`, reports));
          await withStore(place, (store) => assertMergedIntakeInvariants(store, events));
        }),
      timeoutMs,
    );

    const killTitle =
      'a process killed in the middle of a large ingestBatch leaves whole batches only, and a re-run ends as if it had not crashed';
    options.it(
      killTitle,
      async () => {
        const total = sizes.killEvents;
        const events = overlappingEvents(total, 1, 10);
        const job: IntakeJob = {
          stream: 'overlapping',
          total,
          perWorker: 10,
          worker: 0,
          workers: 1,
          callSize: total,
          batchSize: KILL_BATCH,
          startAt: 0,
        };
        await onPlace('clean', async (clean) => {
          const declared = await withStore(clean, async (store) => store.capabilities.multiProcess);
          const skipped = !(options.multiProcess ?? declared ?? false)
            ? 'the store does not declare `multiProcess` (no other process can reach it)'
            : !options.child
              ? 'needs the `child` option'
              : undefined;
          if (skipped !== undefined) {
            report(`[skipped] ${suiteName} › ${killTitle}: ${skipped}`);
            return;
          }
          const child = options.child!;
          // The run that never crashed.
          await runChild(child, clean, job, timeoutMs);
          const { expected, expectedCounts } = await withStore(clean, async (store) => ({
            expected: await assertIntakeInvariants(store, events),
            expectedCounts: await store.inspect(INTAKE_WS),
          }));
          // The run that is killed once some batches committed and before all did, then run again.
          await onPlace('crash', (crash) =>
            withStore(crash, async (store) => {
              const committed = await killMidIntake({
                spawnChild: () => spawnChild(child, crash, job),
                store,
                events,
                batchSize: KILL_BATCH,
              });
              report(`${suiteName}: the killed process had committed ${committed} of ${total} events`);
              await runChild(child, crash, job, timeoutMs);
              const snapshot = await assertIntakeInvariants(store, events);
              assert.deepEqual(snapshot.people, expected.people, 'the re-run ended with other contacts');
              assert.deepEqual(snapshot.outbox, expected.outbox, 'the re-run published other events');
              assert.deepEqual(
                await store.inspect(INTAKE_WS),
                expectedCounts,
                'the re-run stored other rows',
              );
            }),
          );
        });
      },
      timeoutMs,
    );
  });
}
