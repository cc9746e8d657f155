import {
  AlreadyExistsError,
  ConcurrentUpdateError,
  IdentityTakenError,
  NotFoundError,
} from '../../src/errors/errors.js';
import type { Activity } from '../../src/model/activity.js';
import type { Contact } from '../../src/model/contact.js';
import type { ConversationSummary } from '../../src/model/conversation.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { DuplicateSuggestion } from '../../src/model/duplicate-suggestion.js';
import { type Identity, type IdentityKey, identityKeyString } from '../../src/model/identity.js';
import { activityOf, domainEventOf, type LogEntry } from '../../src/model/log-entry.js';
import type { MergeRecord } from '../../src/model/merge-record.js';
import type { ActivityLog } from '../../src/ports/activity-log.js';
import { applyErasureWith, applyMergeWith } from '../../src/ports/apply-plans.js';
import type { ContactRepository } from '../../src/ports/contact-repository.js';
import type { IdentityRepository } from '../../src/ports/identity-repository.js';
import type { MergeRecordRepository } from '../../src/ports/merge-record-repository.js';
import { type Page, type PageOptions, pageSize } from '../../src/ports/page.js';
import {
  ACTIVITY_LOG,
  CONTACTS,
  IDENTITIES,
  KEYED_TABLE_NAMES,
  KEYED_TABLES,
  type KeyedTableName,
  MERGES,
  OWNED_TABLE_NAMES,
  OWNED_TABLES,
  type OwnedTableName,
  SUGGESTIONS,
} from '../../src/ports/schema/tables.js';
import type {
  ContactStore,
  KeyedTables,
  OwnedTables,
  StoreCapabilities,
  WorkspaceTransaction,
} from '../../src/ports/store.js';
import type { SuggestionRepository } from '../../src/ports/suggestion-repository.js';
import type { WorkerLeases } from '../../src/ports/worker-leases.js';
import { figuresOf, queryContacts } from '../../src/segments/list.js';
import { Journal, type Restorable } from './journal.js';
import { MemoryLeases } from './leases.js';
import { IdentityKeyMap } from './row-map.js';
import { MemoryRows, memoryRows, memoryTable, presentOf } from './table.js';

/** How {@link MemoryStore} keeps records. */
export interface MemoryStoreOptions {
  /**
   * Deep-freeze every record the store keeps, so that code changing a record after passing it to the
   * store, or one it got back, throws instead of silently changing stored data. Default: on in test
   * runs (`NODE_ENV=test`, or under vitest), off otherwise, where it would only cost time.
   */
  readonly freeze?: boolean;
}

/** A counter the journal can put back. */
class Counter implements Restorable {
  value = 0;
  restore(_key: string, previous: unknown): void {
    this.value = previous as number;
  }
}

/** Everything one workspace holds. Workspaces share nothing, which is what isolates them. */
class WorkspaceData {
  readonly contacts: MemoryRows<Contact>;
  readonly identities: MemoryRows<Identity, IdentityKey>;
  readonly log: MemoryRows<LogEntry>;
  readonly merges: MemoryRows<MergeRecord>;
  readonly suggestions: MemoryRows<DuplicateSuggestion>;
  readonly owned: { readonly [K in OwnedTableName]: MemoryRows<object> };
  readonly keyed: { readonly [K in KeyedTableName]: MemoryRows<object> };
  readonly position = new Counter();

  constructor(freeze: boolean) {
    this.contacts = memoryRows(CONTACTS, freeze);
    // An identity is its own key: the map reads its type and value.
    this.identities = new MemoryRows(IDENTITIES, (row) => row, freeze, new IdentityKeyMap());
    this.log = memoryRows(ACTIVITY_LOG, freeze);
    this.merges = memoryRows(MERGES, freeze);
    this.suggestions = memoryRows(SUGGESTIONS, freeze);
    this.owned = Object.fromEntries(
      OWNED_TABLE_NAMES.map((name) => [name, memoryRows(OWNED_TABLES[name] as never, freeze)]),
    ) as unknown as WorkspaceData['owned'];
    this.keyed = Object.fromEntries(
      KEYED_TABLE_NAMES.map((name) => [name, memoryRows(KEYED_TABLES[name] as never, freeze)]),
    ) as unknown as WorkspaceData['keyed'];
  }

