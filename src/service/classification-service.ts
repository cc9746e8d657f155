import { z } from 'zod';
import { classificationLogEntries } from '../classify/log-entries.js';
import { reclassifyContact } from '../classify/of-contact.js';
import { NotFoundError } from '../errors/errors.js';
import { type Actor, ActorSchema } from '../model/activity.js';
import { type ClassificationChange, JourneyStageSchema } from '../model/classification.js';
import type { Contact } from '../model/contact.js';
import type { LogEntry } from '../model/log-entry.js';
import { parseInput } from '../model/parse.js';
import { IdSchema, TimestampInputSchema } from '../model/primitives.js';
import { sameType } from '../model/same-type.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { Page } from '../ports/page.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import { applySignals } from '../scoring/apply-signals.js';
import { needsReapply, reapplyRules } from '../scoring/reapply.js';
import { explainScore, type ScoreExplanation } from '../scoring/score.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';
import { logEntry } from './runtime/log-entry.js';

/** Options of the sweeps. */
export const SweepOptionsSchema = z.object({
  /** The moment to classify at; default the clock's. */
  now: TimestampInputSchema.optional(),
  /** Contacts per transaction (default 1000). */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
  /** Resume after this contact id (a previous call's `cursor`). */
  cursor: z.string().optional(),
  /** Stop after this many contacts, returning a cursor to resume from. Default: the whole workspace. */
  limit: z.number().int().min(1).optional(),
});
/** Options of {@link ClassificationService.reclassify} and {@link ClassificationService.reapplyRules}. */
export interface SweepOptions {
  /** The moment to classify at (a Date, ISO string or epoch milliseconds); default the clock's. */
  now?: z.input<typeof SweepOptionsSchema>['now'];
  /** Contacts per transaction (default 1000). */
  batchSize?: number | undefined;
  /** Resume after this contact id (a previous call's `cursor`). */
  cursor?: string | undefined;
  /** Stop after this many contacts, returning a cursor to resume from. Default: the whole workspace. */
  limit?: number | undefined;
}
sameType<SweepOptions, z.input<typeof SweepOptionsSchema>>();

/** What a sweep did. */
export interface SweepResult {
  readonly scanned: number;
  /** Contacts whose stored classification (or score) changed. */
  readonly updated: number;
  /** Status, stage and grade changes recorded on timelines. */
  readonly changes: number;
  /** Where to resume; absent when the workspace was swept to the end. */
  readonly cursor?: string;
}

/** A manual score adjustment. */
export const ScoreAdjustmentSchema = z.object({
  points: z.number().finite().min(-10_000).max(10_000),
  category: z.string().trim().min(1).max(64).default('manual'),
  note: z.string().max(1000).optional(),
  actor: ActorSchema.optional(),
});
export type ScoreAdjustment = z.input<typeof ScoreAdjustmentSchema>;

/**
 * Status, stage, lead score and the rest, kept current: the sweep that brings every stored
 * classification up to `now` as time passes (statuses lapse, scores decay), the re-application of a
 * changed rule set to every contact's ledger, manual score adjustments and stages, and the ledger that
 * explains a score. Intake classifies a contact on every event; these cover what no event triggers.
 *
 * @example
 * ```ts
 * setInterval(() => kit.classification.reclassify('acme'), 5 * 60_000); // statuses lapse without events
 * await kit.classification.adjustScore('acme', id, { points: 15, note: 'asked for a demo by phone' });
 * ```
 */
