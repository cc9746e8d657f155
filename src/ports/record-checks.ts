import { ValidationError } from '../errors/errors.js';
import type { ConsentRecord } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { CustomFieldDefinition } from '../model/custom-field.js';
import type { DuplicateSuggestion } from '../model/duplicate-suggestion.js';
import type { FlowRun } from '../model/flow-run.js';
import type { FollowUpItem, ScheduledReminder } from '../model/follow-up.js';
import type { Identity } from '../model/identity.js';
import type { LogEntry } from '../model/log-entry.js';
import type { MergeRecord } from '../model/merge-record.js';
import type { Note } from '../model/note.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { ReviewItem } from '../model/review-item.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { WebhookDelivery, WebhookEndpoint } from '../model/webhook.js';
import type { SavedSegment } from '../segments/saved.js';
import { assertDate, assertId, assertInt, assertRecordScope } from './guards.js';

/*
 * The checks every adapter runs before a write, one function per record kind, so that all adapters
 * refuse the same bad input with the same typed errors (the conformance suite holds them to it).
 */

export function checkContact(c: Contact, workspaceId: string): void {
  assertRecordScope(c, workspaceId, 'contact');
  assertId(c.id, 'contact.id');
  assertInt(c.version, 'contact.version', 1);
  assertDate(c.createdAt, 'contact.createdAt');
  assertDate(c.updatedAt, 'contact.updatedAt');
  assertDate(c.stats?.firstSeenAt, 'contact.stats.firstSeenAt');
  assertDate(c.stats?.lastSeenAt, 'contact.stats.lastSeenAt');
}

export function checkIdentity(i: Identity, workspaceId: string): void {
  assertRecordScope(i, workspaceId, 'identity');
  assertId(i.contactId, 'identity.contactId');
  assertId(i.type, 'identity.type', 64);
  assertId(i.value, 'identity.value');
  assertDate(i.firstSeenAt, 'identity.firstSeenAt');
}

export function checkLogEntry(e: LogEntry, workspaceId: string): void {
  assertRecordScope(e, workspaceId, 'logEntry');
  assertId(e.id, 'logEntry.id');
  if (e.contactId !== undefined) assertId(e.contactId, 'logEntry.contactId');
  assertDate(e.at, 'logEntry.at');
  assertDate(e.recordedAt, 'logEntry.recordedAt');
  if (e.activity !== undefined) assertId(e.activity.type, 'logEntry.activity.type', 64);
  if (e.event !== undefined) assertId(e.event.type, 'logEntry.event.type', 64);
  if (e.activity === undefined && e.event === undefined) {
    throw new ValidationError({
      field: 'logEntry',
      value: e.id,
      reason: 'an entry needs an activity, an event, or both',
    });
  }
}

export function checkProcessedEvent(p: ProcessedEvent, workspaceId: string): void {
  assertRecordScope(p, workspaceId, 'processedEvent');
  assertId(p.eventId, 'processedEvent.eventId');
  assertId(p.contactId, 'processedEvent.contactId');
  assertDate(p.processedAt, 'processedEvent.processedAt');
}

export function checkConversation(c: ConversationSummary, workspaceId: string): void {
  assertRecordScope(c, workspaceId, 'conversation');
  assertId(c.id, 'conversation.id');
  assertDate(c.startedAt, 'conversation.startedAt');
  assertInt(c.messageCount, 'conversation.messageCount');
}

export function checkOrder(o: OrderRecord, workspaceId: string): void {
  assertRecordScope(o, workspaceId, 'order');
  assertId(o.orderId, 'order.orderId');
  assertId(o.contactId, 'order.contactId');
  assertDate(o.placedAt, 'order.placedAt');
}

export function checkNote(n: Note, workspaceId: string): void {
  assertRecordScope(n, workspaceId, 'note');
  assertId(n.id, 'note.id');
  assertId(n.contactId, 'note.contactId');
  assertDate(n.at, 'note.at');
}

export function checkFlowRun(r: FlowRun, workspaceId: string): void {
  assertRecordScope(r, workspaceId, 'flowRun');
  assertId(r.id, 'flowRun.id');
  assertId(r.flowId, 'flowRun.flowId');
  assertDate(r.startedAt, 'flowRun.startedAt');
}

export function checkMergeRecord(m: MergeRecord, workspaceId: string): void {
  assertRecordScope(m, workspaceId, 'merge');
  assertId(m.id, 'merge.id');
  assertId(m.primaryId, 'merge.primaryId');
  assertDate(m.at, 'merge.at');
  if (!Array.isArray(m.absorbedIds) || m.absorbedIds.length === 0) {
    throw new ValidationError({
      field: 'merge.absorbedIds',
      value: m.absorbedIds,
      reason: 'at least one contact',
    });
  }
}

