/**
 * Contact lists (issue 17), on CONTACTKIT_BENCH_LIST_CONTACTS contacts (default 1,000,000) in SQLite,
 * and on the Postgres server at CONTACTKIT_PG_URL when set (CONTACTKIT_BENCH_LIST_PG_CONTACTS, default
 * the same number):
 * - `segment.<db>.p95_ms`: typical segments through `kit.lists.page`, first page of 50 with the exact
 *   total (status + tag + last-seen window; grade + channel; never ordered + created this month).
 * - `segment.estimate.<db>.p95_ms`: the same with `total: 'estimate'` (exact up to 10,000).
 * - `search.<db>.p95_ms`: a name, an email fragment and a phone fragment typed with spaces, exact total
 *   (on SQLite a search's page reads every match, so its query counts them: one statement, as the
 *   baseline).
 * - `segment.count.sqlite.ms`: counting the largest segment (every live contact).
 * - `analytics.sqlite.ms`: the workspace dashboard (`kit.lists.analytics`, 30 days).
 * Each next to a same-run baseline: a hand-written SQL query of the same work (the same page and
 * count, the same GROUP BYs) on the same tables and indexes, through the bare driver.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type PostgresDriver, PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { Classification } from '../../src/model/classification.js';
import type { Contact } from '../../src/model/contact.js';
import type { ContactStore } from '../../src/ports/store.js';
import { periodBounds } from '../../src/segments/resolve.js';
import { createContactkit } from '../../src/service/index.js';
import type { ListPageInput } from '../../src/service/list-service.js';
import { makeContact } from '../../src/testing/fixtures.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';

const CONTACTS = Number(process.env.CONTACTKIT_BENCH_LIST_CONTACTS ?? 1_000_000);
const PG_CONTACTS = Number(process.env.CONTACTKIT_BENCH_LIST_PG_CONTACTS ?? CONTACTS);
const WS = 'bench';
const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const CHUNK = 5_000;
const ROUNDS = 15;

const FIRST = [
  'Ana',
  'José',
  'Maria',
  'João',
  'Zoë',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Lucas',
  'Mia',
  'Hugo',
];
const LAST = [
  'Lima',
  'García',
  'Silva',
  'Müller',
  'Smith',
  'Nguyen',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Tanaka',
];
const STATUSES = ['new', 'active', 'qualified', 'converted', 'inactive', 'churned'] as const;
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
const TAGS = ['vip', 'trial', 'newsletter', 'wholesale', 'b2b', 'returning'];
const CHANNELS = ['web', 'whatsapp', 'instagram', 'sms', 'email'];

function contactAt(i: number): Contact {
  const h = (n: number) => (Math.imul(i + 1, 2654435761 + n * 97) >>> 0) % 1_000_003;
  const first = FIRST[h(1) % FIRST.length]!;
  const last = LAST[h(2) % LAST.length]!;
  const created = NOW.getTime() - (h(3) % 365) * DAY - (h(4) % DAY);
  const seen = Math.min(NOW.getTime(), created + (h(5) % 120) * DAY);
  const orders = h(6) % 3 === 0 ? 1 + (h(7) % 4) : 0;
  const classification = {
    status: STATUSES[h(8) % STATUSES.length]!,
    stage: null,
    score: h(9) % 100,
    grade: GRADES[h(10) % GRADES.length]!,
    temperature: (['hot', 'warm', 'cold'] as const)[h(11) % 3]!,
    sentiment: null,
    vip: h(12) % 20 === 0,
    atRisk: h(13) % 15 === 0,
    completeness: (h(14) % 5) / 4,
    predictedSpend: { total: null },
  } as unknown as Classification;
  return makeContact(WS, `c${String(i).padStart(7, '0')}`, {
    kind: orders > 0 ? 'customer' : 'lead',
    profile: {
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@example${h(15) % 50}.com`,
      phone: `+1 ${200 + (h(16) % 700)} ${String(h(17) % 1000).padStart(3, '0')} ${String(i % 10_000).padStart(4, '0')}`,
    },
    tags: TAGS.filter((_, k) => h(20 + k) % 7 === 0),
    channels: CHANNELS.filter((_, k) => h(30 + k) % 4 === 0 || k === h(29) % CHANNELS.length),
    classification,
    stats: {
      conversations: h(40) % 6,
      messages: h(41) % 40,
      firstSeenAt: new Date(created),
      lastSeenAt: new Date(seen),
      orders,
      amountSpent: orders * 25,
      ...(orders > 0 ? { lastOrderAt: new Date(seen) } : {}),
    },
    createdAt: new Date(created),
    updatedAt: new Date(seen),
  });
}

export async function fill(store: ContactStore, n: number): Promise<void> {
  for (let start = 0; start < n; start += CHUNK) {
    const batch: Contact[] = [];
    for (let i = start; i < Math.min(n, start + CHUNK); i++) batch.push(contactAt(i));
    await store.transaction(WS, (tx) => tx.contacts.insertMany(batch));
  }
}

export const SEGMENTS: ListPageInput[] = [
  {
    filter: {
      type: 'and',
      filters: [
        { type: 'status', any: ['active', 'qualified'] },
        { type: 'tags', has: 'any', values: ['vip'] },
        { type: 'date', field: 'lastSeenAt', withinDays: 30 },
      ],
    },
    sort: { field: 'lastSeenAt', direction: 'desc' },
  },
  {
    filter: {
      type: 'and',
      filters: [
        { type: 'grade', any: ['A', 'B'] },
        { type: 'channel', any: ['whatsapp'] },
      ],
    },
    sort: { field: 'score', direction: 'desc' },
  },
  {
    filter: {
      type: 'and',
      filters: [
        { type: 'orders', is: 'never' },
        { type: 'date', field: 'createdAt', period: 'this_month' },
      ],
    },
    sort: { field: 'createdAt', direction: 'desc' },
  },
];
/** A name with accents, an email fragment, a phone fragment typed with its own spacing. */
export const SEARCHES = ['josé garcía', 'lima12', '01 23'];

