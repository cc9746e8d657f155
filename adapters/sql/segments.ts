import type { Contact } from '../../src/model/contact.js';
import type { SpendTotals } from '../../src/model/spend.js';
import {
  ANALYTICS_GROUPS,
  type AnalyticsGroup,
  type ContactAnalyticsQuery,
  type ContactFigures,
  type ContactQuery,
  type ContactQueryPage,
  type ContactSort,
  ESTIMATE_CAP,
  type ListedContact,
  type ListPosition,
  listTotal,
} from '../../src/ports/contact-query.js';
import { type ColumnKind, columnOf, type TableSpec } from '../../src/ports/schema/table-spec.js';
import { CONTACTS, CONVERSATIONS } from '../../src/ports/schema/tables.js';
import type { SegmentNumberField } from '../../src/segments/filter.js';
import { project, revenueOf } from '../../src/segments/list.js';
import type { ResolvedFilter, ResolvedInField } from '../../src/segments/resolve.js';
import { decodeCell } from './codec.js';
import type { SqlContext } from './context.js';
import { join, raw, type Sql, sql } from './sql.js';

/*
 * Segments compiled to SQL over the contacts table (as `t`): every value is bound, only column names
 * and keywords the library writes are spliced. Each predicate compiles to a two-valued condition (never
 * NULL: a nullable column is tested with IS NOT NULL first), so that NOT means what the memory
 * evaluator's `!` means. The meaning is `matchesResolved` (src/segments/evaluate.ts).
 */

const TRUE = raw('1 = 1');
const FALSE = raw('1 = 0');

const IN_COLUMNS: Record<ResolvedInField, string> = {
  status: 't.status',
  stage: 't.stage',
  grade: 't.grade',
  temperature: 't.temperature',
  sentiment: 't.sentiment',
  source: 't.source',
  location: 't.location_key',
};

const NUMBER_COLUMNS: Record<SegmentNumberField, string> = {
  score: 't.score',
  completeness: 't.completeness',
  amountSpent: 't.amount_spent',
  predictedSpend: 't.predicted_spend',
  sentimentValue: 't.sentiment_value',
  conversations: 't.conversations',
  messages: 't.messages',
  orders: 't.orders',
  ordersViaAssistant: 't.orders_via_assistant',
};

const DATE_COLUMNS = {
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  firstSeenAt: 't.first_seen_at',
  lastSeenAt: 't.last_seen_at',
  lastOrderAt: 't.last_order_at',
} as const;

/** The contacts column of each sort; whether it can be NULL is the table spec's `required`. */
const SORT_FIELDS: Record<ContactSort['field'], string> = {
  name: 'lists.sortName',
  createdAt: 'createdAt',
  lastSeenAt: 'stats.lastSeenAt',
  score: 'classification.score',
  amountSpent: 'stats.amountSpent',
};

const SORT_COLUMNS = Object.fromEntries(
  Object.entries(SORT_FIELDS).map(([sort, field]) => {
    const spec = columnOf(CONTACTS as TableSpec<unknown>, field);
    return [sort, { column: `t.${spec.column}`, kind: spec.kind, nullable: !spec.required }];
  }),
) as Record<ContactSort['field'], { column: string; kind: ColumnKind; nullable: boolean }>;

/** `a AND b AND …` / `a OR b OR …`, parenthesised; the empty AND is true, the empty OR false. */
function combine(parts: readonly Sql[], op: 'AND' | 'OR'): Sql {
  if (parts.length === 0) return op === 'AND' ? TRUE : FALSE;
  if (parts.length === 1) return parts[0]!;
  return sql`(${join(parts, ` ${op} `)})`;
}

/** `column IN (?, …)` over bound values, guarded against NULL. */
function inList(column: string, values: readonly unknown[]): Sql {
  if (values.length === 0) return FALSE;
  return sql`(${raw(column)} IS NOT NULL AND ${raw(column)} IN (${join(values.map((v) => sql`${v}`))}))`;
}

/** The dialect's `jsonHas` with the value bound. */
function jsonHas(ctx: SqlContext, column: string, value: string): Sql {
  const marker = '\u0000';
  const parts = ctx.dialect.jsonHas(column, marker).split(marker);
  // Where JSON is stored as written, an array holding a value with nothing to escape holds `"value"`:
  // a substring test rules out most rows before the exact test parses any.
  const pre =
    ctx.dialect.jsonAsWritten && JSON.stringify(value) === `"${value}"`
      ? sql`${ctx.dialect.contains(raw(column), `"${value}"`)} AND `
      : raw('');
  // The value is bound at each place the dialect's expression names it.
  let out = sql`(${pre}${raw(parts[0]!)}`;
  for (const part of parts.slice(1)) out = sql`${out}${value}${raw(part)}`;
  return sql`${out})`;
}

