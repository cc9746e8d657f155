import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'vitest';
import type { ContactStore } from '../../src/ports/store.js';
import {
  assertIntakeInvariants,
  assertMergedIntakeInvariants,
  failedRate,
  INTAKE_WS,
  ingestShare,
  killMidIntake,
  MERGING_CONFIG,
  mergingEvents,
  overlappingEvents,
} from './sql-intake.js';

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, 'server-child.ts');

/** A store that reads its own tables directly, as the invariants need. */
type InspectableStore = ContactStore & { inspect(ws: string): Promise<Record<string, number>> };

/** What the concurrency tests need of a database server. */
export interface ServerUnderTest {
  readonly name: string;
  /** Whether another process can reach it (a real server, not PGlite). */
  readonly shared: boolean;
  /** How big the runs are (PGlite takes turns on one connection: smaller runs suffice there). */
  readonly scale: number;
  /** Opens a place (schema or database) of its own and returns stores on `connections` connections each. */
  place(name: string): Promise<string>;
  /** A store on `place` over a connection of its own. */
  open(place: string): Promise<{ store: InspectableStore; close(): Promise<void> }>;
  /** The child's command-line URL and place, for the crash test. */
  readonly url: string | null;
  drop(place: string): Promise<void>;
}

/**
 * The races every server adapter must survive: overlapping people ingested on 4 connections (message
 * counts exact, the failed-call rate reported), merges racing on 8, and a process killed mid-batch.
 */
export function serverConcurrencyTests(server: () => ServerUnderTest): void {
  it('4 connections ingesting overlapping people leave one contact per person and every message counted once', {
    timeout: 300_000,
  }, async () => {
    const s = server();
    const workers = 4;
    const total = Math.round(20_000 * s.scale);
    const events = overlappingEvents(total, workers, 25);
    const place = await s.place('overlap');
    const connections = await Promise.all(Array.from({ length: workers }, () => s.open(place)));
    try {
      const started = performance.now();
      const reports = await Promise.all(
        connections.map((c, w) =>
          ingestShare(c.store, events, w, workers, { callSize: 500, batchSize: 100 }),
        ),
      );
      console.info(
        `${s.name} concurrency: ${total} events on ${workers} connections in ${Math.round(performance.now() - started)} ms`,
      );
      console.info(failedRate(`${s.name} concurrency`, reports));
      const check = connections[0]!.store;
      await assertIntakeInvariants(check, events, (ws) => check.inspect(ws));
    } finally {
      await Promise.all(connections.map((c) => c.close()));
      await s.drop(place);
    }
  });

  it('8 connections merging the same people away from under each other lose nothing', {
    timeout: 300_000,
  }, async () => {
    const s = server();
    const workers = 8;
    const persons = Math.round(400 * s.scale);
    const events = mergingEvents(persons, workers);
    const place = await s.place('merging');
    const connections = await Promise.all(Array.from({ length: workers }, () => s.open(place)));
    try {
      const reports = await Promise.all(
        connections.map((c, w) =>
          ingestShare(c.store, events, w, workers, { callSize: 50, batchSize: 50 }, MERGING_CONFIG),
        ),
      );
      console.info(failedRate(`${s.name} merging`, reports));
      const check = connections[0]!.store;
      await assertMergedIntakeInvariants(check, events, (ws) => check.inspect(ws));
    } finally {
      await Promise.all(connections.map((c) => c.close()));
      await s.drop(place);
    }
  });

  it('a process killed in the middle of a large ingestBatch leaves whole batches only, and a re-run ends as if it had not crashed', {
    timeout: 300_000,
  }, async (context) => {
    const s = server();
    if (!s.shared || !s.url) {
      context.skip();
      return;
    }
    const total = 6_000;
    const events = overlappingEvents(total, 1, 10);
    const args = (place: string) => ['--import', 'tsx', CHILD, s.url!, place, String(total), '10', '500'];

    const clean = await s.place('clean');
    await run(process.execPath, args(clean), { timeout: 240_000 });
    const cleanStore = await s.open(clean);
    const expected = await assertIntakeInvariants(cleanStore.store, events, (ws) =>
      cleanStore.store.inspect(ws),
    );
    const expectedCounts = await cleanStore.store.inspect(INTAKE_WS);
    await cleanStore.close();

    const crash = await s.place('crash');
    const { store, close } = await s.open(crash);
    try {
      // The server rolls the open transaction back when the connection dies.
      await killMidIntake({
        spawnChild: () => spawn(process.execPath, args(crash), { stdio: 'ignore' }),
        store,
        events,
        batchSize: 500,
      });
      await run(process.execPath, args(crash), { timeout: 240_000 });
      const snapshot = await assertIntakeInvariants(store, events, (ws) => store.inspect(ws));
      assert.deepEqual(snapshot.people, expected.people);
      assert.deepEqual(snapshot.outbox, expected.outbox);
      assert.deepEqual(await store.inspect(INTAKE_WS), expectedCounts);
    } finally {
      await close();
      await s.drop(clean);
      await s.drop(crash);
    }
  });
}
