import type { ColumnKind } from '../../src/ports/schema/table-spec.js';
import type {
  ColumnDef,
  ColumnShape,
  ErrorMeaning,
  IndexDef,
  MigrationOp,
  SqlDialect,
} from '../sql/dialect.js';
import { questionMarkRows, raw, sql } from '../sql/sql.js';
import { encodeJson } from '../sql/tagged-json.js';

const TYPES: Record<ColumnDef['type'], string> = {
  text: 'TEXT',
  int: 'INTEGER',
  bigint: 'INTEGER',
  real: 'REAL',
  bool: 'INTEGER',
  date: 'INTEGER',
  json: 'TEXT',
};

/**
 * The search index as migration 2 made it, for the WITHOUT ROWID contacts table of then: an FTS5
 * trigram table whose rowids map to keys in `<table>_search_keys`. Migration 3 replaces it (see
 * {@link rowidSearchIndexDdl}); it stays so that the history of the schema stays what it was.
 */
function searchIndexDdl(table: string, columns: readonly string[]): string[] {
  const body = (row: string) => columns.map((c) => `coalesce(${row}.${c}, '')`).join(' || char(10) || ');
  const keys = `${table}_search_keys`;
  const fts = `${table}_search`;
  const rid = (row: string) =>
    `(SELECT rid FROM ${keys} WHERE workspace_id = ${row}.workspace_id AND id = ${row}.id)`;
  return [
    `CREATE TABLE ${keys} (rid INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, id TEXT NOT NULL, UNIQUE (workspace_id, id))`,
    `CREATE VIRTUAL TABLE ${fts} USING fts5(body, tokenize = 'trigram')`,
    `INSERT INTO ${keys} (workspace_id, id) SELECT workspace_id, id FROM ${table}`,
    `INSERT INTO ${fts} (rowid, body) SELECT k.rid, ${body('t')} FROM ${keys} AS k JOIN ${table} AS t ON t.workspace_id = k.workspace_id AND t.id = k.id`,
    `CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN
  INSERT INTO ${keys} (workspace_id, id) VALUES (new.workspace_id, new.id);
  INSERT INTO ${fts} (rowid, body) VALUES (last_insert_rowid(), ${body('new')});
END`,
    // Only a real change of the searched text touches the index: an upsert names every column.
    `CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${columns.join(', ')} ON ${table}
WHEN ${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')} BEGIN
  UPDATE ${fts} SET body = ${body('new')} WHERE rowid = ${rid('new')};
END`,
    `CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN
  DELETE FROM ${fts} WHERE rowid = ${rid('old')};
  DELETE FROM ${keys} WHERE workspace_id = old.workspace_id AND id = old.id;
END`,
  ];
}

/**
 * The search index of a rowid table keyed by (workspace_id, id): an FTS5 trigram table over its
 * columns (joined by a newline) whose rowid is the row's, kept by triggers. A search then reaches each
 * matching row by its rowid, the cheapest seek SQLite has.
 */
function rowidSearchIndexDdl(table: string, columns: readonly string[]): string[] {
  const body = (row: string) => columns.map((c) => `coalesce(${row}.${c}, '')`).join(' || char(10) || ');
  const fts = `${table}_search`;
  return [
    `CREATE VIRTUAL TABLE ${fts} USING fts5(body, tokenize = 'trigram')`,
    `INSERT INTO ${fts} (rowid, body) SELECT t.rowid, ${body('t')} FROM ${table} AS t`,
    `CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN
  INSERT INTO ${fts} (rowid, body) VALUES (new.rowid, ${body('new')});
END`,
    // Only a real change of the searched text touches the index: an upsert names every column.
    `CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${columns.join(', ')} ON ${table}
WHEN ${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')} BEGIN
  UPDATE ${fts} SET body = ${body('new')} WHERE rowid = new.rowid;
END`,
    `CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN
  DELETE FROM ${fts} WHERE rowid = old.rowid;
END`,
  ];
}