/** Compiles a resolved filter to a condition on `t`, the contacts table. */
export function compileFilter(ctx: SqlContext, f: ResolvedFilter): Sql {
  const { dialect } = ctx;
  switch (f.type) {
    case 'all':
      return TRUE;
    case 'none':
      return FALSE;
    case 'and':
      return combine(
        f.filters.map((x) => compileFilter(ctx, x)),
        'AND',
      );
    case 'or':
      return combine(
        f.filters.map((x) => compileFilter(ctx, x)),
        'OR',
      );
    case 'not':
      return sql`(NOT ${compileFilter(ctx, f.filter)})`;
    case 'kind':
      return sql`t.kind = ${f.is}`;
    case 'in':
      return inList(IN_COLUMNS[f.field], f.any);
    case 'flag': {
      const column = raw(f.flag === 'vip' ? 't.vip' : 't.at_risk');
      const yes = sql`(${column} IS NOT NULL AND ${column} = ${dialect.bind('bool', true)})`;
      return f.is ? yes : sql`(NOT ${yes})`;
    }
    case 'range': {
      const column = raw(NUMBER_COLUMNS[f.field]);
      const parts = [sql`${column} IS NOT NULL`];
      if (f.min !== undefined) parts.push(sql`${column} >= ${dialect.number(f.min)}`);
      if (f.max !== undefined) parts.push(sql`${column} <= ${dialect.number(f.max)}`);
      return combine(parts, 'AND');
    }
    case 'orders':
      if (f.is === 'never') return raw('t.orders = 0');
      if (f.is === 'placed') return raw('t.orders > 0');
      return raw('(t.orders_via_assistant IS NOT NULL AND t.orders_via_assistant > 0)');
    case 'has': {
      const column = raw(f.field === 'email' ? 't.has_email' : 't.has_phone');
      return sql`(${column} IS NOT NULL AND ${column} = ${dialect.bind('bool', true)})`;
    }
    case 'tags': {
      const each = f.values.map((v) => jsonHas(ctx, 't.tag_keys', v));
      if (f.has === 'all') return sql`(t.tag_keys IS NOT NULL AND ${combine(each, 'AND')})`;
      const any = sql`(t.tag_keys IS NOT NULL AND ${combine(each, 'OR')})`;
      return f.has === 'any' ? any : sql`(NOT ${any})`;
    }
    case 'channel':
      return sql`(t.channel_keys IS NOT NULL AND ${combine(
        f.any.map((v) => jsonHas(ctx, 't.channel_keys', v)),
        'OR',
      )})`;
    case 'date': {
      const column = raw(DATE_COLUMNS[f.field]);
      const at = (ms: number) => dialect.bind('date', new Date(ms));
      const parts = [sql`${column} IS NOT NULL`];
      if (f.gt !== undefined) parts.push(sql`${column} > ${at(f.gt)}`);
      if (f.gte !== undefined) parts.push(sql`${column} >= ${at(f.gte)}`);
      if (f.lt !== undefined) parts.push(sql`${column} < ${at(f.lt)}`);
      return combine(parts, 'AND');
    }
    case 'custom':
      return compileCustom(ctx, f);
    case 'text': {
      const needles = [f.query, ...(f.digits === undefined ? [] : [f.digits])];
      const exact = combine(
        [
          sql`(t.search_text IS NOT NULL AND ${dialect.contains(raw('t.search_text'), f.query)})`,
          ...(f.digits === undefined
            ? []
            : [sql`(t.search_digits IS NOT NULL AND ${dialect.contains(raw('t.search_digits'), f.digits)})`]),
        ],
        'OR',
      );
      const index = dialect.searchIndex?.(ctx.workspaceId, needles);
      return index === undefined ? exact : sql`(${index} AND ${exact})`;
    }
    case 'ids':
      if (f.any.length === 0) return FALSE;
      return sql`t.id IN (SELECT k FROM (${ctx.keys(f.any)}) AS ids)`;
    case 'consent':
      // NULL on a contact stored before the column: no consent recorded, as in memory.
      return sql`(t.consent_keys IS NOT NULL AND ${jsonHas(ctx, 't.consent_keys', f.key)})`;
  }
}

