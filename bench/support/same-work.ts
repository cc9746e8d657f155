/**
 * The same-work baselines of issue 13: bare code that writes exactly the rows contactkit writes for a
 * workload, as an expert would, with no library in between.
 *
 * Each has two halves, timed and added:
 * - deciding ({@link expertSeconds}, bench/support/expert-intake.ts): parse and normalise the events,
 *   decide each by the product's rules (the core's pure `decideEvent`), and apply the decision to plain
 *   Maps. On memory that is the whole baseline: the Maps are its store.
 * - storing, on SQL: the workload's reads and writes are recorded once (bench/support/port-recorder.ts:
 *   every committed transaction's port calls, with the rows the service decided to write) and replayed
 *   by hand-written SQL:
 *   - SQLite: prepared statements per table and operation, inserting up to 64 rows per statement,
 *     contact updates writing only the columns that changed, a row at a time;
 *   - Postgres: one statement per table and operation per transaction, every row in one `jsonb`
 *     parameter (`jsonb_to_recordset`), contact updates in one `UPDATE … FROM` of the changed columns,
 *     a merge's moves in one `UPDATE … FROM unnest(…) RETURNING` per table.
 *   Reads are made as the service made them (identities by key, contacts, conversations, processed
 *   events and orders by id, contacts and conversations held `FOR UPDATE` on Postgres), and their rows
 *   fetched as values (JSON parsed, dates as Dates: node-postgres does that for every row, and no code
 *   can decide on a row it has not read). What is written is the same rows, in the same columns
 *   (computed ones included), on the same schema and indexes (the library's migration: an expert's
 *   schema would have the same keys).
 *
 * test/bench/expert-intake.test.ts checks that the expert's rows are exactly contactkit's. The replay
 * plus {@link parseSeconds} alone is also reported (`replay_and_parse`): the bare storage of these rows
 * with no deciding at all, which no intake that decides can reach.
 */
import type Database from 'better-sqlite3';
import type { PostgresDriver } from '../../adapters/postgres/index.js';
import { extractClaims } from '../../src/identity/claims.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { Contact } from '../../src/model/contact.js';
import type { Identity } from '../../src/model/identity.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { safeParseChatEvent } from '../../src/model/parse-chat-event.js';
import { DEFAULT_WORKSPACE_CONFIG } from '../../src/model/workspace-config.js';
import { type ColumnSpec, cellOf, type TableSpec } from '../../src/ports/schema/table-spec.js';
import { OWNED_TABLE_NAMES, TABLES } from '../../src/ports/schema/tables.js';
import type { ContactAbsorption } from '../../src/ports/store.js';
import { timeOrderedId } from '../../src/service/runtime/time-ordered-id.js';
import { ExpertIntake } from './expert-intake.js';
import type { RecordedTransaction } from './port-recorder.js';

/** The spec of a port repository by its property name on the transaction. */
const SPECS: Record<string, TableSpec<unknown>> = TABLES as unknown as Record<string, TableSpec<unknown>>;

/** The rows each recorded call reads or writes, in one shape for the three baselines. */
type Op =
  | { readonly kind: 'readIdentities'; readonly keys: ReadonlyArray<{ type: string; value: string }> }
  | {
      readonly kind: 'readKeys';
      readonly table: string;
      readonly keys: readonly string[];
      readonly lock: boolean;
    }
  | { readonly kind: 'insert'; readonly table: string; readonly rows: readonly object[] }
  | { readonly kind: 'put'; readonly table: string; readonly rows: readonly object[] }
  | { readonly kind: 'updateContacts'; readonly rows: readonly Contact[] }
  | { readonly kind: 'append'; readonly rows: readonly LogEntry[] }
  /** Contacts merged away: every row they own goes to the survivor, and they are deleted. */
  | { readonly kind: 'merge'; readonly moves: ReadonlyArray<{ from: string; to: string }> };