/** A table made again as a rowid table (see the `rebuildTable` op), its indexes and search index too. */
function rebuildTableDdl(op: Extract<MigrationOp, { op: 'rebuildTable' }>): string[] {
  const { table } = op;
  const next = `${table}_rebuilt`;
  const names = ['workspace_id', ...op.columns.map((c) => c.name)].join(', ');
  return [
    // The search index of the old layout goes first: its triggers name the old table.
    `DROP TRIGGER IF EXISTS ${table}_search_insert`,
    `DROP TRIGGER IF EXISTS ${table}_search_update`,
    `DROP TRIGGER IF EXISTS ${table}_search_delete`,
    `DROP TABLE IF EXISTS ${table}_search`,
    `DROP TABLE IF EXISTS ${table}_search_keys`,
    tableDdl(next, op.columns, op.primaryKey, false),
    `INSERT INTO ${next} (${names}) SELECT ${names} FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${next} RENAME TO ${table}`,
    ...op.indexes.filter((i) => !i.descendingNullsLast).map((i) => indexDdl(table, i)),
    ...(op.search ? rowidSearchIndexDdl(table, op.search) : []),
    // The planner's statistics of the dropped indexes went with them; an empty table gets none.
    `ANALYZE ${table}`,
  ];
}

function tableDdl(
  table: string,
  columns: readonly ColumnDef[],
  primaryKey: readonly string[],
  withoutRowid: boolean,
): string {
  const lines = [
    'workspace_id TEXT NOT NULL',
    ...columns.map((c) => `${c.name} ${TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`),
    `PRIMARY KEY (${['workspace_id', ...primaryKey].join(', ')})`,
  ];
  return `CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n)${withoutRowid ? ' WITHOUT ROWID' : ''}`;
}

const indexDdl = (table: string, i: IndexDef) =>
  `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${i.name} ON ${table} (${['workspace_id', ...i.columns].join(', ')})`;