const p95 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};

async function timeEach(queries: Array<() => Promise<unknown>>, rounds = ROUNDS): Promise<number[]> {
  for (const q of queries) await q(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t0 = performance.now();
      await q();
      samples.push(performance.now() - t0);
    }
  }
  return samples;
}

/** The hand-written baseline of the same work on SQLite: page of 51 and the count, per segment. */
function sqliteBaselines(db: Database.Database) {
  const month = periodBounds('this_month', NOW.getTime(), 'UTC');
  const page = (where: string, order: string) => {
    const rows = db.prepare(
      `SELECT * FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND ${where} ORDER BY ${order} LIMIT 51`,
    );
    const count = db.prepare(
      `SELECT count(*) AS n FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND ${where}`,
    );
    return (...params: unknown[]) =>
      async () => {
        for (const row of rows.all(WS, ...params) as Array<Record<string, string>>) JSON.parse(row.profile!);
        count.get(WS, ...params);
      };
  };
  const segments = [
    page(
      `status IN ('active', 'qualified') AND EXISTS (SELECT 1 FROM json_each(tag_keys) WHERE value = 'vip') AND last_seen_at >= ?`,
      'last_seen_at DESC, id DESC',
    )(NOW.getTime() - 30 * DAY),
    page(
      `grade IN ('A', 'B') AND EXISTS (SELECT 1 FROM json_each(channel_keys) WHERE value = 'whatsapp')`,
      'score DESC NULLS LAST, id DESC',
    )(),
    page('orders = 0 AND created_at >= ? AND created_at < ?', 'created_at DESC, id DESC')(month[0], month[1]),
  ];
  // A search's page reads and sorts every match anyway: the expert counts them in the same query.
  const search = (needle: string, digits?: string) => {
    const match = [needle, ...(digits ? [digits] : [])].map((n) => `"${n}"`).join(' OR ');
    const rows = db.prepare(
      `SELECT *, count(*) OVER () AS n FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND rowid IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ?) AND (instr(search_text, ?) > 0${digits ? ' OR instr(search_digits, ?) > 0' : ''}) ORDER BY created_at DESC, id DESC LIMIT 51`,
    );
    const params = [WS, match, needle, ...(digits ? [digits] : [])];
    return async () => {
      for (const row of rows.all(...params) as Array<Record<string, string>>) JSON.parse(row.profile!);
    };
  };
  const searches = [search('jose garcia'), search('lima12'), search('01 23', '0123')];
  const countAll = db.prepare(
    'SELECT count(*) AS n FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL',
  );
  // The dashboard as an expert would write it: one grouped pass with the sums, then a count a day.
  const grouped = db.prepare(
    `SELECT status, stage, grade, temperature, sentiment, source, channel_keys, count(*), sum(conversations), sum(messages),
       sum(CASE WHEN orders > 0 OR coalesce(bookings, 0) > 0 THEN 1 ELSE 0 END), sum(CASE WHEN conversations >= 2 THEN 1 ELSE 0 END),
       sum(orders), sum(coalesce(orders_via_assistant, 0)), sum(amount_spent), sum(CASE WHEN vip = 1 THEN 1 ELSE 0 END),
       sum(CASE WHEN at_risk = 1 THEN 1 ELSE 0 END), sum(CASE WHEN sentiment IS NOT NULL THEN 1 ELSE 0 END), sum(coalesce(sentiment_value, 0))
     FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL
     GROUP BY status, stage, grade, temperature, sentiment, source, channel_keys`,
  );
  const day = db.prepare(
    'SELECT count(*) FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ?',
  );
  const analytics = async () => {
    for (const row of grouped.all(WS) as Array<{ channel_keys: string }>) JSON.parse(row.channel_keys);
    const start = NOW.getTime() - 29 * DAY;
    for (let d = 0; d < 30; d++) day.get(WS, start + d * DAY, start + (d + 1) * DAY);
  };
  return { segments, searches, count: async () => countAll.get(WS), analytics };
}

