import { AlreadyExistsError } from '../../src/errors/errors.js';
import { type Page, pageSize } from '../../src/ports/page.js';
import { decodeCursor, encodeCursor, orderOf, orderValues, whereOf } from '../../src/ports/schema/query.js';
import { type ColumnSpec, columnOf, type TableSpec } from '../../src/ports/schema/table-spec.js';
import type { ContactRowKey, OwnedTable, RowMove, TableQuery } from '../../src/ports/table.js';
import type { TableCodec } from './codec.js';
import type { SqlContext } from './context.js';
import { join, raw, type Sql, sql } from './sql.js';

/*
 * Every table of records keyed by one string, and every contact-owned table, from its spec: one
 * implementation of `Table` and `OwnedTable` for all of them and every dialect. A new kind of record is
 * a new spec and a migration, and nothing here.
 */

/** The condition of one filter: the column equals one of the values (NULL for a missing field). */
function matches(ctx: SqlContext, column: ColumnSpec, values: readonly unknown[]): Sql {
  const name = raw(`t.${column.column}`);
  const present = values.filter((v) => v !== null && v !== undefined);
  const parts: Sql[] = [];
  if (present.length > 0) {
    const bound = present.map((v) => sql`${ctx.dialect.bind(column.kind, v)}`);
    parts.push(sql`${name} IN (${join(bound)})`);
  }
  if (present.length < values.length) parts.push(sql`${name} IS NULL`);
  return parts.length === 0 ? raw('1 = 0') : sql`(${join(parts, ' OR ')})`;
}

/** A cursor value (JSON: dates as epoch ms) bound as its column binds. */
function cursorValue(ctx: SqlContext, column: ColumnSpec, value: unknown): unknown {
  return ctx.dialect.bind(column.kind, column.kind === 'date' ? new Date(value as number) : value);
}

/** Whether a column of an order never holds NULL: the key, or a column its spec says is required. */
const alwaysSet = (spec: TableSpec<unknown>, c: ColumnSpec) => c.field === spec.key || c.required === true;

/**
 * The rows strictly after a cursor under an order whose missing values sort last in either direction:
 * for some step, every earlier step equal and this one after. When no column of the order can be NULL
 * and every step runs one way, it is one row-value comparison, which an index on those columns seeks.
 */
function after(
  ctx: SqlContext,
  spec: TableSpec<unknown>,
  columns: readonly ColumnSpec[],
  dirs: readonly string[],
  values: unknown[],
) {
  if (
    columns.every((c) => alwaysSet(spec, c)) &&
    dirs.every((d) => d === dirs[0]) &&
    !values.includes(null)
  ) {
    const names = raw(columns.map((c) => `t.${c.column}`).join(', '));
    const bound = columns.map((c, i) => sql`${cursorValue(ctx, c, values[i])}`);
    return sql`(${names}) ${raw(dirs[0] === 'desc' ? '<' : '>')} (${join(bound)})`;
  }
  const alternatives: Sql[] = [];
  for (let i = 0; i < columns.length; i++) {
    const parts: Sql[] = [];
    for (let j = 0; j < i; j++) {
      const name = raw(`t.${columns[j]!.column}`);
      parts.push(
        values[j] === null
          ? sql`${name} IS NULL`
          : sql`${name} = ${cursorValue(ctx, columns[j]!, values[j])}`,
      );
    }
    const name = raw(`t.${columns[i]!.column}`);
    if (values[i] === null) continue; // nothing sorts after a missing value but other missing ones
    const op = raw(dirs[i] === 'desc' ? '<' : '>');
    const value = cursorValue(ctx, columns[i]!, values[i]);
    parts.push(
      alwaysSet(spec, columns[i]!)
        ? sql`${name} ${op} ${value}`
        : sql`(${name} ${op} ${value} OR ${name} IS NULL)`,
    );
    alternatives.push(sql`(${join(parts, ' AND ')})`);
  }
  return alternatives.length === 0 ? raw('1 = 0') : sql`(${join(alternatives, ' OR ')})`;
}

/** `ORDER BY` of an order: missing values last, whatever the direction. */
function orderBy(spec: TableSpec<unknown>, columns: readonly ColumnSpec[], dirs: readonly string[]): string {
  return columns
    .map((c, i) => {
      const dir = dirs[i] === 'desc' ? 'DESC' : 'ASC';
      return alwaysSet(spec, c) ? `t.${c.column} ${dir}` : `t.${c.column} IS NULL, t.${c.column} ${dir}`;
    })
    .join(', ');
}

