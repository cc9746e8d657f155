import { backfillContactConsent } from './backfill-consent.js';
import { backfillListColumns } from './backfill-list-columns.js';
import type { ColumnDef, IndexDef, MigrationOp, Row, SqlDialect, SqlSession } from './dialect.js';
import { raw, render, type Sql, sql } from './sql.js';

/*
 * The schema's history, as frozen data: each migration is a list of operations every dialect turns
 * into its own DDL (SqlDialect.ddl). A released migration never changes; a change is a new one, and a
 * new table is a spec plus a migration here. `workspace_id` leads every table, primary key and index
 * (DESIGN.md, Tenancy; Citus distributes by it), which the operations cannot leave out.
 */

/** One schema change, applied once and recorded in `contactkit_schema`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly ops: readonly MigrationOp[];
  /**
   * Rows to fill after the operations, in the same session and lock: for values computed from other
   * tables, written with the shared codec so that every dialect stores what a write of the record would.
   */
  readonly data?: (db: MigrationSession) => Promise<void>;
}

/** The session a migration's `data` step writes with: statements as `Sql`, in the dialect's placeholders. */
export interface MigrationSession {
  readonly dialect: SqlDialect;
  all(query: Sql): Promise<Row[]>;
  run(query: Sql): Promise<number>;
}

function migrationSession(dialect: SqlDialect, session: SqlSession): MigrationSession {
  const rendered = (query: Sql) => render(query, dialect.placeholder);
  return {
    dialect,
    all: (query) => {
      const { text, params } = rendered(query);
      return session.all(text, params);
    },
    run: (query) => {
      const { text, params } = rendered(query);
      return session.run(text, params);
    },
  };
}

const id = (name: string, nullable = false): ColumnDef => ({ name, type: 'text', length: 512, nullable });
const text = (name: string, nullable = false): ColumnDef => ({ name, type: 'text', nullable });
const short = (name: string, length: number, nullable = false): ColumnDef => ({
  name,
  type: 'text',
  length,
  nullable,
});
const int = (name: string, nullable = false): ColumnDef => ({ name, type: 'int', nullable });
const real = (name: string, nullable = false): ColumnDef => ({ name, type: 'real', nullable });
const bool = (name: string, nullable = false): ColumnDef => ({ name, type: 'bool', nullable });
const date = (name: string, nullable = false): ColumnDef => ({ name, type: 'date', nullable });
const json = (name: string, nullable = false): ColumnDef => ({ name, type: 'json', nullable });
/** Every record table ends with `extra`: top-level fields its columns do not cover. */
const extra = json('extra', true);
const byContact = (table: string, ...more: string[]) => ({
  name: `${table}_by_contact`,
  columns: ['contact_id', ...more],
});

