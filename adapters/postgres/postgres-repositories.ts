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
  CONSENTS,
  CONTACTS,
  CONVERSATIONS,
  type ColumnKind,
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
import type { PostgresDriver } from './postgres-driver.js';

/*
 * The repositories over one Postgres connection, working in sets: a write binds its rows as one jsonb
 * array and unpacks it with `jsonb_array_elements`, a read binds its keys as arrays and probes them one
 * by one (see PgTable.probe), so a call costs the same few statements for one row or a thousand, never
 * a round trip per row. Writes that may clash use `ON CONFLICT DO NOTHING … RETURNING` rather than
 * letting a unique violation abort the caller's transaction; when fewer rows come back than went in,
 * the rows this call did insert are deleted again and a second statement finds who holds what, so the
 * caller gets the same typed error as from the memory adapter, and the transaction stays usable.
 * Rows are bound in key order, so two transactions writing overlapping keys lock them in the same order
 * and wait for each other instead of deadlocking.
 */

type Row = Record<string, unknown>;

const PG_TYPES: Record<ColumnKind, string> = {
  text: 'text',
  int: 'int4',
  real: 'float8',
  bool: 'bool',
  date: 'timestamptz',
  json: 'jsonb',
};

/**
 * A string as pg would have sent it: a lone surrogate becomes U+FFFD (as UTF-8 encoding does),
 * where JSON would keep it as an escape that Postgres refuses.
 */
function wellFormed(value: string): string {
  const s = value as string & { isWellFormed(): boolean; toWellFormed(): string };
  return s.isWellFormed() ? value : s.toWellFormed();
}

/** SQL texts of one table in one schema, built once per store. */
export class PgTable<R> {
  readonly name: string;
  readonly select: string;
  /** `INSERT … SELECT $1, u.* FROM (…) AS u`; append a WHERE, ON CONFLICT, RETURNING. */
  readonly insertFromJson: string;
  /** `(SELECT … FROM jsonb_array_elements($2::jsonb)) AS u`: the rows {@link json} encodes, as columns. */
  readonly recordset: string;
  readonly keyColumns: string;
  private readonly kinds: readonly ColumnKind[];
  /** The record fields of the key columns, in key order. */
  private readonly keyFields: readonly string[];

  constructor(
    readonly spec: TableSpec<R>,
    schema: string,
  ) {
    this.name = `${schema}.${spec.table}`;
    const names = columnNames(spec);
    this.select = `SELECT ${names.join(', ')} FROM ${this.name}`;
    const kinds: ColumnKind[] = [...spec.columns.map((c) => c.kind), 'json'];
    const cells = names.slice(1).map((name, i) => {
      const kind = kinds[i]!;
      // A JSON null inside the row is SQL NULL; jsonb values are taken as they are, not re-parsed.
      if (kind === 'json') return `nullif(r->${i}, 'null') AS ${name}`;
      return kind === 'text' ? `r->>${i} AS ${name}` : `(r->>${i})::${PG_TYPES[kind]} AS ${name}`;
    });
    this.recordset = `(SELECT ${cells.join(', ')} FROM jsonb_array_elements($2::jsonb) AS r) AS u`;
    this.insertFromJson = `INSERT INTO ${this.name} (${names.join(', ')}) SELECT $1, u.* FROM ${this.recordset}`;
    this.keyColumns = spec.key.join(', ');
    this.kinds = kinds;
    this.keyFields = spec.key.map((k) => spec.columns.find((c) => c.column === k)!.field);
  }

  /**
   * The records as one JSON array of rows, each an array of cells in column order, for
   * {@link recordset}. One jsonb parameter costs the client and the server about half what an array
   * parameter per column does (pg quotes and escapes every element, JSON twice over, and Postgres
   * parses each JSON value again); JSON columns go in as the JSON text `encodeRecord` made.
   */
  json(records: readonly R[]): string {
    const parts: string[] = new Array(records.length);
    const kinds = this.kinds;
    for (let r = 0; r < records.length; r++) {
      const values = encodeRecord(this.spec, records[r]!);
      let row = '[';
      for (let c = 0; c < kinds.length; c++) {
        const value = values[c];
        if (c > 0) row += ',';
        if (value === null || value === undefined) row += 'null';
        else if (kinds[c] === 'json') row += value as string;
        else if (value instanceof Date) row += `"${value.toISOString()}"`;
        // NaN and ±Infinity have no JSON number; as strings they reach float8 as before.
        else if (typeof value === 'number' && !Number.isFinite(value)) row += `"${value}"`;
        else if (typeof value === 'string') row += JSON.stringify(wellFormed(value));
        else row += JSON.stringify(value);
      }
      parts[r] = `${row}]`;
    }
    return `[${parts.join(',')}]`;
  }