/** Rows of a table matching a query's `where`, as conditions. */
function whereConditions(ctx: SqlContext, spec: TableSpec<unknown>, where: TableQuery['where']): Sql[] {
  return whereOf(spec, where).map(([field, values]) => matches(ctx, columnOf(spec, field), values));
}

/** The rows of these keys, decoded, in no order. */
export async function rowsByKeys<R>(
  ctx: SqlContext,
  codec: TableCodec<R>,
  keys: readonly string[],
  lock?: boolean,
): Promise<R[]> {
  if (keys.length === 0) return [];
  const unique = [...new Set(keys)].sort();
  const rows = await ctx.all(
    sql`SELECT ${raw(codec.select)} ${ctx.dialect.probe(
      ctx.keys(unique),
      codec.table,
      sql`${ctx.inWorkspace} AND t.${raw(codec.key)} = k.k`,
    )} ORDER BY t.${raw(codec.key)}${ctx.lockIf(lock)}`,
  );
  return rows.map((row) => codec.decode(row));
}

/** Refuses rows already stored or repeated in the call: the first such row, in call order. */
async function refuseTaken<R>(ctx: SqlContext, codec: TableCodec<R>, records: readonly R[]): Promise<never> {
  const stored = new Set(
    (
      await rowsByKeys(
        ctx,
        codec,
        records.map((r) => codec.keyOf(r)),
      )
    ).map((r) => codec.keyOf(r)),
  );
  const seen = new Set<string>();
  for (const record of records) {
    const key = codec.keyOf(record);
    if (stored.has(key) || seen.has(key))
      throw new AlreadyExistsError(codec.spec.entity, ctx.workspaceId, key);
    seen.add(key);
  }
  throw ctx.raced(codec.spec.table);
}

/** Inserts rows with new keys, or refuses the first taken one and writes nothing (see `Table.insert`). */
export async function insertRecords<R>(
  ctx: SqlContext,
  codec: TableCodec<R>,
  records: readonly R[],
): Promise<void> {
  for (const r of records) codec.spec.check(r, ctx.workspaceId);
  if (records.length === 0) return;
  const keys = records.map((r) => codec.keyOf(r));
  if (new Set(keys).size === keys.length && (await ctx.insertNew(codec, records, [codec.key]))) return;
  await refuseTaken(ctx, codec, records);
}

/** Moves rows between contacts, or unlinks them (see `OwnedTable.move`); returns how many moved. */
export async function moveRows(
  ctx: SqlContext,
  table: string,
  owner: string,
  key: string,
  moves: readonly RowMove[],
  scrub: readonly string[] = [],
  index?: string,
): Promise<number> {
  const { dialect } = ctx;
  let moved = 0;
  const ws = ctx.workspaceId;
  const unlink = (m: RowMove) =>
    [`${owner} = NULL`, ...(m.scrub ? scrub.map((c) => `${c} = NULL`) : [])].join(', ');
  const hint = index ? raw(` ${dialect.useIndex(index)}`) : raw('');
  // Unlinks, and any move on a database without multi-row updates: one statement a move.
  const one = async (m: RowMove) => {
    const set = m.to === null ? sql`${raw(unlink(m))}` : sql`${raw(owner)} = ${m.to}`;
    const only =
      m.keys === undefined ? raw('') : sql` AND ${raw(key)} IN (SELECT k FROM (${ctx.keys(m.keys)}) AS k)`;
    return ctx.run(
      sql`UPDATE ${raw(table)}${hint} SET ${set} WHERE workspace_id = ${ws} AND ${raw(owner)} = ${m.from}${only}`,
    );
  };
  const reassign = moves.filter((m) => m.to !== null);
  for (const m of moves) if (m.to === null || !dialect.updateFrom) moved += await one(m);
  if (dialect.updateFrom && reassign.length > 0) {
    const whole = reassign.filter((m) => m.keys === undefined);
    const keyed = reassign.flatMap((m) => (m.keys ?? []).map((k) => [m.from, k, m.to!] as const));
    if (whole.length > 0) {
      moved += await ctx.run(
        dialect.updateFrom(
          table,
          dialect.list(
            ['f', 'dest'],
            whole.map((m) => [m.from, m.to!]),
          ),
          sql`t.workspace_id = ${ws} AND t.${raw(owner)} = v.f`,
          [[owner, 'v.dest']],
        ),
      );
    }
    if (keyed.length > 0) {
      moved += await ctx.run(
        dialect.updateFrom(
          table,
          dialect.list(['f', 'k', 'dest'], keyed),
          sql`t.workspace_id = ${ws} AND t.${raw(key)} = v.k AND t.${raw(owner)} = v.f`,
          [[owner, 'v.dest']],
        ),
      );
    }
  }
  return moved;
}

