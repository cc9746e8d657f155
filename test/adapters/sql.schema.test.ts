import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { WORKER_LEASES } from '../../adapters/sql/leases.js';
import { applyMigrations, LEDGER, MIGRATIONS, OldSchemaError } from '../../adapters/sql/migrations.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { sqliteDialect } from '../../adapters/sqlite/sqlite-dialect.js';
import type { ConsentRecord } from '../../src/model/consent.js';
import { CONTACTS, TABLES } from '../../src/ports/schema/tables.js';
import type { ContactStore } from '../../src/ports/store.js';
import { consentInForce } from '../../src/privacy/consent-state.js';
import { parseSegmentFilter } from '../../src/segments/filter.js';
import { resolveSegment } from '../../src/segments/resolve.js';
import { createContactkit } from '../../src/service/index.js';
import { makeContact } from '../../src/testing/fixtures.js';
import { mariadbAvailable, type TestMariadb, testMariadb } from '../support/mariadb.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

/*
 * The migrated schema on every dialect: exactly the columns the table specs name (so a spec changed
 * without a migration fails here), `workspace_id` leading every key and index (Citus distributes by
 * it), migrations applied once, and a database of the old, unreleased migrations refused.
 */

/** The columns the specs say each table has. */
const expected = Object.values(TABLES).map((spec) => ({
  table: spec.table,
  columns: ['workspace_id', ...spec.columns.map((c) => c.column), 'extra'].sort(),
}));
/**
 * Internal tables no spec describes: the ledger, the log's position counter, the worker leases, and
 * SQLite's contact search index (the FTS5 table and its shadow tables).
 */
const INTERNAL = [
  LEDGER,
  'activity_log_positions',
  WORKER_LEASES,
  ...['', '_data', '_idx', '_content', '_docsize', '_config'].map((s) => `contacts_search${s}`),
];
const VERSIONS = MIGRATIONS.map((m) => m.version);

type Columns = (table: string) => Promise<string[]>;
type Tables = () => Promise<string[]>;

function sameColumns(columns: Columns, tables: Tables, extraOf: (table: string) => string[] = () => []) {
  return async () => {
    for (const { table, columns: want } of expected) {
      assert.deepEqual((await columns(table)).sort(), [...want, ...extraOf(table)].sort(), table);
    }
    const known = new Set([...expected.map((e) => e.table), ...INTERNAL]);
    assert.deepEqual(
      (await tables()).filter((t) => !known.has(t)),
      [],
      'tables no spec names',
    );
  };
}

/**
 * Migration 6 on contacts stored before the list columns (simulated: the columns emptied and the
 * migration forgotten): every filter and search finds them again, with what a write computes.
 */
async function backfillsListColumns(
  open: () => ContactStore & { migrate(): Promise<number[]> },
  undo: (statements: readonly string[]) => Promise<void>,
  table: (name: string) => string,
) {
  const ws = 'lists-backfill';
  const before = open();
  await before.migrate();
  const people = [
    makeContact(ws, 'c1', { profile: { name: 'José García', email: 'jose@example.com' }, tags: ['VIP'] }),
    makeContact(ws, 'c2', { profile: { name: 'Ana Lima', phone: '+1 415 555 0100' } }),
  ];
  await before.transaction(ws, (tx) => tx.contacts.insertMany(people));
  await before.close();
  const columns = CONTACTS.columns.filter((c) => c.field.startsWith('lists.')).map((c) => c.column);
  await undo([
    `UPDATE ${table('contacts')} SET ${columns.map((c) => `${c} = NULL`).join(', ')}`,
    `DELETE FROM ${table(LEDGER)} WHERE version = 6`,
  ]);
  const store = open();
  assert.deepEqual(await store.migrate(), [6]);
  const listed = async (filter: unknown) => {
    const resolved = resolveSegment(parseSegmentFilter(filter), { now: new Date() });
    const page = await store.transaction(ws, (tx) =>
      tx.contacts.query({ filter: resolved, sort: { field: 'name', direction: 'asc' }, limit: 10 }),
    );
    return page.items.map((c) => c.id);
  };
  assert.deepEqual(await listed({ type: 'text', query: 'garcia' }), ['c1']);
  assert.deepEqual(await listed({ type: 'text', query: '555 0100' }), ['c2']);
  assert.deepEqual(await listed({ type: 'tags', has: 'any', values: ['vip'] }), ['c1']);
  assert.deepEqual(await listed({ type: 'has', field: 'phone' }), ['c2']);
  assert.deepEqual(await listed({ type: 'all' }), ['c2', 'c1']);
  await store.close();
}
/**
 * Migration 3 on a database that had contacts with consent records before it: every contact gets the
 * consent in force of its own records (and none where it has none), and lists filter by it. `undo`
 * turns a migrated database back into one of version 2 (the columns and the ledger row gone).
 */
