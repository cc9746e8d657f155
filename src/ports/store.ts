import type { ConsentRecord } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { CustomFieldDefinition } from '../model/custom-field.js';
import type { FlowRun } from '../model/flow-run.js';
import type { FollowUpItem, ScheduledReminder } from '../model/follow-up.js';
import type { AbsorbedRows } from '../model/merge-record.js';
import type { Note } from '../model/note.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { ReviewItem } from '../model/review-item.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { WebhookDelivery, WebhookEndpoint } from '../model/webhook.js';
import type { SavedSegment } from '../segments/saved.js';
import type { ActivityLog } from './activity-log.js';
import type { ContactRepository } from './contact-repository.js';
import type { IdentityRepository } from './identity-repository.js';
import type { MergeRecordRepository } from './merge-record-repository.js';
import type { OwnedTableName } from './schema/tables.js';
import type { SuggestionRepository } from './suggestion-repository.js';
import type { OwnedTable, Table } from './table.js';
import type { WorkerLeases } from './worker-leases.js';

/**
 * What an adapter can do, declared so the conformance suite and the service adapt. Each flag's default,
 * when an adapter leaves it out, is given in its TSDoc.
 */
export interface StoreCapabilities {
  /** Several processes may write the same store at once (SQLite file, Postgres). Default `false`. */
  readonly multiProcess?: boolean;
  /** The data outlives the process. Default `false`. */
  readonly durable?: boolean;
}

/** One stored contact folded into another by a merge. */
export interface ContactAbsorption {
  /** The contact merged away, as the caller read it: it is deleted only if still at this version. */
  readonly contact: Contact;
  /** The contact that takes its rows. */
  readonly into: string;
}

/** What an erasure removes and what it keeps. */
export interface ErasureRequest {
  readonly contactIds: readonly string[];
  /**
   * Tables whose rows are kept without the link to the person (the workspace's own history), with the
   * fields that could hold personal data cleared. Every other row of the contacts goes.
   */
  readonly unlink: readonly OwnedTableName[];
}

/** How many rows an erasure removed, and unlinked, per table. */
export interface ErasureCounts {
  readonly removed: Readonly<Record<string, number>>;
  readonly unlinked: Readonly<Record<string, number>>;
}

/** The tables of rows a contact owns, by name (see `OWNED_TABLES`). */
export type OwnedTables = {
  readonly processedEvents: OwnedTable<ProcessedEvent>;
  readonly conversations: OwnedTable<ConversationSummary>;
  readonly orders: OwnedTable<OrderRecord>;
  readonly notes: OwnedTable<Note>;
  readonly flowRuns: OwnedTable<FlowRun>;
  readonly consents: OwnedTable<ConsentRecord>;
  readonly scoreLedger: OwnedTable<LedgerEntry>;
  readonly followUps: OwnedTable<FollowUpItem>;
  readonly reviewItems: OwnedTable<ReviewItem>;
  readonly reminders: OwnedTable<ScheduledReminder>;
};

/** The tables of records a workspace keeps that belong to no contact (see `KEYED_TABLES`). */
export type KeyedTables = {
  readonly customFieldDefinitions: Table<CustomFieldDefinition>;
  readonly webhookEndpoints: Table<WebhookEndpoint>;
  readonly webhookDeliveries: Table<WebhookDelivery>;
  readonly savedSegments: Table<SavedSegment>;
};

/**
 * The repositories of one workspace inside one transaction. Everything done through it commits together
 * or not at all, and nothing of another workspace is visible through it.
 */
export interface WorkspaceTransaction extends OwnedTables, KeyedTables {
  /** The workspace every repository here is scoped to. */
  readonly workspaceId: string;
  readonly contacts: ContactRepository;
  readonly identities: IdentityRepository;
  /** Timeline entries and published events. */
  readonly log: ActivityLog;
  readonly merges: MergeRecordRepository;
  readonly suggestions: SuggestionRepository;
  /**
   * Folds stored contacts into others (a merge): every identity, log entry and owned row of each
   * absorbed contact moves to its `into`, and the absorbed contact is deleted. Returns, per absorbed
   * contact in order, the keys of what moved, for the merge record that lets it be undone.
   *
   * @throws ConcurrentUpdateError when an absorbed contact is no longer at the version read, and
   * NotFoundError when it or an `into` is gone; nothing of the call is then written.
   */
  applyMerge(absorptions: readonly ContactAbsorption[]): Promise<AbsorbedRows[]>;
  /**
   * Erases contacts: holds them, removes their identities, log entries, merge records, suggestions and
   * owned rows (unlinking and scrubbing those the request keeps), then the contacts.
   */
  applyErasure(request: ErasureRequest): Promise<ErasureCounts>;
}

/**
 * A storage adapter: the one thing an adapter author implements. contactkit ships it for memory,
 * SQLite, Postgres and MariaDB; `contactkit/testing` checks any other.
 *
 * @example
 * ```ts
 * const contact = await store.transaction('ws_1', (tx) => tx.contacts.get('c_1'));
 * ```
 */
export interface ContactStore {
  readonly capabilities: StoreCapabilities;
  /**
   * Runs `fn` in one all-or-nothing transaction scoped to `workspaceId`. If `fn` throws, every write it
   * made is undone and the error is rethrown. Transactions must not be nested.
   */
  transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T>;
  /**
   * Row counts per table for one workspace, read straight from storage: lets tests check what is
   * stored, not only what the repositories return.
   */
  inspect(workspaceId: string): Promise<Record<string, number>>;
  /**
   * Store-wide leases for background workers that follow every workspace's log (the webhook relay).
   * Optional: a store without it serves everything but the relay. Every store contactkit ships has it.
   */
  readonly leases?: WorkerLeases;
  /** Releases what the store holds (not the driver the host passed in). */
  close(): Promise<void>;
}