/** The keys of the rows these contacts own, with their owner. */
export async function ownedKeys(
  ctx: SqlContext,
  table: string,
  owner: string,
  key: string,
  contactIds: readonly string[],
  index?: string,
): Promise<ContactRowKey[]> {
  if (contactIds.length === 0) return [];
  const rows = await ctx.all(
    sql`SELECT t.${raw(owner)} AS owner, t.${raw(key)} AS row_key ${ctx.dialect.probe(
      ctx.keys([...new Set(contactIds)]),
      table,
      sql`${ctx.inWorkspace} AND t.${raw(owner)} = k.k`,
      index,
    )}`,
  );
  return rows.map((row) => ({ contactId: String(row.owner), key: String(row.row_key) }));
}

/** Deletes every row of these contacts; returns how many. */
export async function deleteOwned(
  ctx: SqlContext,
  table: string,
  owner: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  return ctx.deleteMatching(table, [owner], ctx.column([...new Set(contactIds)]));
}

/** The name of a table's by-contact index (every owned table has one, see migrations). */
export const byContactIndex = (table: string) => `${table}_by_contact`;

/**
 * {@link OwnedTable} (or a plain `Table`, for a spec without owner) over one table in one transaction.
 *
 * @example
 * ```ts
 * const orders = sqlTable(ctx, ORDERS);
 * await orders.insert([order]);
 * ```
 */
export function sqlTable<R>(ctx: SqlContext, spec: TableSpec<R>): OwnedTable<R> {
  const codec = ctx.codec(spec);
  const table = codec.table;
  const owner = codec.owner ?? '';
  const index = byContactIndex(spec.table);
  const scrub = (spec.owner?.scrub ?? []).map((field) => columnOf(spec as TableSpec<unknown>, field).column);
  const find = async (query: TableQuery = {}): Promise<Page<R>> => {
    const s = spec as TableSpec<unknown>;
    const order = orderOf(s, query.order);
    const columns = order.map((step) => columnOf(s, step.field));
    const dirs = order.map((step) => step.direction);
    const limit = pageSize(query.limit);
    const conditions = [ctx.inWorkspace, ...whereConditions(ctx, s, query.where)];
    if (query.cursor !== undefined)
      conditions.push(after(ctx, s, columns, dirs, decodeCursor(query.cursor, order)));
    const rows = await ctx.all(
      sql`SELECT ${raw(codec.select)} FROM ${raw(table)} AS t WHERE ${join(conditions, ' AND ')} ORDER BY ${raw(
        orderBy(s, columns, dirs),
      )} LIMIT ${limit + 1}`,
    );
    const items = rows.slice(0, limit).map((row) => codec.decode(row));
    const last = items.at(-1);
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor(orderValues(s, order, last as object)) }
      : { items };
  };
  return {
    get: async (keys, options) => {
      const found = new Map(
        (await rowsByKeys(ctx, codec, keys, options?.lock)).map((r) => [codec.keyOf(r), r] as const),
      );
      return keys.flatMap((k) => found.get(k) ?? []);
    },
    insert: (records) => insertRecords(ctx, codec, records),
    put: async (records) => {
      for (const r of records) spec.check(r, ctx.workspaceId);
      if (records.length > 0) await ctx.put(codec, records);
    },
    delete: async (keys) =>
      keys.length === 0 ? 0 : ctx.deleteMatching(table, [codec.key], ctx.column([...new Set(keys)])),
    find,
    count: async (where) => {
      const conditions = [ctx.inWorkspace, ...whereConditions(ctx, spec as TableSpec<unknown>, where)];
      const [row] = await ctx.all(
        sql`SELECT count(*) AS n FROM ${raw(table)} AS t WHERE ${join(conditions, ' AND ')}`,
      );
      return Number(row?.n ?? 0);
    },
    listByContact: async (contactId) => {
      const out: R[] = [];
      let cursor: string | undefined;
      do {
        const page = await find({
          where: { [spec.owner!.field]: contactId },
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return out;
    },
    keysByContacts: (ids) => ownedKeys(ctx, table, owner, codec.key, ids, index),
    move: (moves) =>
      moves.length === 0 ? Promise.resolve(0) : moveRows(ctx, table, owner, codec.key, moves, scrub, index),
    deleteByContacts: (ids) => deleteOwned(ctx, table, owner, ids),
  };
}