/** The migrations before the contacts table was made again (see {@link MIGRATIONS}). */
const HISTORY: readonly Migration[] = [
  {
    version: 1,
    name: 'contacts, identities, activity log, contact-owned and workspace tables',
    ops: [
      {
        op: 'createTable',
        table: 'contacts',
        columns: [
          id('id'),
          int('version'),
          text('kind'),
          text('source'),
          json('profile'),
          json('field_origins'),
          json('tags'),
          json('custom_fields'),
          json('channels'),
          json('preferences', true),
          int('conversations'),
          int('messages'),
          date('first_seen_at'),
          date('last_seen_at'),
          date('last_inbound_at', true),
          int('orders'),
          real('amount_spent'),
          date('first_order_at', true),
          date('last_order_at', true),
          json('spend', true),
          int('bookings', true),
          date('last_booking_at', true),
          json('classification', true),
          json('score_state', true),
          json('sentiment_state', true),
          short('manual_stage', 32, true),
          // Taken out of the classification for lists (see CONTACTS in tables.ts).
          short('status', 32, true),
          short('stage', 32, true),
          real('score', true),
          short('grade', 8, true),
          short('temperature', 16, true),
          short('sentiment', 16, true),
          real('sentiment_value', true),
          bool('vip', true),
          bool('at_risk', true),
          real('completeness', true),
          real('predicted_spend', true),
          date('created_at'),
          date('updated_at'),
          date('archived_at', true),
          date('deleted_at', true),
          extra,
        ],
        primaryKey: ['id'],
      },
      {
        op: 'createTable',
        table: 'identities',
        columns: [
          short('type', 64),
          id('normalized_value'),
          id('contact_id'),
          text('raw_value'),
          text('extension', true),
          bool('verified'),
          text('source_channel', true),
          date('first_seen_at'),
          extra,
        ],
        primaryKey: ['type', 'normalized_value'],
        indexes: [byContact('identities')],
      },
      {
        op: 'createTable',
        table: 'activity_log',
        columns: [
          id('id'),
          { name: 'position', type: 'bigint' },
          id('contact_id', true),
          date('at'),
          date('recorded_at'),
          text('activity_type', true),
          json('actor', true),
          text('event_id', true),
          json('data', true),
          text('event_type', true),
          json('payload', true),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [
          { name: 'activity_log_by_position', columns: ['position'], unique: true },
          byContact('activity_log', 'at', 'position'),
        ],
      },
      {
        op: 'createTable',
        table: 'activity_log_positions',
        columns: [{ name: 'position', type: 'bigint' }],
        primaryKey: [],
      },
      {
        op: 'createTable',
        table: 'processed_events',
        columns: [id('event_id'), id('contact_id'), text('outcome'), date('processed_at'), extra],
        primaryKey: ['event_id'],
        indexes: [byContact('processed_events')],
      },
      {
        op: 'createTable',
        table: 'conversations',
        columns: [
          id('id'),
          id('contact_id', true),
          text('channel'),
          text('inbox', true),
          text('status'),
          date('started_at'),
          date('last_message_at', true),
          text('last_message_preview', true),
          int('message_count'),
          bool('escalated'),
          json('facts', true),
          date('active_at'),
          extra,
        ],
        primaryKey: ['id'],
        // Most recently active first: the follow-up sweep walks this until its lookback.
        indexes: [
          byContact('conversations'),
          { name: 'conversations_by_activity', columns: ['active_at', 'id'] },
        ],
      },
      {
        op: 'createTable',
        table: 'orders',
        columns: [
          id('order_id'),
          id('contact_id'),
          real('amount'),
          text('currency'),
          bool('via_assistant'),
          date('placed_at'),
          extra,
        ],
        primaryKey: ['order_id'],
        indexes: [byContact('orders')],
      },
      {
        op: 'createTable',
        table: 'notes',
        columns: [id('id'), id('contact_id'), json('author'), text('body'), date('at'), extra],
        primaryKey: ['id'],
        indexes: [byContact('notes')],
      },
      {
        op: 'createTable',
        table: 'flow_runs',
        columns: [
          id('id'),
          id('contact_id', true),
          text('flow_id'),
          text('flow_name', true),
          date('started_at'),
          date('finished_at', true),
          int('steps_completed'),
          json('actions_triggered', true),
          json('conditions_met', true),
          json('conditions_skipped', true),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [byContact('flow_runs')],
      },
      {
        op: 'createTable',
        table: 'consents',
        columns: [
          id('id'),
          id('contact_id'),
          text('purpose'),
          text('status'),
          date('at'),
          text('source'),
          text('method', true),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [byContact('consents')],
      },
      {
        op: 'createTable',
        table: 'score_ledger',
        columns: [
          id('id'),
          id('contact_id'),
          int('seq'),
          text('rule_id'),
          text('rule_set_version'),
          text('kind'),
          text('event_id', true),
          date('at'),
          text('category'),
          real('rule_points'),
          real('weight'),
          real('points'),
          bool('capped'),
          real('half_life_days', true),
          text('matched', true),
          text('note', true),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [byContact('score_ledger', 'at', 'seq')],
      },
      {
        op: 'createTable',
        table: 'follow_ups',
        columns: [
          id('id'),
          text('item_key'),
          id('contact_id'),
          id('conversation_id', true),
          short('reason', 32),
          text('rule', true),
          text('channel'),
          date('due_at'),
          date('anchor_at'),
          bool('template_only'),
          date('window_closes_at', true),
          int('attempt'),
          short('status', 32),
          text('draft', true),
          text('text', true),
          text('note', true),
          text('assignee', true),
          date('created_at'),
          date('updated_at'),
          json('decided_by', true),
          date('decided_at', true),
          json('sent_by', true),
          date('sent_at', true),
          bool('sent_as_template', true),
          date('outcome_at', true),
          text('order_id', true),
          int('version'),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [
          byContact('follow_ups', 'status'),
          { name: 'follow_ups_by_conversation', columns: ['conversation_id', 'status'] },
          // The queue (by status, then due time) and the no-response expiry (sent, oldest first).
          { name: 'follow_ups_by_status_due', columns: ['status', 'due_at', 'id'] },
          { name: 'follow_ups_by_status_sent', columns: ['status', 'sent_at', 'id'] },
        ],
      },
      {
        op: 'createTable',
        table: 'review_items',
        columns: [
          id('id'),
          text('item_key'),
          id('contact_id'),
          id('conversation_id'),
          short('reason', 32),
          text('rule', true),
          date('flagged_at'),
          text('summary'),
          json('context'),
          short('status', 32),
          text('assignee', true),
          date('created_at'),
          date('updated_at'),
          json('acted_by', true),
          date('acted_at', true),
          text('note', true),
          int('version'),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [
          byContact('review_items', 'status'),
          { name: 'review_items_by_status_flagged', columns: ['status', 'flagged_at', 'id'] },
        ],
      },
      {
        op: 'createTable',
        table: 'reminders',
        columns: [
          id('id'),
          id('contact_id'),
          id('conversation_id', true),
          date('due_at'),
          text('channel', true),
          text('note', true),
          json('set_by', true),
          text('assignee', true),
          date('created_at'),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [byContact('reminders'), { name: 'reminders_by_due', columns: ['due_at', 'id'] }],
      },
      {
        op: 'createTable',
        table: 'merges',
        columns: [
          id('id'),
          id('primary_id'),
          json('absorbed_ids'),
          text('reason'),
          text('actor', true),
          date('at'),
          json('primary_before'),
          json('absorbed_before'),
          json('absorbed_rows'),
          json('provenance'),
          date('undone_at', true),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [{ name: 'merges_by_primary', columns: ['primary_id'] }],
      },
      {
        op: 'createTable',
        table: 'suggestions',
        columns: [
          id('id'),
          json('contact_ids'),
          real('weight'),
          real('probability'),
          json('explanation'),
          short('status', 32),
          date('created_at'),
          date('decided_at', true),
          text('decided_by', true),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [{ name: 'suggestions_by_status', columns: ['status', 'weight'] }],
      },
      {
        op: 'createTable',
        table: 'custom_field_definitions',
        columns: [
          short('field_key', 64),
          text('label'),
          text('type'),
          json('options', true),
          bool('required'),
          date('created_at'),
          date('updated_at'),
          date('retired_at', true),
          extra,
        ],
        primaryKey: ['field_key'],
      },
      {
        op: 'createTable',
        table: 'webhook_endpoints',
        columns: [
          short('id', 200),
          text('url'),
          text('description', true),
          json('event_types', true),
          json('secrets'),
          short('status', 16),
          date('disabled_at', true),
          short('disabled_reason', 16, true),
          { name: 'from_position', type: 'bigint' },
          date('failing_since', true),
          int('consecutive_failures'),
          date('last_success_at', true),
          date('last_failure_at', true),
          date('created_at'),
          date('updated_at'),
          int('version'),
          extra,
        ],
        primaryKey: ['id'],
      },
      {
        op: 'createTable',
        table: 'webhook_deliveries',
        // Ids of 200 characters (IdSchema's most), so the delivery log's index fits InnoDB's key limit.
        columns: [
          short('id', 200),
          short('endpoint_id', 200),
          id('event_id'),
          short('event_type', 64),
          { name: 'position', type: 'bigint' },
          short('order_key', 200),
          short('status', 16),
          int('attempts'),
          date('next_attempt_at', true),
          date('created_at'),
          date('updated_at'),
          date('delivered_at', true),
          date('failed_at', true),
          int('replays'),
          int('replayed_at_attempt'),
          int('last_status_code', true),
          text('last_error', true),
          json('attempt_log'),
          extra,
        ],
        primaryKey: ['id'],
        indexes: [
          // The relay's queue: an endpoint's pending deliveries in log order.
          { name: 'webhook_deliveries_queue', columns: ['endpoint_id', 'status', 'position'] },
          // The delivery log: an endpoint's deliveries, newest first.
          { name: 'webhook_deliveries_recent', columns: ['endpoint_id', 'created_at', 'id'] },
          { name: 'webhook_deliveries_by_event', columns: ['event_id'] },
        ],
      },
      {
        // Store-wide, per worker kind and workspace: the log position handled, the next due time and
        // the lease (src/ports/worker-leases.ts). No spec describes it.
        op: 'createTable',
        table: 'worker_leases',
        columns: [
          short('worker', 64),
          { name: 'position', type: 'bigint' },
          date('due_at', true),
          short('lease_owner', 200, true),
          date('lease_until', true),
          { name: 'lease_token', type: 'bigint' },
        ],
        primaryKey: ['worker'],
      },
    ],
  },
  {
    version: 2,
    name: 'contact lists: filter, search and sort columns, their indexes, saved segments',
    ops: [
      {
        // Computed from each contact on write (see CONTACTS in tables.ts). Contacts stored before this
        // migration get them when next written.
        op: 'addColumns',
        table: 'contacts',
        columns: [
          short('sort_name', 500, true),
          text('search_text', true),
          text('search_digits', true),
          json('tag_keys', true),
          json('channel_keys', true),
          short('location_key', 200, true),
          json('custom_index', true),
          int('orders_via_assistant', true),
          bool('has_email', true),
          bool('has_phone', true),
        ],
        indexes: [
          // The sorts lists offer: a first page walks one of these and stops after the page.
          { name: 'contacts_by_created', columns: ['created_at', 'id'] },
          { name: 'contacts_by_last_seen', columns: ['last_seen_at', 'id'] },
          { name: 'contacts_by_name', columns: ['sort_name', 'id'] },
          { name: 'contacts_by_score', columns: ['score', 'id'] },
          { name: 'contacts_by_amount', columns: ['amount_spent', 'id'] },
          // Postgres: the nullable sorts descending, missing values last (top scores first).
          { name: 'contacts_by_name_desc', columns: ['sort_name', 'id'], descendingNullsLast: true },
          { name: 'contacts_by_score_desc', columns: ['score', 'id'], descendingNullsLast: true },
          // Totals and counts: the columns typical segments test, narrow enough that counting reads
          // this index alone and never the contact rows (20 to 100 times faster on SQLite at 200,000
          // contacts). MariaDB cannot index the JSON columns and goes without it.
          {
            name: 'contacts_by_segment',
            columns: [
              'deleted_at',
              'status',
              'grade',
              'orders',
              'created_at',
              'last_seen_at',
              'tag_keys',
              'channel_keys',
            ],
          },
        ],
      },
      { op: 'searchIndex', table: 'contacts', columns: ['search_text', 'search_digits'] },
      {
        op: 'createTable',
        table: 'saved_segments',
        columns: [
          id('id'),
          text('name'),
          json('filter', true),
          json('members'),
          date('created_at'),
          date('updated_at'),
          int('version'),
          extra,
        ],
        primaryKey: ['id'],
      },
    ],
  },
];

/**
 * A table as the migrations before `version` left it: its columns, primary key, indexes and search
 * columns, for an operation that makes it again.
 */
function tableBefore(
  history: readonly Migration[],
  version: number,
  table: string,
): Omit<Extract<MigrationOp, { op: 'rebuildTable' }>, 'op'> {
  const columns: ColumnDef[] = [];
  const indexes: IndexDef[] = [];
  let primaryKey: readonly string[] = [];
  let search: readonly string[] | undefined;
  for (const migration of history) {
    if (migration.version >= version) continue;
    for (const op of migration.ops) {
      if (op.table !== table) continue;
      if (op.op === 'createTable' || op.op === 'addColumns') {
        columns.push(...op.columns);
        indexes.push(...(op.indexes ?? []));
        if (op.op === 'createTable') primaryKey = op.primaryKey;
      } else if (op.op === 'searchIndex') {
        search = op.columns;
      }
    }
  }
  return { table, columns, primaryKey, indexes, ...(search ? { search } : {}) };
}

/** Every migration of the shared SQL schema, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  ...HISTORY,
  {
    version: 3,
    name: 'contacts kept in rowid order, searched by rowid (SQLite)',
    ops: [
      // Contact rows are wide (a kilobyte and more of JSON): SQLite stores such rows best in a rowid
      // table, and its search index then reaches a match by rowid instead of through a second key
      // table and a text-key seek (a common name's 8,000 matches: 150 ms to 60 ms at 1M contacts).
      { op: 'rebuildTable', ...tableBefore(HISTORY, 3, 'contacts') },
    ],
  },
  {
    version: 4,
    name: 'conversations: first-response time and sentiment sums for analytics',
    ops: [
      {
        // Kept by intake on every message (CONVERSATIONS in tables.ts), from a conversation's start.
        // Conversations stored before this migration keep NULLs (figures counted from the middle
        // would be wrong), and analytics leaves them out.
        op: 'addColumns',
        table: 'conversations',
        columns: [
          date('first_inbound_at', true),
          int('first_response_ms', true),
          real('sentiment_sum', true),
          int('sentiment_count', true),
        ],
      },
    ],
  },
  {
    version: 5,
    name: 'consent in force on contacts',
    ops: [
      {
        // The latest consent record per purpose (`consent`), and its members (`consent_keys`,
        // `granted:<purpose>`) that the `consent` predicate of segments tests. Not in the narrow
        // segment index: counts by consent read the contact rows.
        op: 'addColumns',
        table: 'contacts',
        columns: [json('consent', true), json('consent_keys', true)],
      },
    ],
    // Contacts stored before this migration get them from their consent records here; those with none
    // keep NULL, which means none recorded.
    data: backfillContactConsent,
  },
  {
    version: 6,
    name: 'list columns of contacts stored before migration 2',
    ops: [],
    // Until now such contacts got them only when next written, and no filter or search found them.
    data: backfillListColumns,
  },
];

/** The table recording applied migrations. */
export const LEDGER = 'contactkit_schema';
/** The table earlier, unreleased versions recorded their migrations in. */
export const OLD_LEDGER = 'contactkit_migrations';

/** A database made by an earlier, unreleased contactkit, whose schema this version cannot read. */
export class OldSchemaError extends Error {
  constructor(where: string) {
    super(
      `contactkit: ${where} holds tables of an earlier, unreleased contactkit (it has ${OLD_LEDGER}). ` +
        'Their layout cannot be upgraded in place: export what you need with the version that wrote it, ' +
        'then point this version at a new database (or schema), or drop those tables.',
    );
    this.name = 'OldSchemaError';
  }
}

/**
 * Applies the migrations the database lacks, on a session the store already holds a migration lock
 * on; returns their versions. Refuses a database left by the old migrations.
 */
export async function applyMigrations(
  dialect: SqlDialect,
  session: SqlSession,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const db = migrationSession(dialect, session);
  if ((await db.all(dialect.tableExists(OLD_LEDGER))).length > 0) throw new OldSchemaError(where);
  const ledger = dialect.table(LEDGER);
  if ((await db.all(dialect.tableExists(LEDGER))).length === 0) {
    await session.run(
      `CREATE TABLE ${ledger} (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)`,
      [],
    );
  }
  const done = new Set(
    (await session.all(`SELECT version FROM ${ledger}`, [])).map((r) => Number(r.version)),
  );
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    for (const op of migration.ops) for (const statement of dialect.ddl(op)) await session.run(statement, []);
    await migration.data?.(db);
    await db.run(
      sql`INSERT INTO ${raw(ledger)} (version, name, applied_at) VALUES (${migration.version}, ${migration.name}, ${Date.now()})`,
    );
    applied.push(migration.version);
  }
  return applied;
}
