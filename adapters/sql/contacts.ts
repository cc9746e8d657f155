import { AlreadyExistsError, ConcurrentUpdateError, NotFoundError } from '../../src/errors/errors.js';
import type { Contact } from '../../src/model/contact.js';
import type { ContactRepository } from '../../src/ports/contact-repository.js';
import { type Page, type PageOptions, pageSize } from '../../src/ports/page.js';
import { type ColumnSpec, cellOf, coveredFields } from '../../src/ports/schema/table-spec.js';
import { CONTACTS, IDENTITIES } from '../../src/ports/schema/tables.js';
import type { TableCodec } from './codec.js';
import { byText, type SqlContext } from './context.js';
import { figuresSql, queryContactsSql } from './segments.js';
import { join, raw, type Sql, sql } from './sql.js';
import { rowsByKeys } from './table.js';

/**
 * What one transaction knows of the contacts it touched: the last record it read or wrote of each, and
 * which it holds (inserted, updated, locked; on a serialized database, everything it read). A held
 * contact's version cannot change before commit, so checks against it need no statement, and an update
 * can write only the columns that changed since.
 */
export class ContactsSeen {
  readonly records = new Map<string, Contact>();
  readonly versions = new Map<string, number>();
  readonly held = new Set<string>();

  remember(contact: Contact, held: boolean): void {
    this.records.set(contact.id, contact);
    this.versions.set(contact.id, contact.version);
    if (held) this.held.add(contact.id);
  }

  forget(id: string): void {
    this.records.delete(id);
    this.versions.delete(id);
    this.held.delete(id);
  }
}

/** Whether two cells hold the same value: JSON by reference (records are immutable), the rest by value. */
function sameCell(column: ColumnSpec, a: Contact, b: Contact): boolean {
  const x = cellOf(column, a);
  const y = cellOf(column, b);
  if (x === y) return true;
  if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
  // A computed JSON column is a new value each time: equal when its JSON is.
  if (column.derive && column.kind === 'json') return JSON.stringify(x) === JSON.stringify(y);
  return false;
}

const COVERED = coveredFields(CONTACTS as never);

/** Whether two contacts have the same fields outside the columns (compared by reference). */
function sameExtra(a: Contact, b: Contact): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key in x) if (!COVERED.has(key) && x[key] !== y[key]) return false;
  for (const key in y) if (!COVERED.has(key) && x[key] !== y[key]) return false;
  return true;
}

/**
 * Holds these contacts and learns their stored versions, where this transaction does not hold them
 * yet: one statement, rows taken in id order (so two transactions never wait for each other in a
 * circle). Returns the ids that exist.
 */
export async function holdContacts(
  ctx: SqlContext,
  seen: ContactsSeen,
  ids: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(ids)].filter((id) => !seen.held.has(id)).sort(byText);
  if (wanted.length > 0) {
    const table = ctx.dialect.table('contacts');
    const rows = await ctx.all(
      sql`SELECT t.id AS id, t.version AS version ${ctx.dialect.probe(
        ctx.keys(wanted),
        table,
        sql`${ctx.inWorkspace} AND t.id = k.k`,
      )} ORDER BY t.id${ctx.lockIf(true)}`,
    );
    for (const row of rows) {
      const id = String(row.id);
      seen.versions.set(id, Number(row.version));
      seen.held.add(id);
    }
    for (const id of wanted) if (!seen.held.has(id)) seen.versions.delete(id);
  }
  return new Set(ids.filter((id) => seen.held.has(id)));
}