/** The hand-written baseline on Postgres: page of 51 and the count, per segment and search. */
function postgresBaselines(driver: PostgresDriver, schema: string) {
  const month = periodBounds('this_month', NOW.getTime(), 'UTC');
  const t = `"${schema}".contacts`;
  const page = (where: string, order: string, params: unknown[]) => async () => {
    await driver.query(
      `SELECT * FROM ${t} WHERE workspace_id = $1 AND deleted_at IS NULL AND ${where} ORDER BY ${order} LIMIT 51`,
      [WS, ...params],
    );
    await driver.query(
      `SELECT count(*) FROM ${t} WHERE workspace_id = $1 AND deleted_at IS NULL AND ${where}`,
      [WS, ...params],
    );
  };
  return {
    segments: [
      page(
        `status IN ('active', 'qualified') AND jsonb_exists(tag_keys, 'vip') AND last_seen_at >= $2`,
        'last_seen_at DESC, id DESC',
        [new Date(NOW.getTime() - 30 * DAY).toISOString()],
      ),
      page(
        `grade IN ('A', 'B') AND jsonb_exists(channel_keys, 'whatsapp')`,
        'score DESC NULLS LAST, id DESC',
        [],
      ),
      page('orders = 0 AND created_at >= $2 AND created_at < $3', 'created_at DESC, id DESC', [
        new Date(month[0]).toISOString(),
        new Date(month[1]).toISOString(),
      ]),
    ],
    // Not in one query with a window count here: Postgres's planner then walks the sort index over
    // every row to feed the window (seconds).
    searches: [
      page(`search_text LIKE '%jose garcia%'`, 'created_at DESC, id DESC', []),
      page(`search_text LIKE '%lima12%'`, 'created_at DESC, id DESC', []),
      page(`(search_text LIKE '%01 23%' OR search_digits LIKE '%0123%')`, 'created_at DESC, id DESC', []),
    ],
  };
}

function kitOn(store: ContactStore) {
  return createContactkit({ store, clock: () => NOW });
}

