import type { ConsentRecord } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { CustomFieldDefinition } from '../model/custom-field.js';
import type { FlowRun } from '../model/flow-run.js';
import type { FollowUpItem, ScheduledReminder } from '../model/follow-up.js';
import type { Identity } from '../model/identity.js';
import type { LogEntry } from '../model/log-entry.js';
import type { Note } from '../model/note.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { ReviewItem } from '../model/review-item.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { WebhookDelivery, WebhookEndpoint } from '../model/webhook.js';
import type { KeyedTableName, OwnedTableName } from '../ports/schema/tables.js';
import type { SavedSegment } from '../segments/saved.js';

/** A fixed instant, so fixtures are the same on every run. */
export const FIXTURE_TIME = new Date('2026-01-15T10:00:00.000Z');

/** {@link FIXTURE_TIME} plus some minutes. */
export const fixtureTime = (minutes: number): Date => new Date(FIXTURE_TIME.getTime() + minutes * 60_000);

/** A valid contact with every required field; override what a test cares about. */
export function makeContact(workspaceId: string, id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    workspaceId,
    kind: 'lead',
    profile: { name: `Person ${id}` },
    fieldOrigins: { name: 'host' },
    tags: [],
    customFields: {},
    source: 'chat_widget',
    channels: ['web'],
    stats: {
      conversations: 0,
      messages: 0,
      firstSeenAt: FIXTURE_TIME,
      lastSeenAt: FIXTURE_TIME,
      orders: 0,
      amountSpent: 0,
    },
    createdAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    version: 1,
    ...overrides,
  };
}

/** A valid identity of a contact. */
export function makeIdentity(
  workspaceId: string,
  contactId: string,
  type: string,
  value: string,
  overrides: Partial<Identity> = {},
): Identity {
  return {
    workspaceId,
    contactId,
    type,
    value,
    raw: value,
    verified: false,
    firstSeenAt: FIXTURE_TIME,
    ...overrides,
  };
}

/**
 * A valid activity log entry about a contact: a timeline entry and a published event unless
 * `overrides` says otherwise.
 */
export function makeLogEntry(
  workspaceId: string,
  contactId: string | undefined,
  id: string,
  overrides: Partial<LogEntry> = {},
): LogEntry {
  return {
    workspaceId,
    id,
    ...(contactId === undefined ? {} : { contactId }),
    at: FIXTURE_TIME,
    recordedAt: FIXTURE_TIME,
    activity: { type: 'fields.updated', data: { fields: ['name'] } },
    event: { type: 'contact.updated', payload: { changed: ['name'] } },
    ...overrides,
  };
}

/**
 * A valid row of each table a contact owns, with key `key` and a sort value that grows with `n`: what
 * the conformance suite checks every such table with. A new contact-owned table adds its row here.
 */
export const OWNED_ROWS: {
  readonly [K in OwnedTableName]: (ws: string, contactId: string, key: string, n: number) => OwnedRowOf<K>;
} = {
  processedEvents: (ws, contactId, key, n) => ({
    workspaceId: ws,
    eventId: key,
    contactId,
    outcome: 'matched',
    processedAt: fixtureTime(n),
  }),
  conversations: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    contactId,
    channel: 'whatsapp',
    inbox: 'Main store',
    status: 'open',
    startedAt: fixtureTime(n),
    lastMessageAt: fixtureTime(n + 1),
    lastMessagePreview: `Hello ${n}`,
    messageCount: n,
    escalated: false,
  }),
  orders: (ws, contactId, key, n) => ({
    workspaceId: ws,
    orderId: key,
    contactId,
    amount: 10 + n,
    currency: 'EUR',
    viaAssistant: n % 2 === 0,
    placedAt: fixtureTime(n),
  }),
  notes: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    contactId,
    author: { kind: 'person', id: 'u7', name: 'Rita' },
    text: `Note ${n}`,
    at: fixtureTime(n),
  }),
  flowRuns: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    contactId,
    flowId: 'welcome',
    flowName: 'Welcome series',
    startedAt: fixtureTime(n),
    stepsCompleted: n,
    actionsTriggered: ['send_coupon'],
    conditionsMet: ['is_new'],
    conditionsSkipped: [],
  }),
  consents: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    contactId,
    purpose: 'email_marketing',
    status: n % 2 === 0 ? 'granted' : 'revoked',
    at: fixtureTime(n),
    source: 'chat_widget',
    method: 'checkbox',
  }),
  scoreLedger: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    contactId,
    seq: n,
    ruleId: 'pricing',
    ruleSetVersion: 'v1',
    kind: 'keyword',
    eventId: `evt-${n}`,
    at: fixtureTime(n),
    category: 'intent',
    rulePoints: 10,
    weight: 1,
    points: n % 3 === 0 ? 0 : 10,
    capped: n % 3 === 0,
    halfLifeDays: n % 2 === 0 ? 14 : null,
    matched: 'price',
  }),
  followUps: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    key: `fu/ghosting/${fixtureTime(n).toISOString()}/0:/conv-${key}`,
    contactId,
    conversationId: `conv-${key}`,
    reason: n % 2 === 0 ? 'ghosting' : 'promise',
    channel: 'whatsapp',
    dueAt: fixtureTime(n),
    anchorAt: fixtureTime(n - 1),
    templateOnly: n % 2 === 1,
    attempt: 1 + (n % 3),
    status: n % 2 === 0 ? 'pending' : 'sent',
    draft: `Still interested, ${n}?`,
    ...(n % 2 === 1 ? { sentAt: fixtureTime(n + 1), sentBy: { kind: 'system' as const } } : {}),
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
    version: 1 + (n % 2),
  }),
  reviewItems: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    key: `rv/frustration/${fixtureTime(n).toISOString()}/0:/conv-${key}`,
    contactId,
    conversationId: `conv-${key}`,
    reason: 'frustration',
    flaggedAt: fixtureTime(n),
    summary: `Sentiment -0.${n % 10}`,
    context: { sentiment: -0.5, words: ['refund'] },
    status: n % 2 === 0 ? 'open' : 'taken_over',
    ...(n % 2 === 1 ? { assignee: 'u7' } : {}),
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
    version: 1,
  }),
  reminders: (ws, contactId, key, n) => ({
    workspaceId: ws,
    id: key,
    contactId,
    dueAt: fixtureTime(n),
    note: `Call back about order ${n}`,
    setBy: { kind: 'user', id: 'u7' },
    createdAt: fixtureTime(n - 1),
  }),
};

