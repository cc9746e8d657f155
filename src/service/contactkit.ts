import { ChangeService } from './change-service.js';
import { ClassificationService } from './classification-service.js';
import { ContactService, type ContactServiceOptions } from './contact-service.js';
import { CustomFieldService } from './custom-field-service.js';
import { DuplicateService } from './duplicate-service.js';
import { ExportService } from './export-service.js';
import { FollowUpService } from './follow-up-service.js';
import { ImportService } from './import-service.js';
import { ListService } from './list-service.js';
import { MergeService } from './merge-service.js';
import { PrivacyService } from './privacy-service.js';
import { ReviewService } from './review-service.js';
import { ServiceContext } from './runtime/context.js';
import { WebhookService, type WebhookSettingsInput } from './webhook-service.js';

/** What {@link createContactkit} takes: the service options, and how webhooks are managed. */
export interface ContactkitOptions extends ContactServiceOptions {
  /** Webhook endpoint rules for every workspace (private addresses, endpoint limit, rotation overlap). */
  readonly webhooks?: WebhookSettingsInput;
}

/** Every contactkit service, sharing one store, configuration, clock and id source. */
export interface Contactkit {
  readonly context: ServiceContext;
  /** Chat-event intake, identification, profile edits, notes, flow runs, reading contacts. */
  readonly contacts: ContactService;
  /** Merge with provenance, and unmerge. */
  readonly merges: MergeService;
  /** Duplicate scans and the suggestions people accept or reject. */
  readonly duplicates: DuplicateService;
  /** The workspace's custom field definitions. */
  readonly fields: CustomFieldService;
  /** The classification sweep, rule re-application, manual scores and stages, score ledgers. */
  readonly classification: ClassificationService;
  /** The follow-up sweep, queue and transitions; reminders people set. */
  readonly followUps: FollowUpService;
  /** The human-review queue and what people do with each item. */
  readonly review: ReviewService;
  /** Subject export, erasure, deletion, retention, consent. */
  readonly privacy: PrivacyService;
  /** CSV import. */
  readonly imports: ImportService;
  /** CSV, JSON, NDJSON and XLSX export. */
  readonly exports: ExportService;
  /** Webhook endpoints, their secrets and delivery logs; `createRelay(kit)` delivers. */
  readonly webhooks: WebhookService;
  /** Incremental sync: contacts created, updated, merged away, deleted and erased since a cursor. */
  readonly changes: ChangeService;
  /** Contacts lists (filtered, searched, sorted pages with totals), segment counts, analytics, saved segments. */
  readonly lists: ListService;
}

/**
 * Builds every service over one store, so they agree on each workspace's configuration, the clock and
 * the id source. The services can also be built one at a time from the same options.
 *
 * @example
 * ```ts
 * import { createContactkit } from 'contactkit';
 * import { MemoryStore } from 'contactkit/memory';
 *
 * const kit = createContactkit({ store: new MemoryStore(), config: { defaultCountry: 'US' } });
 * await kit.contacts.ingest({ workspaceId: 'acme', eventId: 'e1', occurredAt: new Date(), channel: 'web',
 *   identities: { email: 'ana@example.com' } });
 * const { suggestions } = await kit.duplicates.scan('acme');
 * ```
 */
export function createContactkit(options: ContactkitOptions): Contactkit {
  const context = new ServiceContext(options);
  const merges = new MergeService(context);
  return {
    context,
    contacts: new ContactService(context, options.batchSize),
    merges,
    duplicates: new DuplicateService(context, merges),
    fields: new CustomFieldService(context),
    classification: new ClassificationService(context),
    followUps: new FollowUpService(context),
    review: new ReviewService(context),
    privacy: new PrivacyService(context),
    imports: new ImportService(context),
    exports: new ExportService(context),
    webhooks: new WebhookService(context, options.webhooks),
    changes: new ChangeService(context),
    lists: new ListService(context),
  };
}
