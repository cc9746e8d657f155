import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type PostgresDriver, PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { normalizeEmail } from '../../src/normalize/email.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactService } from '../../src/service/index.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';
import { generateEventMix } from '../support/event-mix.js';
import { recordIntake, storageOnlyRate } from '../support/port-recorder.js';
import { expertSeconds, parseSeconds, postgresSameWork, sqliteSameWork } from '../support/same-work.js';

/** CONTACTKIT_BENCH_EVENTS sets a smaller run (a quick check that the group works). */
const SIZE = Number(process.env.CONTACTKIT_BENCH_EVENTS ?? 100_000);
const SQLITE_EVENTS = SIZE;
/** Alternating rounds of intake and the same-work baseline on Postgres (best of each). */
const PG_ROUNDS = 2;
/** PGlite runs Postgres in WebAssembly in this process, several times slower than a server. */
const POSTGRES_EVENTS = process.env.CONTACTKIT_PG_URL ? SIZE : Math.min(SIZE, 20_000);
const BATCH = 1_000;
const WS = 'bench';

/*
 * `ingest.sqlite.*` and `ingest.postgres.*`: the realistic event mix (the one ingest-memory uses)
 * through the whole service on each SQL adapter, in batches of 1,000, next to:
 * - the same-work baseline (bench/support/same-work.ts): an expert's intake deciding by the same rules
 *   on plain Maps, plus bare SQL making exactly the reads and writes the service made for the same
 *   events, as an expert would write them: `same_work_ratio` is issue 13's measure;
 * - `replay_and_parse`: that bare SQL plus parsing alone, with no deciding: what no intake that decides
 *   could reach;
 * - `storage_only`: the adapter alone making exactly the calls the service made (recorded on a memory
 *   store, replayed on a fresh store of this adapter): what the SQL layer costs over bare SQL;
 * - `lookups_only_baseline`: the least SQL any intake must run (look every identity up, insert the
 *   missing contacts and identities; no profile, timeline, log or idempotency record), labelled as such:
 *   it does a fraction of the work, so it is not the figure to compare with.
 */

/** Each event's identity keys, normalized the way the memory baseline does it. */
function keysOf(events: readonly ChatEventInput[]): Array<Array<[string, string]>> {
  return events.map((e) =>
    Object.entries(e.identities).map(([type, raw]): [string, string] => {
      const value =
        type === 'email'
          ? normalizeEmail(raw as string).value
          : String(raw).replace(/\D/g, '') || String(raw);
      return [type === 'whatsapp' ? 'phone' : type, value];
    }),
  );
}

async function ingestAll(store: ContactStore, events: readonly ChatEventInput[]): Promise<number> {
  const service = createContactService({ store, batchSize: BATCH });
  const start = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const results = await service.ingestBatch(events.slice(i, i + BATCH));
    if (results.some((r) => !r.ok)) throw new Error('bench: an event was refused');
  }
  return events.length / ((performance.now() - start) / 1000);
}

function sqliteBaseline(db: Database.Database, events: readonly ChatEventInput[]): number {
  db.exec(`
    CREATE TABLE base_contacts (workspace_id TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (workspace_id, id)) WITHOUT ROWID;
    CREATE TABLE base_identities (workspace_id TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL,
      contact_id TEXT NOT NULL, PRIMARY KEY (workspace_id, type, value)) WITHOUT ROWID;`);
  const find = db.prepare(
    'SELECT contact_id FROM base_identities WHERE workspace_id = ? AND type = ? AND value = ?',
  );
  const addContact = db.prepare('INSERT INTO base_contacts (workspace_id, id) VALUES (?, ?)');
  const addIdentity = db.prepare(
    'INSERT INTO base_identities (workspace_id, type, value, contact_id) VALUES (?, ?, ?, ?)',
  );
  const start = performance.now();
  const keys = keysOf(events);
  let contacts = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    db.exec('BEGIN IMMEDIATE');
    for (const eventKeys of keys.slice(i, i + BATCH)) {
      const held = eventKeys.map(
        ([type, value]) => find.get(WS, type, value) as { contact_id: string } | undefined,
      );
      let owner = held.find((h) => h !== undefined)?.contact_id;
      if (owner === undefined) {
        owner = `c${contacts++}`;
        addContact.run(WS, owner);
      }
      eventKeys.forEach(([type, value], k) => {
        if (held[k] === undefined) addIdentity.run(WS, type, value, owner);
      });
    }
    db.exec('COMMIT');
  }
  return events.length / ((performance.now() - start) / 1000);
}