async function backfillsConsent(
  open: () => ContactStore & { migrate(): Promise<number[]> },
  undo: (statements: readonly string[]) => Promise<void>,
  table: (name: string) => string,
) {
  const ws = 'backfill';
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));
  const record = (
    id: string,
    contactId: string,
    purpose: string,
    status: 'granted' | 'revoked',
    day: number,
  ) => ({ workspaceId: ws, id, contactId, purpose, status, at: at(day), source: 'api' }) as ConsentRecord;
  const records = [
    record('k1', 'c1', 'email', 'granted', 1),
    record('k2', 'c1', 'email', 'revoked', 2),
    record('k3', 'c1', 'sms', 'granted', 1),
    // A tie in time: the greater id is in force, as stores list them.
    record('k5', 'c2', '__proto__', 'revoked', 3),
    record('k4', 'c2', '__proto__', 'granted', 3),
    record('k6', 'c2', 'email', 'granted', 1),
  ];
  const before = open();
  assert.deepEqual(await before.migrate(), VERSIONS);
  await before.transaction(ws, async (tx) => {
    await tx.contacts.insertMany(['c1', 'c2', 'c3'].map((id) => makeContact(ws, id)));
    await tx.consents.insert(records);
  });
  // Another workspace's records with the same contact ids stay its own.
  await before.transaction(`${ws}-other`, async (tx) => {
    await tx.contacts.insertMany([makeContact(`${ws}-other`, 'c1')]);
    await tx.consents.insert([{ ...record('k1', 'c1', 'sms', 'revoked', 9), workspaceId: `${ws}-other` }]);
  });
  await before.close();
  await undo([
    `ALTER TABLE ${table('contacts')} DROP COLUMN consent_keys`,
    `ALTER TABLE ${table('contacts')} DROP COLUMN consent`,
    `DELETE FROM ${table(LEDGER)} WHERE version = 5`,
  ]);

  const store = open();
  assert.deepEqual(await store.migrate(), [5]);
  const contacts = await store.transaction(ws, (tx) => tx.contacts.getMany(['c1', 'c2', 'c3']));
  const of = (id: string) => consentInForce(records.filter((r) => r.contactId === id));
  assert.deepEqual(
    contacts.map((c) => c.consent),
    [of('c1'), of('c2'), undefined],
  );
  assert.deepEqual(of('c2')[0], { purpose: '__proto__', status: 'revoked', at: at(3) });
  const [other] = await store.transaction(`${ws}-other`, (tx) => tx.contacts.getMany(['c1']));
  assert.deepEqual(other?.consent, [{ purpose: 'sms', status: 'revoked', at: at(9) }]);
  const listed = async (filter: unknown) => {
    const resolved = resolveSegment(parseSegmentFilter(filter), { now: at(10) });
    const page = await store.transaction(ws, (tx) =>
      tx.contacts.query({ filter: resolved, sort: { field: 'createdAt', direction: 'asc' }, limit: 10 }),
    );
    return page.items.map((c) => c.id).sort();
  };
  assert.deepEqual(await listed({ type: 'consent', purpose: 'email', is: 'granted' }), ['c2']);
  assert.deepEqual(await listed({ type: 'consent', purpose: 'email', is: 'revoked' }), ['c1']);
  assert.deepEqual(await listed({ type: 'consent', purpose: 'sms', is: 'revoked' }), []);
  assert.deepEqual(
    await listed({ type: 'not', filter: { type: 'consent', purpose: 'email', is: 'granted' } }),
    ['c1', 'c3'],
  );
  await store.close();
}

/** The migrations that fill columns of rows stored before them: each checked on every SQL server. */
const BACKFILLS = [
  ['migration 5 gives contacts stored before it the consent in force of their records', backfillsConsent],
  ['migration 6 gives contacts stored before the list columns what a write computes', backfillsListColumns],
] as const;

