import type { ActivityRepository } from './activity-repository.js';
import type { ConsentRepository } from './consent-repository.js';
import type { ContactRepository } from './contact-repository.js';
import type { ConversationRepository } from './conversation-repository.js';
import type { FlowRunRepository } from './flow-run-repository.js';
import type { IdentityRepository } from './identity-repository.js';
import type { MergeRecordRepository } from './merge-record-repository.js';
import type { NoteRepository } from './note-repository.js';
import type { OrderRepository } from './order-repository.js';
import type { OutboxRepository } from './outbox-repository.js';
import type { ProcessedEventRepository } from './processed-event-repository.js';
import type { SuggestionRepository } from './suggestion-repository.js';

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

/**
 * The repositories of one workspace inside one transaction. Everything done through it commits together
 * or not at all, and nothing of another workspace is visible through it.
 */
export interface WorkspaceTransaction {
  /** The workspace every repository here is scoped to. */
  readonly workspaceId: string;
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
}

/**
 * A storage adapter: the one thing an adapter author implements. contactkit ships it for memory,
 * SQLite and Postgres; `contactkit/testing` checks any other.
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
  /** Releases what the store holds (not the driver the host passed in). */
  close(): Promise<void>;
}
