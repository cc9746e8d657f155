/**
 * `reclassify.sqlite.contacts_per_s` (issue 16): `kit.classification.reclassify` over a SQLite workspace
 * of 1,000,000 stored contacts (CONTACTKIT_BENCH_RECLASSIFY_CONTACTS for a smaller run), classified at
 * T0 and swept 30 days later, so statuses lapse (Active → Inactive → Churned) and temperatures cool
 * for a share of them. Contacts per second of the whole workspace.
 *
 * Baseline, same run, same work: a copy of the same file swept by hand-written prepared statements,
 * batches of 1,000 by id in one transaction each: read the page, decode it with the adapter's own row
 * codec, classify with the same pure `reclassifyContact`, write back the changed contacts (the same
 * columns, version + 1) and one row per classification change into a table of the same width as the
 * activity log. What it leaves out is the service: parsing options, the port, its checks and the log's
 * positions.
 *
 * `reclassify_again.sqlite.contacts_per_s`: the same sweep again at the same moment, which changes
 * nothing: the steady state of a sweep run every few minutes.
 *
 * `reclassify.postgres.contacts_per_s` and `reclassify_again.postgres.contacts_per_s`: the same on the
 * Postgres server at CONTACTKIT_PG_URL (CONTACTKIT_BENCH_RECLASSIFY_PG_CONTACTS contacts), next to a
 * hand-written sweep of a second schema filled alike: pages by id, the same codec and pure classify,
 * one set-based UPDATE and one INSERT of the changes per page.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type PostgresDriver, PostgresStore, postgresDialect } from '../../adapters/postgres/index.js';
import { TableCodec } from '../../adapters/sql/codec.js';
import { SqliteStore, sqliteDialect } from '../../adapters/sqlite/index.js';
import { reclassifyContact } from '../../src/classify/of-contact.js';
import type { Contact } from '../../src/model/contact.js';
import { WorkspaceConfigSchema } from '../../src/model/workspace-config.js';
import { CONTACTS as CONTACTS_SPEC } from '../../src/ports/schema/tables.js';
import { createContactkit } from '../../src/service/index.js';
import { makeContact } from '../../src/testing/fixtures.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';

const CONTACTS = Number(process.env.CONTACTKIT_BENCH_RECLASSIFY_CONTACTS ?? 1_000_000);
/** Contacts for the Postgres figures (a fill of 1,000,000 takes minutes per schema). */
const PG_CONTACTS = Number(process.env.CONTACTKIT_BENCH_RECLASSIFY_PG_CONTACTS ?? CONTACTS);
const WS = 'bench';
const DAY = 86_400_000;
const T0 = new Date('2026-06-01T12:00:00Z');
const T1 = new Date(T0.getTime() + 30 * DAY);
const CHUNK = 5_000;
const BATCH = 1_000;
const config = WorkspaceConfigSchema.parse({});

/** A contact last seen 0–120 days before T0, some with orders, classified at T0. */
function contactAt(i: number): Contact {
  const id = `c${String(i).padStart(7, '0')}`;
  const lastSeen = new Date(T0.getTime() - (i % 120) * DAY);
  const orders = i % 7 === 0 ? 1 + (i % 3) : 0;
  const base = makeContact(WS, id, {
    kind: orders > 0 ? 'customer' : 'lead',
    stats: {
      conversations: 1 + (i % 4),
      messages: 2 + (i % 20),
      firstSeenAt: new Date(lastSeen.getTime() - 40 * DAY),
      lastSeenAt: lastSeen,
      orders,
      amountSpent: orders * 40,
      ...(orders > 0 ? { firstOrderAt: lastSeen, lastOrderAt: lastSeen } : {}),
    },
    createdAt: new Date(lastSeen.getTime() - 40 * DAY),
  });
  return reclassifyContact(base, config, T0).contact;
}

async function fill(store: SqliteStore | PostgresStore, count = CONTACTS): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const contacts: Contact[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) contacts.push(contactAt(i));
    await store.transaction(WS, (tx) => tx.contacts.insertMany(contacts));
  }
}