describe('sqlite schema', () => {
  const db = new Database(':memory:');
  let store: SqliteStore;
  beforeAll(async () => {
    store = new SqliteStore(db);
  });
  afterAll(() => db.close());

  it('migrate() applies every migration once, and again changes nothing', async () => {
    assert.deepEqual(await store.migrate(), VERSIONS);
    assert.deepEqual(await store.migrate(), []);
  });

  it('has exactly the columns the table specs name', async () => {
    await sameColumns(
      async (t) =>
        (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name),
      async () =>
        // SQLite's own (the planner's statistics) aside.
        (
          db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
            .all() as Array<{ name: string }>
        ).map((r) => r.name),
    )();
  });

  it('makes contacts a rowid table keeping every row, and its search index finds them', async () => {
    const old = new Database(':memory:');
    const session = {
      all: async (text: string, params: readonly unknown[]) =>
        old.prepare(text).all(...params) as Record<string, unknown>[],
      run: async (text: string, params: readonly unknown[]) => old.prepare(text).run(...params).changes,
    };
    // The layout before migration 3: WITHOUT ROWID, searched through a rowid map.
    await applyMigrations(
      sqliteDialect,
      session,
      'test',
      MIGRATIONS.filter((m) => m.version < 3),
    );
    const people = ['Zoë Müller', 'José García', 'Ana Lima'].map((name, i) =>
      makeContact('ws', `c${i}`, { profile: { name, phone: `+1 415 555 01${i}0` } }),
    );
    // The rows as a contactkit of then wrote them: this version's, in that layout's columns.
    const today = new Database(':memory:');
    await (await SqliteStore.open(today)).transaction('ws', (tx) => tx.contacts.insertMany(people));
    const columns = (old.prepare('PRAGMA table_info(contacts)').all() as Array<{ name: string }>).map(
      (c) => c.name,
    );
    const copy = old.prepare(
      `INSERT INTO contacts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of today.prepare(`SELECT ${columns.join(', ')} FROM contacts`).all())
      copy.run(Object.values(row as object));
    today.close();
    const before = new SqliteStore(old);
    assert.deepEqual(
      await before.migrate(),
      VERSIONS.filter((v) => v >= 3),
    );
    const after = await SqliteStore.open(old);
    const kit = createContactkit({ store: after });
    const found = async (search: string) =>
      (await kit.lists.page('ws', { search, limit: 10 })).items.map((c) => c.id);
    assert.deepEqual(await found('garcia'), ['c1']);
    assert.deepEqual(await found('555 0120'), ['c2']);
    assert.equal(await kit.lists.count('ws', { segment: 'all' }), 3);
    // Written after the rebuild: indexed by the triggers of the new layout.
    await after.transaction('ws', (tx) =>
      tx.contacts.insertMany([makeContact('ws', 'c3', { profile: { name: 'Noah García' } })]),
    );
    assert.deepEqual((await found('garcía')).sort(), ['c1', 'c3']);
    const table = old.prepare("SELECT sql FROM sqlite_master WHERE name = 'contacts'").get() as {
      sql: string;
    };
    assert.doesNotMatch(table.sql, /WITHOUT ROWID/);
    old.close();
  });

  for (const [name, check] of BACKFILLS) {
    it(name, async () => {
      const file = new Database(':memory:');
      await check(
        () => new SqliteStore(file),
        async (statements) => {
          for (const s of statements) file.exec(s);
        },
        (table) => table,
      );
      file.close();
    });
  }

  it('refuses a database of the old migrations, saying what to do', async () => {
    const old = new Database(':memory:');
    old.exec('CREATE TABLE contactkit_migrations (version INTEGER PRIMARY KEY)');
    await assert.rejects(
      SqliteStore.open(old),
      (e) => e instanceof OldSchemaError && /new database/.test(e.message),
    );
    old.close();
  });
});

describe('postgres schema', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await testPostgres();
  });
  afterAll(async () => pg?.dispose());
  const query = async (text: string, values: unknown[]) =>
    (await pg.driver.query(text, values)).rows as Array<Record<string, string>>;

  it('migrates once, with exactly the columns the table specs name', async () => {
    const store = new PostgresStore(pg.driver, { schema: pg.schema });
    assert.deepEqual(await store.migrate(), VERSIONS);
    assert.deepEqual(await store.migrate(), []);
    await sameColumns(
      async (t) =>
        (
          await query(
            'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
            [pg.schema, t],
          )
        ).map((r) => r.column_name!),
      async () =>
        (await query('SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = $1', [pg.schema])).map(
          (r) => r.tablename!,
        ),
    )();
  });

  it('leads every primary key, unique index and index with workspace_id', async () => {
    const rows = await query(
      `SELECT t.relname AS table_name, i.relname AS index_name, a.attname AS first
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
       WHERE n.nspname = $1`,
      [pg.schema],
    );
    // pg_trgm's GIN indexes hold one text column each (a GIN index has no leading column to speak of;
    // Citus needs the distribution column only in unique indexes); queries add workspace_id themselves.
    const led = rows.filter((r) => r.table_name !== LEDGER && !String(r.index_name).endsWith('_trgm'));
    assert.ok(led.length >= expected.length);
    for (const r of led) assert.equal(r.first, 'workspace_id', `${r.table_name}.${r.index_name}`);
  });

  BACKFILLS.forEach(([name, check], n) => {
    it(name, async () => {
      const schema = `${pg.schema}_backfill${n}`;
      try {
        await check(
          () => new PostgresStore(pg.driver, { schema }),
          async (statements) => {
            for (const s of statements) await pg.driver.query(s);
          },
          (table) => `"${schema}".${table}`,
        );
      } finally {
        await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    });
  });

  it('refuses a schema of the old migrations', async () => {
    const schema = `${pg.schema}_old`;
    await pg.driver.query(`CREATE SCHEMA "${schema}"`);
    await pg.driver.query(`CREATE TABLE "${schema}".contactkit_migrations (version integer PRIMARY KEY)`);
    await assert.rejects(PostgresStore.open(pg.driver, { schema }), OldSchemaError);
    await pg.driver.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});

const mariadb = mariadbAvailable('sql.schema.test.ts');
describe.skipIf(!mariadb)('mariadb schema', () => {
  let db: TestMariadb;
  beforeAll(async () => {
    db = await testMariadb({ poolSize: 2 });
  });
  afterAll(async () => db?.dispose());
  const query = async (text: string, values: unknown[]) =>
    (await db.pool.getConnection().then(async (c) => {
      try {
        return (await c.query(text, values)) as Array<Record<string, string>>;
      } finally {
        await c.release();
      }
    })) as Array<Record<string, string>>;

  it('migrates once, with exactly the columns the table specs name (and the identity key hash)', async () => {
    const store = new MariadbStore(db.pool);
    assert.deepEqual(await store.migrate(), VERSIONS);
    assert.deepEqual(await store.migrate(), []);
    await sameColumns(
      async (t) =>
        (
          await query(
            'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?',
            [t],
          )
        ).map((r) => r.name!),
      async () =>
        (
          await query(
            'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
            [],
          )
        ).map((r) => r.name!),
      // InnoDB's 3,072-byte key limit: the identity key is its SHA-256 (see mariadb-dialect.ts).
      (t) => (t === 'identities' ? ['key_hash'] : []),
    )();
  });

  it('leads every primary key, unique index and index with workspace_id', async () => {
    const rows = await query(
      `SELECT table_name AS t, index_name AS i, column_name AS c FROM information_schema.statistics
       WHERE table_schema = DATABASE() AND seq_in_index = 1`,
      [],
    );
    const led = rows.filter((r) => r.t !== LEDGER);
    assert.ok(led.length >= expected.length);
    for (const r of led) assert.equal(r.c, 'workspace_id', `${r.t}.${r.i}`);
  });

  for (const [name, check] of BACKFILLS) {
    it(name, async () => {
      const fresh = await testMariadb({ poolSize: 2 });
      try {
        await check(
          () => new MariadbStore(fresh.pool),
          async (statements) => {
            const c = await fresh.pool.getConnection();
            try {
              for (const s of statements) await c.query(s);
            } finally {
              await c.release();
            }
          },
          (table) => table,
        );
      } finally {
        await fresh.dispose();
      }
    });
  }

  it('refuses a database of the old migrations', async () => {
    const old = await testMariadb({ poolSize: 1 });
    try {
      const c = await old.pool.getConnection();
      await c.query('CREATE TABLE contactkit_migrations (version INTEGER PRIMARY KEY)');
      await c.release();
      await assert.rejects(MariadbStore.open(old.pool), OldSchemaError);
    } finally {
      await old.dispose();
    }
  });
});