/** The record type of each contact-owned table. */
export type OwnedRowOf<K extends OwnedTableName> = {
  processedEvents: ProcessedEvent;
  conversations: ConversationSummary;
  orders: OrderRecord;
  notes: Note;
  flowRuns: FlowRun;
  consents: ConsentRecord;
  scoreLedger: LedgerEntry;
  followUps: FollowUpItem;
  reviewItems: ReviewItem;
  reminders: ScheduledReminder;
}[K];

/**
 * A valid row of each table of workspace records, with key `key` and a sort value that grows with `n`.
 * A new keyed table adds its row here.
 */
export const KEYED_ROWS: {
  readonly [K in KeyedTableName]: (ws: string, key: string, n: number) => KeyedRowOf<K>;
} = {
  customFieldDefinitions: (ws, key, n) => ({
    workspaceId: ws,
    key,
    label: `Field ${n}`,
    type: n % 2 === 0 ? 'select' : 'number',
    ...(n % 2 === 0 ? { options: ['gold', 'silver'] } : {}),
    required: n % 3 === 0,
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
    ...(n % 4 === 3 ? { retiredAt: fixtureTime(n + 1) } : {}),
  }),
  webhookEndpoints: (ws, key, n) => ({
    workspaceId: ws,
    id: key,
    url: `https://hooks.example.com/${n}`,
    ...(n % 2 === 0 ? { description: `Endpoint ${n}` } : {}),
    ...(n % 3 === 0 ? { eventTypes: ['contact.created', 'contact.erased'] } : {}),
    secrets: [
      { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: fixtureTime(n) },
      ...(n % 2 === 1
        ? [
            {
              secret: 'whsec_b2xkc2VjcmV0b2xkc2VjcmV0',
              createdAt: fixtureTime(0),
              expiresAt: fixtureTime(n + 1),
            },
          ]
        : []),
    ],
    status: n % 4 === 3 ? ('disabled' as const) : ('enabled' as const),
    ...(n % 4 === 3 ? { disabledAt: fixtureTime(n), disabledReason: 'failing' as const } : {}),
    fromPosition: n * 10,
    ...(n % 2 === 1 ? { failingSince: fixtureTime(n) } : {}),
    consecutiveFailures: n % 2,
    ...(n % 2 === 0 ? { lastSuccessAt: fixtureTime(n) } : { lastFailureAt: fixtureTime(n) }),
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
    version: n + 1,
  }),
  webhookDeliveries: (ws, key, n) => ({
    workspaceId: ws,
    id: key,
    endpointId: `ep${n % 2}`,
    eventId: `evt${n}`,
    eventType: 'contact.updated',
    position: n + 1,
    orderKey: n % 3 === 0 ? '' : `c${n % 3}`,
    status: n % 2 === 0 ? ('pending' as const) : ('failed' as const),
    attempts: n,
    ...(n % 2 === 0 ? { nextAttemptAt: fixtureTime(n) } : { failedAt: fixtureTime(n) }),
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
    replays: n % 5 === 4 ? 1 : 0,
    replayedAtAttempt: n % 5 === 4 ? n - 1 : 0,
    ...(n > 0 ? { lastStatusCode: 500, lastError: 'HTTP 500' } : {}),
    attemptLog: Array.from({ length: Math.min(n, 2) }, (_, i) => ({
      attempt: i + 1,
      at: fixtureTime(i),
      ok: false,
      statusCode: 500,
      latencyMs: 12.5,
      error: 'HTTP 500',
    })),
  }),
  savedSegments: (ws, key, n) => ({
    workspaceId: ws,
    id: key,
    name: `Segment ${n}`,
    ...(n % 2 === 0
      ? {
          filter: {
            type: 'and' as const,
            filters: [
              { type: 'kind' as const, is: 'lead' as const },
              { type: 'date' as const, field: 'createdAt' as const, after: fixtureTime(n) },
            ],
          },
        }
      : {}),
    members: n % 3 === 0 ? [] : [`c${n}`, `c${n + 1}`],
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
    version: n + 1,
  }),
};

/** The record type of each keyed table. */
export type KeyedRowOf<K extends KeyedTableName> = {
  customFieldDefinitions: CustomFieldDefinition;
  webhookEndpoints: WebhookEndpoint;
  webhookDeliveries: WebhookDelivery;
  savedSegments: SavedSegment;
}[K];