/** The hand-written sweep; returns [scanned, updated, changes]. */
function bareSweep(db: Database.Database, now: Date): [number, number, number] {
  const codec = new TableCodec(CONTACTS_SPEC, sqliteDialect);
  db.exec(
    'CREATE TABLE IF NOT EXISTS bench_changes (workspace_id TEXT, position INTEGER PRIMARY KEY, contact_id TEXT, type TEXT, data TEXT, at INTEGER)',
  );
  const page = db.prepare(
    `SELECT ${codec.select} FROM contacts t WHERE t.workspace_id = ? AND t.id > ? AND t.deleted_at IS NULL ORDER BY t.id LIMIT ?`,
  );
  const columns = CONTACTS_SPEC.columns.filter((c) => c.column !== 'id');
  const update = db.prepare(
    `UPDATE contacts SET ${columns.map((c) => `${c.column} = ?`).join(', ')}, extra = ? WHERE workspace_id = ? AND id = ?`,
  );
  const change = db.prepare(
    'INSERT INTO bench_changes (workspace_id, contact_id, type, data, at) VALUES (?, ?, ?, ?, ?)',
  );
  let cursor = '';
  let scanned = 0;
  let updated = 0;
  let changes = 0;
  for (;;) {
    db.exec('BEGIN');
    const rows = page.all(WS, cursor, BATCH) as Array<Record<string, unknown>>;
    for (const row of rows) {
      const contact = codec.decode(row as never) as Contact;
      const next = reclassifyContact(contact, config, now);
      if (next.changes.length === 0 && next.contact.classification?.score === contact.classification?.score)
        continue;
      const written = { ...next.contact, version: contact.version + 1 };
      update.run(...columns.map((c) => codec.cell(c, written)), codec.extra(written), WS, contact.id);
      updated++;
      for (const c of next.changes) {
        change.run(WS, contact.id, 'contact.classified', JSON.stringify(c), now.getTime());
        changes++;
      }
    }
    db.exec('COMMIT');
    scanned += rows.length;
    if (rows.length < BATCH) break;
    cursor = String(rows.at(-1)!.id);
  }
  return [scanned, updated, changes];
}

const PG_TYPES = {
  text: 'text',
  int: 'bigint',
  real: 'double precision',
  bool: 'boolean',
  date: 'timestamptz',
  json: 'text',
} as const;

/**
 * The hand-written sweep on Postgres, as an expert would write it: pages of 1,000 by id in a
 * transaction each, decoded with the adapter's codec, classified with the same pure function, the
 * changed contacts written back in one `UPDATE … FROM jsonb_to_recordset` and the changes in one
 * `INSERT … SELECT FROM jsonb_to_recordset`. Returns [scanned, updated, changes].
 */
async function barePostgresSweep(
  driver: PostgresDriver,
  schema: string,
  now: Date,
): Promise<[number, number, number]> {
  const dialect = postgresDialect(schema);
  const codec = new TableCodec(CONTACTS_SPEC, dialect);
  const table = `"${schema}".contacts`;
  await driver.query(
    `CREATE TABLE "${schema}".bench_changes (workspace_id text, position bigserial PRIMARY KEY, contact_id text, type text, data jsonb, at timestamptz)`,
  );
  const columns = CONTACTS_SPEC.columns.filter((c) => c.column !== 'id');
  const shape = ['id text', ...columns.map((c) => `${c.column} ${PG_TYPES[c.kind]}`), 'extra text'].join(
    ', ',
  );
  const set = [
    ...columns.map((c) => `${c.column} = v.${c.column}${c.kind === 'json' ? '::jsonb' : ''}`),
    'extra = v.extra::jsonb',
  ].join(', ');
  let cursor = '';
  let scanned = 0;
  let updated = 0;
  let changes = 0;
  for (;;) {
    await driver.query('BEGIN');
    const { rows } = await driver.query(
      `SELECT ${codec.select} FROM ${table} t WHERE t.workspace_id = $1 AND t.id > $2 AND t.deleted_at IS NULL ORDER BY t.id LIMIT $3`,
      [WS, cursor, BATCH],
    );
    const records: Record<string, unknown>[] = [];
    const changed: Record<string, unknown>[] = [];
    for (const row of rows as Array<Record<string, unknown>>) {
      const contact = codec.decode(row as never) as Contact;
      const next = reclassifyContact(contact, config, now);
      if (next.changes.length === 0 && next.contact.classification?.score === contact.classification?.score)
        continue;
      const written = { ...next.contact, version: contact.version + 1 };
      const record: Record<string, unknown> = { id: contact.id, extra: codec.extra(written) };
      for (const c of columns) record[c.column] = codec.cell(c, written);
      records.push(record);
      for (const c of next.changes)
        changed.push({
          contact_id: contact.id,
          type: 'contact.classified',
          data: JSON.stringify(c),
          at: now.toISOString(),
        });
    }
    if (records.length > 0) {
      await driver.query(
        `UPDATE ${table} AS t SET ${set} FROM jsonb_to_recordset($1::jsonb) AS v(${shape}) WHERE t.workspace_id = $2 AND t.id = v.id`,
        [JSON.stringify(records), WS],
      );
    }
    if (changed.length > 0) {
      await driver.query(
        `INSERT INTO "${schema}".bench_changes (workspace_id, contact_id, type, data, at)
         SELECT $2, v.contact_id, v.type, v.data::jsonb, v.at FROM jsonb_to_recordset($1::jsonb) AS v(contact_id text, type text, data text, at timestamptz)`,
        [JSON.stringify(changed), WS],
      );
    }
    await driver.query('COMMIT');
    scanned += rows.length;
    updated += records.length;
    changes += changed.length;
    if (rows.length < BATCH) break;
    cursor = String((rows.at(-1) as { id: string }).id);
  }
  return [scanned, updated, changes];
}

