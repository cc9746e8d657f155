import type { Classification } from '../../model/classification.js';
import type { ConsentRecord } from '../../model/consent.js';
import type { Contact } from '../../model/contact.js';
import type { ConversationSummary } from '../../model/conversation.js';
import type { CustomFieldDefinition } from '../../model/custom-field.js';
import type { DuplicateSuggestion } from '../../model/duplicate-suggestion.js';
import type { FlowRun } from '../../model/flow-run.js';
import type { FollowUpItem, ScheduledReminder } from '../../model/follow-up.js';
import type { Identity } from '../../model/identity.js';
import type { LogEntry } from '../../model/log-entry.js';
import type { MergeRecord } from '../../model/merge-record.js';
import type { Note } from '../../model/note.js';
import type { OrderRecord } from '../../model/order.js';
import type { ProcessedEvent } from '../../model/processed-event.js';
import type { ReviewItem } from '../../model/review-item.js';
import type { LedgerEntry } from '../../model/score-ledger.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../model/webhook.js';
import {
  channelKeysOf,
  consentKeysOf,
  customKeysOf,
  hasProfileValue,
  locationKeyOf,
  ordersViaAssistantOf,
  searchDigitsOf,
  searchTextOf,
  sortNameOf,
  tagKeysOf,
} from '../../segments/keys.js';
import type { SavedSegment } from '../../segments/saved.js';
import {
  checkConsent,
  checkContact,
  checkConversation,
  checkCustomFieldDefinition,
  checkFlowRun,
  checkFollowUp,
  checkIdentity,
  checkLedgerEntry,
  checkLogEntry,
  checkMergeRecord,
  checkNote,
  checkOrder,
  checkProcessedEvent,
  checkReminder,
  checkReviewItem,
  checkSavedSegment,
  checkSuggestion,
  checkWebhookDelivery,
  checkWebhookEndpoint,
} from '../record-checks.js';
import { type ColumnKind, col, derived, type TableSpec } from './table-spec.js';

/*
 * Every stored table, described once. `workspace_id` leads every key and index (DESIGN.md, Tenancy);
 * every table also has an `extra` JSON column holding any top-level record field its columns do not
 * cover, so a field added to a model later still round-trips exactly instead of vanishing.
 */

const byKey = (key: string, direction: 'asc' | 'desc' = 'asc') => [{ field: key, direction }] as const;

/** A contacts column computed from the stored classification, NULL before the first one. */
function classified(name: keyof Classification, kind: ColumnKind, of: (c: Classification) => unknown) {
  const column = name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
  return derived(column, `classification.${name}`, kind, (c: Contact) =>
    c.classification ? of(c.classification) : null,
  );
}