  /** A record's key as one string (the key columns are text). */
  key(record: R): string {
    // Read straight from the key fields: encoding the whole record (JSON columns and all) for its key
    // cost as much as binding it, several times a call.
    const source = record as Record<string, unknown>;
    let key = '';
    for (let i = 0; i < this.keyFields.length; i++) {
      const value = source[this.keyFields[i]!];
      key += `${i > 0 ? '\u0000' : ''}${value === undefined ? null : value}`;
    }
    return key;
  }

  /** A returned row's key, as {@link key} spells it. */
  rowKey(row: Row): string {
    return this.spec.key.map((k) => String(row[k])).join('\u0000');
  }

  /**
   * `k = ANY($n::text[])`, or `(k1, k2) IN (SELECT * FROM unnest($n::text[], …))` for a two-column key,
   * for `keyArrays` bound from `$n`. Used where writes are rare (erasure, unmerge, undoing a failed
   * call); reads go through {@link probe}.
   */
  keyIn(from: number): string {
    if (this.spec.key.length === 1) return `${this.keyColumns} = ANY($${from}::text[])`;
    const params = this.spec.key.map((_, i) => `$${from + i}::text[]`).join(', ');
    return `(${this.keyColumns}) IN (SELECT * FROM unnest(${params}))`;
  }

  /**
   * `SELECT <columns>` of the rows with these keys (bound from `$2` as by {@link keyArrays}): one
   * primary-key probe per key. A plain `IN (SELECT … unnest …)` lets the planner hash-join the whole
   * workspace instead when its statistics are stale, which costs the size of the workspace per call.
   */
  probe(columns: string): string {
    const params = this.spec.key.map((_, i) => `$${2 + i}::text[]`).join(', ');
    const names = this.spec.key.map((_, i) => `k${i}`);
    const match = this.spec.key.map((k, i) => `${k} = k.${names[i]}`).join(' AND ');
    return `SELECT x.* FROM unnest(${params}) AS k(${names.join(', ')}) CROSS JOIN LATERAL (SELECT ${columns} FROM ${this.name} WHERE workspace_id = $1 AND ${match} LIMIT 1) x`;
  }

  /**
   * `SELECT x.*` of `columns` of the rows of the contacts in `$2` (a text array): one probe of the
   * by-contact index per contact, for the reason {@link probe} gives; OFFSET 0 keeps the planner from
   * flattening the subquery into a join.
   */
  probeByContact(columns: string): string {
    return `SELECT x.* FROM unnest($2::text[]) AS k(id) CROSS JOIN LATERAL (SELECT ${columns} FROM ${this.name} WHERE workspace_id = $1 AND contact_id = k.id OFFSET 0) x`;
  }

  keyArrays(keys: readonly string[]): string[][] {
    return this.spec.key.map((_, i) => keys.map((k) => k.split('\u0000')[i]!));
  }
}

/** Every table's SQL for one schema. */
export function pgTables(schema: string) {
  return {
    contacts: new PgTable(CONTACTS, schema),
    identities: new PgTable(IDENTITIES, schema),
    activities: new PgTable(ACTIVITIES, schema),
    outbox: new PgTable(OUTBOX, schema),
    processedEvents: new PgTable(PROCESSED_EVENTS, schema),
    conversations: new PgTable(CONVERSATIONS, schema),
    orders: new PgTable(ORDERS, schema),
    notes: new PgTable(NOTES, schema),
    flowRuns: new PgTable(FLOW_RUNS, schema),
    merges: new PgTable(MERGES, schema),
    suggestions: new PgTable(SUGGESTIONS, schema),
    consents: new PgTable(CONSENTS, schema),
  };
}
export type PgTables = ReturnType<typeof pgTables>;