  /** Every row per table: what the conformance suite's dump reads. */
  rows(): Record<string, unknown[]> {
    return {
      contacts: [...this.contacts.values()],
      identities: [...this.identities.values()],
      log: [...this.log.values()],
      ...Object.fromEntries(OWNED_TABLE_NAMES.map((name) => [name, [...this.owned[name].values()]])),
      ...Object.fromEntries(KEYED_TABLE_NAMES.map((name) => [name, [...this.keyed[name].values()]])),
      merges: [...this.merges.values()],
      suggestions: [...this.suggestions.values()],
    };
  }

  /** Row counts per table: what the conformance suite's inspector reads. */
  counts(): Record<string, number> {
    return {
      contacts: this.contacts.size,
      identities: this.identities.size,
      log: this.log.size,
      ...Object.fromEntries(OWNED_TABLE_NAMES.map((name) => [name, this.owned[name].size])),
      ...Object.fromEntries(KEYED_TABLE_NAMES.map((name) => [name, this.keyed[name].size])),
      merges: this.merges.size,
      suggestions: this.suggestions.size,
    };
  }
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class MemoryTransaction implements WorkspaceTransaction {
  readonly contacts: ContactRepository;
  readonly identities: IdentityRepository;
  readonly log: ActivityLog;
  readonly merges: MergeRecordRepository;
  readonly suggestions: SuggestionRepository;
  readonly processedEvents!: OwnedTables['processedEvents'];
  readonly conversations!: OwnedTables['conversations'];
  readonly orders!: OwnedTables['orders'];
  readonly notes!: OwnedTables['notes'];
  readonly flowRuns!: OwnedTables['flowRuns'];
  readonly consents!: OwnedTables['consents'];
  readonly scoreLedger!: OwnedTables['scoreLedger'];
  readonly followUps!: OwnedTables['followUps'];
  readonly reviewItems!: OwnedTables['reviewItems'];
  readonly reminders!: OwnedTables['reminders'];
  readonly customFieldDefinitions!: KeyedTables['customFieldDefinitions'];
  readonly webhookEndpoints!: KeyedTables['webhookEndpoints'];
  readonly webhookDeliveries!: KeyedTables['webhookDeliveries'];
  readonly savedSegments!: KeyedTables['savedSegments'];

  constructor(
    readonly workspaceId: string,
    d: WorkspaceData,
    j: Journal,
  ) {
    const ws = workspaceId;
    // Every generic table, from the specs: a new one needs no code here.
    const self = this as unknown as Record<string, unknown>;
    for (const name of OWNED_TABLE_NAMES) self[name] = memoryTable(d.owned[name], ws, j);
    for (const name of KEYED_TABLE_NAMES) self[name] = memoryTable(d.keyed[name], ws, j);

    this.contacts = {
      get: async (id) => d.contacts.get(id) ?? null,
      getMany: async (ids) => presentOf(d.contacts, ids),
      // One transaction at a time: nothing else can change a contact meanwhile.
      lock: async (ids) => [...new Set(ids)].filter((id) => d.contacts.has(id)),
      insertMany: async (contacts) => {
        for (const c of contacts) {
          if (c.version !== 1) CONTACTS.check({ ...c, version: Number.NaN }, ws);
          CONTACTS.check(c, ws);
        }
        d.contacts.insertNew(contacts, j, (id) => new AlreadyExistsError('contact', ws, id));
      },
      updateMany: async (contacts) => {
        for (const c of contacts) {
          CONTACTS.check(c, ws);
          const stored = d.contacts.get(c.id);
          if (!stored) throw new NotFoundError('contact', ws, c.id);
          if (stored.version !== c.version - 1)
            throw new ConcurrentUpdateError('contact', c.id, c.version - 1);
        }
        for (const c of contacts) d.contacts.put(c, j);
      },
      deleteMany: async (ids, versions) => {
        const unique = [...new Set(ids)];
        if (versions) {
          for (const id of unique) {
            const stored = d.contacts.get(id);
            const expected = versions.get(id);
            if (stored && expected !== undefined && stored.version !== expected)
              throw new ConcurrentUpdateError('contact', id, expected);
          }
        }
        let deleted = 0;
        for (const id of unique) {
          if (!d.contacts.has(id)) continue;
          for (const key of d.identities.keysOfContact(id)) d.identities.delete(key, j);
          d.contacts.delete(id, j);
          deleted++;
        }
        return deleted;
      },
      list: async (options: PageOptions = {}): Promise<Page<Contact>> => {
        const limit = pageSize(options.limit);
        const ids: string[] = [];
        for (const c of d.contacts.values())
          if (options.cursor === undefined || c.id > options.cursor) ids.push(c.id);
        ids.sort();
        const items = ids.slice(0, limit).map((id) => d.contacts.get(id)!);
        const last = items.at(-1);
        return ids.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      count: async () => {
        let live = 0;
        for (const c of d.contacts.values()) if (c.deletedAt === undefined) live++;
        return live;
      },
      query: async (q) => queryContacts(d.contacts.values(), q),
      figures: async (q) =>
        figuresOf(d.contacts.values(), q, d.owned.conversations.values() as Iterable<ConversationSummary>),
    };

    this.identities = {
      findByKeys: async (keys: readonly IdentityKey[]) => presentOf(d.identities, keys),
      listByContacts: async (ids) => {
        const out: Identity[] = [];
        for (const id of new Set(ids)) d.identities.pushOfContact(id, out);
        return out;
      },
      insertMany: async (identities) => {
        for (const i of identities) {
          IDENTITIES.check(i, ws);
          if (!d.contacts.has(i.contactId)) throw new NotFoundError('contact', ws, i.contactId);
        }
        d.identities.insertNew(
          identities,
          j,
          (_, holder) => new IdentityTakenError(ws, holder.type, holder.value, holder.contactId),
        );
      },
      move: async (moves) => {
        for (const { to } of moves) if (!d.contacts.has(to)) throw new NotFoundError('contact', ws, to);
        let moved = 0;
        for (const { from, to, keys } of moves) {
          const only = keys === undefined ? undefined : new Set(keys.map(identityKeyString));
          for (const key of d.identities.keysOfContact(from)) {
            if (only && !only.has(identityKeyString(key))) continue;
            d.identities.put({ ...d.identities.get(key)!, contactId: to }, j);
            moved++;
          }
        }
        return moved;
      },
      deleteByKeys: async (keys) => {
        let deleted = 0;
        for (const key of keys) if (d.identities.delete(key, j)) deleted++;
        return deleted;
      },
    };

    const logRows = memoryTable(d.log, ws, j);
    const newestFirst = (a: LogEntry, b: LogEntry) =>
      b.at.getTime() - a.at.getTime() || (b.position ?? 0) - (a.position ?? 0);
    this.log = {
      append: async (entries) => {
        for (const e of entries) ACTIVITY_LOG.check(e, ws);
        const before = d.position.value;
        j.record(d.position, '', before);
        let position = before;
        const positioned = entries.map((e) => ({ ...e, position: ++position }));
        d.log.insertNew(positioned, j, (id) => new AlreadyExistsError('logEntry', ws, id));
        d.position.value = position;
      },
      timeline: async (contactId, options: PageOptions = {}): Promise<Page<Activity>> => {
        const limit = pageSize(options.limit);
        const sorted = d.log
          .ofContact(contactId)
          .filter((e) => e.activity !== undefined)
          .sort(newestFirst);
        // The cursor is the position of the last entry shown.
        const after = options.cursor === undefined ? undefined : Number(options.cursor);
        const anchor = after === undefined ? -1 : sorted.findIndex((e) => e.position === after);
        const page = sorted.slice(anchor + 1, anchor + 1 + limit);
        const items = page.map((e) => activityOf(e)!);
        const last = page.at(-1);
        return anchor + 1 + limit < sorted.length && last
          ? { items, nextCursor: String(last.position) }
          : { items };
      },
      entriesOf: async (contactId) =>
        d.log.ofContact(contactId).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)),
      events: async (query = {}) => {
        const after = query.after ?? 0;
        const out: DomainEvent[] = [];
        for (const e of d.log.values()) if (e.event && (e.position ?? 0) > after) out.push(domainEventOf(e)!);
        return out.sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).slice(0, pageSize(query.limit));
      },
      eventsByIds: async (ids) =>
        [...new Set(ids)]
          .flatMap((id) => {
            const e = d.log.get(id);
            return e?.event ? [e] : [];
          })
          .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
          .map((e) => domainEventOf(e)!),
      lastPosition: async () => d.position.value,
      keysByContacts: logRows.keysByContacts,
      move: logRows.move,
      deleteByContacts: logRows.deleteByContacts,
    };