/**
 * SQLite, in process (better-sqlite3, node:sqlite). Dates are INTEGER epoch milliseconds (exact for
 * JavaScript dates and cheap to compare), booleans 0/1, JSON is TEXT, tables are WITHOUT ROWID (but
 * contacts, whose rows are wide: see migration 3). One
 * transaction runs at a time (`BEGIN IMMEDIATE` takes the write lock), so a statement costs microseconds
 * and no row needs locking: one statement a row where that is simplest, lists bound as one JSON
 * parameter (`json_each`) so that every SQL text repeats and its prepared statement is reused.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  placeholder: () => '?',
  table: (name) => name,
  useIndex: (index) => `INDEXED BY ${index}`,
  bind(kind: ColumnKind, value: unknown): unknown {
    if (value === undefined || value === null) return null;
    if (kind === 'json') return encodeJson(value);
    if (value instanceof Date) return value.getTime();
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  },
  list(columns, rows) {
    if (columns.length === 1) {
      return sql`SELECT value AS ${raw(columns[0]!)} FROM json_each(${JSON.stringify(rows.map((r) => r[0]))})`;
    }
    const cells = columns.map((c, i) => `value ->> ${i} AS ${c}`).join(', ');
    return sql`SELECT ${raw(cells)} FROM json_each(${JSON.stringify(rows)})`;
  },
  insertRows: (columns, rows) => sql`VALUES ${questionMarkRows(columns.length, rows)}`,
  rows(columns: readonly ColumnShape[], rows) {
    const names = columns.map((c, i) => `column${i + 1} AS ${c.name}`).join(', ');
    return sql`SELECT ${raw(names)} FROM (VALUES ${questionMarkRows(columns.length, rows)})`;
  },
  maxRows: 128,
  upsert(_table, key, set, onlyIf) {
    const stored = (c: string) => c;
    const incoming = (c: string) => `excluded.${c}`;
    const assignments = set.map(([c, expr]) => `${c} = ${expr(stored, incoming)}`).join(', ');
    const where = onlyIf ? ` WHERE ${onlyIf(stored, incoming)}` : '';
    return `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${assignments}${where}`;
  },
  lockRows: '',
  skipLocked: '',
  serialized: true,
  // Without statistics SQLite's planner may walk a WITHOUT ROWID table's whole primary key for the
  // workspace rather than the index asked for; CROSS JOIN keeps the key list as the outer loop.
  probe: (keys, table, on, index) =>
    sql`FROM (${keys}) AS k CROSS JOIN ${raw(table)} AS t${raw(index ? ` INDEXED BY ${index}` : '')} ON ${on}`,
  returning: true,
  jsonHas: (column, value) => `EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ${value})`,
  jsonElements: (column) => `json_each(${column}) AS e`,
  jsonMember: (column, key, member) =>
    sql`json_extract(${raw(column)}, ${member === undefined ? `$."${key}"` : `$."${key}".${member}`})`,
  jsonMemberHas: (column, key, value) =>
    sql`EXISTS (SELECT 1 FROM json_each(${raw(column)}, ${`$."${key}".l`}) WHERE json_each.value = ${value})`,
  contains: (expression, value) => sql`instr(${expression}, ${value}) > 0`,
  // The FTS5 trigram table finds rows holding a needle of three characters or more; shorter needles
  // cannot use it, and the search then scans the workspace.
  // The index holds every workspace: the caller's condition on `t.workspace_id` keeps to one.
  searchIndex(_workspaceId, needles) {
    if (needles.length === 0 || needles.some((n) => [...n].length < 3)) return undefined;
    const match = needles.map((n) => `"${n.replace(/"/g, '""')}"`).join(' OR ');
    return sql`t.rowid IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ${match})`;
  },
  searchPage: 'window',
  number: (value) => sql`${value}`,
  jsonAsWritten: true,
  orderNullsLast: (expression, direction) => `${expression} ${direction.toUpperCase()} NULLS LAST`,
  classify(error): ErrorMeaning | undefined {
    const e = error as { code?: unknown; errcode?: unknown } | null;
    const code = typeof e?.code === 'string' ? e.code : '';
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'unique';
    if (e?.errcode === 1555 || e?.errcode === 2067) return 'unique';
    if (code.startsWith('SQLITE_BUSY') || e?.errcode === 5) return 'busy';
    return undefined;
  },
  ddl(op: MigrationOp): string[] {
    const index = (i: IndexDef) => indexDdl(op.table, i);
    if (op.op === 'rebuildTable') return rebuildTableDdl(op);
    if (op.op === 'addColumns') {
      return [
        ...op.columns.map((c) => `ALTER TABLE ${op.table} ADD COLUMN ${c.name} ${TYPES[c.type]}`),
        // NULLs sort first here: an ascending index read backwards already gives DESC NULLS LAST.
        ...(op.indexes ?? []).filter((i) => !i.descendingNullsLast).map(index),
      ];
    }
    if (op.op === 'searchIndex') return searchIndexDdl(op.table, op.columns);
    return [tableDdl(op.table, op.columns, op.primaryKey, true), ...(op.indexes ?? []).map(index)];
  },
  tableExists: (name) => sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ${name}`,
  // Erased values are overwritten in the freed pages, and the WAL is folded back and truncated after
  // the erasure commits, so that neither the file nor the WAL keeps them (see docs/privacy.md).
  erasure: {
    // FTS5's secure-delete takes a deleted row's trigrams out of the index segments at once instead of at
    // the next merge, so an erasure leaves none behind. It makes every index change several times
    // dearer, so it is on only while a transaction erases (SQLite 3.42+).
    before: [
      'PRAGMA secure_delete = ON',
      "INSERT INTO contacts_search (contacts_search, rank) VALUES ('secure-delete', 1)",
    ],
    after: [
      "INSERT INTO contacts_search (contacts_search, rank) VALUES ('secure-delete', 0)",
      'PRAGMA wal_checkpoint(TRUNCATE)',
      'PRAGMA secure_delete = OFF',
    ],
  },
};
