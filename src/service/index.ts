export type { ChangedField, IngestOutcome, IngestResult } from '../intake/outcome.js';
export {
  ChangeService,
  type ChangesPage,
  ChangesPageSchema,
  type ChangesQuery,
  ChangesQuerySchema,
  type ContactChangeWithContact,
  ContactChangeWithContactSchema,
  createChangeService,
} from './change-service.js';
export {
  ClassificationService,
  createClassificationService,
  type ScoreAdjustment,
  ScoreAdjustmentSchema,
  type SweepOptions,
  SweepOptionsSchema,
  type SweepResult,
} from './classification-service.js';
export {
  type ContactCreateInput,
  ContactCreateSchema,
  type EditOptions,
  EditOptionsSchema,
  type IdentityInput,
  IdentityInputSchema,
  type IdentityLookup,
} from './contact-edits.js';
export {
  ContactService,
  type ContactServiceOptions,
  type ContactView,
  createContactService,
  type FlowRunInput,
  FlowRunInputSchema,
  type IdentifyInput,
  IdentifyInputSchema,
  type NoteInput,
  NoteInputSchema,
} from './contact-service.js';
export { type Contactkit, type ContactkitOptions, createContactkit } from './contactkit.js';
export {
  type CustomFieldInput,
  CustomFieldInputSchema,
  CustomFieldService,
  type CustomFieldUpdate,
  CustomFieldUpdateSchema,
  createCustomFieldService,
} from './custom-field-service.js';
export {
  type AcceptOptions,
  AcceptOptionsSchema,
  createDuplicateService,
  DuplicateService,
  type ListSuggestionsOptions,
  ListSuggestionsOptionsSchema,
  type ScanOptions,
  ScanOptionsSchema,
  type ScanResult,
} from './duplicate-service.js';
export {
  createExportService,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  ExportOptionsSchema,
  ExportService,
  type ExportStream,
} from './export-service.js';
export {
  type FollowUpActing,
  type FollowUpQueueQuery,
  FollowUpQueueSchema,
  type FollowUpSent,
  FollowUpService,
  type FollowUpSweepOptions,
  FollowUpSweepOptionsSchema,
  type FollowUpSweepReport,
  type ReminderInput,
  ReminderInputSchema,
} from './follow-up-service.js';
export {
  createImportService,
  type ImportOptions,
  ImportOptionsSchema,
  type ImportProgress,
  type ImportReport,
  type ImportRowError,
  type ImportRowWarning,
  ImportService,
  type ImportSource,
} from './import-service.js';
export {
  type DaySentimentFigure,
  type FirstResponseFigure,
  type ListAnalytics,
  type ListAnalyticsInput,
  ListAnalyticsSchema,
  type ListPage,
  type ListPageInput,
  ListPageSchema,
  type ListSelection,
  ListSelectionSchema,
  ListService,
  type SegmentInput,
  SegmentInputSchema,
  type SegmentSummary,
  type SegmentUpdate,
  SegmentUpdateSchema,
} from './list-service.js';
export {
  type ActorOptions,
  ActorOptionsSchema,
  createMergeService,
  type MergeOptions,
  MergeOptionsSchema,
  type MergeResult,
  MergeService,
  type UnmergeResult,
} from './merge-service.js';
export {
  type BulkDeleteOptions,
  type BulkDeleteResult,
  type BulkDeleteSelection,
  BulkDeleteSelectionSchema,
  createPrivacyService,
  type DeleteOptions,
  type DeletionResult,
  type ErasureResult,
  PrivacyService,
  type RetentionResult,
} from './privacy-service.js';
export {
  type ReviewActing,
  type ReviewQueueQuery,
  ReviewQueueSchema,
  ReviewService,
} from './review-service.js';
export { ServiceContext, type ServiceOptions } from './runtime/context.js';
export { isRetryable } from './runtime/retry.js';
export {
  createRelay,
  type Relay,
  type RelayOptions,
  type RelayReport,
  type RelaySettings,
  RelaySettingsSchema,
} from './webhook-relay.js';
export {
  createWebhookService,
  type DeliveryListQuery,
  DeliveryListSchema,
  type EndpointListQuery,
  EndpointListSchema,
  type EndpointWithSecret,
  type ReplayFailedInput,
  ReplayFailedSchema,
  type RotateSecretInput,
  RotateSecretSchema,
  WEBHOOK_WORKER,
  type WebhookEndpointInput,
  WebhookEndpointInputSchema,
  type WebhookEndpointUpdate,
  WebhookEndpointUpdateSchema,
  WebhookService,
  type WebhookSettings,
  type WebhookSettingsInput,
  WebhookSettingsSchema,
} from './webhook-service.js';
export {
  type HttpTransportOptions,
  httpTransport,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookTransport,
} from './webhook-transport.js';