    const involves = (m: MergeRecord, ids: ReadonlySet<string>) =>
      ids.has(m.primaryId) || m.absorbedIds.some((id) => ids.has(id));
    this.merges = {
      insert: async (record) => {
        MERGES.check(record, ws);
        if (d.merges.has(record.id)) throw new AlreadyExistsError('merge', ws, record.id);
        d.merges.put(record, j);
      },
      get: async (id) => d.merges.get(id) ?? null,
      listByContact: async (contactId) =>
        [...d.merges.values()]
          .filter((m) => involves(m, new Set([contactId])))
          .sort((a, b) => b.at.getTime() - a.at.getTime() || -byId(a, b)),
      markUndone: async (id, at) => {
        const m = d.merges.get(id);
        if (!m || m.undoneAt) return false;
        d.merges.put({ ...m, undoneAt: at }, j);
        return true;
      },
      deleteByContacts: async (ids) => {
        const set = new Set(ids);
        let deleted = 0;
        for (const m of [...d.merges.values()]) if (involves(m, set) && d.merges.delete(m.id, j)) deleted++;
        return deleted;
      },
    };

    const suggestionRows = memoryTable(d.suggestions, ws, j);
    this.suggestions = {
      upsertMany: async (suggestions) => {
        for (const x of suggestions) SUGGESTIONS.check(x, ws);
        for (const x of suggestions) {
          const stored = d.suggestions.get(x.id);
          if (stored && stored.status !== 'open') continue;
          d.suggestions.put(
            stored
              ? { ...stored, weight: x.weight, probability: x.probability, explanation: x.explanation }
              : x,
            j,
          );
        }
      },
      getMany: async (ids) => presentOf(d.suggestions, ids),
      list: async (status, options: PageOptions = {}) =>
        suggestionRows.find({ where: { status }, ...options }),
      decide: async (id, status, at, by) => {
        const x = d.suggestions.get(id);
        if (!x) return false;
        d.suggestions.put({ ...x, status, decidedAt: at, ...(by === undefined ? {} : { decidedBy: by }) }, j);
        return true;
      },
      deleteByContacts: async (ids) => {
        const set = new Set(ids);
        let deleted = 0;
        for (const x of [...d.suggestions.values()]) {
          if ((set.has(x.contactIds[0]) || set.has(x.contactIds[1])) && d.suggestions.delete(x.id, j))
            deleted++;
        }
        return deleted;
      },
    };
  }

  applyMerge: WorkspaceTransaction['applyMerge'] = (absorptions) => applyMergeWith(this, absorptions);
  applyErasure: WorkspaceTransaction['applyErasure'] = (request) => applyErasureWith(this, request);
}

