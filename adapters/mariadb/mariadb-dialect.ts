import type { ColumnKind } from '../../src/ports/schema/table-spec.js';
import type { ColumnDef, ErrorMeaning, IndexDef, MigrationOp, SqlDialect } from '../sql/dialect.js';
import { join, questionMarkRows, raw, Sql, sql } from '../sql/sql.js';
import { encodeJson } from '../sql/tagged-json.js';

/** Text that keys and indexes compare: byte order, and trailing spaces count (`'a' <> 'a '`). */
const KEY_TEXT = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin';

const TYPES: Record<ColumnDef['type'], string> = {
  text: 'MEDIUMTEXT',
  int: 'BIGINT',
  bigint: 'BIGINT',
  real: 'DOUBLE',
  bool: 'BOOLEAN',
  // Epoch milliseconds, as on SQLite: DATETIME has no time zone, and drivers convert it with the
  // connection's, so an instant would not come back as itself.
  date: 'BIGINT',
  json: 'LONGTEXT',
};

/** InnoDB's longest index key, in bytes. */
const MAX_KEY_BYTES = 3072;
/** The workspace id: as long as `IdSchema` allows. */
const WORKSPACE = 200;

const columnType = (c: ColumnDef) =>
  c.type === 'text' && c.length !== undefined ? `VARCHAR(${c.length}) ${KEY_TEXT}` : TYPES[c.type];

/** Bytes an index entry of these columns can take (utf8mb4: four a character). */
function keyBytes(op: Extract<MigrationOp, { op: 'createTable' }>, columns: readonly string[]): number {
  let bytes = WORKSPACE * 4;
  for (const name of columns) {
    const c = op.columns.find((x) => x.name === name)!;
    bytes += c.type === 'text' ? (c.length ?? 0) * 4 : 8;
  }
  return bytes;
}

/** The SHA-256 of text columns joined by NUL: the key of a key too long for an index. */
const hashOf = (columns: readonly string[]) => `UNHEX(SHA2(CONCAT_WS(CHAR(0), ${columns.join(', ')}), 256))`;

/**
 * MariaDB 10.6+ (InnoDB), through the official `mariadb` connector. Dates are BIGINT epoch
 * milliseconds, JSON is LONGTEXT, key text is `utf8mb4_nopad_bin`. Key lists are one JSON parameter
 * read with JSON_TABLE, joined with STRAIGHT_JOIN so that the list drives one index probe per key.
 *
 * A key longer than InnoDB's 3,072-byte index limit (an identity: workspace 200, type 64 and value
 * 512 characters, four bytes each) is never truncated: the table gets a stored generated column
 * `key_hash`, the SHA-256 of the key's text columns, and its unique index is `(workspace_id,
 * key_hash)`; lookups add `key_hash = SHA-256(type, value)` so that they use it.
 */
