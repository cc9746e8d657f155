import {
  AlreadyExistsError,
  ConcurrentUpdateError,
  IdentityTakenError,
  NotFoundError,
} from '../../src/errors/errors.js';
import type { Activity } from '../../src/model/activity.js';
import type { ConsentRecord } from '../../src/model/consent.js';
import type { Contact } from '../../src/model/contact.js';
import type { ConversationSummary } from '../../src/model/conversation.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { DuplicateSuggestion } from '../../src/model/duplicate-suggestion.js';
import type { FlowRun } from '../../src/model/flow-run.js';
import { type Identity, type IdentityKey, identityKeyString } from '../../src/model/identity.js';
import type { MergeRecord } from '../../src/model/merge-record.js';
import type { Note } from '../../src/model/note.js';
import type { OrderRecord } from '../../src/model/order.js';
import type { ProcessedEvent } from '../../src/model/processed-event.js';
import type { ActivityRepository } from '../../src/ports/activity-repository.js';
import type { ConsentRepository } from '../../src/ports/consent-repository.js';
import type { ContactMove } from '../../src/ports/contact-owned-rows.js';
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
import type { ContactStore, StoreCapabilities, WorkspaceTransaction } from '../../src/ports/store.js';
import type { SuggestionRepository } from '../../src/ports/suggestion-repository.js';
import { clonePlain } from './clone.js';
import { Journal } from './journal.js';
import { Table } from './table.js';

type OutboxRow = DomainEvent & { delivered: boolean; seq: number };

/** Everything one workspace holds. Workspaces share nothing, which is what isolates them. */
class WorkspaceData {
  readonly contacts = new Table<Contact>((c) => c.id);
  readonly identities = new Table<Identity>((i) => identityKeyString(i));
  readonly activities = new Table<Activity>((a) => a.id);
  readonly outbox = new Table<OutboxRow>((e) => e.id);
  readonly processedEvents = new Table<ProcessedEvent>((p) => p.eventId);
  readonly conversations = new Table<ConversationSummary>((c) => c.id);
  readonly orders = new Table<OrderRecord>((o) => o.orderId);
  readonly notes = new Table<Note>((n) => n.id);
  readonly flowRuns = new Table<FlowRun>((r) => r.id);
  readonly merges = new Table<MergeRecord>((m) => m.id);
  readonly suggestions = new Table<DuplicateSuggestion>((x) => x.id);
  readonly consents = new Table<ConsentRecord>((c) => c.id);
  outboxSeq = 0;

  /** Row counts per table: what the conformance suite's inspector reads. */
  counts(): Record<string, number> {
    return {
      contacts: this.contacts.size,
      identities: this.identities.size,
      activities: this.activities.size,
      outbox: this.outbox.size,
      processedEvents: this.processedEvents.size,
      conversations: this.conversations.size,
      orders: this.orders.size,
      notes: this.notes.size,
      flowRuns: this.flowRuns.size,
      merges: this.merges.size,
      suggestions: this.suggestions.size,
      consents: this.consents.size,
    };
  }
}