function compileCustom(ctx: SqlContext, f: Extract<ResolvedFilter, { type: 'custom' }>): Sql {
  const { dialect } = ctx;
  const member = (m: 's' | 'n' | 'b' | 'd' | 'j') => dialect.jsonMember('t.custom_index', f.key, m);
  const exists = sql`(t.custom_index IS NOT NULL AND ${dialect.jsonMember('t.custom_index', f.key)} IS NOT NULL)`;
  const w = f.want;
  const equal = () => {
    const parts: Sql[] = [];
    const eq = (m: 's' | 'n' | 'd' | 'j', v: unknown) => {
      const e = member(m);
      parts.push(sql`(${e} IS NOT NULL AND ${e} = ${v})`);
    };
    if (w.s !== undefined) eq('s', w.s);
    if (w.n !== undefined) eq('n', w.n);
    if (w.d !== undefined) eq('d', w.d);
    if (w.j !== undefined) eq('j', w.j);
    if (w.b !== undefined) {
      const e = member('b');
      parts.push(sql`(${e} IS NOT NULL AND ${e} = ${dialect.bind('bool', w.b)})`);
    }
    return combine(parts, 'OR');
  };
  const order = (op: string) => {
    const parts: Sql[] = [];
    for (const m of ['n', 'd'] as const) {
      const v = w[m];
      if (v === undefined) continue;
      const e = member(m);
      parts.push(sql`(${e} IS NOT NULL AND ${e} ${raw(op)} ${v})`);
    }
    return combine(parts, 'OR');
  };
  switch (f.op) {
    case 'exists':
      return exists;
    case 'eq':
      return sql`(${exists} AND ${equal()})`;
    case 'neq':
      return sql`(${exists} AND NOT ${equal()})`;
    case 'gt':
      return order('>');
    case 'gte':
      return order('>=');
    case 'lt':
      return order('<');
    case 'lte':
      return order('<=');
    case 'contains': {
      if (w.s === undefined) return FALSE;
      const s = member('s');
      return combine(
        [
          sql`(${s} IS NOT NULL AND ${dialect.contains(s, w.s)})`,
          sql`(t.custom_index IS NOT NULL AND ${dialect.jsonMemberHas('t.custom_index', f.key, w.s)})`,
        ],
        'OR',
      );
    }
  }
}

/** The index that holds every column the predicates below test, so a count can read it alone. */
const SEGMENT_INDEX = 'contacts_by_segment';
// Not `ids`: a few ids are found by key faster than by reading the whole index.
const SEGMENT_INDEX_HOLDS: ReadonlySet<ResolvedFilter['type']> = new Set([
  'all',
  'none',
  'and',
  'or',
  'not',
  'orders',
  'tags',
  'channel',
]);

/** Whether counting a filter's matches needs no column outside {@link SEGMENT_INDEX}. */
function countsFromIndex(f: ResolvedFilter): boolean {
  switch (f.type) {
    case 'and':
    case 'or':
      return f.filters.every(countsFromIndex);
    case 'not':
      return countsFromIndex(f.filter);
    case 'in':
      return f.field === 'status' || f.field === 'grade';
    case 'date':
      return f.field === 'createdAt' || f.field === 'lastSeenAt';
    case 'orders':
      return f.is !== 'viaAssistant';
    default:
      return SEGMENT_INDEX_HOLDS.has(f.type);
  }
}

/**
 * Whether every match of a filter must hold a free-text match (a search, alone or and-ed): the search
 * index then narrows it, and a page reads and sorts every match. Under `or` or `not` a page may walk
 * a sort index and stop early instead, which counting every match in the same query would undo.
 */
function searches(f: ResolvedFilter): boolean {
  if (f.type === 'text') return true;
  return f.type === 'and' && f.filters.some(searches);
}

/** The condition of every list and figure: the workspace, live contacts, the filter. */
function whereOf(ctx: SqlContext, filter: ResolvedFilter): Sql {
  return sql`${ctx.inWorkspace} AND t.deleted_at IS NULL AND ${compileFilter(ctx, filter)}`;
}

