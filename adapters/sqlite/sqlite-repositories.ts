import {
  AlreadyExistsError,
  ConcurrentUpdateError,
  IdentityTakenError,
  NotFoundError,
} from '../../src/errors/errors.js';
import type { Activity } from '../../src/model/activity.js';
import type { Contact } from '../../src/model/contact.js';
import type { DuplicateSuggestion } from '../../src/model/duplicate-suggestion.js';
import type { Identity, IdentityKey } from '../../src/model/identity.js';
import type { ActivityRepository } from '../../src/ports/activity-repository.js';
import type { ConsentRepository } from '../../src/ports/consent-repository.js';
import type { ContactMove, ContactRowKey } from '../../src/ports/contact-owned-rows.js';
import type { ContactRepository } from '../../src/ports/contact-repository.js';
import type { ConversationRepository } from '../../src/ports/conversation-repository.js';
import type { FlowRunRepository } from '../../src/ports/flow-run-repository.js';
import type { IdentityRepository } from '../../src/ports/identity-repository.js';
import type { MergeRecordRepository } from '../../src/ports/merge-record-repository.js';
import type { NoteRepository } from '../../src/ports/note-repository.js';
import type { OrderRepository } from '../../src/ports/order-repository.js';
import type { OutboxRepository } from '../../src/ports/outbox-repository.js';
import { type Page, type PageOptions, pageSize } from '../../src/ports/page.js';
import type { ProcessedEventRepository } from '../../src/ports/processed-event-repository.js';
import {
  checkActivity,
  checkConsent,
  checkContact,
  checkConversation,
  checkDomainEvent,
  checkFlowRun,
  checkIdentity,
  checkMergeRecord,
  checkNote,
  checkOrder,
  checkProcessedEvent,
  checkSuggestion,
} from '../../src/ports/record-checks.js';
import type { WorkspaceTransaction } from '../../src/ports/store.js';
import type { SuggestionRepository } from '../../src/ports/suggestion-repository.js';
import {
  ACTIVITIES,
  type CellValue,
  CONSENTS,
  CONTACTS,
  CONVERSATIONS,
  columnNames,
  decodeRow,
  encodeRecord,
  FLOW_RUNS,
  IDENTITIES,
  MERGES,
  NOTES,
  ORDERS,
  OUTBOX,
  PROCESSED_EVENTS,
  SUGGESTIONS,
  type TableSpec,
} from '../sql/tables.js';
import { encodeJson } from '../sql/tagged-json.js';
import type { SqliteValue, StatementCache } from './sqlite-driver.js';

/*
 * The repositories over one SQLite connection. A transaction holds SQLite's write lock (BEGIN
 * IMMEDIATE) for its whole life, so nothing else writes meanwhile: each method can check, then write,
 * in the same order of checks as the memory adapter, and get the same errors. Statements run in-process,
 * so one statement per row costs microseconds, not a round trip; lists of ids go in as one JSON
 * parameter (`json_each`) so every SQL text is fixed and its prepared statement is reused.
 */

type Row = Record<string, unknown>;

function bind(cell: CellValue): SqliteValue {
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  return cell;
}

/**
 * Rows per multi-row statement, as powers of two so that a table has at most a handful of SQL texts
 * (and prepared statements): 1,000 rows go in as 7 statements of 128 and a few smaller ones. One
 * statement per row spends most of its time binding and stepping, not in the b-tree.
 */
const MAX_ROWS = 128;

