import type { Activity } from '../../src/model/activity.js';
import type { ConsentRecord } from '../../src/model/consent.js';
import type { Contact } from '../../src/model/contact.js';
import type { ConversationSummary } from '../../src/model/conversation.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { DuplicateSuggestion } from '../../src/model/duplicate-suggestion.js';
import type { FlowRun } from '../../src/model/flow-run.js';
import type { Identity } from '../../src/model/identity.js';
import type { MergeRecord } from '../../src/model/merge-record.js';
import type { Note } from '../../src/model/note.js';
import type { OrderRecord } from '../../src/model/order.js';
import type { ProcessedEvent } from '../../src/model/processed-event.js';
import { decodeJson, encodeJson } from './tagged-json.js';

/*
 * The row <-> record mapping both SQL adapters share. Each table is described once: which record field
 * lives in which column, and as what kind of value. The dialects only differ in how a kind is bound
 * (SQLite: dates as epoch ms, booleans as 0/1, JSON as text; Postgres: timestamptz, boolean, jsonb)
 * and in their SQL, so the encoding of records and the decoding of rows live here, once.
 *
 * Every table starts with `workspace_id` (DESIGN.md, Tenancy), which is the transaction's scope and is
 * bound separately, and ends with `extra`: a JSON object with any top-level record field this mapping
 * does not know yet, so a field added to a model later still round-trips exactly instead of vanishing.
 */

/** How a column's value is stored. */
export type ColumnKind = 'text' | 'int' | 'real' | 'bool' | 'date' | 'json';

/** A record value on its way to a driver, before the dialect binds it (JSON is already text). */
export type CellValue = string | number | boolean | Date | null;

export interface ColumnSpec {
  /** SQL column name. */
  readonly column: string;
  /** Record field it holds (top level). */
  readonly field: string;
  readonly kind: ColumnKind;
}

export interface TableSpec<R> {
  /** Unqualified table name. */
  readonly table: string;
  /** Entity name used in errors, as the memory adapter names it. */
  readonly entity: string;
  /** Key columns after `workspace_id`, i.e. the primary key is `(workspace_id, ...key)`. */
  readonly key: readonly string[];
  /** Every column but `workspace_id` and `extra`, in binding order. */
  readonly columns: readonly ColumnSpec[];
  /** The key of a record as the memory adapter prints it in errors. */
  keyString(record: R): string;
  /** Phantom, for inference. */
  readonly _record?: R;
}

const col = (column: string, field: string, kind: ColumnKind): ColumnSpec => ({ column, field, kind });

export const CONTACTS: TableSpec<Contact> = {
  table: 'contacts',
  entity: 'contact',
  key: ['id'],
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
    col('stats', 'stats', 'json'),
    col('created_at', 'createdAt', 'date'),
    col('updated_at', 'updatedAt', 'date'),
  ],
  keyString: (c) => c.id,
};

export const IDENTITIES: TableSpec<Identity> = {
  table: 'identities',
  entity: 'identity',
  key: ['type', 'normalized_value'],
  columns: [
    col('type', 'type', 'text'),
    col('normalized_value', 'value', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('raw_value', 'raw', 'text'),
    col('extension', 'extension', 'text'),
    col('verified', 'verified', 'bool'),
    col('source_channel', 'sourceChannel', 'text'),
    col('first_seen_at', 'firstSeenAt', 'date'),
  ],
  keyString: (i) => `${i.type}:${i.value}`,
};

export const ACTIVITIES: TableSpec<Activity> = {
  table: 'activities',
  entity: 'activity',
  key: ['id'],
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('type', 'type', 'text'),
    col('at', 'at', 'date'),
    col('actor', 'actor', 'json'),
    col('event_id', 'eventId', 'text'),
    col('data', 'data', 'json'),
  ],
  keyString: (a) => a.id,
};