/** The ops of one recorded transaction. Calls intake never makes on the bench's mix are refused. */
export function opsOf(transaction: RecordedTransaction): Op[] {
  const ops: Op[] = [];
  for (const { repository, method, args } of transaction.calls) {
    const [first, second] = args as [unknown, { lock?: boolean } | undefined];
    const call = `${repository}.${method}`;
    switch (call) {
      case 'identities.findByKeys':
        ops.push({ kind: 'readIdentities', keys: first as Array<{ type: string; value: string }> });
        break;
      case 'identities.listByContacts':
        ops.push({ kind: 'readKeys', table: 'identities', keys: first as string[], lock: false });
        break;
      case 'contacts.getMany':
        ops.push({
          kind: 'readKeys',
          table: 'contacts',
          keys: first as string[],
          lock: second?.lock === true,
        });
        break;
      case 'contacts.insertMany':
        ops.push({ kind: 'insert', table: 'contacts', rows: first as Contact[] });
        break;
      case 'contacts.updateMany':
        ops.push({ kind: 'updateContacts', rows: first as Contact[] });
        break;
      case 'identities.insertMany':
        ops.push({ kind: 'insert', table: 'identities', rows: first as Identity[] });
        break;
      case 'log.append':
        ops.push({ kind: 'append', rows: first as LogEntry[] });
        break;
      case 'customFieldDefinitions.find':
        break;
      case 'tx.applyMerge':
        ops.push({
          kind: 'merge',
          moves: (first as ContactAbsorption[]).map((a) => ({ from: a.contact.id, to: a.into })),
        });
        break;
      default: {
        const spec = SPECS[repository];
        if (spec && method === 'get') {
          ops.push({
            kind: 'readKeys',
            table: repository,
            keys: first as string[],
            lock: second?.lock === true,
          });
        } else if (spec && method === 'insert') {
          // merges.insert takes one record; the tables take a list.
          const rows = Array.isArray(first) ? (first as object[]) : [first as object];
          ops.push({ kind: 'insert', table: repository, rows });
        } else if (spec && method === 'put')
          ops.push({ kind: 'put', table: repository, rows: first as object[] });
        else throw new Error(`same-work baseline: no bare equivalent of ${call} (a merge in the mix?)`);
      }
    }
  }
  return ops;
}

/** The tables whose rows a merge moves, with the column naming their contact and their key's. */
const OWNED = ['identities', 'log', ...OWNED_TABLE_NAMES].map((name) => {
  const spec = SPECS[name]!;
  const owner = spec.columns.find((c) => c.field === spec.owner?.field)!.column;
  return { table: spec.table, owner, key: spec.columns[0]!.column };
});

/** A table's columns as the bare code writes them: every spec column (computed ones too), then `extra`. */
function columnsOf(table: string): readonly ColumnSpec[] {
  const spec = SPECS[table];
  if (!spec) throw new Error(`same-work baseline: unknown table ${table}`);
  return spec.columns;
}

// ---------------------------------------------------------------- SQLite

