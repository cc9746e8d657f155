import { z } from 'zod';
import { ImportTargetSchema } from '../csv/import/map/target.js';
import { PRESET_NAMES } from '../csv/import/presets/preset.js';
import { CSV_DELIMITERS } from '../csv/import/sniff/sniff-delimiter.js';
import type { IngestOutcome } from '../intake/outcome.js';
import { ActivitySchema } from '../model/activity.js';
import { ClassificationSchema, ContactStatusSchema } from '../model/classification.js';
import { ConsentRecordSchema } from '../model/consent.js';
import { ContactSchema } from '../model/contact.js';
import { ConversationSummarySchema } from '../model/conversation.js';
import { FlowRunSchema } from '../model/flow-run.js';
import { IdentitySchema } from '../model/identity.js';
import { MergeRecordSchema } from '../model/merge-record.js';
import { NoteSchema } from '../model/note.js';
import { OrderRecordSchema } from '../model/order.js';
import { IdSchema, TimestampSchema } from '../model/primitives.js';
import { OutcomeKindSchema } from '../model/processed-event.js';
import type { ConsentState } from '../privacy/consent-state.js';
import type { ContactView } from '../service/contact-service.js';
import type { ImportReport } from '../service/import-service.js';
import type { MergeResult, UnmergeResult } from '../service/merge-service.js';
import type { DeletionResult, ErasureResult } from '../service/privacy-service.js';
import { ProblemSchema } from './problem.js';
import { pageSchema } from './query.js';

/*
 * The JSON the API answers with, for results the services return as TypeScript types rather than zod
 * schemas. Records (contacts, identities, timeline entries…) use the model's own schemas. Each schema
 * here is checked against its service type at compile time (`fits` below), so a field the service adds
 * or changes breaks the build until the document says so.
 */

/** The service's type with `readonly` taken off, to compare with a schema's (mutable) output type. */
type Writable<T> = T extends Date
  ? T
  : T extends ReadonlyArray<infer U>
    ? Writable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Writable<T[K]> }
      : T;

/**
 * Compiles only if every value of type `Actual` fits the schema's output type, and the schema names every
 * top-level field of `Actual` (so a field the service adds must be documented).
 */
function fits<Actual>() {
  return <S extends z.ZodType>(
    schema: S &
      (Writable<Actual> extends z.output<S>
        ? [Exclude<keyof Actual, keyof z.output<S>>] extends [never]
          ? unknown
          : never
        : never),
  ): S => schema;
}

const IdentityKeySchema = z.object({ type: z.string(), value: z.string() });

/** What intake did with one event (see the identity resolution guide). */
export const IngestOutcomeSchema = fits<IngestOutcome>()(
  z.object({
    kind: OutcomeKindSchema,
    contactId: z.string(),
    /** A new contact was made for this event. */
    created: z.boolean(),
    /** The event id was handled before: nothing changed this time. */
    duplicate: z.boolean(),
    merged: z.array(z.string()),
    attached: z.array(IdentityKeySchema),
    conflicts: z.array(
      z.object({ type: z.string(), value: z.string(), heldBy: z.string().optional(), reason: z.string() }),
    ),
    ignored: z.array(z.object({ type: z.string(), raw: z.string(), reason: z.string() })),
    promoted: z.boolean(),
    changed: z.array(z.string()),
  }),
);

/** One event's result in a batch: its outcome, or the problem that refused it (the others go on). */
export const EventResultSchema = z.discriminatedUnion('ok', [
  z.object({
    index: z.number().int(),
    eventId: z.string(),
    ok: z.literal(true),
    outcome: IngestOutcomeSchema,
  }),
  z.object({
    index: z.number().int(),
    eventId: z.string().nullable(),
    ok: z.literal(false),
    problem: ProblemSchema,
  }),
]);

/** The results of a batch, one per event, in the order they were sent. */
export const EventBatchResultSchema = z.object({ data: z.array(EventResultSchema) });

/** A contact with everything kept about it, the newest timeline page first. */
export const ContactViewSchema = fits<Omit<ContactView, 'timeline'>>()(
  z.object({
    contact: ContactSchema,
    status: ContactStatusSchema,
    classification: ClassificationSchema,
    identities: z.array(IdentitySchema),
    conversations: z.array(ConversationSummarySchema),
    orders: z.array(OrderRecordSchema),
    notes: z.array(NoteSchema),
    flowRuns: z.array(FlowRunSchema),
  }),
).extend({ timeline: pageSchema(ActivitySchema) });

/** What a merge did: the merged contact as stored, and the record that lets it be undone. */
export const MergeResultSchema = fits<MergeResult>()(
  z.object({ contact: ContactSchema, record: MergeRecordSchema }),
);

/** What an undo did: the primary as stored after it, the contacts back, the fields put back. */
export const UnmergeResultSchema = fits<UnmergeResult>()(
  z.object({
    mergeId: z.string(),
    primary: ContactSchema,
    restored: z.array(ContactSchema),
    reverted: z.array(z.string()),
  }),
);

/** What a delete did. */
export const DeletionResultSchema = fits<DeletionResult>()(
  z.object({ contactId: z.string(), deletedAt: TimestampSchema, alreadyDeleted: z.boolean() }),
);

/** What an erasure removed, and kept unlinked, per table. */
export const ErasureResultSchema = fits<ErasureResult>()(
  z.object({
    contactIds: z.array(z.string()),
    removed: z.record(z.string(), z.number()),
    unlinked: z.record(z.string(), z.number()),
  }),
);

/** The consent in force: the latest record per purpose. */
export const ConsentStateSchema = fits<ConsentState>()(z.record(z.string(), ConsentRecordSchema));

const RowProblemSchema = z.object({ row: z.number().int(), column: z.string(), reason: z.string() });

/** What an import did: `created + updated + unchanged + rejected === rows`. */
export const ImportReportSchema = fits<ImportReport>()(
  z.object({
    importId: z.string(),
    dryRun: z.boolean(),
    file: z.object({
      encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
      bom: z.boolean(),
      delimiter: z.enum(CSV_DELIMITERS),
      header: z.array(z.string()),
    }),
    mapping: z.object({
      preset: z.enum(PRESET_NAMES).optional(),
      ambiguousWith: z.array(z.enum(PRESET_NAMES)),
      columns: z.array(
        z.object({
          index: z.number().int(),
          header: z.string(),
          target: ImportTargetSchema,
          via: z.enum(['override', 'preset', 'name', 'synonym', 'fuzzy', 'keyword', 'values', 'custom']),
        }),
      ),
    }),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    /** Every rejected row, in file order. */
    errors: z.array(RowProblemSchema),
    /** Every value dropped from a kept row, in file order. */
    warnings: z.array(RowProblemSchema),
  }),
);

/** A contact id in a path. */
export const ContactParamsSchema = z.object({ contactId: IdSchema });

/** An item id in a path (follow-ups, review items, reminders, merges). */
export const IdParamsSchema = z.object({ id: IdSchema });
