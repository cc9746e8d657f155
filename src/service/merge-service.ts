import { z } from 'zod';
import { reclassifyContact } from '../classify/of-contact.js';
import { NotFoundError, ValidationError } from '../errors/errors.js';
import { mergeLimitBreach } from '../merge/merge-limits.js';
import { type MergePolicy, planMerge } from '../merge/plan-merge.js';
import { planUnmerge } from '../merge/plan-unmerge.js';
import type { Actor } from '../model/activity.js';
import type { Contact } from '../model/contact.js';
import { pairKey } from '../model/duplicate-suggestion.js';
import {
  type AbsorbedRows,
  type MergeReason,
  MergeReasonSchema,
  type MergeRecord,
} from '../model/merge-record.js';
import { parseInput } from '../model/parse.js';
import { IdSchema, type JsonValue } from '../model/primitives.js';
import { sameType } from '../model/same-type.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import { OWNED_TABLE_NAMES } from '../ports/schema/tables.js';
import type { ContactStore, WorkspaceTransaction } from '../ports/store.js';
import { consentInForce, withConsent } from '../privacy/consent-state.js';
import { reapplyRules } from '../scoring/reapply.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';
import { logEntry } from './runtime/log-entry.js';

/** Options of {@link MergeService.merge}. */
export const MergeOptionsSchema = z.object({
  /** Survivorship: whose values the merged contact keeps (default: the primary's, gaps filled). */
  policy: z.object({ survivorship: z.enum(['primary-first', 'most-recent']).optional() }).optional(),
  /** Who asked for the merge (a user id); recorded on the merge record and the timeline. */
  actor: z.string().trim().min(1).max(200).optional(),
  reason: MergeReasonSchema.default('manual'),
});
/** Options of {@link MergeService.merge}. */
export interface MergeOptions {
  /** Survivorship: whose values the merged contact keeps (default: the primary's, gaps filled). */
  policy?: { survivorship?: 'primary-first' | 'most-recent' | undefined } | undefined;
  /** Who asked for the merge (a user id); recorded on the merge record and the timeline. */
  actor?: string | undefined;
  /** Why: `manual` (default), `suggestion`, `identity`, … */
  reason?: z.input<typeof MergeOptionsSchema>['reason'];
}
sameType<MergeOptions, z.input<typeof MergeOptionsSchema>>();

const MergeTargetsSchema = z
  .object({
    workspaceId: IdSchema,
    primaryId: IdSchema,
    otherIds: z.array(IdSchema).min(1).max(100),
  })
  .superRefine((v, ctx) => {
    if (new Set(v.otherIds).size !== v.otherIds.length)
      ctx.addIssue({ code: 'custom', path: ['otherIds'], message: 'a contact is listed twice' });
    if (v.otherIds.includes(v.primaryId))
      ctx.addIssue({
        code: 'custom',
        path: ['otherIds'],
        message: 'the primary cannot be merged into itself',
      });
  });

/** Options of {@link MergeService.unmerge} and of deciding on a suggestion (`DuplicateService`). */
export const ActorOptionsSchema = z.object({ actor: z.string().trim().min(1).max(200).optional() });
/** Who acted, for the record. */
export interface ActorOptions {
  /** A user id; recorded on the merge record and the timeline. */
  actor?: string | undefined;
}
sameType<ActorOptions, z.input<typeof ActorOptionsSchema>>();

/** What a merge did. */
export interface MergeResult {
  /** The merged contact as stored. */
  readonly contact: Contact;
  /** The audit record that lets the merge be undone. */
  readonly record: MergeRecord;
}

/** What an unmerge did. */
export interface UnmergeResult {
  readonly mergeId: string;
  /** The primary as stored after the unmerge. */
  readonly primary: Contact;
  /** The merged-away contacts, back. */
  readonly restored: readonly Contact[];
  /** Fields of the primary put back to their value from before the merge. */
  readonly reverted: readonly string[];
}