async function postgresBaseline(
  driver: PostgresDriver,
  schema: string,
  events: readonly ChatEventInput[],
): Promise<number> {
  await driver.query(
    `CREATE TABLE "${schema}".base_contacts (workspace_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, PRIMARY KEY (workspace_id, id))`,
  );
  await driver.query(
    `CREATE TABLE "${schema}".base_identities (workspace_id text COLLATE "C" NOT NULL, type text COLLATE "C" NOT NULL,
      value text COLLATE "C" NOT NULL, contact_id text COLLATE "C" NOT NULL, PRIMARY KEY (workspace_id, type, value))`,
  );
  const start = performance.now();
  const keys = keysOf(events);
  let contacts = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const wanted = new Map<string, [string, string]>();
    for (const eventKeys of batch)
      for (const [type, value] of eventKeys) wanted.set(`${type}:${value}`, [type, value]);
    await driver.query('BEGIN');
    const { rows } = await driver.query(
      `SELECT type, value, contact_id FROM "${schema}".base_identities
       WHERE workspace_id = $1 AND (type, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [WS, [...wanted.values()].map((k) => k[0]), [...wanted.values()].map((k) => k[1])],
    );
    const owners = new Map(
      (rows as Array<Record<string, string>>).map((r) => [`${r.type}:${r.value}`, r.contact_id!]),
    );
    const newContacts: string[] = [];
    const newKeys: Array<[string, string, string]> = [];
    for (const eventKeys of batch) {
      let owner = eventKeys.map(([t, v]) => owners.get(`${t}:${v}`)).find((o) => o !== undefined);
      if (owner === undefined) {
        owner = `c${contacts++}`;
        newContacts.push(owner);
      }
      for (const [type, value] of eventKeys) {
        if (owners.has(`${type}:${value}`)) continue;
        owners.set(`${type}:${value}`, owner);
        newKeys.push([type, value, owner]);
      }
    }
    await driver.query(`INSERT INTO "${schema}".base_contacts SELECT $1, unnest($2::text[])`, [
      WS,
      newContacts,
    ]);
    await driver.query(
      `INSERT INTO "${schema}".base_identities SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
      [WS, newKeys.map((k) => k[0]), newKeys.map((k) => k[1]), newKeys.map((k) => k[2])],
    );
    await driver.query('COMMIT');
  }
  return events.length / ((performance.now() - start) / 1000);
}