/** Updates stored contacts, each with only the columns that changed since this transaction saw it. */
async function writeUpdates(
  ctx: SqlContext,
  codec: TableCodec<Contact>,
  seen: ContactsSeen,
  contacts: readonly Contact[],
) {
  const { dialect } = ctx;
  const columns = CONTACTS.columns.filter((c) => c.column !== 'id' && c.column !== 'version');
  const scalars = columns.filter((c) => c.kind !== 'json');
  const documents = columns.filter((c) => c.kind === 'json');
  // What changed, per contact: JSON columns by reference, the rest by value.
  const changes = contacts.map((c) => {
    const before = seen.records.get(c.id);
    const known = before !== undefined && before.version === c.version - 1;
    return {
      contact: c,
      scalars: known ? scalars.filter((col) => !sameCell(col, before, c)) : scalars,
      documents: known ? documents.filter((col) => !sameCell(col, before, c)) : documents,
      extra: !known || !sameExtra(before, c),
    };
  });
  // A statement of many rows (Postgres) writes every scalar column any contact changed, so that
  // contacts group only by the JSON they change (a handful of statements a batch): scalar cells are
  // cheap to bind again. A statement a row (SQLite, MariaDB) writes that row's changes alone: an
  // assigned column costs its indexes' upkeep even when its value is the same (a message that only
  // moves the counters then leaves the name, search and segment indexes alone).
  const perRow = dialect.updateFrom === undefined;
  const changedScalars = perRow ? [] : scalars.filter((col) => changes.some((x) => x.scalars.includes(col)));
  const groups = new Map<string, { columns: ColumnSpec[]; extra: boolean; contacts: Contact[] }>();
  for (const x of changes) {
    const own = perRow ? x.scalars : changedScalars;
    const id = `${perRow ? own.map((col) => col.column).join(',') : ''}|${x.documents.map((col) => col.column).join(',')}|${x.extra}`;
    const group = groups.get(id);
    if (group) group.contacts.push(x.contact);
    else groups.set(id, { columns: [...own, ...x.documents], extra: x.extra, contacts: [x.contact] });
  }
  let written = 0;
  for (const { columns: changed, extra, contacts: list } of groups.values()) {
    const names = [...changed.map((c) => c.column), ...(extra ? ['extra'] : [])];
    const cells = (c: Contact) => [
      ...changed.map((col) => codec.cell(col, c)),
      ...(extra ? [codec.extra(c)] : []),
    ];
    if (dialect.updateFrom) {
      const shapes = [
        { name: 'id', kind: 'text' as const },
        { name: 'version', kind: 'int' as const },
        ...changed.map((c) => ({ name: c.column, kind: c.kind })),
        ...(extra ? [{ name: 'extra', kind: 'json' as const }] : []),
      ];
      const rows = list.map((c) => [c.id, c.version, ...cells(c)]);
      written += await ctx.run(
        dialect.updateFrom(
          codec.table,
          dialect.rows(shapes, rows),
          sql`t.workspace_id = ${ctx.workspaceId} AND t.id = v.id AND t.version = v.version - 1`,
          [...names, 'version'].map((n) => [n, `v.${n}`] as const),
        ),
      );
      continue;
    }
    for (const c of list) {
      const values = [...cells(c), c.version].map((v) => sql`${v}`);
      const assignments = join(
        [...names, 'version'].map((n, i) => sql`${raw(n)} = ${values[i]!}`),
        ', ',
      );
      written += await ctx.run(
        sql`UPDATE ${raw(codec.table)} SET ${assignments} WHERE workspace_id = ${ctx.workspaceId} AND id = ${c.id} AND version = ${c.version - 1}`,
      );
    }
  }
  if (written !== contacts.length) throw ctx.raced('a contact');
}