/** `n` split into powers of two, largest first, none above {@link MAX_ROWS}. */
function chunkSizes(n: number): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left >= MAX_ROWS) {
    sizes.push(MAX_ROWS);
    left -= MAX_ROWS;
  }
  for (let size = MAX_ROWS / 2; size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/** SQL texts of one table, built once. */
class TableSql<R> {
  readonly select: string;
  readonly insert: string;
  readonly keyWhere: string;
  /**
   * The table, read through its `(workspace_id, contact_id)` index. Without statistics SQLite's planner
   * prefers walking a WITHOUT ROWID table's whole primary key for the workspace over that index, which
   * turns every "rows of these contacts" statement into a scan of the workspace; this says which to use.
   */
  readonly byContact: string;
  /** `SELECT … FROM` the table through {@link byContact}. */
  readonly selectByContact: string;
  /** Record fields that have a column (and `workspaceId`): the rest go to `extra`. */
  readonly known: Set<string>;
  /** Parameters a row binds: workspace_id, the columns, extra. */
  readonly width: number;
  private readonly head: string;
  /** `ON CONFLICT` clause that replaces every non-key column of an existing row. */
  private readonly replaceTail: string;
  private readonly rowMarks: string;
  private readonly texts = new Map<string, string>();

  constructor(readonly spec: TableSpec<R>) {
    const names = columnNames(spec);
    this.select = `SELECT ${names.join(', ')} FROM ${spec.table}`;
    this.byContact = `${spec.table} INDEXED BY ${spec.table}_by_contact`;
    this.selectByContact = `SELECT ${names.join(', ')} FROM ${this.byContact}`;
    this.insert = `INSERT INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
    this.keyWhere = `workspace_id = ? AND ${spec.key.map((k) => `${k} = ?`).join(' AND ')}`;
    this.known = new Set(['workspaceId', ...spec.columns.map((c) => c.field)]);
    const keyNames = new Set(spec.key);
    this.replaceTail = `ON CONFLICT (workspace_id, ${spec.key.join(', ')}) DO UPDATE SET ${[
      ...spec.columns.map((c) => c.column).filter((c) => !keyNames.has(c)),
      'extra',
    ]
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`;
    this.width = names.length;
    this.head = `${spec.table} (${names.join(', ')}) VALUES `;
    this.rowMarks = `(${names.map(() => '?').join(', ')})`;
  }

  /** {@link byContact} with the table named `alias`, for joins. */
  byContactAs(alias: string): string {
    return `${this.spec.table} AS ${alias} INDEXED BY ${this.spec.table}_by_contact`;
  }

  /**
   * `SELECT` of `columns` (of the table as `x`) for the rows of the contacts in a JSON array: json_each
   * drives, one range of the by-contact index per contact. Binds the array, then the workspace.
   */
  selectOfContacts(columns: string): string {
    return `SELECT ${columns} FROM json_each(?) j CROSS JOIN ${this.byContactAs('x')}
      WHERE x.workspace_id = ? AND x.contact_id = j.value`;
  }

  /**
   * `INSERT` of `rows` rows, cached. `new`: rows that break a constraint are skipped (OR IGNORE), and
   * the caller counts changes; a statement that cannot fail needs no statement journal, which
   * SQLite otherwise keeps for every multi-row write. `replace`: an existing row is overwritten.
   */
  insertRows(rows: number, mode: 'new' | 'replace'): string {
    const id = `${mode}${rows}`;
    let sql = this.texts.get(id);
    if (sql === undefined) {
      const values = Array.from({ length: rows }, () => this.rowMarks).join(', ');
      sql =
        mode === 'new'
          ? `INSERT OR IGNORE INTO ${this.head}${values}`
          : `INSERT INTO ${this.head}${values} ${this.replaceTail}`;
      this.texts.set(id, sql);
    }
    return sql;
  }

  /**
   * Appends a record's parameters (workspace_id, cells, extra) to `out`, bound for SQLite: what
   * `encodeRecord` and {@link bind} make, without the intermediate arrays.
   */
  pushRow(ws: string, record: R, out: SqliteValue[]): void {
    const source = record as Record<string, unknown>;
    out.push(ws);
    for (const { field, kind } of this.spec.columns) {
      const value = source[field];
      if (value === undefined || value === null) out.push(null);
      else if (kind === 'json') out.push(encodeJson(value));
      else if (value instanceof Date) out.push(value.getTime());
      else if (typeof value === 'boolean') out.push(value ? 1 : 0);
      else out.push(value as SqliteValue);
    }
    let extra: Record<string, unknown> | undefined;
    for (const key in source) {
      if (this.known.has(key) || source[key] === undefined) continue;
      extra ??= {};
      extra[key] = source[key];
    }
    out.push(extra ? encodeJson(extra) : null);
  }
}

const T = {
  contacts: new TableSql(CONTACTS),
  identities: new TableSql(IDENTITIES),
  activities: new TableSql(ACTIVITIES),
  outbox: new TableSql(OUTBOX),
  processedEvents: new TableSql(PROCESSED_EVENTS),
  conversations: new TableSql(CONVERSATIONS),
  orders: new TableSql(ORDERS),
  notes: new TableSql(NOTES),
  flowRuns: new TableSql(FLOW_RUNS),
  merges: new TableSql(MERGES),
  suggestions: new TableSql(SUGGESTIONS),
  consents: new TableSql(CONSENTS),
};

const IN_LIST = '(SELECT value FROM json_each(?))';

export class SqliteTransaction implements WorkspaceTransaction {
  readonly contacts: ContactRepository;
  readonly identities: IdentityRepository;
  readonly activities: ActivityRepository;
  readonly outbox: OutboxRepository;
  readonly processedEvents: ProcessedEventRepository;
  readonly conversations: ConversationRepository;
  readonly orders: OrderRepository;
  readonly notes: NoteRepository;
  readonly flowRuns: FlowRunRepository;
  readonly merges: MergeRecordRepository;
  readonly suggestions: SuggestionRepository;
  readonly consents: ConsentRepository;

  constructor(
    readonly workspaceId: string,
    cache: StatementCache,
  ) {
    const ws = workspaceId;
    const run = (sql: string, ...params: SqliteValue[]) => Number(cache.get(sql).run(...params).changes);
    const get = (sql: string, ...params: SqliteValue[]) => cache.get(sql).get(...params) as Row | undefined;
    const all = (sql: string, ...params: SqliteValue[]) => cache.get(sql).all(...params) as Row[];
    const list = (ids: readonly string[]) => JSON.stringify(ids);

    // The record's cells and `extra`; the insert's first parameter, workspace_id, is bound apart.
    const cells = <R>(t: TableSql<R>, record: R) => encodeRecord(t.spec, record).map(bind);

    /** The key columns' values of a record, bound. */
    const keyCells = <R>(t: TableSql<R>, record: R): SqliteValue[] => {
      const cells = encodeRecord(t.spec, record);
      return t.spec.key.map((column) => {
        const index = t.spec.columns.findIndex((c) => c.column === column);
        return bind(cells[index] ?? null);
      });
    };

    /** Writes `rows` in multi-row statements; returns how many rows changed. */
    const writeRows = <R>(t: TableSql<R>, rows: readonly R[], mode: 'new' | 'replace'): number => {
      let changed = 0;
      let next = 0;
      for (const size of chunkSizes(rows.length)) {
        const params: SqliteValue[] = [];
        for (const end = next + size; next < end; next++) t.pushRow(ws, rows[next]!, params);
        changed += run(t.insertRows(size, mode), ...params);
      }
      return changed;
    };

    /**
     * Runs `fn` in a savepoint, undone if `fn` returns false or throws: lets a multi-row write go
     * ahead without reading first, and be taken back whole when a row turns out not to fit.
     */
    const undoUnless = (fn: () => boolean): boolean => {
      run('SAVEPOINT contactkit_rows');
      let ok = false;
      try {
        ok = fn();
      } finally {
        if (!ok) run('ROLLBACK TO contactkit_rows');
        run('RELEASE contactkit_rows');
      }
      return ok;
    };

    /**
     * After a multi-row insert skipped some row and was undone, and no key explains it: inserts the rows
     * one by one, without skipping, so that the driver's own error (a NOT NULL column, say) comes out;
     * then undoes them.
     */
    const driverError = <R>(t: TableSql<R>, rows: readonly R[]): Error => {
      let error: unknown = new Error(`contactkit: ${t.spec.table} refused a row`);
      undoUnless(() => {
        try {
          for (const row of rows) writeRows(t, [row], 'replace');
        } catch (e) {
          error = e;
        }
        return false;
      });
      return error as Error;
    };

    /**
     * Inserts rows whose key must be new, like memory's `insertNew`: every row is checked first, then
     * all are inserted; if a key exists (stored, or earlier in the call), nothing of the call stays and
     * the first such row, in order, throws `AlreadyExistsError`.
     */
    const insertNew = <R>(t: TableSql<R>, rows: readonly R[], check: (row: R, ws: string) => void) => {
      for (const row of rows) check(row, ws);
      if (rows.length === 0) return;
      if (undoUnless(() => writeRows(t, rows, 'new') === rows.length)) return;
      const seen = new Set<string>();
      const exists = `SELECT 1 AS found FROM ${t.spec.table} WHERE ${t.keyWhere}`;
      for (const row of rows) {
        const key = t.spec.keyString(row);
        if (seen.has(key) || get(exists, ws, ...keyCells(t, row)) !== undefined) {
          throw new AlreadyExistsError(t.spec.entity, ws, key);
        }
        seen.add(key);
      }
      throw driverError(t, rows);
    };

    /** Inserts or replaces by key (conversations, flow runs), whole rows like memory's put. */
    const upsert = <R>(t: TableSql<R>, rows: readonly R[], check: (row: R, ws: string) => void) => {
      for (const row of rows) check(row, ws);
      writeRows(t, rows, 'replace');
    };

    const byIds = <R>(t: TableSql<R>, column: string, ids: readonly string[]): R[] => {
      if (ids.length === 0) return [];
      const rows = all(`${t.select} WHERE workspace_id = ? AND ${column} IN ${IN_LIST}`, ws, list(ids));
      const found = new Map<string, R>();
      for (const row of rows) found.set(String(row[column]), decodeRow(t.spec, row));
      // Input order, like memory; a repeated id yields the record again.
      return ids.flatMap((id) => found.get(id) ?? []);
    };

    const ofContact = <R>(t: TableSql<R>, contactId: string, orderBy: string): R[] =>
      all(
        `${t.selectByContact} WHERE workspace_id = ? AND contact_id = ? ORDER BY ${orderBy}`,
        ws,
        contactId,
      ).map((row) => decodeRow(t.spec, row));

    /** Moves rows of `from` (or only those keyed `keys`) to `to`; `to: null` unlinks them. */
    const moveOwner = (
      t: TableSql<unknown>,
      from: readonly string[],
      to: string | null,
      keys?: readonly string[],
    ): number => {
      if (from.length === 0) return 0;
      const key = t.spec.key[0]!;
      const sql = `UPDATE ${t.byContact} SET contact_id = ? WHERE workspace_id = ? AND contact_id IN ${IN_LIST}`;
      if (keys === undefined) return run(sql, to, ws, list(from));
      return run(`${sql} AND ${key} IN ${IN_LIST}`, to, ws, list(from), list(keys));
    };
    const deleteOwned = (t: TableSql<unknown>, contactIds: readonly string[]): number =>
      contactIds.length === 0
        ? 0
        : run(
            `DELETE FROM ${t.byContact} WHERE workspace_id = ? AND contact_id IN ${IN_LIST}`,
            ws,
            list(contactIds),
          );
    /**
     * Moves every row of each move's `from` to its `to`, in one statement. SQLite puts an UPDATE's own
     * table in the outer loop, so `UPDATE … FROM json_each(?)` walks the workspace's whole by-contact
     * range, and a correlated `SET (SELECT … FROM json_each(?))` scans the moves per row: instead, m
     * finds the rows (json_each drives, one range of the by-contact index per `from`), each is then
     * updated by a primary-key probe, and its new owner read from m through an automatic index.
     */
    const moveOwners = (t: TableSql<unknown>, moves: readonly ContactMove[]): number => {
      if (moves.length === 0) return 0;
      const key = t.spec.key;
      return run(
        `WITH m AS MATERIALIZED (SELECT ${key.map((k) => `y.${k}`).join(', ')}, j.value ->> 1 AS owner
          FROM json_each(?) j CROSS JOIN ${t.byContactAs('y')} WHERE y.workspace_id = ? AND y.contact_id = j.value ->> 0)
        UPDATE ${t.spec.table} AS x SET contact_id = m.owner FROM m
        WHERE x.workspace_id = ? AND (${key.map((k) => `x.${k}`).join(', ')}) IN (SELECT ${key.join(', ')} FROM m)
          AND ${key.map((k) => `x.${k} = m.${k}`).join(' AND ')}`,
        JSON.stringify(moves.map((m) => [m.from, m.to])),
        ws,
        ws,
      );
    };
    /** The keys of the rows these contacts own: one range of the by-contact index per contact. */
    const ownedKeys = (t: TableSql<unknown>, contactIds: readonly string[]): ContactRowKey[] => {
      if (contactIds.length === 0) return [];
      const key = t.spec.key[0]!;
      return all(
        t.selectOfContacts(`x.contact_id AS contact_id, x.${key} AS row_key`),
        list([...new Set(contactIds)]),
        ws,
      ).map((row) => ({ contactId: String(row.contact_id), key: String(row.row_key) }));
    };
    const owned = (t: TableSql<unknown>) => ({
      reassign: async (from: readonly string[], to: string, keys?: readonly string[]) =>
        moveOwner(t, from, to, keys),
      reassignMany: async (moves: readonly ContactMove[]) => moveOwners(t, moves),
      keysByContacts: async (ids: readonly string[]) => ownedKeys(t, ids),
      deleteByContacts: async (ids: readonly string[]) => deleteOwned(t, ids),
    });

    /**
     * Versions of contacts this transaction has read or written. It holds the write lock and every
     * write to `contacts` goes through this object, so they stay exact until it ends: the version
     * checks of an update, and the "contact exists" check of an identity insert, need no read when
     * the contact was loaded or written earlier in the transaction, as intake's always were.
     */
    const versions = new Map<string, number>();
    const remember = <C extends readonly Contact[]>(contacts: C): C => {
      for (const c of contacts) versions.set(c.id, c.version);
      return contacts;
    };
    const contactExists = (id: string) =>
      versions.has(id) ||
      get('SELECT 1 AS found FROM contacts WHERE workspace_id = ? AND id = ?', ws, id) !== undefined;
    /** Stored versions of these contacts, read in one statement for those not known yet. */
    const storedVersions = (ids: readonly unknown[]) => {
      const found = new Map<string, number>();
      const wanted: string[] = [];
      for (const id of ids) {
        if (typeof id !== 'string') continue;
        const version = versions.get(id);
        if (version === undefined) wanted.push(id);
        else found.set(id, version);
      }
      if (wanted.length === 0) return found;
      for (const row of all(
        `SELECT id, version FROM contacts WHERE workspace_id = ? AND id IN ${IN_LIST}`,
        ws,
        list(wanted),
      )) {
        found.set(String(row.id), Number(row.version));
        versions.set(String(row.id), Number(row.version));
      }
      return found;
    };

    this.contacts = {
      get: async (id) => {
        const row = get(`${T.contacts.select} WHERE workspace_id = ? AND id = ?`, ws, id);
        return row ? remember([decodeRow(CONTACTS, row)])[0]! : null;
      },
      getMany: async (ids) => remember(byIds(T.contacts, 'id', ids)),
      insertMany: async (contacts) => {
        for (const c of contacts) {
          if (c.version !== 1) checkContact({ ...c, version: Number.NaN }, ws);
        }
        insertNew(T.contacts, contacts, checkContact);
        remember(contacts);
      },
      updateMany: async (contacts) => {
        const stored = storedVersions(contacts.map((c) => c.id));
        for (const c of contacts) {
          checkContact(c, ws);
          const version = stored.get(c.id);
          if (version === undefined) throw new NotFoundError('contact', ws, c.id);
          if (version !== c.version - 1) throw new ConcurrentUpdateError('contact', c.id, c.version - 1);
        }
        try {
          // Every row exists (checked above, under the write lock): the upsert only ever updates.
          writeRows(T.contacts, contacts, 'replace');
        } catch (error) {
          versions.clear(); // some rows may have been written: read versions again
          throw error;
        }
        remember(contacts);
      },
      deleteMany: async (ids) => {
        if (ids.length === 0) return 0;
        for (const id of ids) versions.delete(id);
        // Identities go with their contact; only those of contacts that existed.
        run(
          `DELETE FROM ${T.identities.byContact} WHERE workspace_id = ? AND contact_id IN (SELECT id FROM contacts WHERE workspace_id = ? AND id IN ${IN_LIST})`,
          ws,
          ws,
          list(ids),
        );
        return run(`DELETE FROM contacts WHERE workspace_id = ? AND id IN ${IN_LIST}`, ws, list(ids));
      },
      list: async (options: PageOptions = {}): Promise<Page<Contact>> => {
        const limit = pageSize(options.limit);
        const rows =
          options.cursor === undefined
            ? all(`${T.contacts.select} WHERE workspace_id = ? ORDER BY id LIMIT ?`, ws, limit + 1)
            : all(
                `${T.contacts.select} WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?`,
                ws,
                options.cursor,
                limit + 1,
              );
        const items = rows.slice(0, limit).map((row) => decodeRow(CONTACTS, row));
        const last = items.at(-1);
        return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      count: async () => Number(get('SELECT count(*) AS n FROM contacts WHERE workspace_id = ?', ws)?.n ?? 0),
    };

    const identitiesByKeys = `SELECT ${columnNames(IDENTITIES)
      .map((c) => `i.${c}`)
      .join(', ')} FROM json_each(?) j CROSS JOIN identities i
      WHERE i.workspace_id = ? AND i.type = j.value ->> 0 AND i.normalized_value = j.value ->> 1`;
    const identitiesOfContacts = T.identities.selectOfContacts(
      columnNames(IDENTITIES)
        .map((c) => `x.${c}`)
        .join(', '),
    );
    this.identities = {
      findByKeys: async (keys: readonly IdentityKey[]) => {
        if (keys.length === 0) return [];
        // One statement for the whole list: json_each drives, each key is one primary-key probe.
        const rows = all(identitiesByKeys, JSON.stringify(keys.map((k) => [k.type, k.value])), ws);
        const found = new Map<string, Identity>();
        for (const row of rows) {
          const identity = decodeRow(IDENTITIES, row);
          found.set(`${identity.type}\u0000${identity.value}`, identity);
        }
        // Input order, like memory; a repeated key yields the identity again.
        return keys.flatMap((k) => found.get(`${k.type}\u0000${k.value}`) ?? []);
      },
      listByContacts: async (ids) => {
        if (ids.length === 0) return [];
        const unique = [...new Set(ids)];
        // json_each drives: one range of the by-contact index per id, each row read by its primary key.
        const rows = all(identitiesOfContacts, list(unique), ws);
        const byContact = new Map<string, Identity[]>();
        for (const row of rows) {
          const identity = decodeRow(IDENTITIES, row);
          const held = byContact.get(identity.contactId);
          if (held) held.push(identity);
          else byContact.set(identity.contactId, [identity]);
        }
        return unique.flatMap((id) => byContact.get(id) ?? []);
      },
      insertMany: async (identities) => {
        if (identities.length === 0) return;
        // The contacts that exist, read once for the call.
        const known = storedVersions([...new Set(identities.map((i) => i.contactId))]);
        // Errors come in row order, like memory: the rows before the first invalid one (or one whose
        // contact is missing) go in first, and a taken key among them wins over its error.
        let valid = identities.length;
        let invalid: Error | undefined;
        for (let i = 0; i < identities.length && invalid === undefined; i++) {
          const identity = identities[i]!;
          try {
            checkIdentity(identity, ws);
            if (!known.has(identity.contactId)) throw new NotFoundError('contact', ws, identity.contactId);
          } catch (e) {
            invalid = e as Error;
            valid = i;
          }
        }
        const rows = invalid === undefined ? identities : identities.slice(0, valid);
        let free = false;
        if (
          undoUnless(() => {
            free = writeRows(T.identities, rows, 'new') === rows.length;
            return free && invalid === undefined;
          })
        )
          return;
        if (free) throw invalid;
        // All or nothing: the call was undone; name the first key held, by a stored identity or by an
        // earlier row of this call.
        const holders = new Map<string, string>();
        for (const identity of rows) {
          const key = `${identity.type}\u0000${identity.value}`;
          const holder =
            holders.get(key) ??
            get(
              'SELECT contact_id FROM identities WHERE workspace_id = ? AND type = ? AND normalized_value = ?',
              ws,
              identity.type,
              identity.value,
            )?.contact_id;
          if (holder !== undefined)
            throw new IdentityTakenError(ws, identity.type, identity.value, String(holder));
          holders.set(key, identity.contactId);
        }
        throw driverError(T.identities, rows);
      },
      reassignMany: async (moves) => {
        if (moves.length === 0) return 0;
        // Every target must exist, checked before anything moves (the first missing one, in move order,
        // is named); targets this transaction already knows need no read.
        const targets = storedVersions([...new Set(moves.map((m) => m.to))]);
        for (const { to } of moves) if (!targets.has(to)) throw new NotFoundError('contact', ws, to);
        return moveOwners(T.identities as TableSql<unknown>, moves);
      },
      reassignKeys: async (keys, to) => {
        if (!contactExists(to)) throw new NotFoundError('contact', ws, to);
        let moved = 0;
        const sql = `UPDATE identities SET contact_id = ? WHERE ${T.identities.keyWhere}`;
        for (const key of keys) moved += run(sql, to, ws, key.type, key.value);
        return moved;
      },
      deleteByKeys: async (keys) => {
        let deleted = 0;
        const sql = `DELETE FROM identities WHERE ${T.identities.keyWhere}`;
        for (const key of keys) deleted += run(sql, ws, key.type, key.value);
        return deleted;
      },
    };

    this.activities = {
      append: async (entries) => insertNew(T.activities, entries, checkActivity),
      listByContact: async (contactId, options: PageOptions = {}): Promise<Page<Activity>> => {
        const limit = pageSize(options.limit);
        const base = `${T.activities.selectByContact} WHERE workspace_id = ? AND contact_id = ?`;
        const order = 'ORDER BY at DESC, id DESC LIMIT ?';
        // The cursor is the last id shown. Memory restarts from the top when it is not in this timeline.
        const anchor =
          options.cursor === undefined
            ? undefined
            : get(
                'SELECT at, id FROM activities WHERE workspace_id = ? AND contact_id = ? AND id = ?',
                ws,
                contactId,
                options.cursor,
              );
        const rows = anchor
          ? all(
              `${base} AND (at < ? OR (at = ? AND id < ?)) ${order}`,
              ws,
              contactId,
              anchor.at as number,
              anchor.at as number,
              anchor.id as string,
              limit + 1,
            )
          : all(`${base} ${order}`, ws, contactId, limit + 1);
        const items = rows.slice(0, limit).map((row) => decodeRow(ACTIVITIES, row));
        const last = items.at(-1);
        return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      ...owned(T.activities as TableSql<unknown>),
    };

    this.outbox = {
      append: async (events) => insertNew(T.outbox, events, checkDomainEvent),
      listPending: async (limit) =>
        all(
          `${T.outbox.select} WHERE workspace_id = ? AND delivered = 0 ORDER BY rowid LIMIT ?`,
          ws,
          pageSize(limit),
        ).map((row) => decodeRow(OUTBOX, row)),
      markDelivered: async (ids) =>
        ids.length === 0
          ? 0
          : run(
              `UPDATE outbox SET delivered = 1 WHERE workspace_id = ? AND delivered = 0 AND id IN ${IN_LIST}`,
              ws,
              list(ids),
            ),
      listByContact: async (contactId) => ofContact(T.outbox, contactId, 'rowid'),
      deleteByContacts: async (ids) => deleteOwned(T.outbox as TableSql<unknown>, ids),
    };

    this.processedEvents = {
      findMany: async (ids) => byIds(T.processedEvents, 'event_id', ids),
      insertMany: async (records) => insertNew(T.processedEvents, records, checkProcessedEvent),
      ...owned(T.processedEvents as TableSql<unknown>),
    };

    this.conversations = {
      getMany: async (ids) => byIds(T.conversations, 'id', ids),
      upsertMany: async (conversations) => upsert(T.conversations, conversations, checkConversation),
      listByContact: async (contactId) =>
        ofContact(T.conversations, contactId, 'coalesce(last_message_at, started_at) DESC, id DESC'),
      unlink: async (ids) => moveOwner(T.conversations as TableSql<unknown>, ids, null),
      ...owned(T.conversations as TableSql<unknown>),
    };

    this.orders = {
      findMany: async (ids) => byIds(T.orders, 'order_id', ids),
      insertMany: async (orders) => insertNew(T.orders, orders, checkOrder),
      listByContact: async (contactId) => ofContact(T.orders, contactId, 'placed_at DESC, order_id DESC'),
      ...owned(T.orders as TableSql<unknown>),
    };

    this.notes = {
      insertMany: async (notes) => insertNew(T.notes, notes, checkNote),
      listByContact: async (contactId) => ofContact(T.notes, contactId, 'at DESC, id DESC'),
      ...owned(T.notes as TableSql<unknown>),
    };

    this.flowRuns = {
      upsertMany: async (runs) => upsert(T.flowRuns, runs, checkFlowRun),
      listByContact: async (contactId) => ofContact(T.flowRuns, contactId, 'started_at DESC, id DESC'),
      unlink: async (ids) => moveOwner(T.flowRuns as TableSql<unknown>, ids, null),
      ...owned(T.flowRuns as TableSql<unknown>),
    };

    // A merge involves its primary and every absorbed contact (a JSON array).
    const involves = `(primary_id IN ${IN_LIST} OR EXISTS (SELECT 1 FROM json_each(absorbed_ids) a WHERE a.value IN ${IN_LIST}))`;
    this.merges = {
      insert: async (record) => insertNew(T.merges, [record], checkMergeRecord),
      get: async (id) => {
        const row = get(`${T.merges.select} WHERE workspace_id = ? AND id = ?`, ws, id);
        return row ? decodeRow(MERGES, row) : null;
      },
      listByContact: async (contactId) =>
        all(
          `${T.merges.select} WHERE workspace_id = ? AND ${involves} ORDER BY at DESC, id DESC`,
          ws,
          list([contactId]),
          list([contactId]),
        ).map((row) => decodeRow(MERGES, row)),
      markUndone: async (id, at) =>
        run(
          'UPDATE merges SET undone_at = ? WHERE workspace_id = ? AND id = ? AND undone_at IS NULL',
          at.getTime(),
          ws,
          id,
        ) > 0,
      deleteByContacts: async (ids) =>
        ids.length === 0
          ? 0
          : run(`DELETE FROM merges WHERE workspace_id = ? AND ${involves}`, ws, list(ids), list(ids)),
    };

    this.suggestions = {
      upsertMany: async (suggestions) => {
        for (const x of suggestions) checkSuggestion(x, ws);
        // A new pair is inserted; an open one gets the new weight; a decided one is never reopened.
        const sql = `${T.suggestions.insert.replace(' ON CONFLICT DO NOTHING', '')}
          ON CONFLICT (workspace_id, id) DO UPDATE SET weight = excluded.weight,
            probability = excluded.probability, explanation = excluded.explanation
          WHERE suggestions.status = 'open'`;
        for (const x of suggestions) run(sql, ws, ...cells(T.suggestions, x));
      },
      getMany: async (ids) => byIds(T.suggestions, 'id', ids),
      list: async (status, options: PageOptions = {}): Promise<Page<DuplicateSuggestion>> => {
        const limit = pageSize(options.limit);
        const base = `${T.suggestions.select} WHERE workspace_id = ? AND status = ?`;
        const order = 'ORDER BY weight DESC, id LIMIT ?';
        // The cursor is the last id shown; memory restarts from the top when it is not in this list.
        const anchor =
          options.cursor === undefined
            ? undefined
            : get(
                'SELECT weight, id FROM suggestions WHERE workspace_id = ? AND status = ? AND id = ?',
                ws,
                status,
                options.cursor,
              );
        const rows = anchor
          ? all(
              `${base} AND (weight < ? OR (weight = ? AND id > ?)) ${order}`,
              ws,
              status,
              anchor.weight as number,
              anchor.weight as number,
              anchor.id as string,
              limit + 1,
            )
          : all(`${base} ${order}`, ws, status, limit + 1);
        const items = rows.slice(0, limit).map((row) => decodeRow(SUGGESTIONS, row));
        const last = items.at(-1);
        return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      decide: async (id, status, at, by) =>
        run(
          'UPDATE suggestions SET status = ?, decided_at = ?, decided_by = coalesce(?, decided_by) WHERE workspace_id = ? AND id = ?',
          status,
          at.getTime(),
          by ?? null,
          ws,
          id,
        ) > 0,
      deleteByContacts: async (ids) =>
        ids.length === 0
          ? 0
          : run(
              `DELETE FROM suggestions WHERE workspace_id = ? AND (contact_ids ->> 0 IN ${IN_LIST} OR contact_ids ->> 1 IN ${IN_LIST})`,
              ws,
              list(ids),
              list(ids),
            ),
    };

    this.consents = {
      append: async (records) => insertNew(T.consents, records, checkConsent),
      listByContact: async (contactId) => ofContact(T.consents, contactId, 'at, id'),
      ...owned(T.consents as TableSql<unknown>),
    };
  }
}

/** Row counts per table for one workspace, read straight from the tables (the suite's inspector). */
export function countRows(cache: StatementCache, workspaceId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, t] of Object.entries(T)) {
    const row = cache
      .get(`SELECT count(*) AS n FROM ${t.spec.table} WHERE workspace_id = ?`)
      .get(workspaceId) as Row | undefined;
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}
