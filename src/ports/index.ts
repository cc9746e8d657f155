export type { ActivityLog, EventsQuery } from './activity-log.js';
export { applyErasureWith, applyMergeWith } from './apply-plans.js';
export {
  ANALYTICS_GROUPS,
  type AnalyticsGroup,
  CONTACT_SORT_FIELDS,
  type ContactAnalyticsQuery,
  type ContactField,
  type ContactFigures,
  type ContactQuery,
  type ContactQueryPage,
  type ContactSort,
  type ContactSortField,
  type CurrencyRevenue,
  type DaySentiment,
  ESTIMATE_CAP,
  type ListedContact,
  type ListPosition,
  type ListTotal,
  listTotal,
  type TotalMode,
} from './contact-query.js';
export type { ContactRepository } from './contact-repository.js';
export { assertAllFound } from './guards.js';
export type { IdentityMove, IdentityRepository } from './identity-repository.js';
export type { MergeRecordRepository } from './merge-record-repository.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageOptions, pageSize } from './page.js';
export {
  checkConsent,
  checkContact,
  checkConversation,
  checkCustomFieldDefinition,
  checkFlowRun,
  checkIdentity,
  checkLedgerEntry,
  checkLogEntry,
  checkMergeRecord,
  checkNote,
  checkOrder,
  checkProcessedEvent,
  checkSavedSegment,
  checkSuggestion,
  checkWebhookDelivery,
  checkWebhookEndpoint,
} from './record-checks.js';
export {
  type ColumnKind,
  type ColumnSpec,
  cellOf,
  col,
  columnOf,
  coveredFields,
  derived,
  type OrderSpec,
  type OrderStep,
  type OwnerSpec,
  readField,
  type TableSpec,
} from './schema/table-spec.js';
export {
  ACTIVITY_LOG,
  CONSENTS,
  CONTACTS,
  CONVERSATIONS,
  CUSTOM_FIELD_DEFINITIONS,
  FLOW_RUNS,
  IDENTITIES,
  KEYED_TABLE_NAMES,
  KEYED_TABLES,
  type KeyedTableName,
  MERGES,
  NOTES,
  ORDERS,
  OWNED_TABLE_NAMES,
  OWNED_TABLES,
  type OwnedTableName,
  PROCESSED_EVENTS,
  SAVED_SEGMENTS,
  SCORE_LEDGER,
  SUGGESTIONS,
  TABLES,
  type TableName,
  WEBHOOK_DELIVERIES,
  WEBHOOK_ENDPOINTS,
} from './schema/tables.js';
export type {
  ContactAbsorption,
  ContactStore,
  ErasureCounts,
  ErasureRequest,
  KeyedTables,
  OwnedTables,
  StoreCapabilities,
  WorkspaceTransaction,
} from './store.js';
export type { SuggestionRepository } from './suggestion-repository.js';
export type {
  ContactRowKey,
  FieldValue,
  OwnedTable,
  ReadOptions,
  RowMove,
  Table,
  TableQuery,
} from './table.js';
export type { LeaseProgress, LeaseRequest, WorkerLeases, WorkspaceLease } from './worker-leases.js';