/** {@link ContactRepository} over one transaction. */
export function sqlContacts(ctx: SqlContext, seen: ContactsSeen): ContactRepository {
  const codec = ctx.codec(CONTACTS);
  const ws = ctx.workspaceId;
  const serialized = ctx.dialect.serialized;
  const getMany = async (ids: readonly string[], options?: { lock?: boolean }) => {
    const lock = options?.lock === true;
    const found = new Map<string, Contact>();
    for (const c of await rowsByKeys(ctx, codec, ids, lock)) {
      seen.remember(c, lock || serialized);
      found.set(c.id, c);
    }
    if (lock) for (const id of ids) if (!found.has(id)) seen.forget(id);
    return ids.flatMap((id) => found.get(id) ?? []);
  };

  return {
    get: async (id, options) => (await getMany([id], options))[0] ?? null,
    getMany,
    lock: async (ids) =>
      [...(await holdContacts(ctx, seen, ids))].filter((id, i, all) => all.indexOf(id) === i),
    insertMany: async (contacts) => {
      for (const c of contacts) {
        if (c.version !== 1) CONTACTS.check({ ...c, version: Number.NaN }, ws);
        CONTACTS.check(c, ws);
      }
      if (contacts.length === 0) return;
      const ids = contacts.map((c) => c.id);
      if (new Set(ids).size !== ids.length || !(await ctx.insertNew(codec, contacts, ['id']))) {
        const stored = new Set((await rowsByKeys(ctx, codec, ids)).map((c) => c.id));
        const again = new Set<string>();
        for (const id of ids) {
          if (stored.has(id) || again.has(id)) throw new AlreadyExistsError('contact', ws, id);
          again.add(id);
        }
        throw ctx.raced('a contact');
      }
      for (const c of contacts) seen.remember(c, true);
    },
    updateMany: async (contacts) => {
      for (const c of contacts) CONTACTS.check(c, ws);
      if (contacts.length === 0) return;
      await holdContacts(
        ctx,
        seen,
        contacts.map((c) => c.id),
      );
      for (const c of contacts) {
        const version = seen.versions.get(c.id);
        if (version === undefined || !seen.held.has(c.id)) throw new NotFoundError('contact', ws, c.id);
        if (version !== c.version - 1) throw new ConcurrentUpdateError('contact', c.id, c.version - 1);
      }
      const last = new Map(contacts.map((c) => [c.id, c] as const));
      if (last.size !== contacts.length) {
        // The same contact twice in a call: the second is one version past the first, never valid.
        const [dup] = contacts.filter((c, i) => contacts.findIndex((d) => d.id === c.id) !== i);
        throw new ConcurrentUpdateError('contact', dup!.id, dup!.version - 1);
      }
      const ordered = serialized ? contacts : [...contacts].sort((a, b) => byText(a.id, b.id));
      await writeUpdates(ctx, codec, seen, ordered);
      for (const c of contacts) seen.remember(c, true);
    },
    deleteMany: async (ids, versions) => {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return 0;
      if (versions) {
        await holdContacts(ctx, seen, unique);
        for (const id of unique) {
          const stored = seen.held.has(id) ? seen.versions.get(id) : undefined;
          const expected = versions.get(id);
          if (stored !== undefined && expected !== undefined && stored !== expected)
            throw new ConcurrentUpdateError('contact', id, expected);
        }
      }
      const identities = ctx.dialect.table(IDENTITIES.table);
      // Identities go with their contact (those of contacts that exist: nothing else holds their ids).
      await ctx.deleteMatching(identities, ['contact_id'], ctx.column(unique));
      const deleted = await ctx.deleteMatching(codec.table, ['id'], ctx.column(unique));
      for (const id of unique) seen.forget(id);
      return deleted;
    },
    list: async (options: PageOptions = {}): Promise<Page<Contact>> => {
      const limit = pageSize(options.limit);
      const from: Sql = options.cursor === undefined ? raw('') : sql` AND t.id > ${options.cursor}`;
      const rows = await ctx.all(
        sql`SELECT ${raw(codec.select)} FROM ${raw(codec.table)} AS t WHERE ${ctx.inWorkspace}${from} ORDER BY t.id LIMIT ${limit + 1}`,
      );
      const items = rows.slice(0, limit).map((row) => codec.decode(row));
      const last = items.at(-1);
      return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
    },
    count: async () => {
      const [row] = await ctx.all(
        sql`SELECT count(*) AS n FROM ${raw(codec.table)} AS t WHERE ${ctx.inWorkspace} AND t.deleted_at IS NULL`,
      );
      return Number(row?.n ?? 0);
    },
    query: (q) => queryContactsSql(ctx, q),
    figures: (q) => figuresSql(ctx, q),
  };
}