const inTestRun = () =>
  typeof process !== 'undefined' && (process.env.NODE_ENV === 'test' || process.env.VITEST !== undefined);

/**
 * The reference storage adapter: everything in memory, transactions all-or-nothing through an undo
 * log, one transaction at a time. What it does is what every other adapter must do.
 *
 * It keeps the records it is given, not copies: records are immutable by contract (see
 * {@link MemoryStoreOptions.freeze}, which enforces it in test runs).
 *
 * @example
 * ```ts
 * import { MemoryStore } from 'contactkit/memory';
 * const store = new MemoryStore();
 * ```
 */
export class MemoryStore implements ContactStore {
  readonly capabilities: StoreCapabilities = { multiProcess: false, durable: false };
  private readonly workspaces = new Map<string, WorkspaceData>();
  private readonly freeze: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.freeze = options.freeze ?? inTestRun();
  }

  /** Store-wide leases for background workers (the webhook relay), taken between transactions. */
  readonly leases: WorkerLeases = new MemoryLeases(
    () => [...this.workspaces].map(([id, data]) => [id, data.position.value] as const),
    (fn) => {
      if (this.closed) return Promise.reject(new Error('MemoryStore is closed'));
      const run = this.queue.then(fn);
      this.queue = run.catch(() => undefined);
      return run;
    },
  );

  async transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('MemoryStore is closed');
    // One transaction at a time: the simplest isolation that is serializable by construction.
    const run = this.queue.then(() => this.run(workspaceId, fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Row counts per table for one workspace: lets tests check what is stored, not what was returned. */
  async inspect(workspaceId: string): Promise<Record<string, number>> {
    return (this.workspaces.get(workspaceId) ?? new WorkspaceData(false)).counts();
  }

  /** Every row of one workspace, per table: lets tests search what is stored for a value. */
  async dump(workspaceId: string): Promise<Record<string, unknown[]>> {
    return (this.workspaces.get(workspaceId) ?? new WorkspaceData(false)).rows();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async run<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    let data = this.workspaces.get(workspaceId);
    if (!data) {
      data = new WorkspaceData(this.freeze);
      this.workspaces.set(workspaceId, data);
    }
    const journal = new Journal();
    const tx = new MemoryTransaction(workspaceId, data, journal);
    try {
      return await fn(tx);
    } catch (error) {
      journal.rollback();
      throw error;
    }
  }
}
