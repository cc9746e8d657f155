import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { ContactStore } from '../../src/ports/store.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { MARIADB_URL, testMariadb } from '../support/mariadb.js';
import { PG_URL, testPostgres } from '../support/postgres.js';
import { startReceiver } from './receiver.js';
import { relaySetup } from './relay-harness.js';
import { HOUR } from './support.js';

/*
 * End to end over HTTP: a real receiver on 127.0.0.1 answers 500 for a while, then hangs (the relay
 * times out), then is down (connections refused), then comes back. Every event is delivered, in order
 * per contact, every signature verifies, nothing is lost. The relay's clock is a fake one the test
 * moves past each retry's wait, so the backoff costs no real time.
 */

const dir = mkdtempSync(join(tmpdir(), 'contactkit-relay-'));
const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const STORES: Array<[string, () => Promise<ContactStore>]> = [
  [
    'sqlite',
    async () => {
      const db = new Database(join(dir, 'relay.db'));
      cleanups.push(() => void db.close());
      return SqliteStore.open(db);
    },
  ],
  [
    PG_URL ? 'postgres' : 'postgres (pglite)',
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
      const db = await testMariadb({ poolSize: 4 });
      cleanups.push(() => db.dispose());
      return MariadbStore.open(db.pool);
    },
  ]);
} else {
  console.info('[skipped] relay.receiver.test.ts on mariadb: set CONTACTKIT_MARIADB_URL to run');
}

describe.each(STORES)(
  'a relay over %s, to a receiver that fails, hangs, goes down and comes back',
  (_, open) => {
    it('delivers every event, in order per contact, signed, none lost', async () => {
      const receiver = await startReceiver();
      cleanups.push(() => receiver.close());
      const s = relaySetup({ store: await open(), http: true, relay: { timeoutMs: 300, leaseMs: 5_000 } });
      const { endpoint, secret } = await s.kit.webhooks.create('ws', { url: receiver.url });
      const people = ['ana', 'bob', 'cho', 'dee'];
      const ids = new Map<string, string>();
      for (const who of people)
        ids.set(who, (await s.kit.contacts.ingest(s.event(`${who}@example.com`))).contactId);
      for (const who of people)
        await s.kit.contacts.updateContact('ws', ids.get(who)!, { profile: { firstName: who } });

      // 500s.
      await receiver.mode('error');
      expect(await s.pass()).toMatchObject({ delivered: 0, retrying: people.length });
      s.advance(HOUR);
      await s.pass();
      // Hangs: every request times out.
      await receiver.mode('hang');
      s.advance(HOUR);
      expect(await s.pass()).toMatchObject({ delivered: 0, retrying: people.length });
      // Down, while more happens.
      await receiver.mode('down');
      const eve = (await s.kit.contacts.ingest(s.event('eve@example.com'))).contactId;
      await s.kit.contacts.updateContact('ws', eve, { profile: { firstName: 'Eve' } });
      s.advance(HOUR);
      expect(await s.pass()).toMatchObject({ delivered: 0, retrying: people.length + 1 });
      // Back.
      await receiver.mode('ok');
      s.advance(HOUR);
      const back = await s.pass();
      expect(back.failed).toBe(0);

      const published = await s.store.transaction('ws', (tx) =>
        tx.log.events({ after: endpoint.fromPosition, limit: 1000 }),
      );
      const ok = receiver.receipts.filter((r) => r.status === 200);
      // Every published event arrived, once each when answered 200, and every request verifies.
      expect(ok.map((r) => r.headers['webhook-id']).sort()).toEqual(published.map((e) => e.id).sort());
      for (const r of receiver.receipts) {
        const at = new Date(Number(r.headers['webhook-timestamp']) * 1000);
        expect(verifyWebhook(r.body, r.headers, secret, { now: at }).id).toBe(r.headers['webhook-id']);
      }
      // In log order per contact.
      const byContact = new Map<string, number[]>();
      for (const r of ok) {
        const body = JSON.parse(r.body) as DomainEvent & { position: number };
        byContact.set(body.contactId ?? '', [...(byContact.get(body.contactId ?? '') ?? []), body.position]);
      }
      for (const [contact, positions] of byContact) {
        expect(positions, contact).toEqual([...positions].sort((a, b) => a - b));
      }
      // The delivery log says what happened to the first contact's creation.
      const log = await s.kit.webhooks.deliveries('ws', endpoint.id, { limit: 1000 });
      expect(log.items.every((d) => d.status === 'delivered')).toBe(true);
      const first = log.items.find(
        (d) => d.eventType === 'contact.created' && d.orderKey === ids.get('ana'),
      )!;
      expect(first.attemptLog.map((a) => a.statusCode ?? a.error!.replace(/\d+/g, 'N'))).toEqual([
        500,
        500,
        'timed out after N ms',
        expect.stringMatching(/ECONNREFUSED/),
        200,
      ]);
      expect(first.attemptLog.every((a) => a.latencyMs >= 0)).toBe(true);
      expect(receiver.receipts.some((r) => r.overlapped)).toBe(false);
    });
  },
);