/** The last record for each key, in key order: what a batch leaves behind, ready to lock in order. */
function lastByKey<R>(t: PgTable<R>, records: readonly R[]): R[] {
  const byKey = new Map<string, R>();
  for (const r of records) byKey.set(t.key(r), r);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** Index and error of the first record that fails its check, or undefined. */
function firstInvalid<R>(
  records: readonly R[],
  check: (r: R) => void,
): { index: number; error: unknown } | undefined {
  for (let index = 0; index < records.length; index++) {
    try {
      check(records[index]!);
    } catch (error) {
      return { index, error };
    }
  }
  return undefined;
}

/**
 * A statement found the data changed between two statements of one call (another transaction
 * committed in between, under READ COMMITTED); the call is simply run again, a few times at most.
 */
const MAX_ATTEMPTS = 5;

export class PostgresTransaction implements WorkspaceTransaction {
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
    connection: PostgresDriver,
    T: PgTables,
  ) {
    const ws = workspaceId;
    // One connection runs one statement at a time. Callers may issue repository calls concurrently
    // (Promise.all over reads); pg only queues those with a deprecation warning, so queue them here.
    let last: Promise<unknown> = Promise.resolve();
    const query = (text: string, values: unknown[]): Promise<Row[]> => {
      const next = last.then(async () => (await connection.query(text, values)).rows as Row[]);
      last = next.catch(() => undefined);
      return next;
    };
    const count = async (text: string, values: unknown[]) => Number((await query(text, values))[0]?.n ?? 0);
    const C = T.contacts.name;

    /** Deletes rows by key: takes back what a failed call inserted. */
    const deleteKeys = async (t: PgTable<unknown>, keys: readonly string[]) => {
      if (keys.length > 0)
        await query(`DELETE FROM ${t.name} WHERE workspace_id = $1 AND ${t.keyIn(2)}`, [
          ws,
          ...t.keyArrays(keys),
        ]);
    };
    const storedKeys = async (t: PgTable<unknown>, keys: readonly string[]) =>
      new Set((await query(t.probe(t.keyColumns), [ws, ...t.keyArrays(keys)])).map((row) => t.rowKey(row)));

    /**
     * Inserts rows whose key must be new, like memory's `insertNew`: all are checked, then inserted in one
     * statement; the first row (in call order) whose key exists or repeats throws `AlreadyExistsError`.
     */
    const insertNew = async <R>(t: PgTable<R>, rows: readonly R[], check: (row: R, ws: string) => void) => {
      for (const row of rows) check(row, ws);
      if (rows.length === 0) return;
      const keys = rows.map((r) => t.key(r));
      for (let attempt = 1; ; attempt++) {
        if (new Set(keys).size === keys.length) {
          const sorted = lastByKey(t, rows);
          const inserted = await query(
            `${t.insertFromJson} ON CONFLICT DO NOTHING RETURNING ${t.keyColumns}`,
            [ws, t.json(sorted)],
          );
          if (inserted.length === rows.length) return;
          await deleteKeys(
            t as PgTable<unknown>,
            inserted.map((row) => t.rowKey(row)),
          );
        }
        const stored = await storedKeys(t as PgTable<unknown>, keys);
        const seen = new Set<string>();
        for (let i = 0; i < rows.length; i++) {
          const key = keys[i]!;
          if (stored.has(key) || seen.has(key))
            throw new AlreadyExistsError(t.spec.entity, ws, t.spec.keyString(rows[i]!));
          seen.add(key);
        }
        if (attempt >= MAX_ATTEMPTS) throw new Error(`contactkit: could not insert ${t.spec.entity} rows`);
      }
    };

    /** Inserts or replaces by key (conversations, flow runs); the last of repeated keys wins, as in memory. */
    const upsert = async <R>(t: PgTable<R>, rows: readonly R[], check: (row: R, ws: string) => void) => {
      for (const row of rows) check(row, ws);
      if (rows.length === 0) return;
      const sets = [...t.spec.columns.map((c) => c.column), 'extra']
        .filter((c) => !t.spec.key.includes(c))
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      await query(`${t.insertFromJson} ON CONFLICT (workspace_id, ${t.keyColumns}) DO UPDATE SET ${sets}`, [
        ws,
        t.json(lastByKey(t, rows)),
      ]);
    };

    /** Records by single-column key, in the order asked (a repeated id yields the record again). */
    const byIds = async <R>(t: PgTable<R>, ids: readonly string[]): Promise<R[]> => {
      if (ids.length === 0) return [];
      const key = t.spec.key[0]!;
      // Probed key by key: `= ANY` is planned as a scan of the whole workspace while statistics are stale.
      const rows = await query(t.probe(columnNames(t.spec).join(', ')), [ws, [...new Set(ids)]]);
      const found = new Map<string, R>();
      for (const row of rows) found.set(String(row[key]), decodeRow(t.spec, row));
      return ids.flatMap((id) => found.get(id) ?? []);
    };

    const ofContact = async <R>(t: PgTable<R>, contactId: string, orderBy: string): Promise<R[]> =>
      (
        await query(`${t.select} WHERE workspace_id = $1 AND contact_id = $2 ORDER BY ${orderBy}`, [
          ws,
          contactId,
        ])
      ).map((row) => decodeRow(t.spec, row));

    /** Moves rows of `from` (or only those keyed `keys`) to `to`; `to: null` unlinks them. */
    const moveOwner = async (
      t: PgTable<unknown>,
      from: readonly string[],
      to: string | null,
      keys?: readonly string[],
    ): Promise<number> => {
      if (from.length === 0) return 0;
      const only = keys === undefined ? '' : ` AND ${t.spec.key[0]} = ANY($4::text[])`;
      return count(
        `WITH m AS (UPDATE ${t.name} SET contact_id = $2 WHERE workspace_id = $1 AND contact_id = ANY($3::text[])${only} RETURNING 1) SELECT count(*)::int AS n FROM m`,
        keys === undefined ? [ws, to, from] : [ws, to, from, keys],
      );
    };
    const deleteOwned = async (t: PgTable<unknown>, contactIds: readonly string[]) =>
      contactIds.length === 0
        ? 0
        : count(
            `WITH d AS (DELETE FROM ${t.name} WHERE workspace_id = $1 AND contact_id = ANY($2::text[]) RETURNING 1) SELECT count(*)::int AS n FROM d`,
            [ws, contactIds],
          );
    /** `WITH u AS (UPDATE …)`: moves the rows of each `m.f` ($2) to its `m.t` ($3), for {@link moveOwners}. */
    const movesUpdate = (t: PgTable<unknown>, guard = '') =>
      `u AS (UPDATE ${t.name} AS x SET contact_id = m.t FROM unnest($2::text[], $3::text[]) AS m(f, t)
        WHERE x.workspace_id = $1 AND x.contact_id = m.f${guard} RETURNING 1)`;
    /** Moves every row of each move's `from` to its `to`, in one statement. */
    const moveOwners = async (t: PgTable<unknown>, moves: readonly ContactMove[]) =>
      moves.length === 0
        ? 0
        : count(`WITH ${movesUpdate(t)} SELECT count(*)::int AS n FROM u`, [
            ws,
            moves.map((m) => m.from),
            moves.map((m) => m.to),
          ]);
    /** The keys of the rows these contacts own: one probe of the by-contact index per contact. */
    const ownedKeys = async (
      t: PgTable<unknown>,
      contactIds: readonly string[],
    ): Promise<ContactRowKey[]> => {
      if (contactIds.length === 0) return [];
      const key = t.spec.key[0]!;
      const rows = await query(t.probeByContact(`contact_id, ${key} AS row_key`), [
        ws,
        [...new Set(contactIds)],
      ]);
      return rows.map((row) => ({ contactId: String(row.contact_id), key: String(row.row_key) }));
    };
    const owned = (t: PgTable<unknown>) => ({
      reassign: (from: readonly string[], to: string, keys?: readonly string[]) =>
        moveOwner(t, from, to, keys),
      reassignMany: (moves: readonly ContactMove[]) => moveOwners(t, moves),
      keysByContacts: (ids: readonly string[]) => ownedKeys(t, ids),
      deleteByContacts: (ids: readonly string[]) => deleteOwned(t, ids),
    });

    const contactSets = [...CONTACTS.columns.map((c) => c.column), 'extra']
      .filter((c) => c !== 'id')
      .map((c) => `${c} = f.${c}`)
      .join(', ');
    /** Stored versions of these contacts (missing ones absent). */
    const versions = async (ids: readonly string[]) =>
      new Map(
        (
          await query(`SELECT id, version FROM ${C} WHERE workspace_id = $1 AND id = ANY($2::text[])`, [
            ws,
            ids,
          ])
        ).map((row) => [String(row.id), Number(row.version)] as const),
      );

    this.contacts = {
      get: async (id) => {
        const [row] = await query(`${T.contacts.select} WHERE workspace_id = $1 AND id = $2`, [ws, id]);
        return row ? decodeRow(CONTACTS, row) : null;
      },
      getMany: (ids) => byIds(T.contacts, ids),
      insertMany: async (contacts) => {
        for (const c of contacts) {
          if (c.version !== 1) checkContact({ ...c, version: Number.NaN }, ws);
        }
        await insertNew(T.contacts, contacts, checkContact);
      },
      updateMany: async (contacts) => {
        // Memory checks contact by contact: the first problem in call order is the one reported.
        if (contacts.length === 0) return;
        const invalid = firstInvalid(contacts, (c) => checkContact(c, ws));
        const checked = invalid ? contacts.slice(0, invalid.index) : contacts;
        for (let attempt = 1; ; attempt++) {
          if (!invalid) {
            const rows = lastByKey(T.contacts, contacts);
            // One statement: every row is written only if every row has the expected version, so a stale
            // one leaves the whole call undone. (Under READ COMMITTED a row changed by a transaction that
            // commits meanwhile is re-checked and skipped; then the count differs and the caller gets
            // ConcurrentUpdateError and must roll back, which the service does before retrying.)
            // The rows are found by primary-key probes and then updated by ctid (a TID scan): a join on
            // the key is planned as a hash over the whole workspace while statistics are stale. A row
            // another transaction changes meanwhile gets a new ctid and a new version, so it is skipped.
            const updated = await query(
              `WITH u AS (SELECT * FROM ${T.contacts.recordset}),
                f AS (SELECT x.tid, u.* FROM u CROSS JOIN LATERAL (SELECT ctid AS tid FROM ${C} c
                  WHERE c.workspace_id = $1 AND c.id = u.id AND c.version = u.version - 1 LIMIT 1) x)
              UPDATE ${C} c SET ${contactSets} FROM f
              WHERE c.ctid = ANY(ARRAY(SELECT tid FROM f)) AND c.ctid = f.tid AND c.workspace_id = $1 AND c.id = f.id
                AND c.version = f.version - 1 AND (SELECT count(*) FROM f) = ${rows.length}
              RETURNING c.id`,
              [ws, T.contacts.json(rows)],
            );
            if (updated.length === rows.length) return;
          }
          const stored =
            checked.length > 0 ? await versions(checked.map((c) => c.id)) : new Map<string, number>();
          for (const c of checked) {
            const version = stored.get(c.id);
            if (version === undefined) throw new NotFoundError('contact', ws, c.id);
            if (version !== c.version - 1) throw new ConcurrentUpdateError('contact', c.id, c.version - 1);
          }
          if (invalid) throw invalid.error;
          if (attempt >= MAX_ATTEMPTS) throw new ConcurrentUpdateError('contact', contacts[0]!.id, 0);
        }
      },
      deleteMany: async (ids) => {
        if (ids.length === 0) return 0;
        // Identities go with their contact; only those of contacts that existed.
        return count(
          `WITH d AS (DELETE FROM ${C} WHERE workspace_id = $1 AND id = ANY($2::text[]) RETURNING id),
            i AS (DELETE FROM ${T.identities.name} WHERE workspace_id = $1 AND contact_id IN (SELECT id FROM d))
          SELECT count(*)::int AS n FROM d`,
          [ws, ids],
        );
      },
      list: async (options: PageOptions = {}): Promise<Page<Contact>> => {
        const limit = pageSize(options.limit);
        const rows = await query(
          `${T.contacts.select} WHERE workspace_id = $1 AND ($2::text IS NULL OR id > $2::text) ORDER BY id LIMIT $3`,
          [ws, options.cursor ?? null, limit + 1],
        );
        const items = rows.slice(0, limit).map((row) => decodeRow(CONTACTS, row));
        const last = items.at(-1);
        return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      count: () => count(`SELECT count(*)::int AS n FROM ${C} WHERE workspace_id = $1`, [ws]),
    };

    const I = T.identities;
    const keyOf = (k: IdentityKey) => `${k.type}\u0000${k.value}`;
    const holders = async (keys: readonly string[]) =>
      new Map(
        (await query(I.probe('type, normalized_value, contact_id'), [ws, ...I.keyArrays(keys)])).map(
          (row) => [I.rowKey(row), String(row.contact_id)] as const,
        ),
      );
    /** Whether `to` exists, in the same statement as the move it guards. */
    const targetGuard = `t AS (SELECT 1 FROM ${C} WHERE workspace_id = $1 AND id = $2)`;

    this.identities = {
      findByKeys: async (keys) => {
        if (keys.length === 0) return [];
        const wanted = keys.map(keyOf);
        const rows = await query(I.probe(columnNames(IDENTITIES).join(', ')), [ws, ...I.keyArrays(wanted)]);
        const found = new Map(rows.map((row) => [I.rowKey(row), decodeRow(IDENTITIES, row)] as const));
        return wanted.flatMap((k) => found.get(k) ?? []);
      },
      listByContacts: async (ids) => {
        if (ids.length === 0) return [];
        const rows = await query(
          `${I.probeByContact(columnNames(IDENTITIES).join(', '))} ORDER BY x.type, x.normalized_value`,
          [ws, [...new Set(ids)]],
        );
        const byContact = new Map<string, Identity[]>();
        for (const row of rows) {
          const identity = decodeRow(IDENTITIES, row);
          const list = byContact.get(identity.contactId) ?? [];
          list.push(identity);
          byContact.set(identity.contactId, list);
        }
        return [...new Set(ids)].flatMap((id) => byContact.get(id) ?? []);
      },
      insertMany: async (identities) => {
        // Memory checks identity by identity (valid, contact exists, key free): the first problem in
        // call order is the one reported.
        if (identities.length === 0) return;
        const invalid = firstInvalid(identities, (i) => checkIdentity(i, ws));
        const checked = invalid ? identities.slice(0, invalid.index) : identities;
        const keys = checked.map((i) => I.key(i));
        for (let attempt = 1; ; attempt++) {
          if (!invalid && new Set(keys).size === keys.length) {
            // The unique primary key decides who wins a race; rows of missing contacts are not inserted.
            const inserted = await query(
              `${I.insertFromJson} CROSS JOIN LATERAL (SELECT 1 FROM ${C} c WHERE c.workspace_id = $1 AND c.id = u.contact_id LIMIT 1) c
              ON CONFLICT DO NOTHING RETURNING type, normalized_value`,
              [ws, I.json(lastByKey(I, identities))],
            );
            if (inserted.length === identities.length) return;
            await deleteKeys(
              I as PgTable<unknown>,
              inserted.map((row) => I.rowKey(row)),
            );
          }
          if (checked.length > 0) {
            const existing = await versions([...new Set(checked.map((i) => i.contactId))]);
            const held = await holders(keys);
            const seen = new Map<string, string>();
            for (let n = 0; n < checked.length; n++) {
              const identity = checked[n]!;
              if (!existing.has(identity.contactId))
                throw new NotFoundError('contact', ws, identity.contactId);
              const holder = held.get(keys[n]!) ?? seen.get(keys[n]!);
              if (holder !== undefined)
                throw new IdentityTakenError(ws, identity.type, identity.value, holder);
              seen.set(keys[n]!, identity.contactId);
            }
          }
          if (invalid) throw invalid.error;
          if (attempt >= MAX_ATTEMPTS) throw new Error('contactkit: could not insert identities');
        }
      },
      reassignMany: async (moves) => {
        if (moves.length === 0) return 0;
        // Every target must exist, or nothing moves and the first missing one (in move order) is
        // named. g holds the missing targets, each found by a primary-key probe.
        const [row] = await query(
          `WITH g AS (SELECT k.id FROM (SELECT DISTINCT unnest($3::text[]) AS id) k
              WHERE NOT EXISTS (SELECT 1 FROM ${C} c WHERE c.workspace_id = $1 AND c.id = k.id)),
            ${movesUpdate(I as PgTable<unknown>, ' AND NOT EXISTS (SELECT 1 FROM g)')}
          SELECT (SELECT array_agg(id) FROM g) AS missing, (SELECT count(*) FROM u)::int AS n`,
          [ws, moves.map((m) => m.from), moves.map((m) => m.to)],
        );
        const missing = new Set((row?.missing as string[] | null) ?? []);
        const first = moves.find((m) => missing.has(m.to));
        if (first) throw new NotFoundError('contact', ws, first.to);
        return Number(row?.n ?? 0);
      },
      reassignKeys: async (keys, to) => {
        const wanted = keys.map(keyOf);
        const rows = await query(
          `WITH ${targetGuard},
            m AS (UPDATE ${I.name} SET contact_id = $2 WHERE workspace_id = $1 AND ${I.keyIn(3)} AND EXISTS (SELECT 1 FROM t) RETURNING type, normalized_value)
          SELECT (SELECT count(*) FROM t)::int AS target, m.type, m.normalized_value FROM (SELECT 1) one LEFT JOIN m ON true`,
          [ws, to, ...I.keyArrays(wanted)],
        );
        if (!rows[0]?.target) throw new NotFoundError('contact', ws, to);
        const moved = new Set(rows.filter((r) => r.type !== null).map((r) => I.rowKey(r)));
        // Counted per key asked, as memory counts them.
        return wanted.filter((k) => moved.has(k)).length;
      },
      deleteByKeys: async (keys) =>
        keys.length === 0
          ? 0
          : count(
              `WITH d AS (DELETE FROM ${I.name} WHERE workspace_id = $1 AND ${I.keyIn(2)} RETURNING 1) SELECT count(*)::int AS n FROM d`,
              [ws, ...I.keyArrays(keys.map(keyOf))],
            ),
    };

    const A = T.activities;
    this.activities = {
      append: (entries) => insertNew(A, entries, checkActivity),
      listByContact: async (contactId, options: PageOptions = {}): Promise<Page<Activity>> => {
        const limit = pageSize(options.limit);
        // The cursor is the last id shown. Memory restarts from the top when it is not in this timeline.
        const rows = await query(
          `WITH a AS (SELECT at, id FROM ${A.name} WHERE workspace_id = $1 AND contact_id = $2 AND id = $3)
          ${A.select} WHERE workspace_id = $1 AND contact_id = $2
            AND (NOT EXISTS (SELECT 1 FROM a) OR (at, id) < (SELECT at, id FROM a))
          ORDER BY at DESC, id DESC LIMIT $4`,
          [ws, contactId, options.cursor ?? null, limit + 1],
        );
        const items = rows.slice(0, limit).map((row) => decodeRow(ACTIVITIES, row));
        const last = items.at(-1);
        return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      ...owned(A as PgTable<unknown>),
    };

    const O = T.outbox;
    this.outbox = {
      // Insertion order is call order, not key order: append in the order given.
      append: async (events) => {
        for (const e of events) checkDomainEvent(e, ws);
        const keys = events.map((e) => e.id);
        if (events.length === 0) return;
        for (let attempt = 1; ; attempt++) {
          if (new Set(keys).size === keys.length) {
            const inserted = await query(`${O.insertFromJson} ON CONFLICT DO NOTHING RETURNING id`, [
              ws,
              O.json(events),
            ]);
            if (inserted.length === events.length) return;
            await deleteKeys(
              O as PgTable<unknown>,
              inserted.map((row) => String(row.id)),
            );
          }
          const stored = await storedKeys(O as PgTable<unknown>, keys);
          const seen = new Set<string>();
          for (const key of keys) {
            if (stored.has(key) || seen.has(key)) throw new AlreadyExistsError('event', ws, key);
            seen.add(key);
          }
          if (attempt >= MAX_ATTEMPTS) throw new Error('contactkit: could not append outbox events');
        }
      },
      listPending: async (limit) =>
        (
          await query(`${O.select} WHERE workspace_id = $1 AND NOT delivered ORDER BY seq LIMIT $2`, [
            ws,
            pageSize(limit),
          ])
        ).map((row) => decodeRow(OUTBOX, row)),
      markDelivered: async (ids) =>
        ids.length === 0
          ? 0
          : count(
              `WITH m AS (UPDATE ${O.name} SET delivered = true WHERE workspace_id = $1 AND NOT delivered AND id = ANY($2::text[]) RETURNING 1) SELECT count(*)::int AS n FROM m`,
              [ws, ids],
            ),
      listByContact: (contactId) => ofContact(O, contactId, 'seq'),
      deleteByContacts: (ids) => deleteOwned(O as PgTable<unknown>, ids),
    };

    this.processedEvents = {
      findMany: (ids) => byIds(T.processedEvents, ids),
      insertMany: (records) => insertNew(T.processedEvents, records, checkProcessedEvent),
      ...owned(T.processedEvents as PgTable<unknown>),
    };

    this.conversations = {
      getMany: (ids) => byIds(T.conversations, ids),
      upsertMany: (conversations) => upsert(T.conversations, conversations, checkConversation),
      listByContact: (contactId) =>
        ofContact(T.conversations, contactId, 'coalesce(last_message_at, started_at) DESC, id DESC'),
      unlink: (ids) => moveOwner(T.conversations as PgTable<unknown>, ids, null),
      ...owned(T.conversations as PgTable<unknown>),
    };

    this.orders = {
      findMany: (ids) => byIds(T.orders, ids),
      insertMany: (orders) => insertNew(T.orders, orders, checkOrder),
      listByContact: (contactId) => ofContact(T.orders, contactId, 'placed_at DESC, order_id DESC'),
      ...owned(T.orders as PgTable<unknown>),
    };

    this.notes = {
      insertMany: (notes) => insertNew(T.notes, notes, checkNote),
      listByContact: (contactId) => ofContact(T.notes, contactId, 'at DESC, id DESC'),
      ...owned(T.notes as PgTable<unknown>),
    };

    this.flowRuns = {
      upsertMany: (runs) => upsert(T.flowRuns, runs, checkFlowRun),
      listByContact: (contactId) => ofContact(T.flowRuns, contactId, 'started_at DESC, id DESC'),
      unlink: (ids) => moveOwner(T.flowRuns as PgTable<unknown>, ids, null),
      ...owned(T.flowRuns as PgTable<unknown>),
    };

    const M = T.merges;
    // A merge involves its primary and every absorbed contact (a JSON array).
    const involves = `(primary_id = ANY($2::text[]) OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(absorbed_ids) a WHERE a = ANY($2::text[])))`;
    this.merges = {
      insert: (record) => insertNew(M, [record], checkMergeRecord),
      get: async (id) => {
        const [row] = await query(`${M.select} WHERE workspace_id = $1 AND id = $2`, [ws, id]);
        return row ? decodeRow(MERGES, row) : null;
      },
      listByContact: async (contactId) =>
        (
          await query(`${M.select} WHERE workspace_id = $1 AND ${involves} ORDER BY at DESC, id DESC`, [
            ws,
            [contactId],
          ])
        ).map((row) => decodeRow(MERGES, row)),
      markUndone: async (id, at) =>
        (await count(
          `WITH m AS (UPDATE ${M.name} SET undone_at = $3 WHERE workspace_id = $1 AND id = $2 AND undone_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM m`,
          [ws, id, at.toISOString()],
        )) > 0,
      deleteByContacts: async (ids) =>
        ids.length === 0
          ? 0
          : count(
              `WITH d AS (DELETE FROM ${M.name} WHERE workspace_id = $1 AND ${involves} RETURNING 1) SELECT count(*)::int AS n FROM d`,
              [ws, ids],
            ),
    };

    const S = T.suggestions;
    this.suggestions = {
      upsertMany: async (suggestions) => {
        for (const x of suggestions) checkSuggestion(x, ws);
        if (suggestions.length === 0) return;
        // Within one call, a repeated pair refreshes the first one's weight, as memory applies them in turn.
        const byId = new Map<string, DuplicateSuggestion>();
        for (const x of suggestions) {
          const first = byId.get(x.id);
          byId.set(
            x.id,
            first
              ? { ...first, weight: x.weight, probability: x.probability, explanation: x.explanation }
              : x,
          );
        }
        const rows = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        // A new pair is inserted; an open one gets the new weight; a decided one is never reopened.
        await query(
          `${S.insertFromJson.replace(`INSERT INTO ${S.name} (`, `INSERT INTO ${S.name} AS t (`)}
          ON CONFLICT (workspace_id, id) DO UPDATE SET weight = EXCLUDED.weight,
            probability = EXCLUDED.probability, explanation = EXCLUDED.explanation
          WHERE t.status = 'open'`,
          [ws, S.json(rows)],
        );
      },
      getMany: (ids) => byIds(S, ids),
      list: async (status, options: PageOptions = {}): Promise<Page<DuplicateSuggestion>> => {
        const limit = pageSize(options.limit);
        // The cursor is the last id shown; memory restarts from the top when it is not in this list.
        const rows = await query(
          `WITH a AS (SELECT weight, id FROM ${S.name} WHERE workspace_id = $1 AND status = $2 AND id = $3)
          ${S.select} WHERE workspace_id = $1 AND status = $2
            AND (NOT EXISTS (SELECT 1 FROM a) OR weight < (SELECT weight FROM a)
              OR (weight = (SELECT weight FROM a) AND id > (SELECT id FROM a)))
          ORDER BY weight DESC, id LIMIT $4`,
          [ws, status, options.cursor ?? null, limit + 1],
        );
        const items = rows.slice(0, limit).map((row) => decodeRow(SUGGESTIONS, row));
        const last = items.at(-1);
        return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      decide: async (id, status, at, by) =>
        (await count(
          `WITH d AS (UPDATE ${S.name} SET status = $3, decided_at = $4, decided_by = coalesce($5, decided_by)
            WHERE workspace_id = $1 AND id = $2 RETURNING 1) SELECT count(*)::int AS n FROM d`,
          [ws, id, status, at.toISOString(), by ?? null],
        )) > 0,
      deleteByContacts: async (ids) =>
        ids.length === 0
          ? 0
          : count(
              `WITH d AS (DELETE FROM ${S.name} WHERE workspace_id = $1
                AND (contact_ids ->> 0 = ANY($2::text[]) OR contact_ids ->> 1 = ANY($2::text[])) RETURNING 1)
              SELECT count(*)::int AS n FROM d`,
              [ws, ids],
            ),
    };

    this.consents = {
      append: (records) => insertNew(T.consents, records, checkConsent),
      listByContact: (contactId) => ofContact(T.consents, contactId, 'at, id'),
      ...owned(T.consents as PgTable<unknown>),
    };
  }
}

/** Row counts per table for one workspace in one statement, read straight from the tables. */
export async function countRows(
  connection: PostgresDriver,
  T: PgTables,
  workspaceId: string,
): Promise<Record<string, number>> {
  const entries = Object.entries(T);
  const selects = entries.map(
    ([name, t]) => `(SELECT count(*)::int FROM ${t.name} WHERE workspace_id = $1) AS "${name}"`,
  );
  const { rows } = await connection.query(`SELECT ${selects.join(', ')}`, [workspaceId]);
  const row = (rows[0] ?? {}) as Row;
  return Object.fromEntries(entries.map(([name]) => [name, Number(row[name] ?? 0)]));
}
