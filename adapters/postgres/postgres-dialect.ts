import type { ColumnKind } from '../../src/ports/schema/table-spec.js';
import type {
  ColumnDef,
  ColumnShape,
  ErrorMeaning,
  IndexDef,
  MigrationOp,
  SqlDialect,
} from '../sql/dialect.js';
import { raw, type Sql, sql } from '../sql/sql.js';
import { encodeJson } from '../sql/tagged-json.js';

const TYPES: Record<ColumnDef['type'], string> = {
  text: 'text',
  int: 'bigint',
  bigint: 'bigint',
  real: 'double precision',
  bool: 'boolean',
  date: 'timestamptz',
  json: 'jsonb',
};

const CASTS: Record<ColumnKind, string> = {
  text: '',
  int: '::int8',
  real: '::float8',
  bool: '::bool',
  date: '::timestamptz',
  json: '',
};

/**
 * A string as pg would send it: a lone surrogate becomes U+FFFD (as UTF-8 encoding does), where JSON
 * would keep it as an escape that Postgres refuses.
 */
function wellFormed(value: string): string {
  const s = value as string & { isWellFormed(): boolean; toWellFormed(): string };
  return s.isWellFormed() ? value : s.toWellFormed();
}

/**
 * Bound rows as one JSON array of arrays. One jsonb parameter costs the client and the server about
 * half what an array parameter per column does (pg quotes and escapes every element, JSON twice over),
 * and JSON columns go in as the JSON text they already are.
 */
function document(columns: readonly ColumnShape[], rows: readonly (readonly unknown[])[]): string {
  const parts: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let text = '[';
    for (let c = 0; c < columns.length; c++) {
      const value = row[c];
      if (c > 0) text += ',';
      if (value === null || value === undefined) text += 'null';
      else if (columns[c]!.kind === 'json') text += value as string;
      else if (typeof value === 'string') text += JSON.stringify(wellFormed(value));
      // NaN and ±Infinity have no JSON number; as strings they still reach float8.
      else if (typeof value === 'number' && !Number.isFinite(value)) text += `"${value}"`;
      else text += JSON.stringify(value);
    }
    parts[r] = `${text}]`;
  }
  return `[${parts.join(',')}]`;
}

/** The SELECT unpacking {@link document} into typed, named columns. */
function unpack(columns: readonly ColumnShape[], rows: readonly (readonly unknown[])[]): Sql {
  const cells = columns
    .map((c, i) =>
      c.kind === 'json'
        ? `nullif(r->${i}, 'null') AS ${c.name}`
        : c.kind === 'text'
          ? `r->>${i} AS ${c.name}`
          : `(r->>${i})${CASTS[c.kind]} AS ${c.name}`,
    )
    .join(', ');
  return sql`SELECT ${raw(cells)} FROM jsonb_array_elements(${document(columns, rows)}::jsonb) AS r`;
}

/**
 * pg_trgm GIN indexes over text columns, for LIKE '%…%'. The extension is created when the role may
 * (CREATE EXTENSION needs it); when it may not, a notice says so and searches scan instead: still
 * right, only slower (docs/adapters.md says how to enable it).
 */
function trigramDdl(schema: string, table: string, columns: readonly string[]): string[] {
  const indexes = columns
    .map(
      (c) =>
        `EXECUTE format('CREATE INDEX IF NOT EXISTS ${table}_${c}_trgm ON ${schema}.${table} USING gin (${c} %I.gin_trgm_ops)', ext);`,
    )
    .join('\n    ');
  return [
    `DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_file THEN
  RAISE NOTICE 'contactkit: pg_trgm is not available (%); contact search will scan', SQLERRM;
END $$`,
    `DO $$
DECLARE ext text;
BEGIN
  SELECT n.nspname INTO ext FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF ext IS NOT NULL THEN
    ${indexes}
  END IF;
END $$`,
  ];
}

/** A schema name as a quoted identifier. Only plain names are accepted, so nothing can be injected. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`contactkit: invalid Postgres schema name "${name}" (letters, digits and _ only)`);
  }
  return `"${name}"`;
}

/**
 * Postgres (a server through pg, or PGlite), with contactkit's tables in one schema. Ids and keys are
 * `COLLATE "C"`: byte order, the order JavaScript sorts ids in, whatever the database's collation.
 * Statements travel over the network, so a call is one set-based statement however many rows: rows as
 * one jsonb parameter, key lists as text arrays probed one index lookup per key (a plain `= ANY` or
 * join is planned as a scan of the workspace while statistics are stale).
 *
 * @example
 * ```ts
 * const dialect = postgresDialect('contactkit');
 * ```
 */
