export type { ActivityRepository } from './activity-repository.js';
export type { ConsentRepository } from './consent-repository.js';
export type { ContactMove, ContactOwnedRows, ContactRowKey } from './contact-owned-rows.js';
export type { ContactRepository } from './contact-repository.js';
export type { ConversationRepository } from './conversation-repository.js';
export type { FlowRunRepository } from './flow-run-repository.js';
export { assertAllFound, assertDate, assertId, assertInt, assertRecordScope } from './guards.js';
export type { IdentityRepository } from './identity-repository.js';
export type { MergeRecordRepository } from './merge-record-repository.js';
export type { NoteRepository } from './note-repository.js';
export type { OrderRepository } from './order-repository.js';
export type { OutboxRepository } from './outbox-repository.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageOptions, pageSize } from './page.js';
export type { ProcessedEventRepository } from './processed-event-repository.js';
export {
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
} from './record-checks.js';
export type { ContactStore, StoreCapabilities, WorkspaceTransaction } from './store.js';
export type { SuggestionRepository } from './suggestion-repository.js';
