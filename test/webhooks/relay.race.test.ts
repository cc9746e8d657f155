import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactkit } from '../../src/service/contactkit.js';
import { createRelay, type RelayOptions, type RelayReport } from '../../src/service/webhook-relay.js';
import { MARIADB_URL, testMariadb } from '../support/mariadb.js';
import { PG_URL, testPostgres } from '../support/postgres.js';
import { startReceiver } from './receiver.js';
import { addReports, emptyReport } from './relay-harness.js';

/*
 * Two relays, each over its own connections to one database, racing over the same workspaces: every
 * attempt the delivery log records is exactly one request the receiver got, no event is ever in flight
 * twice at once, and every event is delivered. The receiver fails a share of requests at first, so
 * retries race too.
 */

const dir = mkdtempSync(join(tmpdir(), 'contactkit-race-'));
const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * Where the race runs: a store to set up and check with, and how to run two relays on its data until
 * every delivery of the workspaces is done.
 */
interface Arena {
  readonly store: ContactStore;
  /** Runs two relays until `expected` deliveries of the workspaces are delivered. */
  race(
    spaces: readonly string[],
    expected: number,
    settings: RelayOptions,
    whileRacing: () => Promise<void>,
  ): Promise<RelayReport[]>;
}

/** Two relays in this process, each over its own store (its own pool) on the same data. */
function inProcess(store: ContactStore, other: ContactStore): Arena {
  return {
    store,
    race: async (spaces, expected, settings, whileRacing) => {
      const relays = [store, other].map((s, i) => createRelay(s, { ...settings, owner: `relay-${i}` }));
      const reports = relays.map(() => emptyReport());
      const pass = async () => {
        const done = await Promise.all(relays.map((r) => r.runOnce()));
        for (const [i, report] of done.entries()) addReports(reports[i]!, report);
      };
      const racing = whileRacing();
      for (let round = 0; round < 2000; round++) {
        await pass();
        const delivered = await Promise.all(
          spaces.map((ws) =>
            store.transaction(ws, (tx) => tx.webhookDeliveries.count({ status: 'delivered' })),
          ),
        );
        if (delivered.reduce((a, b) => a + b, 0) >= expected) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await racing;
      await Promise.all(relays.map((r) => r.stop()));
      return reports;
    },
  };
}

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, 'relay-child.ts');

const ARENAS: Array<[string, () => Promise<Arena>]> = [
  [
    'sqlite (two processes on one file)',
    async () => {
      // SQLite has one writer: two connections in one process would wait for each other forever, so
      // each relay runs in a process of its own, as two relay deployments would.
      const file = join(dir, 'race.db');
      const db = new Database(file);
      cleanups.push(() => void db.close());
      const store = await SqliteStore.open(db);
      return {
        store,
        race: async (spaces, expected, settings, whileRacing) => {
          const child = (owner: string) =>
            run(process.execPath, [
              '--import',
              'tsx',
              CHILD,
              file,
              owner,
              spaces.join(','),
              String(expected),
              JSON.stringify(settings),
            ]);
          const [a, b] = await Promise.all([child('relay-0'), child('relay-1'), whileRacing()]);
          return [a, b].map((out) => JSON.parse(out.stdout.trim().split('\n').at(-1)!) as RelayReport);
        },
      };
    },
  ],
];
if (PG_URL) {
  ARENAS.push([
    'postgres (two pools)',
    async () => {
      const pg = await testPostgres({ poolSize: 4 });
      const other = await pg.connect(4);
      cleanups.push(
        () => pg.dispose(),
        () => other.close(),
      );
      const first = await PostgresStore.open(pg.driver, { schema: pg.schema });
      return inProcess(first, await PostgresStore.open(other.driver, { schema: pg.schema }));
    },
  ]);
} else {
  console.info('[skipped] relay.race.test.ts on postgres: set CONTACTKIT_PG_URL to race two pools');
}
if (MARIADB_URL) {
  ARENAS.push([
    'mariadb (two pools)',
    async () => {
      const db = await testMariadb({ poolSize: 4 });
      const other = await db.connect(4);
      cleanups.push(
        () => db.dispose(),
        () => other.close(),
      );
      return inProcess(await MariadbStore.open(db.pool), await MariadbStore.open(other.pool));
    },
  ]);
} else {
  console.info('[skipped] relay.race.test.ts on mariadb: set CONTACTKIT_MARIADB_URL to run');
}

