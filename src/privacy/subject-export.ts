import { z } from 'zod';
import { ActivitySchema } from '../model/activity.js';
import { ConsentRecordSchema } from '../model/consent.js';
import { type Contact, ContactSchema } from '../model/contact.js';
import { ConversationSummarySchema } from '../model/conversation.js';
import { FlowRunSchema } from '../model/flow-run.js';
import { FollowUpItemSchema, ScheduledReminderSchema } from '../model/follow-up.js';
import { IdentitySchema } from '../model/identity.js';
import { MergeRecordSchema } from '../model/merge-record.js';
import { NoteSchema } from '../model/note.js';
import { OrderRecordSchema } from '../model/order.js';
import { IdSchema, type JsonValue, JsonValueSchema, TimestampSchema } from '../model/primitives.js';
import { ReviewItemSchema } from '../model/review-item.js';
import { LedgerEntrySchema } from '../model/score-ledger.js';
import { consentState } from './consent-state.js';

/** The classification and score fields of a contact that a subject export lists under `scores`. */
export const SCORE_FIELDS = ['kind', 'classification', 'manualStage'] as const;

/**
 * Everything kept about one person, as a data subject may ask for it (GDPR art. 15 and 20). Dates are
 * `Date`s; {@link subjectExportToJson} writes them as ISO 8601.
 */
export const SubjectExportSchema = z.object({
  format: z.literal('contactkit.subject-export'),
  version: z.literal(1),
  workspaceId: IdSchema,
  exportedAt: TimestampSchema,
  contact: ContactSchema,
  identities: z.array(IdentitySchema),
  /** The whole timeline, newest first. */
  timeline: z.array(ActivitySchema),
  consent: z.object({
    /** Every consent record, oldest first. */
    records: z.array(ConsentRecordSchema),
    /** The latest record per purpose: what is in force. */
    inForce: z.record(z.string(), ConsentRecordSchema),
  }),
  /**
   * How the contact is classified and scored ({@link SCORE_FIELDS}: kind, the stored classification with
   * its status, stage, score, grade, sentiment, flags and predicted spend, a stage set by hand); the
   * ledger below says where every point came from.
   */
  scores: z.record(z.string(), JsonValueSchema),
  /** Every score award and adjustment, with its rule and the event that earned it. */
  scoreLedger: z.array(LedgerEntrySchema),
  /** Merges this person took part in, with what each contact looked like before. */
  merges: z.array(MergeRecordSchema),
  conversations: z.array(ConversationSummarySchema),
  orders: z.array(OrderRecordSchema),
  notes: z.array(NoteSchema),
  flowRuns: z.array(FlowRunSchema),
  /** Follow-ups owed to the person (with their drafts), review items about them, reminders set on them. */
  followUps: z.array(FollowUpItemSchema),
  reviewItems: z.array(ReviewItemSchema),
  reminders: z.array(ScheduledReminderSchema),
});
export type SubjectExport = z.infer<typeof SubjectExportSchema>;

/** The rows of one person a subject export is built from. */
export type SubjectRows = Omit<
  SubjectExport,
  'format' | 'version' | 'workspaceId' | 'exportedAt' | 'consent' | 'scores'
> & { readonly consents: SubjectExport['consent']['records'] };

/**
 * The score and classification fields present on a contact ({@link SCORE_FIELDS}), as JSON.
 *
 * @example
 * ```ts
 * scoresOf(contact) // { kind: 'lead', classification: { status: 'new', score: 0, grade: 'F', … } }
 * ```
 */
export function scoresOf(contact: Contact): Record<string, JsonValue> {
  const source = contact as unknown as Record<string, unknown>;
  const out: Record<string, JsonValue> = {};
  for (const field of SCORE_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    // Round-trip through JSON so dates become ISO strings and the result is plain JSON.
    out[field] = JSON.parse(JSON.stringify(value)) as JsonValue;
  }
  return out;
}

/**
 * Assembles a subject export from one person's rows. Pure: `exportedAt` is passed in.
 *
 * @example
 * ```ts
 * const doc = buildSubjectExport(rows, new Date());
 * await writeFile('subject.json', subjectExportToJson(doc));
 * ```
 */
export function buildSubjectExport(rows: SubjectRows, exportedAt: Date): SubjectExport {
  const { consents, ...rest } = rows;
  return {
    format: 'contactkit.subject-export',
    version: 1,
    workspaceId: rows.contact.workspaceId,
    exportedAt,
    ...rest,
    consent: { records: consents, inForce: { ...consentState(consents) } },
    scores: scoresOf(rows.contact),
  };
}

/**
 * A subject export as indented JSON, dates in ISO 8601: the file handed to the person.
 *
 * @example
 * ```ts
 * subjectExportToJson(doc).startsWith('{\n  "format": "contactkit.subject-export"') // true
 * ```
 */
export function subjectExportToJson(doc: SubjectExport): string {
  return JSON.stringify(doc, null, 2);
}
