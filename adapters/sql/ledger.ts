import type { DuplicateSuggestion } from '../../src/model/duplicate-suggestion.js';
import type { MergeRecordRepository } from '../../src/ports/merge-record-repository.js';
import { MERGES, SUGGESTIONS } from '../../src/ports/schema/tables.js';
import type { SuggestionRepository } from '../../src/ports/suggestion-repository.js';
import type { SqlContext } from './context.js';
import { raw, sql } from './sql.js';
import { insertRecords, rowsByKeys, sqlTable } from './table.js';

/** {@link MergeRecordRepository} over one transaction. */
export function sqlMerges(ctx: SqlContext): MergeRecordRepository {
  const codec = ctx.codec(MERGES);
  const ws = ctx.workspaceId;
  const { dialect } = ctx;
  // A merge involves its primary and every absorbed contact (a JSON array).
  const anyOf = (ids: readonly string[]) =>
    sql`(t.primary_id IN (SELECT k FROM (${ctx.keys(ids)}) AS k) OR EXISTS (SELECT 1 FROM (${ctx.keys(
      ids,
    )}) AS k WHERE ${raw(dialect.jsonHas('t.absorbed_ids', 'k.k'))}))`;
  return {
    insert: (record) => insertRecords(ctx, codec, [record]),
    get: async (id) => (await rowsByKeys(ctx, codec, [id]))[0] ?? null,
    listByContact: async (contactId) =>
      (
        await ctx.all(
          sql`SELECT ${raw(codec.select)} FROM ${raw(codec.table)} AS t WHERE ${ctx.inWorkspace} AND ${anyOf([
            contactId,
          ])} ORDER BY t.at DESC, t.id DESC`,
        )
      ).map((row) => codec.decode(row)),
    markUndone: async (id, at) =>
      (await ctx.run(
        sql`UPDATE ${raw(codec.table)} SET undone_at = ${dialect.bind('date', at)} WHERE workspace_id = ${ws} AND id = ${id} AND undone_at IS NULL`,
      )) > 0,
    deleteByContacts: async (ids) =>
      ids.length === 0
        ? 0
        : ctx.run(
            sql`DELETE FROM ${raw(codec.table)} WHERE workspace_id = ${ws} AND id IN (SELECT id FROM (SELECT t.id AS id FROM ${raw(
              codec.table,
            )} AS t WHERE ${ctx.inWorkspace} AND ${anyOf([...new Set(ids)])}) AS gone)`,
          ),
  };
}

/** {@link SuggestionRepository} over one transaction. */
export function sqlSuggestions(ctx: SqlContext): SuggestionRepository {
  const codec = ctx.codec(SUGGESTIONS);
  const ws = ctx.workspaceId;
  const { dialect } = ctx;
  const table = sqlTable(ctx, SUGGESTIONS);
  return {
    upsertMany: async (suggestions) => {
      for (const x of suggestions) SUGGESTIONS.check(x, ws);
      if (suggestions.length === 0) return;
      // A pair repeated in the call refreshes the first one's weight, as applying them in turn would.
      const byId = new Map<string, DuplicateSuggestion>();
      for (const x of suggestions) {
        const first = byId.get(x.id);
        byId.set(
          x.id,
          first ? { ...first, weight: x.weight, probability: x.probability, explanation: x.explanation } : x,
        );
      }
      // A new pair is inserted; an open one gets the new weight; a decided one is never reopened.
      await ctx.put(codec, [...byId.values()], (stored) => `${stored('status')} = 'open'`, [
        'weight',
        'probability',
        'explanation',
      ]);
    },
    getMany: async (ids) => {
      const found = new Map((await rowsByKeys(ctx, codec, ids)).map((x) => [x.id, x] as const));
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    list: (status, options = {}) => table.find({ where: { status }, ...options }),
    decide: async (id, status, at, by) =>
      (await ctx.run(
        sql`UPDATE ${raw(codec.table)} SET status = ${status}, decided_at = ${dialect.bind('date', at)}, decided_by = coalesce(${
          by ?? null
        }, decided_by) WHERE workspace_id = ${ws} AND id = ${id}`,
      )) > 0,
    deleteByContacts: async (ids) =>
      ids.length === 0
        ? 0
        : ctx.run(
            sql`DELETE FROM ${raw(codec.table)} WHERE workspace_id = ${ws} AND id IN (SELECT id FROM (SELECT t.id AS id FROM ${raw(
              codec.table,
            )} AS t WHERE ${ctx.inWorkspace} AND EXISTS (SELECT 1 FROM (${ctx.keys([...new Set(ids)])}) AS k WHERE ${raw(
              dialect.jsonHas('t.contact_ids', 'k.k'),
            )})) AS gone)`,
          ),
  };
}