export class ClassificationService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /** The log entries of classification changes, by `actor` (default the system). */
  private changeEntries(
    workspaceId: string,
    contactId: string,
    changes: readonly ClassificationChange[],
    now: Date,
    actor?: Actor,
  ): LogEntry[] {
    return classificationLogEntries(changes, {
      workspaceId,
      contactId,
      at: now,
      recordedAt: now,
      newId: this.context.ids,
      ...(actor === undefined ? {} : { actor }),
    });
  }

  /**
   * Brings every live contact's stored classification up to `now`, a batch per transaction, writing
   * only the contacts whose classification changed and recording status, stage and grade changes with
   * their reason. Resumable: with `limit`, returns a `cursor` to continue from.
   */
  async reclassify(workspaceId: string, options: SweepOptions = {}): Promise<SweepResult> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const opts = parseInput(SweepOptionsSchema, options, 'options');
    const config = this.context.configOf(workspaceId);
    const now = opts.now ?? this.context.clock();
    let cursor = opts.cursor;
    let scanned = 0;
    let updated = 0;
    let changes = 0;
    for (;;) {
      const room = opts.limit === undefined ? opts.batchSize : Math.min(opts.batchSize, opts.limit - scanned);
      if (room <= 0) break;
      const batch = await this.context.run(workspaceId, async (tx) => {
        const page = await tx.contacts.list({ limit: room, ...(cursor === undefined ? {} : { cursor }) });
        const next: Contact[] = [];
        const entries: LogEntry[] = [];
        for (const contact of page.items) {
          if (contact.deletedAt !== undefined) continue;
          const result = reclassifyContact(contact, config, now);
          if (sameClassification(contact, result.contact)) continue;
          next.push({ ...result.contact, version: contact.version + 1 });
          entries.push(...this.changeEntries(workspaceId, contact.id, result.changes, now));
        }
        if (next.length > 0) await tx.contacts.updateMany(next);
        if (entries.length > 0) await tx.log.append(entries);
        return { page, updated: next.length, changes: entries.length };
      });
      scanned += batch.page.items.length;
      updated += batch.updated;
      changes += batch.changes;
      cursor = batch.page.nextCursor;
      if (cursor === undefined) break;
    }
    return { scanned, updated, changes, ...(cursor === undefined ? {} : { cursor }) };
  }

  /**
   * Re-applies the workspace's current scoring rules to every contact whose score was awarded under
   * another rule-set version: each award is re-valued (or removed, its rule gone), the score state
   * rebuilt from the ledger, and the contact classified again. Idempotent and resumable.
   */
  async reapplyRules(workspaceId: string, options: SweepOptions = {}): Promise<SweepResult> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const opts = parseInput(SweepOptionsSchema, options, 'options');
    const config = this.context.configOf(workspaceId);
    const now = opts.now ?? this.context.clock();
    let cursor = opts.cursor;
    let scanned = 0;
    let updated = 0;
    let changes = 0;
    for (;;) {
      const room = opts.limit === undefined ? opts.batchSize : Math.min(opts.batchSize, opts.limit - scanned);
      if (room <= 0) break;
      const batch = await this.context.run(workspaceId, async (tx) => {
        const page = await tx.contacts.list({ limit: room, ...(cursor === undefined ? {} : { cursor }) });
        const due = page.items.filter(
          (c) => c.deletedAt === undefined && needsReapply(c.scoreState, config.scoring),
        );
        const next: Contact[] = [];
        const entries: LogEntry[] = [];
        for (const contact of due) {
          const ledger = await tx.scoreLedger.listByContact(contact.id);
          const result = reapplyRules(contact.scoreState, ledger, config.scoring);
          if (result.updated.length > 0) await tx.scoreLedger.put(result.updated);
          if (result.removed.length > 0) await tx.scoreLedger.delete(result.removed.map((e) => e.id));
          const reclassified = reclassifyContact({ ...contact, scoreState: result.state }, config, now);
          next.push({ ...reclassified.contact, updatedAt: now, version: contact.version + 1 });
          entries.push(...this.changeEntries(workspaceId, contact.id, reclassified.changes, now));
        }
        if (next.length > 0) await tx.contacts.updateMany(next);
        if (entries.length > 0) await tx.log.append(entries);
        return { page, updated: next.length, changes: entries.length };
      });
      scanned += batch.page.items.length;
      updated += batch.updated;
      changes += batch.changes;
      cursor = batch.page.nextCursor;
      if (cursor === undefined) break;
    }
    return { scanned, updated, changes, ...(cursor === undefined ? {} : { cursor }) };
  }

  /**
   * Gives or takes points by hand, with a note: a ledger entry of its own (never capped, never
   * decaying), the score and classification updated, `contact.score_adjusted` published.
   *
   * @throws {@link contactkit!NotFoundError} when the contact does not exist.
   */
  async adjustScore(workspaceId: string, contactId: string, adjustment: ScoreAdjustment): Promise<Contact> {
    parseInput(IdSchema, contactId, 'contactId');
    const input = parseInput(ScoreAdjustmentSchema, adjustment, 'adjustment');
    const config = this.context.configOf(workspaceId);
    return this.context.run(workspaceId, async (tx) => {
      const contact = await this.held(tx, contactId);
      const now = this.context.clock();
      const { state, entries } = applySignals(
        contact.scoreState,
        [
          {
            kind: 'manual',
            at: now,
            points: input.points,
            category: input.category,
            ...(input.note === undefined ? {} : { note: input.note }),
          },
        ],
        config.scoring,
        { workspaceId, contactId, now, entryId: () => this.context.ids() },
      );
      const { contact: next, changes } = reclassifyContact({ ...contact, scoreState: state }, config, now);
      const stored = { ...next, updatedAt: now, version: contact.version + 1 };
      await tx.contacts.updateMany([stored]);
      await tx.scoreLedger.insert(entries);
      const actor = input.actor ?? { kind: 'user' as const };
      const data = { points: input.points, category: input.category, score: next.classification?.score ?? 0 };
      await tx.log.append([
        logEntry(
          this.context,
          workspaceId,
          {
            contactId,
            activity: {
              type: 'score.changed',
              actor,
              data: { ...data, ...(input.note ? { note: input.note } : {}) },
            },
            event: { type: 'contact.score_adjusted', payload: data },
          },
          now,
        ),
        ...this.changeEntries(workspaceId, contactId, changes, now),
      ]);
      return stored;
    });
  }

  /**
   * Sets a contact's journey stage by hand, or clears it (`null`) to let the signals decide again.
   * A manual stage sticks until cleared.
   */
  async setStage(
    workspaceId: string,
    contactId: string,
    stage: z.input<typeof JourneyStageSchema> | null,
  ): Promise<Contact> {
    parseInput(IdSchema, contactId, 'contactId');
    const chosen = stage === null ? null : parseInput(JourneyStageSchema, stage, 'stage');
    const config = this.context.configOf(workspaceId);
    return this.context.run(workspaceId, async (tx) => {
      const contact = await this.held(tx, contactId);
      const now = this.context.clock();
      const { manualStage: _old, ...rest } = contact;
      const base: Contact = chosen === null ? rest : { ...rest, manualStage: chosen };
      const { contact: next, changes } = reclassifyContact(base, config, now);
      const stored = { ...next, updatedAt: now, version: contact.version + 1 };
      await tx.contacts.updateMany([stored]);
      const entries = this.changeEntries(workspaceId, contactId, changes, now, { kind: 'user' });
      if (entries.length > 0) await tx.log.append(entries);
      return stored;
    });
  }

  /** A contact's score ledger, oldest award first, a page at a time. */
  async ledger(
    workspaceId: string,
    contactId: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<LedgerEntry>> {
    parseInput(IdSchema, contactId, 'contactId');
    return this.context.store.transaction(workspaceId, (tx) =>
      tx.scoreLedger.find({ where: { contactId }, ...page }),
    );
  }

  /** Why a contact has its score now: each rule's decayed contribution, from its ledger. */
  async explainScore(workspaceId: string, contactId: string): Promise<ScoreExplanation> {
    parseInput(IdSchema, contactId, 'contactId');
    const entries = await this.context.store.transaction(workspaceId, (tx) =>
      tx.scoreLedger.listByContact(contactId),
    );
    return explainScore(entries, this.context.clock());
  }

  private async held(tx: WorkspaceTransaction, contactId: string): Promise<Contact> {
    const [contact] = await tx.contacts.getMany([contactId], { lock: true });
    if (!contact || contact.deletedAt !== undefined)
      throw new NotFoundError('contact', tx.workspaceId, contactId);
    return contact;
  }
}

/**
 * Whether a reclassified contact changed what lists filter and sort by: status, stage, grade,
 * temperature, flags, sentiment level, completeness, or the score or predicted spend by a whole unit.
 * Scores decay and predictions drift a little every minute; writing every contact on every sweep for
 * that would make the sweep as costly as the workspace is large.
 */
function sameClassification(before: Contact, after: Contact): boolean {
  const a = before.classification;
  const b = after.classification;
  if (!a || !b) return a === b;
  const spend = (c: typeof a) =>
    Math.round(c.predictedSpend.total?.amount ?? c.predictedSpend.byCurrency[0]?.amount ?? 0);
  return (
    a.status === b.status &&
    a.stage === b.stage &&
    a.grade === b.grade &&
    a.temperature === b.temperature &&
    a.vip === b.vip &&
    a.atRisk === b.atRisk &&
    a.sentiment?.level === b.sentiment?.level &&
    a.completeness === b.completeness &&
    Math.round(a.score) === Math.round(b.score) &&
    spend(a) === spend(b)
  );
}

/** Builds a {@link ClassificationService}. */
export function createClassificationService(options: ServiceOptions | ServiceContext): ClassificationService {
  return new ClassificationService(options);
}