const lists = (kit: ReturnType<typeof kitOn>) => ({
  segments: SEGMENTS.map((s) => () => kit.lists.page(WS, { ...s, limit: 50, total: 'exact' })),
  searches: SEARCHES.map((search) => () => kit.lists.page(WS, { search, limit: 50, total: 'exact' })),
});

async function runSqlite(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'contactkit-lists-'));
  try {
    const db = new Database(join(dir, 'lists.db'));
    const store = await SqliteStore.open(db);
    const t0 = performance.now();
    await fill(store, CONTACTS);
    db.exec('ANALYZE');
    console.error(`  sqlite: ${CONTACTS} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const kit = kitOn(store);
    const ours = lists(kit);
    const base = sqliteBaselines(db);
    const segment = p95(await timeEach(ours.segments));
    const segmentBase = p95(await timeEach(base.segments));
    const search = p95(await timeEach(ours.searches));
    const searchBase = p95(await timeEach(base.searches));
    const estimate = p95(
      await timeEach(SEGMENTS.map((s) => () => kit.lists.page(WS, { ...s, limit: 50, total: 'estimate' }))),
    );
    const best = async (q: () => Promise<unknown>) => Math.min(...(await timeEach([q], 3)));
    const count = await best(() => kit.lists.count(WS, { segment: 'all' }));
    const countBase = await best(base.count);
    const analytics = await best(() => kit.lists.analytics(WS));
    const analyticsBase = await best(base.analytics);
    const first = await kit.lists.page(WS, { ...SEGMENTS[0]!, limit: 50, total: 'exact' });
    console.error(
      `  segment 1: ${first.total?.count} contacts; search 'josé garcía': ${await kit.lists.count(WS, { search: SEARCHES[0]! })}`,
    );
    db.close();
    return [
      result('segment.sqlite.p95_ms', segment, 'ms', segmentBase),
      result('segment.estimate.sqlite.p95_ms', estimate, 'ms', segmentBase),
      result('search.sqlite.p95_ms', search, 'ms', searchBase),
      result('segment.count.sqlite.ms', count, 'ms', countBase),
      result('analytics.sqlite.ms', analytics, 'ms', analyticsBase),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(url: string): Promise<BenchResult[]> {
  const { default: pg } = await import('pg');
  const driver = new pg.Pool({ connectionString: url, max: 4 });
  const schema = `ck_lists_${randomBytes(4).toString('hex')}`;
  try {
    const store = await PostgresStore.open(driver, { schema });
    const t0 = performance.now();
    await fill(store, PG_CONTACTS);
    // What autovacuum does on a live server: statistics, and the visibility map index-only scans need.
    await driver.query(`VACUUM ANALYZE "${schema}".contacts`);
    console.error(`  postgres: ${PG_CONTACTS} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const ours = lists(kitOn(store));
    const base = postgresBaselines(driver, schema);
    const segment = p95(await timeEach(ours.segments));
    const segmentBase = p95(await timeEach(base.segments));
    const search = p95(await timeEach(ours.searches));
    const searchBase = p95(await timeEach(base.searches));
    const kit = kitOn(store);
    const estimate = p95(
      await timeEach(SEGMENTS.map((s) => () => kit.lists.page(WS, { ...s, limit: 50, total: 'estimate' }))),
    );
    return [
      result('segment.postgres.p95_ms', segment, 'ms', segmentBase),
      result('segment.estimate.postgres.p95_ms', estimate, 'ms', segmentBase),
      result('search.postgres.p95_ms', search, 'ms', searchBase),
    ];
  } finally {
    await driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await driver.end();
  }
}

const group: BenchGroup = {
  name: 'lists',
  async run(): Promise<BenchResult[]> {
    const out = await runSqlite();
    const url = process.env.CONTACTKIT_PG_URL;
    if (url) out.push(...(await runPostgres(url)));
    else
      console.error('  postgres: CONTACTKIT_PG_URL is not set; segment.postgres and search.postgres skipped');
    return out;
  },
};
export default group;