export function postgresDialect(schema: string): SqlDialect {
  const q = quoteIdent(schema);
  return {
    name: 'postgres',
    placeholder: (n) => `$${n}`,
    table: (name) => `${q}.${name}`,
    useIndex: () => '',
    bind(kind: ColumnKind, value: unknown): unknown {
      if (value === undefined || value === null) return null;
      if (kind === 'json') return encodeJson(value);
      if (value instanceof Date) return value.toISOString();
      return value;
    },
    list(columns, rows) {
      const arrays = columns.map(
        (_, i) => sql`${rows.map((r) => (r[i] == null ? null : wellFormed(r[i]!)))}::text[]`,
      );
      const args = arrays.reduce((all, a, i) => (i === 0 ? a : sql`${all}, ${a}`));
      return sql`SELECT * FROM unnest(${args}) AS x(${raw(columns.join(', '))})`;
    },
    insertRows: unpack,
    rows: unpack,
    maxRows: Number.POSITIVE_INFINITY,
    upsert(table, key, set, onlyIf) {
      const stored = (c: string) => `${table}.${c}`;
      const incoming = (c: string) => `EXCLUDED.${c}`;
      const assignments = set.map(([c, expr]) => `${c} = ${expr(stored, incoming)}`).join(', ');
      const where = onlyIf ? ` WHERE ${onlyIf(stored, incoming)}` : '';
      return `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${assignments}${where}`;
    },
    // A unique violation would end the transaction: rows whose key exists are skipped instead, and the
    // keys of those inserted come back only when some were skipped, to be taken back.
    insertSkipping: (insert, key, expected) =>
      sql`WITH i AS (${insert} ON CONFLICT DO NOTHING RETURNING ${raw(key.join(', '))})
        SELECT count(*)::int AS n, CASE WHEN count(*) <> ${raw(String(expected))}
          THEN json_agg(json_build_array(${raw(key.join(', '))})) END AS inserted FROM i`,
    lockRows: 'FOR UPDATE OF t',
    skipLocked: 'FOR UPDATE OF t SKIP LOCKED',
    serialized: false,
    updateFrom: (table, source, on, set) =>
      sql`UPDATE ${raw(table)} AS t SET ${raw(set.map(([c, e]) => `${c} = ${e}`).join(', '))} FROM (${source}) AS v WHERE ${on}`,
    // One index probe per key (OFFSET 0 keeps the planner from flattening the subquery into a join).
    probe: (keys, table, on) =>
      sql`FROM (${keys}) AS k CROSS JOIN LATERAL (SELECT * FROM ${raw(table)} AS t WHERE ${on} OFFSET 0) AS t`,
    returning: true,
    writableCtes: true,
    jsonHas: (column, value) => `jsonb_exists(${column}, ${value})`,
    jsonElements: (column) => `jsonb_array_elements_text(${column}) AS e(value)`,
    jsonMember(column, key, member) {
      const object = sql`(${raw(column)} -> ${key}::text)`;
      if (member === undefined) return object;
      const text = sql`(${object} ->> ${raw(`'${member}'`)})`;
      if (member === 'n' || member === 'd') return sql`(${text})::float8`;
      if (member === 'b') return sql`(${text})::boolean`;
      return text;
    },
    jsonMemberHas: (column, key, value) =>
      sql`coalesce(jsonb_exists(${raw(column)} -> ${key}::text -> 'l', ${value}::text), false)`,
    // LIKE, not strpos: pg_trgm's GIN index serves LIKE '%…%' (backslash is LIKE's escape by default).
    contains: (expression, value) => sql`${expression} LIKE ${`%${value.replace(/[\\%_]/g, '\\$&')}%`}`,
    searchPage: 'materialized',
    number: (value) => sql`${value}::float8`,
    orderNullsLast: (expression, direction) => `${expression} ${direction.toUpperCase()} NULLS LAST`,
    classify(error): ErrorMeaning | undefined {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === '23505') return 'unique';
      if (code === '40P01' || code === '40001' || code === '55P03') return 'conflict';
      return undefined;
    },
    ddl(op: MigrationOp): string[] {
      const type = (c: ColumnDef) =>
        c.type === 'text' && c.length !== undefined ? 'text COLLATE "C"' : TYPES[c.type];
      const index = (i: IndexDef) => {
        const columns = i.descendingNullsLast
          ? i.columns.map((c, n) => (n === 0 ? `${c} DESC NULLS LAST` : `${c} DESC`))
          : i.columns;
        return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${i.name} ON ${q}.${op.table} (${['workspace_id', ...columns].join(', ')})`;
      };
      if (op.op === 'addColumns') {
        return [
          ...op.columns.map((c) => `ALTER TABLE ${q}.${op.table} ADD COLUMN ${c.name} ${type(c)}`),
          ...(op.indexes ?? []).map(index),
        ];
      }
      if (op.op === 'searchIndex') return trigramDdl(q, op.table, op.columns);
      // Heap tables already keep rows apart from their indexes.
      if (op.op === 'rebuildTable') return [];
      const columns = [
        'workspace_id text COLLATE "C" NOT NULL',
        ...op.columns.map((c) => `${c.name} ${type(c)}${c.nullable ? '' : ' NOT NULL'}`),
        `PRIMARY KEY (${['workspace_id', ...op.primaryKey].join(', ')})`,
      ];
      return [
        `CREATE TABLE ${q}.${op.table} (\n  ${columns.join(',\n  ')}\n)`,
        ...(op.indexes ?? []).map(index),
      ];
    },
    tableExists: (name) =>
      sql`SELECT 1 AS found FROM pg_catalog.pg_tables WHERE schemaname = ${schema} AND tablename = ${name}`,
  };
}
