import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, it } from 'vitest';
import { migrateSqlite, SQLITE_MIGRATIONS, SqliteStore } from '../../adapters/sqlite/index.js';
import type { WorkspaceTransaction } from '../../src/ports/store.js';
import { makeActivity, makeContact, makeDomainEvent, makeIdentity } from '../../src/testing/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'contactkit-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VERSIONS = SQLITE_MIGRATIONS.map((m) => m.version);
const CHILD = join(import.meta.dirname, 'sqlite-child.ts');

/** Runs children at once (they start together at `startAt`) and returns what each printed. */
async function children(file: string, jobs: string[][]): Promise<Array<Record<string, unknown>>> {
  const startAt = String(Date.now() + 1500);
  const outputs = await Promise.all(
    jobs.map(([action, ...args]) =>
      run(process.execPath, ['--import', 'tsx', CHILD, action!, file, startAt, ...args], { timeout: 60_000 }),
    ),
  );
  return outputs.map((o) => JSON.parse(o.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>);
}

describe('sqlite store: connection and migrations', () => {
  it('runs in WAL mode with synchronous NORMAL unless told otherwise', () => {
    const file = join(dir, 'pragmas.db');
    const db = new Database(file);
    new SqliteStore(db);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 1);
    new SqliteStore(db, { synchronous: 'FULL', busyTimeoutMs: 1234 });
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 1234);
    db.close();
  });

  it('migrate() applies every migration once, and again changes nothing', async () => {
    const file = join(dir, 'idempotent.db');
    const db = new Database(file);
    assert.deepEqual(await new SqliteStore(db).migrate(), VERSIONS);
    assert.deepEqual(await new SqliteStore(db).migrate(), []);
    const other = new Database(file);
    assert.deepEqual(await new SqliteStore(other).migrate(), []);
    assert.deepEqual(
      db.prepare('SELECT version FROM contactkit_migrations').all(),
      VERSIONS.map((version) => ({ version })),
    );
    other.close();
    db.close();
  });

  it('two processes migrating one new file at once both succeed, with one schema', async () => {
    const file = join(dir, 'concurrent-migrate.db');
    const results = await children(file, [['migrate'], ['migrate']]);
    // One of them applied everything; the other waited for its lock, then found nothing to do.
    assert.deepEqual(
      results.flatMap((r) => r.applied as number[]),
      VERSIONS,
    );
    const db = new Database(file);
    assert.deepEqual(
      db.prepare('SELECT version FROM contactkit_migrations').all(),
      VERSIONS.map((version) => ({ version })),
    );
    db.close();
  });
});

describe('sqlite store: migration 4', () => {
  it('upgrades a version 3 database in place and keeps its rows', async () => {
    const db = new Database(join(dir, 'from-v3.db'));
    const store = new SqliteStore(db);
    migrateSqlite(
      db,
      SQLITE_MIGRATIONS.filter((m) => m.version <= 3),
    );
    const ws = 'ws_v3';
    const contacts = ['c1', 'c2'].map((id) => makeContact(ws, id));
    await store.transaction(ws, async (tx) => {
      await tx.contacts.insertMany(contacts);
      await tx.identities.insertMany([
        makeIdentity(ws, 'c1', 'email', 'a@example.com', { verified: true, sourceChannel: 'web' }),
        makeIdentity(ws, 'c1', 'phone', '+14155550100', { raw: '(415) 555-0100' }),
        makeIdentity(ws, 'c2', 'cookie', 'ck_2'),
      ]);
      await tx.activities.append([
        makeActivity(ws, 'c1', 'a1', { data: { n: 1 } }),
        makeActivity(ws, 'c1', 'a2', { at: new Date('2026-02-01T00:00:00Z') }),
        makeActivity(ws, 'c2', 'a3'),
      ]);
      // Ids out of order: the outbox keeps insertion order, not id order.
      await tx.outbox.append(
        ['e3', 'e1', 'e2', 'e0'].map((id) => makeDomainEvent(ws, id === 'e0' ? 'c2' : 'c1', id)),
      );
      await tx.outbox.markDelivered(['e1']);
    });
    const read = (tx: WorkspaceTransaction) =>
      Promise.all([
        tx.contacts.getMany(['c1', 'c2']),
        tx.identities.listByContacts(['c1', 'c2']),
        tx.activities.listByContact('c1'),
        tx.activities.listByContact('c2'),
        tx.outbox.listPending(10),
        tx.outbox.listByContact('c1'),
      ]);
    const before = await store.transaction(ws, read);
    const counts = await store.inspect(ws);

    assert.deepEqual(await store.migrate(), [4]);
    assert.deepEqual(await store.transaction(ws, read), before);
    assert.deepEqual(await store.inspect(ws), counts);
    assert.deepEqual(
      before[4].map((e) => e.id),
      ['e3', 'e2', 'e0'],
    );
    const schema = (name: string) =>
      String((db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql);
    assert.match(schema('activities'), /WITHOUT ROWID/);
    assert.match(schema('outbox_pending'), /WHERE delivered = 0/);
    assert.doesNotMatch(schema('identities_by_contact'), /raw_value/);
    // New rows go in after the migration too.
    await store.transaction(ws, (tx) => tx.activities.append([makeActivity(ws, 'c2', 'a4')]));
    assert.equal((await store.inspect(ws)).activities, 4);
    db.close();
  });
});

describe('sqlite store: identity uniqueness across processes', () => {
  it('two processes racing to claim the same new identities create one contact each', async () => {
    const file = join(dir, 'race.db');
    const setup = new Database(file);
    await SqliteStore.open(setup);
    setup.close();
    const count = 300;
    const results = await children(file, [
      ['claim', 'p1', String(count)],
      ['claim', 'p2', String(count)],
    ]);
    const created = results.reduce((n, r) => n + (r.created as number), 0);
    assert.equal(created, count);
    const db = new Database(file);
    const store = new SqliteStore(db);
    const counts = await store.inspect('race');
    assert.equal(counts.contacts, count);
    assert.equal(counts.identities, count);
    db.close();
  });
});

describe('sqlite store: capabilities', () => {
  it('says a file database is durable and shared, and :memory: neither', () => {
    const file = new Database(join(dir, 'capabilities.db'));
    const memory = new Database(':memory:');
    assert.deepEqual(new SqliteStore(file).capabilities, { multiProcess: true, durable: true });
    assert.deepEqual(new SqliteStore(memory).capabilities, { multiProcess: false, durable: false });
    file.close();
    memory.close();
  });
});