/** A column's value as SQLite binds it. */
function sqliteCell(column: ColumnSpec, row: object): unknown {
  const value = cellOf(column, row);
  if (value === undefined || value === null) return null;
  if (column.kind === 'json') return JSON.stringify(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * A row read back as values the code deciding can use: JSON columns parsed, dates as Dates. The
 * Postgres driver does the same for every row it returns (jsonb and timestamptz), so both baselines
 * pay for reading what they read.
 */
function materialize(table: string, row: Record<string, unknown> | undefined): void {
  if (row === undefined) return;
  for (const c of columnsOf(table)) {
    const v = row[c.column];
    if (typeof v === 'string' && c.kind === 'json') row[c.column] = JSON.parse(v);
    else if (typeof v === 'number' && c.kind === 'date') row[c.column] = new Date(v);
  }
  if (typeof row.extra === 'string') row.extra = JSON.parse(row.extra);
}

type Row = Record<string, unknown> | undefined;

const coveredByTable = new Map<string, ReadonlySet<string>>();

/** `extra`: the record's top-level fields no column covers, as JSON, or null. */
function extraOf(table: string, row: object): string | null {
  let covered = coveredByTable.get(table);
  if (!covered) {
    covered = new Set(['workspaceId', ...columnsOf(table).map((c) => c.field.split('.')[0]!)]);
    coveredByTable.set(table, covered);
  }
  let extra: Record<string, unknown> | undefined;
  for (const k in row) {
    const v = (row as Record<string, unknown>)[k];
    if (covered.has(k) || v === undefined) continue;
    extra ??= {};
    extra[k] = v;
  }
  return extra ? JSON.stringify(extra) : null;
}

/**
 * Replays the transactions on a SQLite database holding the library's schema (migrated, empty), with
 * hand-written prepared statements.
 */
export function sqliteSameWork(
  db: Database.Database,
  workspaceId: string,
  transactions: readonly RecordedTransaction[],
): void {
  const statements = new Map<string, Database.Statement>();
  const prepare = (key: string, text: () => string) => {
    let s = statements.get(key);
    if (!s) {
      s = db.prepare(text());
      statements.set(key, s);
    }
    return s;
  };
  const names = (table: string) => ['workspace_id', ...columnsOf(table).map((c) => c.column), 'extra'];
  const insert = (table: string, replace: boolean, rows = 1) =>
    prepare(`${replace ? 'put' : 'insert'}:${table}:${rows}`, () => {
      const cols = names(table);
      const tuple = `(${cols.map(() => '?').join(', ')})`;
      return `INSERT ${replace ? 'OR REPLACE ' : ''}INTO ${SPECS[table]!.table} (${cols.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`;
    });
  const values = (table: string, row: object) => [
    workspaceId,
    ...columnsOf(table).map((c) => sqliteCell(c, row)),
    extraOf(table, row),
  ];
  // Many rows go in multi-row statements of up to 64 rows (fewer calls into SQLite; the adapter does the
  // same), the rest one statement each.
  const CHUNK = 64;
  const insertAll = (table: string, replace: boolean, rows: readonly object[]) => {
    let i = 0;
    for (; i + CHUNK <= rows.length; i += CHUNK) {
      const bound: unknown[] = [];
      for (let k = i; k < i + CHUNK; k++) for (const v of values(table, rows[k]!)) bound.push(v);
      insert(table, replace, CHUNK).run(bound);
    }
    const one = insert(table, replace);
    for (; i < rows.length; i++) one.run(values(table, rows[i]!));
  };
  const findIdentity = prepare(
    'find:identity',
    () => 'SELECT * FROM identities WHERE workspace_id = ? AND type = ? AND normalized_value = ?',
  );
  const identitiesOf = prepare(
    'list:identities',
    // SQLite's planner, without statistics, would walk the primary key's workspace prefix: name the index.
    () =>
      'SELECT * FROM identities INDEXED BY identities_by_contact WHERE workspace_id = ? AND contact_id = ?',
  );
  const positions = prepare(
    'positions',
    () =>
      'INSERT INTO activity_log_positions (workspace_id, position) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET position = position + excluded.position RETURNING position',
  );
  // Contacts as last written, to update only the columns that changed: records are immutable, so a
  // column whose value is the same object (or the same scalar) did not change, as the expert knows.
  const lastContact = new Map<string, Contact>();
  const contactSpecs = columnsOf('contacts');
  const contactColumns = contactSpecs.map((c) => c.column);

  for (const transaction of transactions) {
    db.exec('BEGIN IMMEDIATE');
    for (const op of opsOf(transaction)) {
      switch (op.kind) {
        case 'readIdentities':
          for (const k of op.keys)
            materialize('identities', findIdentity.get(workspaceId, k.type, k.value) as Row);
          break;
        case 'readKeys': {
          if (op.table === 'identities') {
            for (const id of op.keys)
              for (const row of identitiesOf.all(workspaceId, id) as Row[]) materialize('identities', row);
            break;
          }
          const spec = SPECS[op.table]!;
          const key = spec.columns[0]!.column;
          const read = prepare(
            `get:${op.table}`,
            () => `SELECT * FROM ${spec.table} WHERE workspace_id = ? AND ${key} = ?`,
          );
          for (const k of op.keys) materialize(op.table, read.get(workspaceId, k) as Row);
          break;
        }
        case 'insert':
        case 'put': {
          insertAll(op.table, op.kind === 'put', op.rows);
          if (op.table === 'contacts')
            for (const row of op.rows) lastContact.set((row as Contact).id, row as Contact);
          break;
        }
        case 'updateContacts':
          for (const row of op.rows) {
            const before = lastContact.get(row.id);
            lastContact.set(row.id, row);
            const changed: number[] = [];
            for (let i = 0; i < contactSpecs.length; i++) {
              const c = contactSpecs[i]!;
              if (c.column === 'id') continue;
              if (before === undefined || cellOf(c, before) !== cellOf(c, row)) changed.push(i);
            }
            if (changed.length === 0) continue;
            const s = prepare(
              `update:${changed.join(',')}`,
              () =>
                `UPDATE contacts SET ${changed.map((i) => `${contactColumns[i]} = ?`).join(', ')} WHERE workspace_id = ? AND id = ?`,
            );
            s.run([...changed.map((i) => sqliteCell(contactSpecs[i]!, row)), workspaceId, row.id]);
          }
          break;
        case 'merge':
          // The keys each merged-away contact brings (its merge record lists them), then the move.
          for (const { from, to } of op.moves) {
            for (const t of OWNED) {
              prepare(
                `keys:${t.table}`,
                () => `SELECT ${t.key} FROM ${t.table} WHERE workspace_id = ? AND ${t.owner} = ?`,
              )
                .raw()
                .all(workspaceId, from);
              prepare(
                `move:${t.table}`,
                () => `UPDATE ${t.table} SET ${t.owner} = ? WHERE workspace_id = ? AND ${t.owner} = ?`,
              ).run(to, workspaceId, from);
            }
            prepare('delete:contact', () => 'DELETE FROM contacts WHERE workspace_id = ? AND id = ?').run(
              workspaceId,
              from,
            );
            lastContact.delete(from);
          }
          break;
        case 'append': {
          const { position } = positions.get(workspaceId, op.rows.length) as { position: number };
          let p = position - op.rows.length;
          insertAll(
            'log',
            false,
            op.rows.map((entry) => ({ ...entry, position: ++p })),
          );
          break;
        }
      }
    }
    db.exec('COMMIT');
  }
}

// ---------------------------------------------------------------- Postgres

const PG_TYPES: Record<ColumnSpec['kind'], string> = {
  text: 'text',
  int: 'bigint',
  real: 'double precision',
  bool: 'boolean',
  date: 'timestamptz',
  json: 'jsonb',
};

/** A row as one JSON object of its columns (dates as ISO text, JSON columns as nested JSON). */
function pgRow(table: string, row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columnsOf(table)) {
    const v = cellOf(c, row);
    out[c.column] = v === undefined ? null : v;
  }
  const extra = extraOf(table, row);
  out.extra = extra === null ? null : JSON.parse(extra);
  return out;
}

/**
 * Replays the transactions on a Postgres schema holding the library's tables (migrated, empty): one
 * statement per table and operation per transaction, every row in one `jsonb` parameter.
 */
export async function postgresSameWork(
  driver: PostgresDriver,
  schema: string,
  workspaceId: string,
  transactions: readonly RecordedTransaction[],
): Promise<void> {
  const q = (name: string) => `"${schema}".${name}`;
  const recordset = (table: string) =>
    `jsonb_to_recordset($2::jsonb) AS x(${[...columnsOf(table).map((c) => `${c.column} ${PG_TYPES[c.kind]}`), 'extra jsonb'].join(', ')})`;
  const cols = (table: string) => [...columnsOf(table).map((c) => c.column), 'extra'];
  const lastContact = new Map<string, Contact>();
  for (const transaction of transactions) {
    await driver.query('BEGIN');
    for (const op of opsOf(transaction)) {
      switch (op.kind) {
        case 'readIdentities':
          await driver.query(
            `SELECT * FROM ${q('identities')} WHERE workspace_id = $1 AND (type, normalized_value) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
            [workspaceId, op.keys.map((k) => k.type), op.keys.map((k) => k.value)],
          );
          break;
        case 'readKeys': {
          if (op.table === 'identities') {
            await driver.query(
              `SELECT * FROM ${q('identities')} WHERE workspace_id = $1 AND contact_id = ANY($2::text[])`,
              [workspaceId, op.keys],
            );
            break;
          }
          const spec = SPECS[op.table]!;
          await driver.query(
            `SELECT * FROM ${q(spec.table)} WHERE workspace_id = $1 AND ${spec.columns[0]!.column} = ANY($2::text[])${op.lock ? ' FOR UPDATE' : ''}`,
            [workspaceId, op.keys],
          );
          break;
        }
        case 'insert':
        case 'put': {
          const spec = SPECS[op.table]!;
          const c = cols(op.table);
          const key = op.table === 'identities' ? ['type', 'normalized_value'] : [spec.columns[0]!.column];
          const conflict =
            op.kind === 'put'
              ? ` ON CONFLICT (workspace_id, ${key.join(', ')}) DO UPDATE SET ${c.map((n) => `${n} = excluded.${n}`).join(', ')}`
              : '';
          await driver.query(
            `INSERT INTO ${q(spec.table)} (workspace_id, ${c.join(', ')}) SELECT $1, ${c.join(', ')} FROM ${recordset(op.table)}${conflict}`,
            [workspaceId, JSON.stringify(op.rows.map((r) => pgRow(op.table, r)))],
          );
          if (op.table === 'contacts')
            for (const r of op.rows) lastContact.set((r as Contact).id, r as Contact);
          break;
        }
        case 'updateContacts': {
          // One UPDATE of the union of the columns that changed, as an expert writing one statement would
          // (records are immutable: an unchanged column holds the same object or scalar).
          const changed = new Set<string>();
          const rows = op.rows.map((row) => {
            const before = lastContact.get(row.id);
            for (const c of columnsOf('contacts')) {
              if (before === undefined || cellOf(c, before) !== cellOf(c, row)) changed.add(c.column);
            }
            lastContact.set(row.id, row);
            return pgRow('contacts', row);
          });
          if (changed.size === 0) break;
          await driver.query(
            `UPDATE ${q('contacts')} AS t SET ${[...changed].map((n) => `${n} = x.${n}`).join(', ')} FROM ${recordset('contacts')} WHERE t.workspace_id = $1 AND t.id = x.id`,
            [workspaceId, JSON.stringify(rows)],
          );
          break;
        }
        case 'merge': {
          // One statement per table moves every merged-away contact's rows and returns their keys. The
          // ANY lets the planner find them by the contact index: it takes unnest for a hundred rows, and
          // would hash-join over the whole table.
          const from = op.moves.map((m) => m.from);
          const to = op.moves.map((m) => m.to);
          for (const t of OWNED) {
            await driver.query(
              `UPDATE ${q(t.table)} AS t SET ${t.owner} = m.to_id FROM unnest($2::text[], $3::text[]) AS m(from_id, to_id) WHERE t.workspace_id = $1 AND t.${t.owner} = ANY($2::text[]) AND t.${t.owner} = m.from_id RETURNING t.${t.key}, m.from_id`,
              [workspaceId, from, to],
            );
          }
          await driver.query(
            `DELETE FROM ${q('contacts')} WHERE workspace_id = $1 AND id = ANY($2::text[])`,
            [workspaceId, from],
          );
          for (const id of from) lastContact.delete(id);
          break;
        }
        case 'append': {
          const { rows } = await driver.query(
            `INSERT INTO ${q('activity_log_positions')} (workspace_id, position) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET position = ${q('activity_log_positions')}.position + excluded.position RETURNING position`,
            [workspaceId, op.rows.length],
          );
          let p = Number((rows[0] as { position: string | number }).position) - op.rows.length;
          const c = cols('log');
          await driver.query(
            `INSERT INTO ${q('activity_log')} (workspace_id, ${c.join(', ')}) SELECT $1, ${c.join(', ')} FROM ${recordset('log')}`,
            [workspaceId, JSON.stringify(op.rows.map((e) => pgRow('log', { ...e, position: ++p })))],
          );
          break;
        }
      }
    }
    await driver.query('COMMIT');
  }
}

// ---------------------------------------------------------------- parsing

/**
 * Seconds to parse every event and normalise its identities into claims, as any intake must (the
 * library's own parser and normalisers: an expert would use libphonenumber too). The same-work
 * baselines add this to the time of their bare reads and writes.
 */
export function parseSeconds(events: readonly ChatEventInput[]): number {
  const config = DEFAULT_WORKSPACE_CONFIG;
  const cache = new Map();
  const start = performance.now();
  let claims = 0;
  for (const input of events) {
    const parsed = safeParseChatEvent(input);
    if (!parsed.success) throw new Error('bench: an event did not parse');
    claims += extractClaims(parsed.data.identities, config, { channel: parsed.data.channel, cache }).claims
      .length;
  }
  if (claims < 0) console.error(claims);
  return (performance.now() - start) / 1000;
}

// ---------------------------------------------------------------- deciding

/**
 * Seconds for an expert's intake (bench/support/expert-intake.ts) to parse, normalise and decide
 * `events` in batches of `batch`, on plain Maps, with the service's default id source and clock: the
 * deciding half of the same-work baselines, whose SQL half is a replay above.
 */
export function expertSeconds(events: readonly ChatEventInput[], batch: number): number {
  const expert = new ExpertIntake(timeOrderedId);
  const start = performance.now();
  for (let i = 0; i < events.length; i += batch) expert.batch(events.slice(i, i + batch));
  return (performance.now() - start) / 1000;
}