/** Outbox rows also have `seq` (insertion order) and `delivered`, which are not record fields. */
export const OUTBOX: TableSpec<DomainEvent> = {
  table: 'outbox',
  entity: 'event',
  key: ['id'],
  columns: [
    col('id', 'id', 'text'),
    col('type', 'type', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('at', 'at', 'date'),
    col('payload', 'payload', 'json'),
  ],
  keyString: (e) => e.id,
};

export const PROCESSED_EVENTS: TableSpec<ProcessedEvent> = {
  table: 'processed_events',
  entity: 'processedEvent',
  key: ['event_id'],
  columns: [
    col('event_id', 'eventId', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('outcome', 'outcome', 'text'),
    col('processed_at', 'processedAt', 'date'),
  ],
  keyString: (p) => p.eventId,
};

export const CONVERSATIONS: TableSpec<ConversationSummary> = {
  table: 'conversations',
  entity: 'conversation',
  key: ['id'],
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
  ],
  keyString: (c) => c.id,
};

export const ORDERS: TableSpec<OrderRecord> = {
  table: 'orders',
  entity: 'order',
  key: ['order_id'],
  columns: [
    col('order_id', 'orderId', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('amount', 'amount', 'real'),
    col('currency', 'currency', 'text'),
    col('via_assistant', 'viaAssistant', 'bool'),
    col('placed_at', 'placedAt', 'date'),
  ],
  keyString: (o) => o.orderId,
};

export const NOTES: TableSpec<Note> = {
  table: 'notes',
  entity: 'note',
  key: ['id'],
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('author', 'author', 'json'),
    col('body', 'text', 'text'),
    col('at', 'at', 'date'),
  ],
  keyString: (n) => n.id,
};

export const FLOW_RUNS: TableSpec<FlowRun> = {
  table: 'flow_runs',
  entity: 'flowRun',
  key: ['id'],
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
  keyString: (r) => r.id,
};

/** Merge audit records; the contacts as they were before are kept whole, as JSON. */
export const MERGES: TableSpec<MergeRecord> = {
  table: 'merges',
  entity: 'merge',
  key: ['id'],
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
  keyString: (m) => m.id,
};

/** Duplicate suggestions, keyed by pair key; `contact_ids` is the sorted pair as a JSON array. */
export const SUGGESTIONS: TableSpec<DuplicateSuggestion> = {
  table: 'suggestions',
  entity: 'suggestion',
  key: ['id'],
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
  keyString: (x) => x.id,
};

export const CONSENTS: TableSpec<ConsentRecord> = {
  table: 'consents',
  entity: 'consent',
  key: ['id'],
  columns: [
    col('id', 'id', 'text'),
    col('contact_id', 'contactId', 'text'),
    col('purpose', 'purpose', 'text'),
    col('status', 'status', 'text'),
    col('at', 'at', 'date'),
    col('source', 'source', 'text'),
    col('method', 'method', 'text'),
  ],
  keyString: (c) => c.id,
};

/** Every table, in the order the inspector reports them, keyed as `MemoryStore.inspect` names them. */
export const TABLES = {
  contacts: CONTACTS,
  identities: IDENTITIES,
  activities: ACTIVITIES,
  outbox: OUTBOX,
  processedEvents: PROCESSED_EVENTS,
  conversations: CONVERSATIONS,
  orders: ORDERS,
  notes: NOTES,
  flowRuns: FLOW_RUNS,
  merges: MERGES,
  suggestions: SUGGESTIONS,
  consents: CONSENTS,
} as const;

const knownFields = new WeakMap<TableSpec<never>, Set<string>>();
function fieldsOf(spec: TableSpec<never>): Set<string> {
  let fields = knownFields.get(spec);
  if (!fields) {
    fields = new Set(['workspaceId', ...spec.columns.map((c) => c.field)]);
    knownFields.set(spec, fields);
  }
  return fields;
}

/**
 * A record's cells in `spec.columns` order, then `extra`. Absent optional fields become NULL; JSON
 * columns become text (with tagged dates).
 */
export function encodeRecord<R>(spec: TableSpec<R>, record: R): CellValue[] {
  const source = record as Record<string, unknown>;
  const cells: CellValue[] = [];
  for (const { field, kind } of spec.columns) {
    const value = source[field];
    if (value === undefined || value === null) cells.push(null);
    else if (kind === 'json') cells.push(encodeJson(value));
    else cells.push(value as CellValue);
  }
  const known = fieldsOf(spec as TableSpec<never>);
  let extra: Record<string, unknown> | undefined;
  for (const key in source) {
    if (known.has(key) || source[key] === undefined) continue;
    extra ??= {};
    extra[key] = source[key];
  }
  cells.push(extra ? encodeJson(extra) : null);
  return cells;
}

/** The value of a `date` column as the driver returned it: a Date (pg), epoch ms (SQLite) or text. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? new Date(value.getTime()) : new Date(value as number | string);
}

/**
 * A record from a row holding `workspace_id`, every column of `spec` and `extra`. NULL columns are left
 * out, so an optional field that was absent comes back absent.
 */
export function decodeRow<R>(spec: TableSpec<R>, row: Record<string, unknown>): R {
  const out: Record<string, unknown> = { workspaceId: row.workspace_id };
  for (const { column, field, kind } of spec.columns) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    switch (kind) {
      case 'date':
        out[field] = toDate(value);
        break;
      case 'bool':
        out[field] = value === true || value === 1 || value === 1n;
        break;
      case 'int':
      case 'real':
        out[field] = Number(value);
        break;
      case 'json':
        out[field] = decodeJson(value);
        break;
      default:
        out[field] = value;
    }
  }
  const extra = row.extra;
  if (extra !== null && extra !== undefined) Object.assign(out, decodeJson(extra));
  return out as R;
}

/** `workspace_id`, the spec's columns and `extra`: the select list and insert list of a table. */
export function columnNames(spec: TableSpec<unknown>): string[] {
  return ['workspace_id', ...spec.columns.map((c) => c.column), 'extra'];
}