function byNewest<T extends { id: string }>(at: (row: T) => Date) {
  return (a: T, b: T) => at(b).getTime() - at(a).getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

class MemoryTransaction implements WorkspaceTransaction {
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
    d: WorkspaceData,
    j: Journal,
  ) {
    const ws = workspaceId;
    const owned = <T extends object>(table: Table<T>) => ({
      reassign: async (from: readonly string[], to: string, keys?: readonly string[]) =>
        table.moveOwner(from, to, j, keys),
      reassignMany: async (moves: readonly ContactMove[]) => table.moveOwners(moves, j),
      keysByContacts: async (ids: readonly string[]) =>
        [...new Set(ids)].flatMap((contactId) =>
          table.keysOfContact(contactId).map((key) => ({ contactId, key })),
        ),
      deleteByContacts: async (ids: readonly string[]) => table.deleteByContacts(ids, j),
    });
    // All rows are checked before any is written, so a bad row writes nothing.
    const insertNew = <T extends object, S extends object = T>(
      table: Table<S>,
      entity: string,
      rows: readonly T[],
      check: (row: T, ws: string) => void,
      copy: (row: T) => S = clonePlain as (row: T) => S,
    ) => {
      for (const row of rows) check(row, ws);
      const seen = new Set<string>();
      for (const row of rows) {
        const key = table.keyOf(row as unknown as S);
        if (table.has(key) || seen.has(key)) throw new AlreadyExistsError(entity, ws, key);
        seen.add(key);
      }
      for (const row of rows) table.adopt(copy(row), j);
    };

    this.contacts = {
      get: async (id) => d.contacts.get(id) ?? null,
      getMany: async (ids) => ids.flatMap((id) => d.contacts.get(id) ?? []),
      insertMany: async (contacts) => {
        for (const c of contacts) {
          if (c.version !== 1) checkContact({ ...c, version: Number.NaN }, ws);
        }
        insertNew(d.contacts, 'contact', contacts, checkContact);
      },
      updateMany: async (contacts) => {
        for (const c of contacts) {
          checkContact(c, ws);
          const stored = d.contacts.peek(c.id);
          if (!stored) throw new NotFoundError('contact', ws, c.id);
          if (stored.version !== c.version - 1)
            throw new ConcurrentUpdateError('contact', c.id, c.version - 1);
        }
        for (const c of contacts) d.contacts.put(c, j);
      },
      deleteMany: async (ids) => {
        let deleted = 0;
        for (const id of new Set(ids)) {
          if (!d.contacts.has(id)) continue;
          d.identities.deleteByContacts([id], j);
          d.contacts.delete(id, j);
          deleted++;
        }
        return deleted;
      },
      list: async (options: PageOptions = {}): Promise<Page<Contact>> => {
        const limit = pageSize(options.limit);
        const ids = [...d.contacts.values()]
          .map((c) => c.id)
          .filter((id) => options.cursor === undefined || id > options.cursor)
          .sort();
        const items = ids.slice(0, limit).map((id) => d.contacts.get(id)!);
        const last = items.at(-1);
        return ids.length > limit && last ? { items, nextCursor: last.id } : { items };
      },
      count: async () => d.contacts.size,
    };

    this.identities = {
      findByKeys: async (keys: readonly IdentityKey[]) =>
        keys.flatMap((k) => d.identities.get(identityKeyString(k)) ?? []),
      listByContacts: async (ids) => ids.flatMap((id) => d.identities.listByContact(id)),
      insertMany: async (identities) => {
        const seen = new Map<string, string>();
        for (const i of identities) {
          checkIdentity(i, ws);
          if (!d.contacts.has(i.contactId)) throw new NotFoundError('contact', ws, i.contactId);
          const key = identityKeyString(i);
          const holder = d.identities.peek(key)?.contactId ?? seen.get(key);
          if (holder !== undefined) throw new IdentityTakenError(ws, i.type, i.value, holder);
          seen.set(key, i.contactId);
        }
        for (const i of identities) d.identities.put(i, j);
      },
      reassignMany: async (moves) => {
        for (const { to } of moves) if (!d.contacts.has(to)) throw new NotFoundError('contact', ws, to);
        return d.identities.moveOwners(moves, j);
      },
      reassignKeys: async (keys, to) => {
        if (!d.contacts.has(to)) throw new NotFoundError('contact', ws, to);
        let moved = 0;
        for (const key of keys) {
          const row = d.identities.peek(identityKeyString(key));
          if (!row) continue;
          d.identities.put({ ...row, contactId: to }, j);
          moved++;
        }
        return moved;
      },
      deleteByKeys: async (keys) => {
        let deleted = 0;
        for (const key of keys) if (d.identities.delete(identityKeyString(key), j)) deleted++;
        return deleted;
      },
    };

    this.activities = {
      append: async (entries) => insertNew(d.activities, 'activity', entries, checkActivity),
      listByContact: async (contactId, options: PageOptions = {}) => {
        const limit = pageSize(options.limit);
        const sorted = d.activities.listByContact(contactId).sort(byNewest((a) => a.at));
        const start = options.cursor === undefined ? 0 : sorted.findIndex((a) => a.id === options.cursor) + 1;
        const items = sorted.slice(start, start + limit);
        const last = items.at(-1);
        return start + limit < sorted.length && last ? { items, nextCursor: last.id } : { items };
      },
      ...owned(d.activities),
    };

    this.outbox = {
      append: async (events) =>
        insertNew(d.outbox, 'event', events, checkDomainEvent, (e) => ({
          ...clonePlain(e),
          delivered: false,
          seq: ++d.outboxSeq,
        })),
      listPending: async (limit) =>
        [...d.outbox.values()]
          .filter((e) => !e.delivered)
          .sort((a, b) => a.seq - b.seq)
          .slice(0, pageSize(limit))
          .map(({ delivered: _d, seq: _s, ...e }) => structuredClone(e)),
      markDelivered: async (ids) => {
        let marked = 0;
        for (const id of ids) {
          const row = d.outbox.peek(id);
          if (!row || row.delivered) continue;
          d.outbox.put({ ...row, delivered: true }, j);
          marked++;
        }
        return marked;
      },
      listByContact: async (contactId) =>
        d.outbox
          .listByContact(contactId)
          .sort((a, b) => a.seq - b.seq)
          .map(({ delivered: _d, seq: _s, ...e }) => e),
      deleteByContacts: async (ids) => d.outbox.deleteByContacts(ids, j),
    };

    this.processedEvents = {
      findMany: async (ids) => ids.flatMap((id) => d.processedEvents.get(id) ?? []),
      insertMany: async (records) =>
        insertNew(d.processedEvents, 'processedEvent', records, checkProcessedEvent),
      ...owned(d.processedEvents),
    };

    this.conversations = {
      getMany: async (ids) => ids.flatMap((id) => d.conversations.get(id) ?? []),
      upsertMany: async (conversations) => {
        for (const c of conversations) checkConversation(c, ws);
        for (const c of conversations) d.conversations.put(c, j);
      },
      listByContact: async (contactId) =>
        d.conversations.listByContact(contactId).sort(byNewest((c) => c.lastMessageAt ?? c.startedAt)),
      unlink: async (ids) => d.conversations.moveOwner(ids, undefined, j),
      ...owned(d.conversations),
    };

    this.orders = {
      findMany: async (ids) => ids.flatMap((id) => d.orders.get(id) ?? []),
      insertMany: async (orders) => insertNew(d.orders, 'order', orders, checkOrder),
      listByContact: async (contactId) =>
        d.orders.listByContact(contactId).sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime()),
      ...owned(d.orders),
    };

    this.notes = {
      insertMany: async (notes) => insertNew(d.notes, 'note', notes, checkNote),
      listByContact: async (contactId) => d.notes.listByContact(contactId).sort(byNewest((n) => n.at)),
      ...owned(d.notes),
    };

    this.flowRuns = {
      upsertMany: async (runs) => {
        for (const r of runs) checkFlowRun(r, ws);
        for (const r of runs) d.flowRuns.put(r, j);
      },
      listByContact: async (contactId) =>
        d.flowRuns.listByContact(contactId).sort(byNewest((r) => r.startedAt)),
      unlink: async (ids) => d.flowRuns.moveOwner(ids, undefined, j),
      ...owned(d.flowRuns),
    };

    const involves = (m: MergeRecord, ids: ReadonlySet<string>) =>
      ids.has(m.primaryId) || m.absorbedIds.some((id) => ids.has(id));
    this.merges = {
      insert: async (record) => insertNew(d.merges, 'merge', [record], checkMergeRecord),
      get: async (id) => d.merges.get(id) ?? null,
      listByContact: async (contactId) =>
        [...d.merges.values()]
          .filter((m) => involves(m, new Set([contactId])))
          .sort(byNewest((m) => m.at))
          .map((m) => d.merges.get(m.id)!),
      markUndone: async (id, at) => {
        const m = d.merges.peek(id);
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

    this.suggestions = {
      upsertMany: async (suggestions) => {
        for (const x of suggestions) checkSuggestion(x, ws);
        for (const x of suggestions) {
          const stored = d.suggestions.peek(x.id);
          if (stored && stored.status !== 'open') continue;
          d.suggestions.put(
            stored
              ? { ...stored, weight: x.weight, probability: x.probability, explanation: x.explanation }
              : x,
            j,
          );
        }
      },
      getMany: async (ids) => ids.flatMap((id) => d.suggestions.get(id) ?? []),
      list: async (status, options: PageOptions = {}) => {
        const limit = pageSize(options.limit);
        const sorted = [...d.suggestions.values()]
          .filter((x) => x.status === status)
          .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const start = options.cursor === undefined ? 0 : sorted.findIndex((x) => x.id === options.cursor) + 1;
        const items = sorted.slice(start, start + limit).map((x) => d.suggestions.get(x.id)!);
        const last = items.at(-1);
        return start + limit < sorted.length && last ? { items, nextCursor: last.id } : { items };
      },
      decide: async (id, status, at, by) => {
        const x = d.suggestions.peek(id);
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

    this.consents = {
      append: async (records) => insertNew(d.consents, 'consent', records, checkConsent),
      listByContact: async (contactId) =>
        d.consents
          .listByContact(contactId)
          .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1)),
      ...owned(d.consents),
    };
  }
}

/**
 * The reference storage adapter: everything in memory, transactions all-or-nothing through an undo
 * log, one transaction at a time. What it does is what every other adapter must do.
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
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  async transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('MemoryStore is closed');
    // One transaction at a time: the simplest isolation that is serializable by construction.
    const run = this.queue.then(() => this.run(workspaceId, fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Row counts per table for one workspace: lets tests check what is stored, not what was returned. */
  inspect(workspaceId: string): Record<string, number> {
    return this.workspaces.get(workspaceId)?.counts() ?? new WorkspaceData().counts();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async run<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    let data = this.workspaces.get(workspaceId);
    if (!data) {
      data = new WorkspaceData();
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
