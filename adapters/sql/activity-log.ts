import type { Activity } from '../../src/model/activity.js';
import { activityOf, domainEventOf, type LogEntry } from '../../src/model/log-entry.js';
import type { ActivityLog } from '../../src/ports/activity-log.js';
import { type Page, type PageOptions, pageSize } from '../../src/ports/page.js';
import { ACTIVITY_LOG } from '../../src/ports/schema/tables.js';
import type { SqlContext } from './context.js';
import { raw, sql } from './sql.js';
import { byContactIndex, deleteOwned, insertRecords, moveRows, ownedKeys, rowsByKeys } from './table.js';

/** The table holding each workspace's last log position: one row a workspace. */
export const LOG_POSITIONS = 'activity_log_positions';

/**
 * {@link ActivityLog} over one transaction. Positions come from a per-workspace counter row that an
 * append takes (and so holds) until commit: a second writer's append waits for the first to commit and
 * then continues after its last position, so positions grow in commit order and a reader that saw
 * position p never later finds a new entry below it. Intake appends last, so the row is held only
 * briefly.
 */
export function sqlActivityLog(ctx: SqlContext): ActivityLog {
  const codec = ctx.codec(ACTIVITY_LOG);
  const ws = ctx.workspaceId;
  const table = codec.table;
  const positions = ctx.dialect.table(LOG_POSITIONS);
  const index = byContactIndex(ACTIVITY_LOG.table);
  const { dialect } = ctx;

  /** Takes `n` positions; returns the last. */
  const take = async (n: number): Promise<number> => {
    const upsert = sql`INSERT INTO ${raw(positions)} (workspace_id, position) VALUES (${ws}, ${n}) ${raw(
      dialect.upsert(
        positions,
        ['workspace_id'],
        [['position', (stored, incoming) => `${stored('position')} + ${incoming('position')}`]],
      ),
    )}`;
    if (dialect.returning) {
      const [row] = await ctx.all(sql`${upsert} RETURNING position`);
      return Number(row?.position);
    }
    await ctx.run(upsert);
    return lastPosition();
  };
  const lastPosition = async () => {
    const [row] = await ctx.all(sql`SELECT position FROM ${raw(positions)} WHERE workspace_id = ${ws}`);
    return row === undefined ? 0 : Number(row.position);
  };
  const select = (where: ReturnType<typeof sql>, order: string, limit?: number) =>
    ctx.all(
      sql`SELECT ${raw(codec.select)} FROM ${raw(table)} AS t WHERE ${ctx.inWorkspace} AND ${where} ORDER BY ${raw(order)}${
        limit === undefined ? raw('') : sql` LIMIT ${limit}`
      }`,
    );

  return {
    append: async (entries) => {
      for (const e of entries) ACTIVITY_LOG.check(e, ws);
      if (entries.length === 0) return;
      const last = await take(entries.length);
      const first = last - entries.length + 1;
      const placed = entries.map((e, i) => ({ ...e, position: first + i }));
      try {
        await insertRecords(ctx, codec, placed);
      } catch (error) {
        // Nothing was appended: give the positions back (this transaction still holds the counter).
        await ctx.run(
          sql`UPDATE ${raw(positions)} SET position = position - ${entries.length} WHERE workspace_id = ${ws}`,
        );
        throw error;
      }
    },
    timeline: async (contactId, options: PageOptions = {}): Promise<Page<Activity>> => {
      const limit = pageSize(options.limit);
      const mine = sql`t.contact_id = ${contactId} AND t.activity_type IS NOT NULL`;
      // The cursor is the position of the last entry shown; an unknown one starts from the top.
      const anchor =
        options.cursor === undefined || !/^\d+$/.test(options.cursor)
          ? undefined
          : (await select(sql`${mine} AND t.position = ${Number(options.cursor)}`, 't.position'))[0];
      const rows = await select(
        anchor
          ? sql`${mine} AND (t.at < ${anchor.at} OR (t.at = ${anchor.at} AND t.position < ${anchor.position}))`
          : mine,
        't.at DESC, t.position DESC',
        limit + 1,
      );
      const entries = rows.slice(0, limit).map((row) => codec.decode(row));
      const items = entries.map((e) => activityOf(e)!);
      const last = entries.at(-1);
      return rows.length > limit && last ? { items, nextCursor: String(last.position) } : { items };
    },
    entriesOf: async (contactId) =>
      (await select(sql`t.contact_id = ${contactId}`, 't.position')).map((row) => codec.decode(row)),
    events: async (query = {}) => {
      const rows = await select(
        sql`t.event_type IS NOT NULL AND t.position > ${query.after ?? 0}`,
        't.position',
        pageSize(query.limit),
      );
      return rows.map((row) => domainEventOf(codec.decode(row) as LogEntry)!);
    },
    eventsByIds: async (ids) =>
      (await rowsByKeys(ctx, codec, ids))
        .filter((e) => e.event !== undefined)
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
        .map((e) => domainEventOf(e)!),
    lastPosition,
    keysByContacts: (ids) => ownedKeys(ctx, table, 'contact_id', 'id', ids, index),
    move: (moves) =>
      moves.length === 0 ? Promise.resolve(0) : moveRows(ctx, table, 'contact_id', 'id', moves, [], index),
    deleteByContacts: (ids) => deleteOwned(ctx, table, 'contact_id', ids),
  };
}
