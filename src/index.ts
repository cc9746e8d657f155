/**
 * contactkit: the contacts core of AI chat and customer-messaging products.
 *
 * The root holds what a chat backend uses: {@link createContactkit} and its services, the event and
 * contact types, the errors, and normalization. Engine-level pieces live under named subpaths:
 * `contactkit/identity`, `contactkit/dedupe`, `contactkit/scoring`, `contactkit/segments`,
 * `contactkit/followups`, `contactkit/csv`, `contactkit/privacy`, `contactkit/webhooks`,
 * `contactkit/model`, `contactkit/service`, `contactkit/ports`; storage adapters under
 * `contactkit/memory`, `contactkit/sqlite`, `contactkit/postgres`, `contactkit/mariadb`.
 *
 * @packageDocumentation
 * @module contactkit
 */

// Errors: every one a ContactkitError with a `code`.
export * from './errors/index.js';
// What goes in and what comes out.
export type { IngestOutcome, IngestResult } from './intake/outcome.js';
export type { Actor } from './model/activity.js';
export { type ChatEvent, type ChatEventInput, ChatEventSchema } from './model/chat-event.js';
export type { Classification, ContactStatus } from './model/classification.js';
export { type Contact, ContactSchema } from './model/contact.js';
export type { ConversationSummary } from './model/conversation.js';
export type { DomainEvent } from './model/domain-event.js';
export type { Identity, IdentityType } from './model/identity.js';
export type { LogEntry } from './model/log-entry.js';
export {
  type WorkspaceConfig,
  type WorkspaceConfigInput,
  WorkspaceConfigSchema,
} from './model/workspace-config.js';
// Normalization, as identities are keyed.
export * from './normalize/index.js';
export type { Page } from './ports/page.js';
export type { ContactStore } from './ports/store.js';
export type { ChangeService } from './service/change-service.js';
export type { ClassificationService } from './service/classification-service.js';
export type { ContactService, ContactView } from './service/contact-service.js';
// The kit and its services.
export { type Contactkit, type ContactkitOptions, createContactkit } from './service/contactkit.js';
export type { CustomFieldService } from './service/custom-field-service.js';
export type { DuplicateService } from './service/duplicate-service.js';
export type { ExportService } from './service/export-service.js';
export type { FollowUpService } from './service/follow-up-service.js';
export type { ImportService } from './service/import-service.js';
export type { MergeService } from './service/merge-service.js';
export type { PrivacyService } from './service/privacy-service.js';
export type { ReviewService } from './service/review-service.js';
export { createRelay, type Relay, type RelayOptions } from './service/webhook-relay.js';
export type { WebhookService } from './service/webhook-service.js';

// Receiving webhooks.
export { type VerifyWebhookOptions, verifyWebhook } from './webhooks/verify.js';
