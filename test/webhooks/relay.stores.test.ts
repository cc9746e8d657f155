import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { MemoryStore } from '../../adapters/memory/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { ContactStore } from '../../src/ports/store.js';
import { planDeliveries } from '../../src/webhooks/fan-out.js';
import { MARIADB_URL, testMariadb } from '../support/mariadb.js';
import { testPostgres } from '../support/postgres.js';
import { relaySetup } from './relay-harness.js';
import { MINUTE } from './support.js';

/* What the relay counts on from each store, on each store: a planned range planned again, retries. */

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const STORES: Array<[string, () => Promise<ContactStore>]> = [
  ['memory', async () => new MemoryStore()],
  [
    'sqlite',
    async () => {
      const db = new Database(':memory:');
      cleanups.push(() => void db.close());
      return SqliteStore.open(db);
    },
  ],
  [
    'postgres',
    async () => {
      const pg = await testPostgres();
      cleanups.push(() => pg.dispose());
      return PostgresStore.open(pg.driver, { schema: pg.schema });
    },
  ],
];
if (MARIADB_URL) {
  STORES.push([
    'mariadb',
    async () => {
      const db = await testMariadb({ poolSize: 2 });
      cleanups.push(() => db.dispose());
      return MariadbStore.open(db.pool);
    },
  ]);
}

const URL = 'http://127.0.0.1:9/hook';

describe.each(STORES)('the relay on %s', (_, open) => {
  it('makes each delivery once when a stopped relay had planned some already', async () => {
    const s = relaySetup({ store: await open() });
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    await s.kit.contacts.ingest(s.event('bob@example.com'));
    // A relay planned the first event, delivered it, and stopped before it recorded its position.
    const [first] = await s.store.transaction('ws', (tx) => tx.log.events({ limit: 1 }));
    const [stored] = await s.store.transaction('ws', (tx) => tx.webhookEndpoints.get([endpoint.id]));
    const done = planDeliveries([first!], [stored!], s.now())[0]!;
    await s.store.transaction('ws', (tx) => tx.webhookDeliveries.insert([{ ...done, status: 'delivered' }]));
    const report = await s.pass();
    expect(report.planned).toBe(report.delivered);
    expect(report.delivered).toBeGreaterThan(0);
    expect(s.sentBodies().some((b) => b.id === first!.id)).toBe(false);
    const log = await s.kit.webhooks.deliveries('ws', endpoint.id, { limit: 100 });
    expect(log.items.every((d) => d.status === 'delivered')).toBe(true);
    expect(new Set(log.items.map((d) => d.eventId)).size).toBe(log.items.length);
  });

  it('retries, records every attempt, and keeps the endpoint’s health', async () => {
    const s = relaySetup({ store: await open() });
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    await s.kit.contacts.ingest(s.event('ana@example.com'));
    s.answer(() => ({ status: 500 }));
    await s.pass();
    expect(await s.kit.webhooks.get('ws', endpoint.id)).toMatchObject({ consecutiveFailures: 1 });
    s.answer(() => ({ status: 200 }));
    s.advance(MINUTE);
    await s.pass();
    const [d] = (await s.kit.webhooks.deliveries('ws', endpoint.id)).items;
    expect(d!.attemptLog.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(await s.kit.webhooks.get('ws', endpoint.id)).toMatchObject({ consecutiveFailures: 0 });
  });
});