/** The keyset condition: rows after `after` in `sort`. */
function afterOf(ctx: SqlContext, sort: ContactSort, after: ListPosition): Sql {
  const { column, kind, nullable } = SORT_COLUMNS[sort.field];
  const c = raw(column);
  if (!nullable) {
    // A row-value comparison: one range of the sort index, on every database.
    const value = kind === 'date' ? ctx.dialect.bind('date', new Date(after.value as number)) : after.value;
    return sort.direction === 'asc'
      ? sql`(${c}, t.id) > (${value}, ${after.id})`
      : sql`(${c}, t.id) < (${value}, ${after.id})`;
  }
  const idAfter = sort.direction === 'asc' ? sql`t.id > ${after.id}` : sql`t.id < ${after.id}`;
  if (after.value === null) return sql`(${c} IS NULL AND ${idAfter})`;
  const value = kind === 'date' ? ctx.dialect.bind('date', new Date(after.value as number)) : after.value;
  const beyond = sort.direction === 'asc' ? sql`${c} > ${value}` : sql`${c} < ${value}`;
  return sql`(${c} IS NULL OR ${beyond} OR (${c} = ${value} AND ${idAfter}))`;
}

/** The sort value of a row as a position holds it. */
function positionValue(sort: ContactSort, value: unknown): string | number | null {
  const { kind } = SORT_COLUMNS[sort.field];
  const decoded = decodeCell(kind, value);
  if (decoded === undefined) return null;
  return decoded instanceof Date ? decoded.getTime() : (decoded as string | number);
}