async function sqliteFigures(): Promise<BenchResult[]> {
  const events = generateEventMix(SQLITE_EVENTS, { workspaceId: WS });
  const recorded = await recordIntake(events, BATCH);
  const dir = mkdtempSync(join(tmpdir(), 'contactkit-bench-'));
  let n = 0;
  const fresh = async () => {
    const db = new Database(join(dir, `run-${++n}.db`));
    return { db, store: await SqliteStore.open(db) }; // migrated, with the store's pragmas
  };
  try {
    const baseDb = new Database(join(dir, 'baseline.db'));
    new SqliteStore(baseDb); // the same pragmas: WAL, synchronous NORMAL, busy timeout
    const lookups = sqliteBaseline(baseDb, events);
    baseDb.close();
    // Alternating, best of three each: the machine's load moves under long runs.
    let rate = 0;
    let sameWork = 0;
    let replayAndParse = 0;
    for (let round = 0; round < 3; round++) {
      const bare = await fresh();
      const parse = parseSeconds(events);
      const decide = expertSeconds(events, BATCH);
      const start = performance.now();
      sqliteSameWork(bare.db, WS, recorded);
      const replay = (performance.now() - start) / 1000;
      sameWork = Math.max(sameWork, events.length / (decide + replay));
      replayAndParse = Math.max(replayAndParse, events.length / (parse + replay));
      bare.db.close();
      const lib = await fresh();
      rate = Math.max(rate, await ingestAll(lib.store, events));
      lib.db.close();
    }
    const replay = await fresh();
    const storageOnly = await storageOnlyRate(replay.store, events, BATCH);
    replay.db.close();
    console.error(
      `ingest-sql: sqlite ${Math.round(rate)} events/s, same work ${Math.round(sameWork)}, bare replay and parse ${Math.round(replayAndParse)}, storage only ${Math.round(storageOnly)}, lookups only ${Math.round(lookups)}`,
    );
    const decideUs = (1 / rate - 1 / storageOnly - parseSeconds(events) / events.length) * 1e6;
    return [
      result('ingest.sqlite.events_per_s', rate, 'events/s', sameWork),
      result('ingest.sqlite.same_work_ratio', rate / sameWork, 'ratio'),
      result('ingest.sqlite.decide_us_per_event', decideUs, 'µs'),
      result('ingest.sqlite.replay_and_parse.events_per_s', replayAndParse, 'events/s'),
      result('ingest.sqlite.storage_only.events_per_s', storageOnly, 'events/s', sameWork),
      result('ingest.sqlite.lookups_only_baseline.events_per_s', lookups, 'events/s'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresFigures(): Promise<BenchResult[]> {
  const events = generateEventMix(POSTGRES_EVENTS, { workspaceId: WS });
  const schema = `ck_bench_${randomBytes(4).toString('hex')}`;
  const url = process.env.CONTACTKIT_PG_URL;
  let driver: PostgresDriver;
  let close: () => Promise<void>;
  if (url) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    driver = client;
    close = () => client.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite();
    driver = db;
    close = () => db.close();
  }
  const engine = url ? 'postgres server' : 'PGlite';
  try {
    const recorded = await recordIntake(events, BATCH);
    await PostgresStore.open(driver, { schema }); // the lookups-only baseline's schema
    const baseline = await postgresBaseline(driver, schema, events);
    // Alternating, best of two each, on fresh schemas: one round of each moved by 15% between runs.
    let rate = 0;
    let sameWork = 0;
    let replayAndParse = 0;
    let parse = 0;
    for (let round = 1; round <= PG_ROUNDS; round++) {
      await PostgresStore.open(driver, { schema: `${schema}_same${round}` });
      parse = parseSeconds(events);
      const decide = expertSeconds(events, BATCH);
      const startSame = performance.now();
      await postgresSameWork(driver, `${schema}_same${round}`, WS, recorded);
      const replay = (performance.now() - startSame) / 1000;
      sameWork = Math.max(sameWork, events.length / (decide + replay));
      replayAndParse = Math.max(replayAndParse, events.length / (parse + replay));
      const store = await PostgresStore.open(driver, { schema: `${schema}_lib${round}` });
      rate = Math.max(rate, await ingestAll(store, events));
    }
    const storageOnly = await storageOnlyRate(
      await PostgresStore.open(driver, { schema: `${schema}_replay` }),
      events,
      BATCH,
    );
    console.error(
      `ingest-sql: ${engine}, ${events.length} events: ${Math.round(rate)} events/s, same work ${Math.round(sameWork)}, bare replay and parse ${Math.round(replayAndParse)}, storage only ${Math.round(storageOnly)}, lookups only ${Math.round(baseline)}`,
    );
    return [
      result('ingest.postgres.events_per_s', rate, 'events/s', sameWork),
      result('ingest.postgres.same_work_ratio', rate / sameWork, 'ratio'),
      result(
        'ingest.postgres.decide_us_per_event',
        (1 / rate - 1 / storageOnly - parse / events.length) * 1e6,
        'µs',
      ),
      result('ingest.postgres.replay_and_parse.events_per_s', replayAndParse, 'events/s'),
      result('ingest.postgres.storage_only.events_per_s', storageOnly, 'events/s', sameWork),
      result('ingest.postgres.lookups_only_baseline.events_per_s', baseline, 'events/s'),
    ];
  } finally {
    for (let round = 1; round <= PG_ROUNDS; round++) {
      await driver.query(`DROP SCHEMA IF EXISTS "${schema}_same${round}" CASCADE`);
      await driver.query(`DROP SCHEMA IF EXISTS "${schema}_lib${round}" CASCADE`);
    }
    await driver.query(`DROP SCHEMA IF EXISTS "${schema}_replay" CASCADE`);
    await driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await close();
  }
}

/** Intake throughput on SQLite and Postgres next to the bare SQL any intake needs, in the same run. */
const group: BenchGroup = {
  name: 'ingest-sql',
  async run() {
    return [...(await sqliteFigures()), ...(await postgresFigures())];
  },
};
export default group;