export const CONTACTS: TableSpec<Contact> = {
  table: 'contacts',
  entity: 'contact',
  key: 'id',
  columns: [
    col('id', 'id', 'text'),
    col('version', 'version', 'int'),
    col('kind', 'kind', 'text'),
    col('source', 'source', 'text'),
    col('profile', 'profile', 'json'),
    col('field_origins', 'fieldOrigins', 'json'),
    col('tags', 'tags', 'json'),
    col('custom_fields', 'customFields', 'json'),
    col('channels', 'channels', 'json'),
    col('preferences', 'preferences', 'json'),
    col('consent', 'consent', 'json'),
    // The counters every event moves are columns of their own: a message writes these few cells, not
    // the profile, and lists filter and sort on them.
    col('conversations', 'stats.conversations', 'int'),
    col('messages', 'stats.messages', 'int'),
    col('first_seen_at', 'stats.firstSeenAt', 'date'),
    col('last_seen_at', 'stats.lastSeenAt', 'date', { required: true }),
    col('last_inbound_at', 'stats.lastInboundAt', 'date'),
    col('orders', 'stats.orders', 'int'),
    col('amount_spent', 'stats.amountSpent', 'real', { required: true }),
    col('first_order_at', 'stats.firstOrderAt', 'date'),
    col('last_order_at', 'stats.lastOrderAt', 'date'),
    col('spend', 'stats.spend', 'json'),
    col('bookings', 'stats.bookings', 'int'),
    col('last_booking_at', 'stats.lastBookingAt', 'date'),
    col('classification', 'classification', 'json'),
    col('score_state', 'scoreState', 'json'),
    col('sentiment_state', 'sentimentState', 'json'),
    col('manual_stage', 'manualStage', 'text'),
    // What lists filter and sort by, taken out of the stored classification into plain columns, so a
    // segment is one indexed comparison on every adapter rather than a JSON path.
    classified('status', 'text', (c) => c.status),
    classified('stage', 'text', (c) => c.stage),
    classified('score', 'real', (c) => c.score),
    classified('grade', 'text', (c) => c.grade),
    classified('temperature', 'text', (c) => c.temperature),
    derived(
      'sentiment',
      'classification.sentiment',
      'text',
      (c: Contact) => c.classification?.sentiment?.level ?? null,
    ),
    derived(
      'sentiment_value',
      'classification.sentimentValue',
      'real',
      (c: Contact) => c.classification?.sentiment?.value ?? null,
    ),
    derived('vip', 'classification.vip', 'bool', (c: Contact) => c.classification?.vip ?? null),
    derived('at_risk', 'classification.atRisk', 'bool', (c: Contact) => c.classification?.atRisk ?? null),
    classified('completeness', 'real', (c) => c.completeness),
    derived(
      'predicted_spend',
      'classification.predictedSpend',
      'real',
      (c: Contact) => c.classification?.predictedSpend.total?.amount ?? null,
    ),
    col('created_at', 'createdAt', 'date', { required: true }),
    col('updated_at', 'updatedAt', 'date'),
    col('archived_at', 'archivedAt', 'date'),
    col('deleted_at', 'deletedAt', 'date'),
    // What contacts lists filter, search and sort by, computed by the same functions the memory
    // evaluator uses (src/segments/keys.ts), so that a compiled segment is plain comparisons.
    derived('sort_name', 'lists.sortName', 'text', sortNameOf),
    derived('search_text', 'lists.searchText', 'text', searchTextOf),
    derived('search_digits', 'lists.searchDigits', 'text', searchDigitsOf),
    derived('tag_keys', 'lists.tagKeys', 'json', tagKeysOf),
    derived('channel_keys', 'lists.channelKeys', 'json', channelKeysOf),
    derived('location_key', 'lists.locationKey', 'text', locationKeyOf),
    derived('custom_index', 'lists.customIndex', 'json', customKeysOf),
    derived('orders_via_assistant', 'lists.ordersViaAssistant', 'int', ordersViaAssistantOf),
    derived('has_email', 'lists.hasEmail', 'bool', (c: Contact) => hasProfileValue(c, 'email')),
    derived('has_phone', 'lists.hasPhone', 'bool', (c: Contact) => hasProfileValue(c, 'phone')),
    derived('consent_keys', 'lists.consentKeys', 'json', consentKeysOf),
  ],
  filters: [],
  orders: { default: byKey('id') },
  check: checkContact,
};

export const IDENTITIES: TableSpec<Identity> = {
  table: 'identities',
  entity: 'identity',
  // The key is (type, value); see IdentityRepository. `value` is listed first as the column the key
  // names, `type` beside it.
  key: 'value',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('normalized_value', 'value', 'text'),
    col('type', 'type', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('raw_value', 'raw', 'text'),
    col('extension', 'extension', 'text'),
    col('verified', 'verified', 'bool'),
    col('source_channel', 'sourceChannel', 'text'),
    col('first_seen_at', 'firstSeenAt', 'date'),
  ],
  filters: [],
  orders: { default: [...byKey('type'), ...byKey('value')] },
  check: checkIdentity,
};

export const ACTIVITY_LOG: TableSpec<LogEntry> = {
  table: 'activity_log',
  entity: 'logEntry',
  key: 'id',
  owner: { field: 'contactId', nullable: true },
  columns: [
    col('id', 'id', 'text'),
    col('position', 'position', 'int'),
    col('contact_id', 'contactId', 'text'),
    col('at', 'at', 'date'),
    col('recorded_at', 'recordedAt', 'date'),
    col('activity_type', 'activity.type', 'text'),
    col('actor', 'activity.actor', 'json'),
    col('event_id', 'activity.eventId', 'text'),
    col('data', 'activity.data', 'json'),
    col('event_type', 'event.type', 'text'),
    col('payload', 'event.payload', 'json'),
  ],
  filters: [],
  orders: { default: byKey('position') },
  check: checkLogEntry,
};