export const mariadbDialect: SqlDialect = {
  name: 'mariadb',
  placeholder: () => '?',
  table: (name) => name,
  useIndex: () => '',
  bind(kind: ColumnKind, value: unknown): unknown {
    if (value === undefined || value === null) return null;
    if (kind === 'json') return encodeJson(value);
    if (value instanceof Date) return value.getTime();
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  },
  list(columns, rows) {
    const single = columns.length === 1;
    const defs = columns
      .map((c, i) => `${c} VARCHAR(512) ${KEY_TEXT} PATH '$${single ? '' : `[${i}]`}'`)
      .join(', ');
    const doc = JSON.stringify(single ? rows.map((r) => r[0]) : rows);
    return sql`SELECT * FROM JSON_TABLE(${doc}, '$[*]' COLUMNS (${raw(defs)})) AS x`;
  },
  insertRows: (columns, rows) => sql`VALUES ${questionMarkRows(columns.length, rows)}`,
  rows(columns, rows) {
    // SELECT ? AS a, ? AS b UNION ALL SELECT ?, ? …: the first row names the columns.
    const select = (row: readonly unknown[], named: boolean) =>
      new Sql(
        [
          'SELECT ',
          ...row.map((_, i) => `${named ? ` AS ${columns[i]!.name}` : ''}${i < row.length - 1 ? ', ' : ''}`),
        ],
        row,
      );
    return join(
      rows.map((row, i) => select(row, i === 0)),
      ' UNION ALL ',
    );
  },
  // Rows are escaped into the statement text by the connector, which has no parameter limit: one
  // statement a call, up to `max_allowed_packet` (16 MiB by default).
  maxRows: Number.POSITIVE_INFINITY,
  upsert(_table, _key, set, onlyIf) {
    const stored = (c: string) => c;
    const incoming = (c: string) => `VALUES(${c})`;
    const condition = onlyIf?.(stored, incoming);
    const assignments = set
      .map(([c, expr]) =>
        condition === undefined
          ? `${c} = ${expr(stored, incoming)}`
          : `${c} = IF(${condition}, ${expr(stored, incoming)}, ${c})`,
      )
      .join(', ');
    return `ON DUPLICATE KEY UPDATE ${assignments}`;
  },
  lockRows: 'FOR UPDATE',
  // MariaDB 10.6+.
  skipLocked: 'FOR UPDATE SKIP LOCKED',
  serialized: false,
  // The row source drives (STRAIGHT_JOIN): one key probe a row, not a scan of the workspace.
  updateFrom: (table, source, on, set) =>
    sql`UPDATE (${source}) AS v STRAIGHT_JOIN ${raw(table)} AS t ON ${on} SET ${raw(
      set.map(([c, e]) => `t.${c} = ${e}`).join(', '),
    )}`,
  deleteJoin: (table, keys, on) =>
    sql`DELETE t FROM (${keys}) AS k STRAIGHT_JOIN ${raw(table)} AS t ON ${on}`,
  probe: (keys, table, on) => sql`FROM (${keys}) AS k STRAIGHT_JOIN ${raw(table)} AS t ON ${on}`,
  returning: false,
  jsonHas: (column, value) => `JSON_CONTAINS(${column}, JSON_QUOTE(${value}))`,
  jsonElements: (column) =>
    `JSON_TABLE(${column}, '$[*]' COLUMNS (value VARCHAR(1000) ${KEY_TEXT} PATH '$')) AS e`,
  jsonMember(column, key, member) {
    if (member === undefined) return sql`JSON_EXTRACT(${raw(column)}, ${`$."${key}"`})`;
    const value = sql`JSON_VALUE(${raw(column)}, ${`$."${key}".${member}`})`;
    if (member === 'n' || member === 'd') return sql`CAST(${value} AS DOUBLE)`;
    if (member === 'b') return sql`(${value} = 'true')`;
    return sql`CONVERT(${value} USING utf8mb4) COLLATE utf8mb4_nopad_bin`;
  },
  jsonMemberHas: (column, key, value) =>
    sql`coalesce(JSON_CONTAINS(JSON_EXTRACT(${raw(column)}, ${`$."${key}".l`}), JSON_QUOTE(${value})), 0) = 1`,
  contains: (expression, value) => sql`LOCATE(${value}, ${expression}) > 0`,
  number: (value) => sql`${value}`,
  jsonAsWritten: true,
  orderNullsLast: (expression, direction) =>
    `${expression} IS NULL, ${expression} ${direction.toUpperCase()}`,
  identityKey: (alias, type, value) => `${alias}.key_hash = ${hashOf([type, value])}`,
  classify(error): ErrorMeaning | undefined {
    const errno = (error as { errno?: unknown } | null)?.errno;
    if (errno === 1062) return 'unique';
    // Deadlock (the transaction was rolled back) and lock wait timeout.
    if (errno === 1213 || errno === 1205) return 'conflict';
    return undefined;
  },
  ddl(op: MigrationOp): string[] {
    // No substring index: LOCATE scans the workspace's rows (docs/adapters.md).
    if (op.op === 'searchIndex') return [];
    // InnoDB clusters by the primary key and has no search index to re-key.
    if (op.op === 'rebuildTable') return [];
    if (op.op === 'addColumns') {
      // Indexes whose key would pass InnoDB's limit (text of unknown length counts as an id) are left
      // out: sorts on them then sort in memory.
      const bytes = (name: string) => {
        const c = op.columns.find((x) => x.name === name);
        if (c === undefined) return 512 * 4;
        // LONGTEXT and MEDIUMTEXT cannot be a key part.
        if (c.type === 'json' || (c.type === 'text' && c.length === undefined))
          return Number.POSITIVE_INFINITY;
        return c.type === 'text' ? c.length! * 4 : 8;
      };
      const fits = (i: IndexDef) =>
        WORKSPACE * 4 + i.columns.reduce((n, c) => n + bytes(c), 0) <= MAX_KEY_BYTES;
      return [
        `ALTER TABLE ${op.table} ${op.columns.map((c) => `ADD COLUMN ${c.name} ${columnType(c)} NULL`).join(', ')}`,
        // Its sorts put NULLs apart (`c IS NULL, c`): no index serves them either way.
        ...(op.indexes ?? [])
          .filter((i) => fits(i) && !i.descendingNullsLast)
          .map(
            (i) =>
              `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${i.name} ON ${op.table} (${['workspace_id', ...i.columns].join(', ')})`,
          ),
      ];
    }
    const key = ['workspace_id', ...op.primaryKey];
    const hashed = keyBytes(op, op.primaryKey) > MAX_KEY_BYTES;
    const lines = [
      `workspace_id VARCHAR(${WORKSPACE}) ${KEY_TEXT} NOT NULL`,
      ...op.columns.map((c) => `${c.name} ${columnType(c)}${c.nullable ? ' NULL' : ' NOT NULL'}`),
      ...(hashed
        ? [
            `key_hash BINARY(32) AS (${hashOf(op.primaryKey)}) STORED`,
            `UNIQUE KEY ${op.table}_key (workspace_id, key_hash)`,
          ]
        : [`PRIMARY KEY (${key.join(', ')})`]),
      ...(op.indexes ?? []).map((i) => {
        if (keyBytes(op, i.columns) > MAX_KEY_BYTES)
          throw new Error(`contactkit: index ${i.name} is too long for InnoDB`);
        return `${i.unique ? 'UNIQUE ' : ''}KEY ${i.name} (${['workspace_id', ...i.columns].join(', ')})`;
      }),
    ];
    return [
      `CREATE TABLE IF NOT EXISTS ${op.table} (\n  ${lines.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin`,
    ];
  },
  tableExists: (name) =>
    sql`SELECT 1 AS found FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ${name}`,
};