/** {@link ContactRepository.query} over SQL. */
export async function queryContactsSql(ctx: SqlContext, q: ContactQuery): Promise<ContactQueryPage> {
  const codec = ctx.codec(CONTACTS);
  const { column, nullable } = SORT_COLUMNS[q.sort.field];
  const where = whereOf(ctx, q.filter);
  const after = q.after === undefined ? raw('') : sql` AND ${afterOf(ctx, q.sort, q.after)}`;
  // NULLS LAST only where there can be NULLs: Postgres walks an index backwards for `DESC`, not for
  // `DESC NULLS LAST`, even on a column that has none.
  const dir = q.sort.direction.toUpperCase();
  const orderBy = (value: string) =>
    `${nullable ? ctx.dialect.orderNullsLast(value, q.sort.direction) : `${value} ${dir}`}, t.id ${dir}`;
  const order = orderBy(column);
  const counting = q.total === 'exact' || q.total === 'estimate' ? q.total : undefined;
  // A search's page reads and sorts every match (the search index narrows them; no sort index can
  // stop early), and counting them apart read them twice: the dialect says how one statement does
  // both (see SqlDialect.searchPage). Under `or` or `not` a page may stop early, and counts apart.
  const form = searches(q.filter) ? ctx.dialect.searchPage : undefined;
  const inPage = counting !== undefined && q.after === undefined && form !== undefined;
  const select = raw(`${codec.select}, ${column} AS list_sort_value`);
  const from = raw(`${codec.table} AS t`);
  const limit = q.limit + 1;
  const rows = await ctx.all(
    form === 'materialized'
      ? // The matches' keys only (their rows are wide), the page's rows then read by key.
        sql`WITH m AS MATERIALIZED (SELECT t.id, ${raw(column)} AS list_sort_value FROM ${from} WHERE ${where}${after}), p AS (SELECT t.id, t.list_sort_value FROM m AS t ORDER BY ${raw(orderBy('t.list_sort_value'))} LIMIT ${limit}) SELECT ${raw(codec.select)}, p.list_sort_value${raw(inPage ? ', (SELECT count(*) FROM m) AS list_total' : '')} FROM p JOIN ${from} ON ${ctx.inWorkspace} AND t.id = p.id ORDER BY ${raw(orderBy('p.list_sort_value'))}`
      : sql`SELECT ${select}${raw(inPage ? ', count(*) OVER () AS list_total' : '')} FROM ${from} WHERE ${where}${after} ORDER BY ${raw(order)} LIMIT ${limit}`,
  );
  const page = rows.slice(0, q.limit);
  const items: ListedContact[] = page.map((row) => project(codec.decode(row) as Contact, q.fields));
  const last = page.at(-1);
  let total: ContactQueryPage['total'];
  if (inPage) {
    total = listTotal(counting, Number(rows[0]?.list_total ?? 0));
  } else if (counting) {
    // SQLite's planner prefers a range of a sort index and a row read per match; the narrow index,
    // read alone, is far cheaper whenever it holds every column the filter tests.
    const hint = countsFromIndex(q.filter) ? ctx.dialect.useIndex(SEGMENT_INDEX) : '';
    const counted = raw(`${codec.table} AS t${hint ? ` ${hint}` : ''}`);
    const [row] = await ctx.all(
      counting === 'exact'
        ? sql`SELECT count(*) AS n FROM ${counted} WHERE ${where}`
        : sql`SELECT count(*) AS n FROM (SELECT 1 AS x FROM ${counted} WHERE ${where} LIMIT ${ESTIMATE_CAP + 1}) AS matched`,
    );
    total = listTotal(counting, Number(row?.n ?? 0));
  }
  return {
    items,
    ...(rows.length > q.limit && last
      ? { next: { value: positionValue(q.sort, last.list_sort_value), id: String(last.id) } }
      : {}),
    ...(total ? { total } : {}),
  };
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

const GROUP_COLUMNS: Record<Exclude<AnalyticsGroup, 'channel'>, string> = {
  status: 't.status',
  stage: 't.stage',
  grade: 't.grade',
  temperature: 't.temperature',
  sentiment: 't.sentiment',
  source: 't.source',
};

/**
 * {@link ContactRepository.figures} over SQL: one pass over the matching rows, grouped by every
 * grouping at once (their combinations are few), the sums taken in the same pass and added up here;
 * then one count per day, each a range of the creation index; then one pass over the conversations.
 */
export async function figuresSql(ctx: SqlContext, q: ContactAnalyticsQuery): Promise<ContactFigures> {
  const table = raw(ctx.dialect.table(CONTACTS.table));
  const where = whereOf(ctx, q.filter);
  const yes = ctx.dialect.bind('bool', true);
  const groups = Object.keys(GROUP_COLUMNS) as Array<keyof typeof GROUP_COLUMNS>;
  const keys = [...groups.map((g) => GROUP_COLUMNS[g]), 't.channel_keys'].join(', ');
  const rows = await ctx.all(sql`SELECT ${raw(groups.map((g) => `${GROUP_COLUMNS[g]} AS ${g}`).join(', '))},
      t.channel_keys AS channels, count(*) AS contacts,
      sum(t.conversations) AS conversations, sum(t.messages) AS messages,
      sum(CASE WHEN t.orders > 0 OR coalesce(t.bookings, 0) > 0 THEN 1 ELSE 0 END) AS converted,
      sum(CASE WHEN t.conversations >= 2 THEN 1 ELSE 0 END) AS repeat_visitors,
      sum(t.orders) AS orders, sum(coalesce(t.orders_via_assistant, 0)) AS via_assistant,
      sum(t.amount_spent) AS amount_spent,
      sum(CASE WHEN t.vip = ${yes} THEN 1 ELSE 0 END) AS vip,
      sum(CASE WHEN t.at_risk = ${yes} THEN 1 ELSE 0 END) AS at_risk,
      sum(CASE WHEN t.sentiment IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count,
      sum(coalesce(t.sentiment_value, 0)) AS sentiment_sum
    FROM ${table} AS t WHERE ${where} GROUP BY ${raw(keys)}`);
  const by = Object.fromEntries(ANALYTICS_GROUPS.map((g) => [g, {} as Record<string, number>])) as Record<
    AnalyticsGroup,
    Record<string, number>
  >;
  const bump = (group: AnalyticsGroup, key: unknown, n: number) => {
    if (key === null || key === undefined) return;
    const g = by[group];
    const k = String(key);
    Object.defineProperty(g, k, {
      value: (Object.hasOwn(g, k) ? g[k]! : 0) + n,
      enumerable: true,
      writable: true,
    });
  };
  const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  const total = {
    contacts: 0,
    conversations: 0,
    messages: 0,
    converted: 0,
    repeatVisitors: 0,
    orders: 0,
    ordersViaAssistant: 0,
    amountSpent: 0,
    vip: 0,
    atRisk: 0,
    sentimentCount: 0,
    sentimentSum: 0,
  };
  for (const row of rows) {
    const n = num(row.contacts);
    for (const g of groups) bump(g, row[g], n);
    const channels = decodeCell('json', row.channels);
    if (Array.isArray(channels)) for (const c of channels) bump('channel', c, n);
    total.contacts += n;
    total.conversations += num(row.conversations);
    total.messages += num(row.messages);
    total.converted += num(row.converted);
    total.repeatVisitors += num(row.repeat_visitors);
    total.orders += num(row.orders);
    total.ordersViaAssistant += num(row.via_assistant);
    total.amountSpent += num(row.amount_spent);
    total.vip += num(row.vip);
    total.atRisk += num(row.at_risk);
    total.sentimentCount += num(row.sentiment_count);
    total.sentimentSum += num(row.sentiment_sum);
  }
  // Revenue through the assistant, per currency: summed here from the spend of the contacts that have
  // such orders (a list column says which), the same on every database.
  const spent = await ctx.all(
    sql`SELECT t.spend AS spend FROM ${table} AS t WHERE ${where} AND t.orders_via_assistant > 0`,
  );
  const revenueViaAssistant = revenueOf(
    spent.map((row) => decodeCell('json', row.spend) as SpendTotals | undefined),
  );
  const days = Math.max(0, q.dayBounds.length - 1);
  let newPerDay: number[] = [];
  if (days > 0) {
    const at = (ms: number) => ctx.dialect.bind('date', new Date(ms));
    const counts = Array.from(
      { length: days },
      (_, i) =>
        sql`(SELECT count(*) FROM ${table} AS t WHERE ${where} AND t.created_at >= ${at(q.dayBounds[i]!)} AND t.created_at < ${at(
          q.dayBounds[i + 1]!,
        )}) AS ${raw(`d${i}`)}`,
    );
    const [row] = await ctx.all(sql`SELECT ${join(counts)}`);
    newPerDay = Array.from({ length: days }, (_, i) => Number(row?.[`d${i}`] ?? 0));
  }
  return {
    ...total,
    by,
    amountSpent: round(total.amountSpent, 2),
    revenueViaAssistant,
    sentimentSum: round(total.sentimentSum, 6),
    newPerDay,
    ...(await conversationFiguresSql(ctx, q, where)),
  };
}

/**
 * The day of `bounds` that `c.started_at` falls in, for `started_at` within them: a CASE nested as a
 * balanced tree over days `lo`..`hi`, so that each row takes a handful of comparisons (9 for a year),
 * not one per day. The bounds are bound; the day numbers are the library's own integers.
 */
function startDayOf(ctx: SqlContext, bounds: readonly number[], lo: number, hi: number): Sql {
  if (lo === hi) return raw(String(lo));
  const mid = (lo + hi + 1) >> 1;
  const at = ctx.dialect.bind('date', new Date(bounds[mid]!));
  return sql`CASE WHEN c.started_at < ${at} THEN ${startDayOf(ctx, bounds, lo, mid - 1)} ELSE ${startDayOf(ctx, bounds, mid, hi)} END`;
}

/**
 * The conversation figures of {@link figuresSql}: one query over the workspace's conversations started
 * within the days, semi-joined to the matching contacts (`where`, on `t`), grouped by the day.
 * Conversations of no contact (unlinked by an erasure) match none; NULL figures (conversations stored
 * before they were kept) add nothing, as in `figuresOf`. `IN (SELECT …)` rather than a JOIN: SQLite
 * then reads the matching contacts once (often from the narrow segment index alone) instead of a wide
 * contact row per conversation, 7 times faster over 150,000 conversations; servers semi-join either.
 */
async function conversationFiguresSql(
  ctx: SqlContext,
  q: ContactAnalyticsQuery,
  where: Sql,
): Promise<Pick<ContactFigures, 'firstResponseCount' | 'firstResponseTotalMs' | 'sentimentPerDay'>> {
  const days = Math.max(0, q.dayBounds.length - 1);
  const counts = new Array<number>(days).fill(0);
  const sums = new Array<number>(days).fill(0);
  let responses = 0;
  let responseMs = 0;
  if (days > 0) {
    const at = (ms: number) => ctx.dialect.bind('date', new Date(ms));
    const rows = await ctx.all(sql`SELECT ${startDayOf(ctx, q.dayBounds, 0, days - 1)} AS start_day,
        count(c.first_response_ms) AS responses, sum(c.first_response_ms) AS response_ms,
        sum(c.sentiment_count) AS sentiment_count, sum(c.sentiment_sum) AS sentiment_sum
      FROM ${raw(ctx.dialect.table(CONVERSATIONS.table))} AS c
      WHERE c.workspace_id = ${ctx.workspaceId}
        AND c.started_at >= ${at(q.dayBounds[0]!)} AND c.started_at < ${at(q.dayBounds[days]!)}
        AND c.contact_id IN (SELECT t.id FROM ${raw(ctx.dialect.table(CONTACTS.table))} AS t WHERE ${where})
      GROUP BY start_day`);
    const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
    for (const row of rows) {
      const day = num(row.start_day);
      responses += num(row.responses);
      responseMs += num(row.response_ms);
      counts[day]! += num(row.sentiment_count);
      sums[day]! += num(row.sentiment_sum);
    }
  }
  return {
    firstResponseCount: responses,
    firstResponseTotalMs: responseMs,
    sentimentPerDay: counts.map((count, i) => ({ count, sum: round(sums[i]!, 6) })),
  };
}