export const PROCESSED_EVENTS: TableSpec<ProcessedEvent> = {
  table: 'processed_events',
  entity: 'processedEvent',
  key: 'eventId',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('event_id', 'eventId', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('outcome', 'outcome', 'text'),
    col('processed_at', 'processedAt', 'date'),
  ],
  filters: ['contactId'],
  orders: { default: byKey('eventId') },
  check: checkProcessedEvent,
};

export const CONVERSATIONS: TableSpec<ConversationSummary> = {
  table: 'conversations',
  entity: 'conversation',
  key: 'id',
  // The preview and the facts hold the start of the person's own messages: their email, name or
  // phone, often.
  owner: { field: 'contactId', nullable: true, scrub: ['lastMessagePreview', 'facts'] },
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('channel', 'channel', 'text'),
    col('inbox', 'inbox', 'text'),
    col('status', 'status', 'text'),
    col('started_at', 'startedAt', 'date'),
    col('last_message_at', 'lastMessageAt', 'date'),
    col('last_message_preview', 'lastMessagePreview', 'text'),
    col('message_count', 'messageCount', 'int'),
    col('escalated', 'escalated', 'bool'),
    col('facts', 'facts', 'json'),
    // Analytics' first-response time and sentiment over time (src/intake/conversation-figures.ts).
    col('first_inbound_at', 'firstInboundAt', 'date'),
    col('first_response_ms', 'firstResponseMs', 'int'),
    col('sentiment_sum', 'sentimentSum', 'real'),
    col('sentiment_count', 'sentimentCount', 'int'),
    // Most recently active first: by the last message, or the start when there was none.
    // Never NULL (startedAt is required): the sweep pages conversations by it through its index.
    derived('active_at', 'activeAt', 'date', (c: ConversationSummary) => c.lastMessageAt ?? c.startedAt, {
      required: true,
    }),
  ],
  filters: ['contactId', 'status'],
  orders: {
    default: [
      { field: 'activeAt', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ],
  },
  check: checkConversation,
};

export const ORDERS: TableSpec<OrderRecord> = {
  table: 'orders',
  entity: 'order',
  key: 'orderId',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('order_id', 'orderId', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('amount', 'amount', 'real'),
    col('currency', 'currency', 'text'),
    col('via_assistant', 'viaAssistant', 'bool'),
    col('placed_at', 'placedAt', 'date'),
  ],
  filters: ['contactId'],
  orders: {
    default: [
      { field: 'placedAt', direction: 'desc' },
      { field: 'orderId', direction: 'desc' },
    ],
  },
  check: checkOrder,
};

export const NOTES: TableSpec<Note> = {
  table: 'notes',
  entity: 'note',
  key: 'id',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('author', 'author', 'json'),
    col('body', 'text', 'text'),
    col('at', 'at', 'date'),
  ],
  filters: ['contactId'],
  orders: {
    default: [
      { field: 'at', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ],
  },
  check: checkNote,
};

export const FLOW_RUNS: TableSpec<FlowRun> = {
  table: 'flow_runs',
  entity: 'flowRun',
  key: 'id',
  // Names, actions and conditions are the host's free text, which may name the person.
  owner: {
    field: 'contactId',
    nullable: true,
    scrub: ['flowName', 'actionsTriggered', 'conditionsMet', 'conditionsSkipped'],
  },
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('flow_id', 'flowId', 'text'),
    col('flow_name', 'flowName', 'text'),
    col('started_at', 'startedAt', 'date'),
    col('finished_at', 'finishedAt', 'date'),
    col('steps_completed', 'stepsCompleted', 'int'),
    col('actions_triggered', 'actionsTriggered', 'json'),
    col('conditions_met', 'conditionsMet', 'json'),
    col('conditions_skipped', 'conditionsSkipped', 'json'),
  ],
  filters: ['contactId', 'flowId'],
  orders: {
    default: [
      { field: 'startedAt', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ],
  },
  check: checkFlowRun,
};

