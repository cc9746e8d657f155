import { ConcurrentUpdateError, NotFoundError } from '../../src/errors/errors.js';
import type { Identity } from '../../src/model/identity.js';
import type { AbsorbedRows } from '../../src/model/merge-record.js';
import { columnOf } from '../../src/ports/schema/table-spec.js';
import {
  ACTIVITY_LOG,
  CONTACTS,
  IDENTITIES,
  MERGES,
  OWNED_TABLE_NAMES,
  OWNED_TABLES,
  type OwnedTableName,
  SUGGESTIONS,
} from '../../src/ports/schema/tables.js';
import type { ContactAbsorption, ErasureCounts, ErasureRequest } from '../../src/ports/store.js';
import { type ContactsSeen, holdContacts } from './contacts.js';
import type { SqlContext } from './context.js';
import { raw, type Sql, sql } from './sql.js';

/*
 * `applyMerge` and `applyErasure` as one statement each, for a database whose WITH may hold writes
 * (Postgres): after the contacts are held and checked, every table's rows move (or go) in one
 * statement of data-modifying CTEs, which returns what moved. The same results as
 * src/ports/apply-plans.ts, which the conformance suite's `plans` group holds them to.
 */

/** Parses a JSON aggregate the driver may hand back as text or already parsed. */
const parsed = <T>(value: unknown): T[] =>
  value === null || value === undefined
    ? []
    : ((typeof value === 'string' ? JSON.parse(value) : value) as T[]);

/** Holds the absorbed contacts and their targets, and checks them as `applyMergeWith` does. */
async function holdForMerge(ctx: SqlContext, seen: ContactsSeen, absorptions: readonly ContactAbsorption[]) {
  const ws = ctx.workspaceId;
  const ids = absorptions.map((a) => a.contact.id);
  const targets = [...new Set(absorptions.map((a) => a.into))];
  const found = await holdContacts(ctx, seen, [...ids, ...targets]);
  for (const { contact } of absorptions) {
    if (!found.has(contact.id)) throw new NotFoundError('contact', ws, contact.id);
    if (seen.versions.get(contact.id) !== contact.version)
      throw new ConcurrentUpdateError('contact', contact.id, contact.version);
  }
  for (const id of targets) if (!found.has(id)) throw new NotFoundError('contact', ws, id);
}

/** {@link WorkspaceTransaction.applyMerge} in one statement after the lock. */
export async function mergeInOneStatement(
  ctx: SqlContext,
  seen: ContactsSeen,
  absorptions: readonly ContactAbsorption[],
): Promise<AbsorbedRows[]> {
  if (absorptions.length === 0) return [];
  await holdForMerge(ctx, seen, absorptions);
  const { dialect } = ctx;
  const ws = ctx.workspaceId;
  const moves = dialect.list(
    ['f', 'dest'],
    absorptions.map((a) => [a.contact.id, a.into]),
  );
  const move = (table: string, returning: string) =>
    sql`UPDATE ${raw(dialect.table(table))} AS t SET contact_id = m.dest FROM m WHERE t.workspace_id = ${ws} AND t.contact_id = m.f RETURNING m.f AS f, ${raw(returning)}`;
  const owned = OWNED_TABLE_NAMES.map((name, i) => {
    const spec = OWNED_TABLES[name];
    return { name, alias: `o${i}`, spec, key: columnOf(spec as never, spec.key).column };
  });
  const parts: Sql[] = [
    sql`m AS (${moves})`,
    sql`i AS (${move(IDENTITIES.table, 't.*')})`,
    sql`l AS (${move(ACTIVITY_LOG.table, 't.id AS k')})`,
    ...owned.map((o) => sql`${raw(o.alias)} AS (${move(o.spec.table, `t.${o.key} AS k`)})`),
    sql`d AS (DELETE FROM ${raw(dialect.table(CONTACTS.table))} AS t USING m WHERE t.workspace_id = ${ws} AND t.id = m.f RETURNING t.id)`,
  ];
  const withs = parts.reduce((all, part, i) => (i === 0 ? part : sql`${all}, ${part}`));
  const pairs = (alias: string) => `(SELECT json_agg(json_build_array(f, k)) FROM ${alias})`;
  const [row] = await ctx.all(
    sql`WITH ${withs} SELECT (SELECT count(*) FROM d) AS deleted, (SELECT json_agg(i) FROM i) AS identities, ${raw(
      [`${pairs('l')} AS log`, ...owned.map((o) => `${pairs(o.alias)} AS ${o.alias}`)].join(', '),
    )}`,
  );
  for (const a of absorptions) seen.forget(a.contact.id);
  const codec = ctx.codec(IDENTITIES);
  const identities = parsed<Record<string, unknown>>(row?.identities).map((r) => ({
    from: String(r.f),
    identity: codec.decode(r) as Identity,
  }));
  const keysOf = (value: unknown) => {
    const byOwner = new Map<string, string[]>();
    for (const [f, k] of parsed<[string, string]>(value)) byOwner.set(f, [...(byOwner.get(f) ?? []), k]);
    return byOwner;
  };
  const log = keysOf(row?.log);
  const rows = new Map<OwnedTableName, Map<string, string[]>>(
    owned.map((o) => [o.name, keysOf(row?.[o.alias])]),
  );
  return absorptions.map(({ contact }) => ({
    contactId: contact.id,
    // As read before they moved: still owned by the absorbed contact.
    identities: identities
      .filter((x) => x.from === contact.id)
      .map((x) => ({ ...x.identity, contactId: contact.id }))
      .sort((a, b) => (a.type + a.value < b.type + b.value ? -1 : 1)),
    logIds: (log.get(contact.id) ?? []).sort(),
    rows: Object.fromEntries(owned.map((o) => [o.name, (rows.get(o.name)?.get(contact.id) ?? []).sort()])),
  }));
}