const actorOf = (actor: string | undefined): Actor =>
  actor === undefined ? { kind: 'system' } : { kind: 'user', id: actor };
const isDeleted = (c: Contact) => (c as { deletedAt?: unknown }).deletedAt !== undefined;

/**
 * Merges and unmerges of stored contacts. Every merge is applied in one
 * transaction with its merge record, timeline entry and outbox event, and can be undone until later
 * events depend on it.
 *
 * @example
 * ```ts
 * const merges = new MergeService({ store });
 * const { record } = await merges.merge('acme', 'c_1', ['c_2'], { actor: 'user_7' });
 * await merges.unmerge('acme', record.id, { actor: 'user_7' }); // c_2 is back, with its rows
 *
 * ```
 */
export class MergeService {
  private readonly context: ServiceContext;
  private readonly store: ContactStore;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
    this.store = this.context.store;
  }

  /**
   * Merges `otherIds` into `primaryId` in one transaction: identities, timeline, conversations, orders,
   * notes, flow runs, consent and processed events move to the primary; profile and custom fields follow
   * the policy (see {@link planMerge}); tags and channels are united; stats are summed. Keeps a merge
   * record, writes `contact.merged` to the timeline and the outbox, and marks an open suggestion for the
   * pair accepted.
   *
   * @throws {@link contactkit!NotFoundError} when a contact does not exist.
   * @throws {@link contactkit!ValidationError} for bad ids, or when the merged contact would break an identity
   * limit (two different userIds).
   *
   * @example
   * ```ts
   * const { contact, record } = await merges.merge('acme', 'c_1', ['c_2'], { actor: 'user_7' });
   * record.provenance['profile.company']; // 'c_2' when only c_2 knew the company
   * ```
   */
  async merge(
    workspaceId: string,
    primaryId: string,
    otherIds: readonly string[],
    options: MergeOptions = {},
  ): Promise<MergeResult> {
    const targets = parseInput(MergeTargetsSchema, { workspaceId, primaryId, otherIds }, 'merge');
    const opts = parseInput(MergeOptionsSchema, options, 'options');
    return this.context.run(workspaceId, (tx) =>
      this.mergeIn(tx, targets.primaryId, targets.otherIds, {
        reason: opts.reason,
        ...(opts.actor === undefined ? {} : { actor: opts.actor }),
        ...(opts.policy === undefined ? {} : { policy: opts.policy as MergePolicy }),
      }),
    );
  }

  /**
   * {@link merge} inside a transaction the caller runs (accepting a suggestion, a scan's automatic
   * merges), with ids already checked.
   *
   * @internal
   */
  async mergeIn(
    tx: WorkspaceTransaction,
    primaryId: string,
    otherIds: readonly string[],
    opts: { reason: MergeReason; actor?: string; policy?: MergePolicy },
  ): Promise<MergeResult> {
    const ws = tx.workspaceId;
    const config = this.context.configOf(ws);
    const ids = [primaryId, ...otherIds];
    const found = new Map(
      (await tx.contacts.getMany(ids)).filter((c) => !isDeleted(c)).map((c) => [c.id, c]),
    );
    for (const id of ids) if (!found.has(id)) throw new NotFoundError('contact', ws, id);
    const primary = found.get(primaryId)!;
    const others = otherIds.map((id) => found.get(id)!);

    const identities = await tx.identities.listByContacts(ids);
    const breach = mergeLimitBreach(identities, config.identity.limits);
    if (breach) {
      throw new ValidationError({
        field: 'otherIds',
        value: [...otherIds],
        reason: `the merged contact would hold ${breach.count} ${breach.type} identities; the workspace allows ${breach.limit}`,
      });
    }
    const plan = planMerge(primary, others, opts.policy);
    const now = this.context.clock();
    // The contacts merged away must still be as read: a message another transaction counted on one
    // since would be lost with it (applyMerge then fails, and the merge runs again on fresh reads).
    const rows: AbsorbedRows[] = await tx.applyMerge(others.map((contact) => ({ contact, into: primaryId })));
    const record: MergeRecord = {
      workspaceId: ws,
      id: this.context.ids(),
      primaryId,
      absorbedIds: [...otherIds],
      reason: opts.reason,
      ...(opts.actor === undefined ? {} : { actor: opts.actor }),
      at: now,
      primaryBefore: primary,
      absorbedBefore: others,
      rows,
      provenance: { ...plan.provenance },
    };
    const from = [...otherIds];
    const merged = reclassifyContact(plan.contact, config, now).contact;
    // The consent in force, exactly: the fold of every contact's records, all the primary's now.
    const consent = consentInForce(await tx.consents.listByContact(primaryId));
    const contact: Contact = {
      ...withConsent(merged, consent),
      updatedAt: now,
      version: primary.version + 1,
    };
    await tx.contacts.updateMany([contact]);
    await tx.merges.insert(record);
    await tx.log.append([
      logEntry(
        this.context,
        ws,
        {
          contactId: primaryId,
          activity: {
            type: 'contact.merged',
            actor: actorOf(opts.actor),
            data: {
              mergeId: record.id,
              mergedIds: from,
              reason: opts.reason,
              provenance: { ...plan.provenance },
            },
          },
          event: {
            type: 'contact.merged',
            payload: { mergeId: record.id, mergedIds: from, reason: opts.reason },
          },
        },
        now,
      ),
    ]);
    // A merge made by hand settles any open suggestion about the same pair.
    const open = (await tx.suggestions.getMany(from.map((id) => pairKey(primaryId, id)))).filter(
      (s) => s.status === 'open',
    );
    for (const s of open) await tx.suggestions.decide(s.id, 'accepted', now, opts.actor);
    return { contact, record };
  }

  /**
   * Undoes a merge in one transaction: the merged-away contacts come back as they were, with their
   * identities and the rows they brought (by id); the primary gets its own values back while what
   * happened to it since the merge stays on it (see {@link planUnmerge}). Writes `contact.unmerged` to
   * the timelines of the primary and of every restored contact, and to the outbox.
   *
   * @throws {@link contactkit!NotFoundError} when the merge record does not exist.
   * @throws {@link contactkit!MergeNotUndoableError} when later activity makes it impossible, with the reason.
   *
   * @example
   * ```ts
   * const { restored } = await merges.unmerge('acme', 'merge_1', { actor: 'user_7' });
   * ```
   */
  async unmerge(workspaceId: string, mergeId: string, options: ActorOptions = {}): Promise<UnmergeResult> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, mergeId, 'mergeId');
    const { actor } = parseInput(ActorOptionsSchema, options, 'options');
    return this.context.run(workspaceId, async (tx) => {
      const record = await tx.merges.get(mergeId);
      if (!record) throw new NotFoundError('merge', workspaceId, mergeId);
      const primary = await tx.contacts.get(record.primaryId);
      const keys = record.rows.flatMap((r) => r.identities.map((i) => ({ type: i.type, value: i.value })));
      const [primaryIdentities, related, holders, existing] = await Promise.all([
        primary ? tx.identities.listByContacts([primary.id]) : [],
        tx.merges.listByContact(record.primaryId),
        keys.length > 0 ? tx.identities.findByKeys(keys) : [],
        tx.contacts.getMany(record.absorbedIds),
      ]);
      const now = this.context.clock();
      const plan = planUnmerge({
        record,
        primary,
        primaryIdentities,
        related,
        holders,
        existing: existing.map((c) => c.id),
        now,
      });

      const from = record.primaryId;
      // Each contact's score is the decayed sum of its own ledger again: rebuilt from the entries each
      // holds after the unmerge, then classified afresh. A restored contact is stored so at once.
      const config = this.context.configOf(workspaceId);
      const rescored = (contact: Contact, ledger: readonly LedgerEntry[]): Contact => {
        const withScore: Contact =
          ledger.length === 0 && contact.scoreState === undefined
            ? contact
            : { ...contact, scoreState: reapplyRules(contact.scoreState, ledger, config.scoring).state };
        return reclassifyContact(withScore, config, now).contact;
      };
      // Each carries the consent in force of the records it gets back (and the primary, below, of those
      // it keeps).
      const consentOf = async (keys: readonly string[] = []) =>
        consentInForce(keys.length > 0 ? await tx.consents.get(keys) : []);
      const restoredContacts: Contact[] = [];
      for (const r of plan.restored) {
        const keys = r.rows.rows.scoreLedger ?? [];
        const contact = withConsent(r.contact, await consentOf(r.rows.rows.consents));
        restoredContacts.push(rescored(contact, keys.length > 0 ? await tx.scoreLedger.get(keys) : []));
      }
      await tx.contacts.insertMany(restoredContacts);
      const identityMoves = plan.restored
        .filter(({ rows }) => rows.identities.length > 0)
        .map(({ contact, rows }) => ({ from, to: contact.id, keys: rows.identities }));
      if (identityMoves.length > 0) await tx.identities.move(identityMoves);
      const back = (keysOf: (rows: AbsorbedRows) => readonly string[]) =>
        plan.restored
          .filter(({ rows }) => keysOf(rows).length > 0)
          .map(({ contact, rows }) => ({ from, to: contact.id, keys: keysOf(rows) }));
      const logMoves = back((rows) => rows.logIds);
      if (logMoves.length > 0) await tx.log.move(logMoves);
      for (const name of OWNED_TABLE_NAMES) {
        const moves = back((rows) => rows.rows[name] ?? []);
        if (moves.length > 0) await tx[name].move(moves);
      }
      const primaryConsent = consentInForce(await tx.consents.listByContact(plan.primary.id));
      const storedPrimary = rescored(
        withConsent(plan.primary, primaryConsent),
        await tx.scoreLedger.listByContact(plan.primary.id),
      );
      await tx.contacts.updateMany([storedPrimary]);
      await tx.merges.markUndone(record.id, now);
      const restoredIds = plan.restored.map((r) => r.contact.id);
      const unmerged = (contactId: string, data: Record<string, JsonValue>, published: boolean) =>
        logEntry(
          this.context,
          workspaceId,
          {
            contactId,
            activity: {
              type: 'contact.unmerged',
              actor: actorOf(actor),
              data: { mergeId: record.id, ...data },
            },
            ...(published
              ? { event: { type: 'contact.unmerged', payload: { mergeId: record.id, restoredIds } } }
              : {}),
          },
          now,
        );
      await tx.log.append([
        unmerged(record.primaryId, { restoredIds, reverted: [...plan.reverted] }, true),
        ...restoredIds.map((id) => unmerged(id, { primaryId: record.primaryId }, false)),
      ]);
      return {
        mergeId: record.id,
        primary: storedPrimary,
        restored: restoredContacts,
        reverted: plan.reverted,
      };
    });
  }

  /**
   * The merges a contact took part in, as primary or merged away, newest first.
   *
   * @example
   * ```ts
   * const [last] = await merges.mergeHistory('acme', 'c_1');
   * if (last && !last.undoneAt) await merges.unmerge('acme', last.id);
   * ```
   */
  async mergeHistory(workspaceId: string, contactId: string): Promise<MergeRecord[]> {
    parseInput(IdSchema, contactId, 'contactId');
    return this.store.transaction(workspaceId, (tx) => tx.merges.listByContact(contactId));
  }
}

/** Builds a {@link MergeService}. */
export function createMergeService(options: ServiceOptions | ServiceContext): MergeService {
  return new MergeService(options);
}