export function checkSuggestion(s: DuplicateSuggestion, workspaceId: string): void {
  assertRecordScope(s, workspaceId, 'suggestion');
  assertId(s.id, 'suggestion.id');
  assertId(s.contactIds?.[0], 'suggestion.contactIds.0');
  assertId(s.contactIds?.[1], 'suggestion.contactIds.1');
  assertDate(s.createdAt, 'suggestion.createdAt');
}

export function checkConsent(c: ConsentRecord, workspaceId: string): void {
  assertRecordScope(c, workspaceId, 'consent');
  assertId(c.id, 'consent.id');
  assertId(c.contactId, 'consent.contactId');
  assertId(c.purpose, 'consent.purpose', 100);
  assertDate(c.at, 'consent.at');
}

export function checkCustomFieldDefinition(d: CustomFieldDefinition, workspaceId: string): void {
  assertRecordScope(d, workspaceId, 'customField');
  assertId(d.key, 'customField.key', 64);
  assertId(d.type, 'customField.type', 32);
  assertDate(d.createdAt, 'customField.createdAt');
  assertDate(d.updatedAt, 'customField.updatedAt');
}

export function checkLedgerEntry(e: LedgerEntry, workspaceId: string): void {
  assertRecordScope(e, workspaceId, 'ledgerEntry');
  assertId(e.id, 'ledgerEntry.id');
  assertId(e.contactId, 'ledgerEntry.contactId');
  assertId(e.ruleId, 'ledgerEntry.ruleId', 64);
  assertInt(e.seq, 'ledgerEntry.seq');
  assertDate(e.at, 'ledgerEntry.at');
}

export function checkFollowUp(f: FollowUpItem, workspaceId: string): void {
  assertRecordScope(f, workspaceId, 'followUp');
  assertId(f.id, 'followUp.id');
  assertId(f.contactId, 'followUp.contactId');
  assertDate(f.dueAt, 'followUp.dueAt');
  assertInt(f.version, 'followUp.version');
}

export function checkReviewItem(r: ReviewItem, workspaceId: string): void {
  assertRecordScope(r, workspaceId, 'reviewItem');
  assertId(r.id, 'reviewItem.id');
  assertId(r.contactId, 'reviewItem.contactId');
  assertDate(r.flaggedAt, 'reviewItem.flaggedAt');
  assertInt(r.version, 'reviewItem.version');
}

export function checkReminder(r: ScheduledReminder, workspaceId: string): void {
  assertRecordScope(r, workspaceId, 'reminder');
  assertId(r.id, 'reminder.id');
  assertId(r.contactId, 'reminder.contactId');
  assertDate(r.dueAt, 'reminder.dueAt');
}

export function checkWebhookEndpoint(e: WebhookEndpoint, workspaceId: string): void {
  assertRecordScope(e, workspaceId, 'webhookEndpoint');
  assertId(e.id, 'webhookEndpoint.id', 200);
  assertId(e.url, 'webhookEndpoint.url', 2000);
  assertInt(e.fromPosition, 'webhookEndpoint.fromPosition');
  assertInt(e.version, 'webhookEndpoint.version', 1);
  assertDate(e.createdAt, 'webhookEndpoint.createdAt');
  assertDate(e.updatedAt, 'webhookEndpoint.updatedAt');
  if (!Array.isArray(e.secrets) || e.secrets.length === 0) {
    throw new ValidationError({ field: 'webhookEndpoint.secrets', value: e.secrets, reason: 'at least one' });
  }
}

export function checkWebhookDelivery(d: WebhookDelivery, workspaceId: string): void {
  assertRecordScope(d, workspaceId, 'webhookDelivery');
  assertId(d.id, 'webhookDelivery.id', 200);
  assertId(d.endpointId, 'webhookDelivery.endpointId', 200);
  assertId(d.eventId, 'webhookDelivery.eventId');
  assertInt(d.position, 'webhookDelivery.position', 1);
  assertInt(d.attempts, 'webhookDelivery.attempts');
  assertDate(d.createdAt, 'webhookDelivery.createdAt');
  assertDate(d.updatedAt, 'webhookDelivery.updatedAt');
}

export function checkSavedSegment(s: SavedSegment, workspaceId: string): void {
  assertRecordScope(s, workspaceId, 'segment');
  assertId(s.id, 'segment.id');
  assertInt(s.version, 'segment.version', 1);
  assertDate(s.createdAt, 'segment.createdAt');
  assertDate(s.updatedAt, 'segment.updatedAt');
}