/** {@link WorkspaceTransaction.applyErasure} in one statement after the lock. */
export async function eraseInOneStatement(
  ctx: SqlContext,
  seen: ContactsSeen,
  request: ErasureRequest,
): Promise<ErasureCounts> {
  const ids = [...new Set(request.contactIds)];
  const removed: Record<string, number> = {};
  const unlinked: Record<string, number> = {};
  if (ids.length === 0) return { removed, unlinked };
  await holdContacts(ctx, seen, ids);
  const { dialect } = ctx;
  const ws = ctx.workspaceId;
  const keep = new Set<OwnedTableName>(request.unlink);
  const inK = (column: string) => `t.${column} IN (SELECT k FROM k)`;
  const owned = OWNED_TABLE_NAMES.map((name, i) => {
    const spec = OWNED_TABLES[name];
    const table = raw(dialect.table(spec.table));
    const scrub = (spec.owner?.scrub ?? []).map((f) => `${columnOf(spec as never, f).column} = NULL`);
    const statement = keep.has(name)
      ? sql`UPDATE ${table} AS t SET ${raw(['contact_id = NULL', ...scrub].join(', '))} WHERE t.workspace_id = ${ws} AND ${raw(inK('contact_id'))} RETURNING 1`
      : sql`DELETE FROM ${table} AS t WHERE t.workspace_id = ${ws} AND ${raw(inK('contact_id'))} RETURNING 1`;
    return { name, alias: `o${i}`, statement };
  });
  const drop = (table: string, where: string) =>
    sql`DELETE FROM ${raw(dialect.table(table))} AS t WHERE t.workspace_id = ${ws} AND ${raw(where)} RETURNING 1`;
  const parts: Sql[] = [
    sql`k AS (${ctx.keys(ids)})`,
    ...owned.map((o) => sql`${raw(o.alias)} AS (${o.statement})`),
    sql`identities AS (${drop(IDENTITIES.table, inK('contact_id'))})`,
    sql`log AS (${drop(ACTIVITY_LOG.table, inK('contact_id'))})`,
    sql`merges AS (${drop(MERGES.table, `(${inK('primary_id')} OR EXISTS (SELECT 1 FROM k WHERE ${dialect.jsonHas('t.absorbed_ids', 'k.k')}))`)})`,
    sql`suggestions AS (${drop(SUGGESTIONS.table, `EXISTS (SELECT 1 FROM k WHERE ${dialect.jsonHas('t.contact_ids', 'k.k')})`)})`,
    sql`contacts AS (${drop(CONTACTS.table, inK('id'))})`,
  ];
  const withs = parts.reduce((all, part, i) => (i === 0 ? part : sql`${all}, ${part}`));
  const counted = [...owned.map((o) => o.alias), 'identities', 'log', 'merges', 'suggestions', 'contacts'];
  const [row] = await ctx.all(
    sql`WITH ${withs} SELECT ${raw(counted.map((c) => `(SELECT count(*) FROM ${c}) AS ${c}`).join(', '))}`,
  );
  for (const o of owned) (keep.has(o.name) ? unlinked : removed)[o.name] = Number(row?.[o.alias] ?? 0);
  for (const name of ['identities', 'log', 'merges', 'suggestions', 'contacts'])
    removed[name] = Number(row?.[name] ?? 0);
  for (const id of ids) seen.forget(id);
  return { removed, unlinked };
}