describe.each(ARENAS)('two relays racing on %s', (_, arena) => {
  it('deliver each event once per attempt, never twice at the same time, and all of them', async () => {
    const receiver = await startReceiver({ delayMs: 25 });
    cleanups.push(() => receiver.close());
    const { store: storeA, race } = await arena();
    const kit = createContactkit({ store: storeA, webhooks: { allowPrivateAddresses: true } });
    const spaces = ['race_a', 'race_b', 'race_c', 'race_d', 'race_e', 'race_f'];
    for (const ws of spaces) {
      await kit.webhooks.create(ws, { url: receiver.url });
      await kit.webhooks.create(ws, { url: `${receiver.url}?second`, eventTypes: ['contact.created'] });
      for (let i = 0; i < 8; i++) {
        await kit.contacts.ingest({
          workspaceId: ws,
          eventId: `${ws}-${i}`,
          occurredAt: new Date(),
          channel: 'web',
          identities: { email: `p${i % 3}@${ws}.example.com` },
          message: { text: `hello ${i}` },
        });
      }
    }
    const published = new Map<string, number>();
    for (const ws of spaces) {
      const events = await storeA.transaction(ws, (tx) => tx.log.events({ limit: 1000 }));
      for (const e of events) published.set(e.id, (published.get(e.id) ?? 0) + 1);
    }
    // The first requests fail: retries race as well.
    await receiver.mode('error');
    // Every event to the first endpoint; creations to the second as well.
    let expected = 0;
    for (const ws of spaces) {
      const events = await storeA.transaction(ws, (tx) => tx.log.events({ limit: 1000 }));
      expected += events.length + events.filter((e) => e.type === 'contact.created').length;
    }
    const reports = await race(
      spaces,
      expected,
      {
        timeoutMs: 2_000,
        leaseMs: 6_000,
        workspaces: 2,
        batchSize: 5,
        retry: { firstDelayMs: 20, factor: 2 },
        allowPrivateAddresses: true,
      },
      async () => {
        // Back once the relays have met some failures.
        for (let i = 0; i < 2000 && receiver.receipts.length < 12; i++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await receiver.mode('ok');
      },
    );

    // Every attempt a delivery log records is one request the receiver got, and the other way round.
    const logged = new Map<string, number>();
    for (const ws of spaces) {
      const urls = new Map((await kit.webhooks.list(ws)).items.map((e) => [e.id, new URL(e.url)]));
      const deliveries = await storeA.transaction(ws, (tx) => tx.webhookDeliveries.find({ limit: 1000 }));
      for (const d of deliveries.items) {
        expect(d.status, `${ws} ${d.id}`).toBe('delivered');
        const url = urls.get(d.endpointId)!;
        logged.set(`${d.eventId} ${url.pathname}${url.search}`, d.attempts);
      }
    }
    const received = new Map<string, number>();
    for (const r of receiver.receipts) {
      const key = `${r.headers['webhook-id']} ${r.path}`;
      received.set(key, (received.get(key) ?? 0) + 1);
    }
    expect(received).toEqual(logged);
    expect([...published.keys()].every((id) => [...logged.keys()].some((k) => k.startsWith(`${id} `)))).toBe(
      true,
    );
    expect(receiver.receipts.filter((r) => r.overlapped)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(logged.size);
    expect(reports.reduce((n, r) => n + r.retrying, 0)).toBeGreaterThan(0);
    console.info(
      `race: ${reports.map((r, i) => `relay ${i}: ${r.workspaces} claims, ${r.attempted} attempts`).join('; ')}`,
    );
  });
});
