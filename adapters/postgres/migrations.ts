import type { PostgresDriver } from './postgres-driver.js';

/** One schema change, applied once and recorded in `<schema>.contactkit_migrations`. */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  /**
   * Its statements, one per entry: drivers on the extended protocol (PGlite, pg with parameters) run
   * one statement per query. `{schema}` stands for the quoted schema name.
   */
  readonly statements: readonly string[];
}

/**
 * The schema's versioned SQL, applied in order by `PostgresStore.migrate()`. A migration, once
 * released, never changes: a new one is appended instead. `workspace_id` leads every primary key and
 * index (DESIGN.md, Tenancy: Citus can distribute every table by it). Ids and keys are `COLLATE "C"`:
 * byte order is the order JavaScript sorts ids in (and the memory adapter pages by), whatever the
 * database's default collation, and it is the cheapest.
 *
 * @example
 * ```ts
 * const latest = POSTGRES_MIGRATIONS.at(-1)?.version; // what a fully migrated schema records
 * ```
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE {schema}.contacts (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        kind text NOT NULL,
        source text NOT NULL,
        profile jsonb NOT NULL,
        field_origins jsonb NOT NULL,
        tags jsonb NOT NULL,
        custom_fields jsonb NOT NULL,
        channels jsonb NOT NULL,
        stats jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      // The unique key of identity resolution: one (workspace, type, normalized value) has one holder.
      `CREATE TABLE {schema}.identities (
        workspace_id text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        normalized_value text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        raw_value text NOT NULL,
        extension text,
        verified boolean NOT NULL,
        source_channel text,
        first_seen_at timestamptz NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, type, normalized_value)
      )`,
      'CREATE INDEX identities_by_contact ON {schema}.identities (workspace_id, contact_id)',
      `CREATE TABLE {schema}.activities (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb,
        event_id text,
        data jsonb NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX activities_by_contact ON {schema}.activities (workspace_id, contact_id, at DESC, id DESC)',
      // seq is the insertion order the outbox promises; delivery reads pending events in seq order.
      `CREATE TABLE {schema}.outbox (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        seq bigserial NOT NULL,
        type text NOT NULL,
        contact_id text COLLATE "C",
        at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        extra jsonb,
        delivered boolean NOT NULL DEFAULT false,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX outbox_pending ON {schema}.outbox (workspace_id, seq) WHERE NOT delivered',
      'CREATE INDEX outbox_by_contact ON {schema}.outbox (workspace_id, contact_id, seq)',
      `CREATE TABLE {schema}.processed_events (
        workspace_id text COLLATE "C" NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        outcome text NOT NULL,
        processed_at timestamptz NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, event_id)
      )`,
      'CREATE INDEX processed_events_by_contact ON {schema}.processed_events (workspace_id, contact_id)',
      `CREATE TABLE {schema}.conversations (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C",
        channel text NOT NULL,
        inbox text,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        last_message_at timestamptz,
        last_message_preview text,
        message_count integer NOT NULL,
        escalated boolean NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX conversations_by_contact ON {schema}.conversations (workspace_id, contact_id)',
      `CREATE TABLE {schema}.orders (
        workspace_id text COLLATE "C" NOT NULL,
        order_id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        amount double precision NOT NULL,
        currency text NOT NULL,
        via_assistant boolean NOT NULL,
        placed_at timestamptz NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, order_id)
      )`,
      'CREATE INDEX orders_by_contact ON {schema}.orders (workspace_id, contact_id)',
      `CREATE TABLE {schema}.notes (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        author jsonb NOT NULL,
        body text NOT NULL,
        at timestamptz NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX notes_by_contact ON {schema}.notes (workspace_id, contact_id)',
      `CREATE TABLE {schema}.flow_runs (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C",
        flow_id text NOT NULL,
        flow_name text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        steps_completed integer NOT NULL,
        actions_triggered jsonb NOT NULL,
        conditions_met jsonb NOT NULL,
        conditions_skipped jsonb NOT NULL,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX flow_runs_by_contact ON {schema}.flow_runs (workspace_id, contact_id)',
    ],
  },
  {
    version: 2,
    name: 'merge records, duplicate suggestions, consent',
    statements: [
      `CREATE TABLE {schema}.merges (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        primary_id text COLLATE "C" NOT NULL,
        absorbed_ids jsonb NOT NULL,
        reason text NOT NULL,
        actor text,
        at timestamptz NOT NULL,
        primary_before jsonb NOT NULL,
        absorbed_before jsonb NOT NULL,
        absorbed_rows jsonb NOT NULL,
        provenance jsonb NOT NULL,
        undone_at timestamptz,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX merges_by_contact ON {schema}.merges (workspace_id, primary_id)',
      `CREATE TABLE {schema}.suggestions (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        contact_ids jsonb NOT NULL,
        weight double precision NOT NULL,
        probability double precision NOT NULL,
        explanation jsonb NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by text,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX suggestions_by_status ON {schema}.suggestions (workspace_id, status, weight DESC, id)',
      `CREATE TABLE {schema}.consents (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        purpose text NOT NULL,
        status text NOT NULL,
        at timestamptz NOT NULL,
        source text NOT NULL,
        method text,
        extra jsonb,
        PRIMARY KEY (workspace_id, id)
      )`,
      'CREATE INDEX consents_by_contact ON {schema}.consents (workspace_id, contact_id)',
    ],
  },
];

/**
 * Brings the schema up to date on one connection (not a pool: the lock and the transaction must be on
 * the same session). A transaction-scoped advisory lock, keyed by the schema name, is taken before
 * anything is read, so a second process migrating at the same time waits for the first to commit,
 * then finds everything applied. The schema itself is created here too: `CREATE SCHEMA IF NOT EXISTS`
 * is not safe against a concurrent twin without the lock. Returns the versions it applied.
 */
export async function migratePostgres(
  connection: PostgresDriver,
  schema: string,
  migrations = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const q = quoteIdent(schema);
  await connection.query('BEGIN');
  try {
    await connection.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`contactkit:migrate:${schema}`]);
    await connection.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await connection.query(
      `CREATE TABLE IF NOT EXISTS ${q}.contactkit_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await connection.query(`SELECT version FROM ${q}.contactkit_migrations`);
    const done = new Set((rows as Array<{ version: number }>).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements)
        await connection.query(statement.replaceAll('{schema}', q));
      await connection.query(`INSERT INTO ${q}.contactkit_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    await connection.query('COMMIT');
    return applied;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A schema name as a quoted identifier. Only plain names are accepted, so nothing can be injected. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`contactkit: invalid Postgres schema name "${name}" (letters, digits and _ only)`);
  }
  return `"${name}"`;
}
