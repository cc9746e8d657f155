import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, it } from 'vitest';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import {
  assertIntakeInvariants,
  assertMergedIntakeInvariants,
  failedRate,
  INTAKE_WS,
  killMidIntake,
  mergingEvents,
  overlappingEvents,
  type ShareReport,
} from './sql-intake.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'contactkit-sqlite-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHILD = join(import.meta.dirname, 'sqlite-child.ts');
const childArgs = (
  file: string,
  startAt: number,
  args: Array<string | number>,
  action: 'ingest' | 'merge' = 'ingest',
) => ['--import', 'tsx', CHILD, action, file, String(startAt), ...args.map(String)];

async function openStore(file: string) {
  const db = new Database(file);
  const store = await SqliteStore.open(db);
  return { store, close: () => db.close() };
}

/** Runs `action` in two child processes at once on `file` (migrated first); `args(w)` are worker w's. */
async function inTwoProcesses(
  file: string,
  action: 'ingest' | 'merge',
  args: (w: number) => Array<string | number>,
): Promise<void> {
  (await openStore(file)).close();
  const startAt = Date.now() + 1500;
  const outputs = await Promise.all(
    [0, 1].map((w) => run(process.execPath, childArgs(file, startAt, args(w), action), { timeout: 240_000 })),
  );
  const reports = outputs.map((o) => JSON.parse(o.stdout.trim().split('\n').at(-1)!) as ShareReport);
  console.info(failedRate(`sqlite ${action} in two processes`, reports));
}

describe('sqlite intake across processes', () => {
  it('two processes ingesting overlapping identities leave one contact per person', {
    timeout: 300_000,
  }, async () => {
    const file = join(dir, 'two-processes.db');
    const total = 20_000;
    await inTwoProcesses(file, 'ingest', (w) => [w, 2, total, 25, 500, 100]);
    const { store, close } = await openStore(file);
    try {
      await assertIntakeInvariants(store, overlappingEvents(total, 2, 25), (ws) => store.inspect(ws));
    } finally {
      close();
    }
  });

  it('two processes merging the same people away from under each other lose nothing', {
    timeout: 300_000,
  }, async () => {
    const file = join(dir, 'merging.db');
    const persons = 400;
    await inTwoProcesses(file, 'merge', (w) => [w, 2, persons, 50]);
    const { store, close } = await openStore(file);
    try {
      await assertMergedIntakeInvariants(store, mergingEvents(persons, 2), (ws) => store.inspect(ws));
    } finally {
      close();
    }
  });

  it('a process killed in the middle of a large ingestBatch leaves whole batches only, and a re-run ends as if it had not crashed', {
    timeout: 300_000,
  }, async () => {
    const total = 12_000;
    const events = overlappingEvents(total, 1, 10);
    const args = [0, 1, total, 10, total, 500];

    // The run that never crashed.
    const cleanFile = join(dir, 'clean.db');
    (await openStore(cleanFile)).close();
    await run(process.execPath, childArgs(cleanFile, 0, args), { timeout: 240_000 });
    const clean = await openStore(cleanFile);
    const expected = await assertIntakeInvariants(clean.store, events, (ws) => clean.store.inspect(ws));
    const expectedCounts = await clean.store.inspect(INTAKE_WS);
    clean.close();

    // The run that is killed once some batches committed and before all did.
    const file = join(dir, 'crash.db');
    const { store, close } = await openStore(file);
    try {
      await killMidIntake({
        spawnChild: () => spawn(process.execPath, childArgs(file, 0, args), { stdio: 'ignore' }),
        store,
        events,
        batchSize: 500,
      });

      // Running it again completes, and the end is the same as the clean run's.
      await run(process.execPath, childArgs(file, 0, args), { timeout: 240_000 });
      const snapshot = await assertIntakeInvariants(store, events, (ws) => store.inspect(ws));
      assert.deepEqual(snapshot.people, expected.people);
      assert.deepEqual(snapshot.outbox, expected.outbox);
      assert.deepEqual(await store.inspect(INTAKE_WS), expectedCounts);
    } finally {
      close();
    }
  });
});
