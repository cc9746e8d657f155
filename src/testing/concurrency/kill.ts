import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { ChatEventInput } from '../../model/chat-event.js';
import type { ContactStore } from '../../ports/store.js';
import { INTAKE_WS } from './events.js';
import { assertIntakeInvariants } from './invariants.js';

/** What {@link killMidIntake} needs. */
export interface KillMidIntakeOptions {
  /** Starts the process to kill, ingesting `events` in transactions of `batchSize`. */
  readonly spawnChild: () => ChildProcess;
  /** A store on the same place, in this process, to watch the child's progress and check what it left. */
  readonly store: ContactStore;
  readonly events: readonly ChatEventInput[];
  readonly batchSize: number;
  /** How many events must be stored before the kill, so that it lands after some commits. Default 1,000. */
  readonly after?: number;
}

/**
 * Starts an intake child, kills it with SIGKILL once at least `after` events are stored, and checks
 * what it left: fewer events than it was given, only whole batches of `batchSize`, and every committed
 * event complete. Returns how many events were committed.
 *
 * @example
 * ```ts
 * const committed = await killMidIntake({ spawnChild: () => spawn(...), store, events, batchSize: 500 });
 * ```
 */
export async function killMidIntake(options: KillMidIntakeOptions): Promise<number> {
  const { store, events, batchSize } = options;
  const after = options.after ?? 1000;
  const child = options.spawnChild();
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  let processed = 0;
  while (processed < after) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A child that ended before the kill would have the loop wait forever.
    if (exitCode !== undefined)
      assert.fail(
        `the child exited (code ${exitCode}) before ${after} events were stored (${processed} were)`,
      );
    processed = (await store.inspect(INTAKE_WS)).processedEvents ?? 0;
  }
  child.kill('SIGKILL');
  await exited;
  const committed = (await store.inspect(INTAKE_WS)).processedEvents ?? 0;
  assert.ok(committed < events.length, 'the child finished before it was killed');
  // Nothing partial: only whole batches committed, and every committed event is complete.
  assert.equal(committed % batchSize, 0, `${committed} events committed: not whole batches of ${batchSize}`);
  await assertIntakeInvariants(store, events.slice(0, committed));
  return committed;
}