export const CONSENTS: TableSpec<ConsentRecord> = {
  table: 'consents',
  entity: 'consent',
  key: 'id',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('purpose', 'purpose', 'text'),
    col('status', 'status', 'text'),
    col('at', 'at', 'date'),
    col('source', 'source', 'text'),
    col('method', 'method', 'text'),
  ],
  filters: ['contactId', 'purpose'],
  orders: {
    default: [
      { field: 'at', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
  },
  check: checkConsent,
};

/** The score ledger: every award a contact's lead score is the decayed sum of. */
export const SCORE_LEDGER: TableSpec<LedgerEntry> = {
  table: 'score_ledger',
  entity: 'ledgerEntry',
  key: 'id',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('seq', 'seq', 'int'),
    col('rule_id', 'ruleId', 'text'),
    col('rule_set_version', 'ruleSetVersion', 'text'),
    col('kind', 'kind', 'text'),
    col('event_id', 'eventId', 'text'),
    col('at', 'at', 'date'),
    col('category', 'category', 'text'),
    col('rule_points', 'rulePoints', 'real'),
    col('weight', 'weight', 'real'),
    col('points', 'points', 'real'),
    col('capped', 'capped', 'bool'),
    col('half_life_days', 'halfLifeDays', 'real', { keepsNull: true }),
    col('matched', 'matched', 'text'),
    col('note', 'note', 'text'),
  ],
  filters: ['contactId', 'ruleId'],
  orders: {
    default: [
      { field: 'at', direction: 'asc' },
      { field: 'seq', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
  },
  check: checkLedgerEntry,
};

/**
 * Follow-up items: one message the business owes a contact, from `pending` to its outcome. The key is an
 * id made from the item's deterministic key (see `followUpKey`), so two sweeps that plan the same
 * follow-up write the same row. The queue lists them by due time.
 */
export const FOLLOW_UPS: TableSpec<FollowUpItem> = {
  table: 'follow_ups',
  entity: 'followUp',
  key: 'id',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('id', 'id', 'text'),
    col('item_key', 'key', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('conversation_id', 'conversationId', 'text'),
    col('reason', 'reason', 'text'),
    col('rule', 'rule', 'text'),
    col('channel', 'channel', 'text'),
    col('due_at', 'dueAt', 'date'),
    col('anchor_at', 'anchorAt', 'date'),
    col('template_only', 'templateOnly', 'bool'),
    col('window_closes_at', 'windowClosesAt', 'date'),
    col('attempt', 'attempt', 'int'),
    col('status', 'status', 'text'),
    col('draft', 'draft', 'text'),
    col('text', 'text', 'text'),
    col('note', 'note', 'text'),
    col('assignee', 'assignee', 'text'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
    col('decided_by', 'decidedBy', 'json'),
    col('decided_at', 'decidedAt', 'date'),
    col('sent_by', 'sentBy', 'json'),
    col('sent_at', 'sentAt', 'date'),
    col('sent_as_template', 'sentAsTemplate', 'bool'),
    col('outcome_at', 'outcomeAt', 'date'),
    col('order_id', 'orderId', 'text'),
    col('version', 'version', 'int'),
  ],
  filters: ['contactId', 'conversationId', 'status', 'reason', 'channel', 'assignee'],
  orders: {
    default: [
      { field: 'dueAt', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
    // The sent items the no-response expiry walks, oldest first.
    sent: [
      { field: 'sentAt', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
  },
  check: checkFollowUp,
};

/** Human-review items: a conversation a person should look at, from `open` to what they did. */
export const REVIEW_ITEMS: TableSpec<ReviewItem> = {
  table: 'review_items',
  entity: 'reviewItem',
  key: 'id',
  // The summary and context quote the customer's own words.
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('id', 'id', 'text'),
    col('item_key', 'key', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('conversation_id', 'conversationId', 'text'),
    col('reason', 'reason', 'text'),
    col('rule', 'rule', 'text'),
    col('flagged_at', 'flaggedAt', 'date'),
    col('summary', 'summary', 'text'),
    col('context', 'context', 'json'),
    col('status', 'status', 'text'),
    col('assignee', 'assignee', 'text'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
    col('acted_by', 'actedBy', 'json'),
    col('acted_at', 'actedAt', 'date'),
    col('note', 'note', 'text'),
    col('version', 'version', 'int'),
  ],
  filters: ['contactId', 'conversationId', 'status', 'reason', 'assignee'],
  orders: {
    // Oldest flag first: the customer who has waited longest.
    default: [
      { field: 'flaggedAt', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
  },
  check: checkReviewItem,
};

/** Reminders people set, until they become follow-up items; listed by due time. */
export const REMINDERS: TableSpec<ScheduledReminder> = {
  table: 'reminders',
  entity: 'reminder',
  key: 'id',
  owner: { field: 'contactId', nullable: false },
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('conversation_id', 'conversationId', 'text'),
    col('due_at', 'dueAt', 'date'),
    col('channel', 'channel', 'text'),
    col('note', 'note', 'text'),
    col('set_by', 'setBy', 'json'),
    col('assignee', 'assignee', 'text'),
    col('created_at', 'createdAt', 'date'),
  ],
  filters: ['contactId'],
  orders: {
    default: [
      { field: 'dueAt', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
  },
  check: checkReminder,
};

/** Merge audit records; the contacts as they were before are kept whole, as JSON. */
export const MERGES: TableSpec<MergeRecord> = {
  table: 'merges',
  entity: 'merge',
  key: 'id',
  columns: [
    col('id', 'id', 'text'),
    col('primary_id', 'primaryId', 'text'),
    col('absorbed_ids', 'absorbedIds', 'json'),
    col('reason', 'reason', 'text'),
    col('actor', 'actor', 'text'),
    col('at', 'at', 'date'),
    col('primary_before', 'primaryBefore', 'json'),
    col('absorbed_before', 'absorbedBefore', 'json'),
    col('absorbed_rows', 'rows', 'json'),
    col('provenance', 'provenance', 'json'),
    col('undone_at', 'undoneAt', 'date'),
  ],
  filters: ['primaryId'],
  orders: {
    default: [
      { field: 'at', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ],
  },
  check: checkMergeRecord,
};

/** Duplicate suggestions, keyed by pair key; `contact_ids` is the sorted pair as a JSON array. */
export const SUGGESTIONS: TableSpec<DuplicateSuggestion> = {
  table: 'suggestions',
  entity: 'suggestion',
  key: 'id',
  columns: [
    col('id', 'id', 'text'),
    col('contact_ids', 'contactIds', 'json'),
    col('weight', 'weight', 'real'),
    col('probability', 'probability', 'real'),
    col('explanation', 'explanation', 'json'),
    col('status', 'status', 'text'),
    col('created_at', 'createdAt', 'date'),
    col('decided_at', 'decidedAt', 'date'),
    col('decided_by', 'decidedBy', 'text'),
  ],
  filters: ['status'],
  orders: {
    default: [
      { field: 'weight', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ],
  },
  check: checkSuggestion,
};

/** The custom fields a workspace defines, keyed by field key. */
export const CUSTOM_FIELD_DEFINITIONS: TableSpec<CustomFieldDefinition> = {
  table: 'custom_field_definitions',
  entity: 'customField',
  key: 'key',
  columns: [
    col('field_key', 'key', 'text'),
    col('label', 'label', 'text'),
    col('type', 'type', 'text'),
    col('options', 'options', 'json'),
    col('required', 'required', 'bool'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
    col('retired_at', 'retiredAt', 'date'),
  ],
  filters: ['retiredAt'],
  orders: { default: byKey('key') },
  check: checkCustomFieldDefinition,
};

/** The URLs a workspace delivers its events to, with their secrets and health. */
export const WEBHOOK_ENDPOINTS: TableSpec<WebhookEndpoint> = {
  table: 'webhook_endpoints',
  entity: 'webhookEndpoint',
  key: 'id',
  columns: [
    col('id', 'id', 'text'),
    col('url', 'url', 'text'),
    col('description', 'description', 'text'),
    col('event_types', 'eventTypes', 'json'),
    col('secrets', 'secrets', 'json'),
    col('status', 'status', 'text'),
    col('disabled_at', 'disabledAt', 'date'),
    col('disabled_reason', 'disabledReason', 'text'),
    col('from_position', 'fromPosition', 'int'),
    col('failing_since', 'failingSince', 'date'),
    col('consecutive_failures', 'consecutiveFailures', 'int'),
    col('last_success_at', 'lastSuccessAt', 'date'),
    col('last_failure_at', 'lastFailureAt', 'date'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
    col('version', 'version', 'int'),
  ],
  filters: ['status'],
  orders: { default: byKey('id') },
  check: checkWebhookEndpoint,
};

/**
 * One event on its way to one endpoint, and its attempts. The relay reads an endpoint's pending ones
 * in log order (`queue`); the delivery log lists them newest first (`recent`).
 */
export const WEBHOOK_DELIVERIES: TableSpec<WebhookDelivery> = {
  table: 'webhook_deliveries',
  entity: 'webhookDelivery',
  key: 'id',
  columns: [
    col('id', 'id', 'text'),
    col('endpoint_id', 'endpointId', 'text'),
    col('event_id', 'eventId', 'text'),
    col('event_type', 'eventType', 'text'),
    col('position', 'position', 'int'),
    col('order_key', 'orderKey', 'text'),
    col('status', 'status', 'text'),
    col('attempts', 'attempts', 'int'),
    col('next_attempt_at', 'nextAttemptAt', 'date'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
    col('delivered_at', 'deliveredAt', 'date'),
    col('failed_at', 'failedAt', 'date'),
    col('replays', 'replays', 'int'),
    col('replayed_at_attempt', 'replayedAtAttempt', 'int'),
    col('last_status_code', 'lastStatusCode', 'int'),
    col('last_error', 'lastError', 'text'),
    col('attempt_log', 'attemptLog', 'json'),
  ],
  filters: ['endpointId', 'status', 'eventId'],
  orders: {
    default: byKey('id'),
    queue: [
      { field: 'position', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
    recent: [
      { field: 'createdAt', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ],
  },
  check: checkWebhookDelivery,
};

/** Saved custom segments: a filter, hand-picked members, or both, under a name. */
export const SAVED_SEGMENTS: TableSpec<SavedSegment> = {
  table: 'saved_segments',
  entity: 'segment',
  key: 'id',
  columns: [
    col('id', 'id', 'text'),
    col('name', 'name', 'text'),
    col('filter', 'filter', 'json'),
    col('members', 'members', 'json'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
    col('version', 'version', 'int'),
  ],
  filters: [],
  orders: { default: byKey('id') },
  check: checkSavedSegment,
};

/**
 * The tables of rows a contact owns that a merge moves, an unmerge gives back by key and an erasure
 * removes (or unlinks, for those the workspace may keep): besides identities and the activity log,
 * which have repositories of their own. A new kind of contact-owned record is added here.
 */
export const OWNED_TABLES = {
  processedEvents: PROCESSED_EVENTS,
  conversations: CONVERSATIONS,
  orders: ORDERS,
  notes: NOTES,
  flowRuns: FLOW_RUNS,
  consents: CONSENTS,
  scoreLedger: SCORE_LEDGER,
  followUps: FOLLOW_UPS,
  reviewItems: REVIEW_ITEMS,
  reminders: REMINDERS,
} as const;
export type OwnedTableName = keyof typeof OWNED_TABLES;
export const OWNED_TABLE_NAMES = Object.keys(OWNED_TABLES) as OwnedTableName[];

/**
 * The tables of records a workspace keeps that belong to no contact, each a plain keyed {@link Table}.
 * A new kind of workspace-level record is added here.
 */
export const KEYED_TABLES = {
  customFieldDefinitions: CUSTOM_FIELD_DEFINITIONS,
  webhookEndpoints: WEBHOOK_ENDPOINTS,
  webhookDeliveries: WEBHOOK_DELIVERIES,
  savedSegments: SAVED_SEGMENTS,
} as const;
export type KeyedTableName = keyof typeof KEYED_TABLES;
export const KEYED_TABLE_NAMES = Object.keys(KEYED_TABLES) as KeyedTableName[];

/** Every table, keyed as the store's inspector reports them. */
export const TABLES = {
  contacts: CONTACTS,
  identities: IDENTITIES,
  log: ACTIVITY_LOG,
  ...OWNED_TABLES,
  ...KEYED_TABLES,
  merges: MERGES,
  suggestions: SUGGESTIONS,
} as const;
export type TableName = keyof typeof TABLES;
