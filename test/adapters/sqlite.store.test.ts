import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, it } from 'vitest';
import { MIGRATIONS, SqliteStore } from '../../adapters/sqlite/index.js';
import { makeContact, makeIdentity, makeLogEntry } from '../../src/testing/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'contactkit-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VERSIONS = MIGRATIONS.map((m) => m.version);
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
      db.prepare('SELECT version FROM contactkit_schema').all(),
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
      db.prepare('SELECT version FROM contactkit_schema').all(),
      VERSIONS.map((version) => ({ version })),
    );
    db.close();
  });
});

describe('sqlite store: erasure leaves nothing in the file', () => {
  it('overwrites erased values in freed pages (secure_delete) and empties the WAL after the erasure commits', async () => {
    const file = join(dir, 'erasure.db');
    const db = new Database(file);
    const store = await SqliteStore.open(db);
    const ws = 'ws_erase';
    const secret = 'erase.me.secret@example.com';
    await store.transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'c1', { profile: { name: secret } })]);
      await tx.identities.insertMany([makeIdentity(ws, 'c1', 'email', secret)]);
      await tx.log.append([
        makeLogEntry(ws, 'c1', 'e1', { activity: { type: 'message', data: { text: secret } } }),
      ]);
    });
    // Let the WAL fold into the file, so the value is in the database pages, not only in the WAL.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    await store.transaction(ws, (tx) => tx.applyErasure({ contactIds: ['c1'], unlink: [] }));
    assert.equal(
      db.pragma('secure_delete', { simple: true }),
      0,
      'secure_delete is off again after the erasure',
    );
    const bytes = (await import('node:fs')).readFileSync(file);
    assert.equal(
      bytes.includes(Buffer.from(secret)),
      false,
      'the database file still holds the erased value',
    );
    // The search index keeps trigrams, not the value: none of the erased value's may stay in its
    // segments (FTS5 keeps deleted entries until a merge unless its secure-delete option is on).
    const segments = db.prepare('SELECT block FROM contacts_search_data').all() as Array<{
      block: Buffer | null;
    }>;
    for (const trigram of ['ecr', 'cre', 'ras']) {
      assert.equal(
        segments.some((s) => s.block !== null && Buffer.from(s.block).includes(Buffer.from(trigram))),
        false,
        `the search index still holds the erased trigram "${trigram}"`,
      );
    }
    const wal = (await import('node:fs')).statSync(`${file}-wal`, { throwIfNoEntry: false });
    assert.ok(!wal || wal.size === 0, 'the WAL was truncated');
    await store.close();
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