/** `reclassify.postgres.*`, when CONTACTKIT_PG_URL names a server: two schemas filled alike, one swept each way. */
async function postgresFigures(): Promise<BenchResult[]> {
  const url = process.env.CONTACTKIT_PG_URL;
  if (!url) {
    console.error('  [skipped] reclassify.postgres: CONTACTKIT_PG_URL is not set');
    return [];
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `ck_reclassify_${randomBytes(4).toString('hex')}`;
  try {
    const filling = performance.now();
    const kitStore = await PostgresStore.open(client, { schema });
    await fill(kitStore, PG_CONTACTS);
    const bareStore = await PostgresStore.open(client, { schema: `${schema}_bare` });
    await fill(bareStore, PG_CONTACTS);
    await client.query(`ANALYZE "${schema}".contacts`);
    await client.query(`ANALYZE "${schema}_bare".contacts`);
    console.error(
      `  postgres: filled 2 × ${PG_CONTACTS} contacts in ${((performance.now() - filling) / 1000).toFixed(1)} s`,
    );

    let start = performance.now();
    const [scanned, bareUpdated, bareChanges] = await barePostgresSweep(client, `${schema}_bare`, T1);
    const bare = scanned / ((performance.now() - start) / 1000);

    const kit = createContactkit({ store: kitStore, clock: () => T1 });
    start = performance.now();
    const report = await kit.classification.reclassify(WS);
    const sweep = report.scanned / ((performance.now() - start) / 1000);
    start = performance.now();
    const again = await kit.classification.reclassify(WS);
    const steady = again.scanned / ((performance.now() - start) / 1000);
    console.error(
      `  postgres kit: ${report.updated} of ${report.scanned} updated, ${report.changes} changes; again ${again.updated}; bare: ${bareUpdated} updated, ${bareChanges} changes`,
    );
    return [
      result('reclassify.postgres.contacts_per_s', sweep, 'per_s', bare),
      result('reclassify_again.postgres.contacts_per_s', steady, 'per_s', bare),
    ];
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_bare" CASCADE`);
    await client.end();
  }
}

const group: BenchGroup = {
  name: 'reclassify',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'contactkit-reclassify-'));
    try {
      const file = join(dir, 'kit.db');
      const filling = performance.now();
      const fillDb = new Database(file);
      const store = await SqliteStore.open(fillDb);
      await fill(store);
      // Everything into the main file before it is copied: the WAL is not copied with it.
      fillDb.pragma('wal_checkpoint(TRUNCATE)');
      await store.close();
      fillDb.close();
      copyFileSync(file, join(dir, 'bare.db'));
      console.error(
        `  filled ${CONTACTS} contacts in ${((performance.now() - filling) / 1000).toFixed(1)} s`,
      );

      const bareDb = new Database(join(dir, 'bare.db'));
      bareDb.pragma('journal_mode = WAL');
      bareDb.pragma('synchronous = NORMAL');
      let start = performance.now();
      const [scanned, bareUpdated, bareChanges] = bareSweep(bareDb, T1);
      const bare = scanned / ((performance.now() - start) / 1000);
      bareDb.close();

      const kitStore = await SqliteStore.open(new Database(file));
      const kit = createContactkit({ store: kitStore, clock: () => T1 });
      start = performance.now();
      const report = await kit.classification.reclassify(WS);
      const sweep = report.scanned / ((performance.now() - start) / 1000);
      start = performance.now();
      const again = await kit.classification.reclassify(WS);
      const steady = again.scanned / ((performance.now() - start) / 1000);
      await kitStore.close();
      console.error(
        `  kit: ${report.updated} of ${report.scanned} updated, ${report.changes} changes; again ${again.updated}; bare: ${bareUpdated} updated, ${bareChanges} changes`,
      );
      return [
        result('reclassify.sqlite.contacts_per_s', sweep, 'per_s', bare),
        result('reclassify_again.sqlite.contacts_per_s', steady, 'per_s', bare),
        ...(await postgresFigures()),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default group;
