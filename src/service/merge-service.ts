import { z } from 'zod';
import { CONTACT_MATCH_CONFIG, contactToMatchRecord } from '../dedupe/contact-record.js';
import { dedupe } from '../dedupe/engine.js';
import type { MatchRecord } from '../dedupe/records.js';
import type { PairExplanation } from '../dedupe/scoring.js';
import { NotFoundError, ValidationError } from '../errors/errors.js';
import { mergeLimitBreach } from '../merge/merge-limits.js';
import { type MergePolicy, planMerge } from '../merge/plan-merge.js';
import { planUnmerge } from '../merge/plan-unmerge.js';
import type { Activity, Actor } from '../model/activity.js';
import type { Contact } from '../model/contact.js';
import {
  type DuplicateSuggestion,
  pairKey,
  type SuggestionStatus,
  SuggestionStatusSchema,
} from '../model/duplicate-suggestion.js';
import type { Identity } from '../model/identity.js';
import {
  type AbsorbedRows,
  type MergeReason,
  MergeReasonSchema,
  type MergeRecord,
} from '../model/merge-record.js';
import { parseInput } from '../model/parse.js';
import { IdSchema, type JsonValue } from '../model/primitives.js';
import type { Page, PageOptions } from '../ports/page.js';
import type { ContactStore, WorkspaceTransaction } from '../ports/store.js';
import { ServiceContext, type ServiceOptions } from './context.js';
import { holdContacts } from './hold-contact.js';
import { rowsOfMany } from './merge-rows.js';
import { moveContactRows } from './move-contact-rows.js';
import { withRetry } from './retry.js';

/** Options of {@link MergeService.merge}. */
export const MergeOptionsSchema = z.object({
  /** Survivorship: whose values the merged contact keeps (default: the primary's, gaps filled). */
  policy: z.object({ survivorship: z.enum(['primary-first', 'most-recent']).optional() }).optional(),
  /** Who asked for the merge (a user id); recorded on the merge record and the timeline. */
  actor: z.string().trim().min(1).max(200).optional(),
  reason: MergeReasonSchema.default('manual'),
});
export type MergeOptions = z.input<typeof MergeOptionsSchema>;

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

/** Options of {@link MergeService.unmerge} and of deciding on a suggestion. */
export const ActorOptionsSchema = z.object({ actor: z.string().trim().min(1).max(200).optional() });
export type ActorOptions = z.input<typeof ActorOptionsSchema>;

/** Options of {@link MergeService.acceptSuggestion}. */
export const AcceptOptionsSchema = MergeOptionsSchema.omit({ reason: true }).extend({
  /** Which of the pair survives; default the one created first. */
  primaryId: IdSchema.optional(),
});
export type AcceptOptions = z.input<typeof AcceptOptionsSchema>;

/** Options of {@link MergeService.scanForDuplicates}. */
export const ScanOptionsSchema = z.object({
  /** Match probability to suggest at; default the workspace's `dedupe.suggestThreshold`. */
  threshold: z.number().gt(0).lt(1).optional(),
  /** Seed of the engine's random sampling, so a scan is repeatable (default 1). */
  seed: z.number().int().optional(),
  /** Contacts read per page (default 1000). */
  pageSize: z.number().int().min(1).max(1000).default(1000),
});
export type ScanOptions = z.input<typeof ScanOptionsSchema>;

/** Options of {@link MergeService.listSuggestions}. */
export const ListSuggestionsOptionsSchema = z.object({
  status: SuggestionStatusSchema.default('open'),
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: z.string().optional(),
});
export type ListSuggestionsOptions = z.input<typeof ListSuggestionsOptionsSchema>;

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

/** What a duplicate scan found and did. */
export interface ScanResult {
  /** Open suggestions this scan stored or refreshed, highest weight first. */
  readonly suggestions: readonly DuplicateSuggestion[];
  /** Pairs the scan found that people had already decided on, so were not suggested again. */
  readonly skippedDecided: number;
  /** Merges the scan made itself (only with `dedupe.autoMergeThreshold` set). */
  readonly merged: readonly MergeRecord[];
  readonly stats: { readonly contacts: number; readonly candidatePairs: number; readonly pairs: number };
}

const actorOf = (actor: string | undefined): Actor =>
  actor === undefined ? { kind: 'system' } : { kind: 'user', id: actor };
const isDeleted = (c: Contact) => (c as { deletedAt?: unknown }).deletedAt !== undefined;

/** A pair's explanation as stored on a suggestion: each field's level and bits of evidence. */
function explanationOf(pair: PairExplanation): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of pair.fields) {
    out[f.field] = { level: f.level, weight: f.weight, termFrequencyAdjustment: f.termFrequencyAdjustment };
  }
  return out;
}

/** Of two contacts, the one that survives a merge by default: the one created first (then by id). */
function elder(a: Contact, b: Contact): [Contact, Contact] {
  const t = a.createdAt.getTime() - b.createdAt.getTime();
  return t < 0 || (t === 0 && a.id < b.id) ? [a, b] : [b, a];
}

/**
 * Merges, unmerges and duplicate suggestions over stored contacts. Every merge is applied in one
 * transaction with its merge record, timeline entry and outbox event, and can be undone until later
 * events depend on it.
 *
 * @example
 * ```ts
 * const merges = new MergeService({ store });
 * const { record } = await merges.merge('acme', 'c_1', ['c_2'], { actor: 'user_7' });
 * await merges.unmerge('acme', record.id, { actor: 'user_7' }); // c_2 is back, with its rows
 *
 * const scan = await merges.scanForDuplicates('acme');
 * scan.suggestions[0]?.explanation; // { first_name: { level: 'nickname', weight: 4.1, … }, … }
 * ```
 */
export class MergeService {
  private readonly context: ServiceContext;
  private readonly store: ContactStore;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
    this.store = this.context.store;
  }

  private run<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    return withRetry(this.context.maxAttempts, () => this.store.transaction(workspaceId, fn));
  }

  /**
   * Merges `otherIds` into `primaryId` in one transaction: identities, timeline, conversations, orders,
   * notes, flow runs, consent and processed events move to the primary; profile and custom fields follow
   * the policy (see {@link planMerge}); tags and channels are united; stats are summed. Keeps a merge
   * record, writes `contact.merged` to the timeline and the outbox, and marks an open suggestion for the
   * pair accepted.
   *
   * @throws {@link NotFoundError} when a contact does not exist.
   * @throws {@link ValidationError} for bad ids, or when the merged contact would break an identity
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
    return this.run(workspaceId, (tx) =>
      this.mergeIn(tx, targets.primaryId, targets.otherIds, {
        reason: opts.reason,
        ...(opts.actor === undefined ? {} : { actor: opts.actor }),
        ...(opts.policy === undefined ? {} : { policy: opts.policy as MergePolicy }),
      }),
    );
  }

  private async mergeIn(
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
    // The contacts merged away must still be as read: a message another transaction counted on one
    // since would be lost with it (the service then runs the merge again on fresh reads).
    await holdContacts(tx, others);
    const rowsById = await rowsOfMany(tx, otherIds, identities);
    const rows: AbsorbedRows[] = otherIds.map((id) => rowsById.get(id)!);

    const plan = planMerge(primary, others, opts.policy);
    const now = this.context.clock();
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

    // Rows first, then the contacts: deleting a contact deletes the identities it still holds.
    const from = [...otherIds];
    await moveContactRows(tx, from, primaryId);
    await tx.contacts.deleteMany(from);
    const contact: Contact = { ...plan.contact, updatedAt: now, version: primary.version + 1 };
    await tx.contacts.updateMany([contact]);
    await tx.merges.insert(record);
    await tx.activities.append([
      {
        id: this.context.ids(),
        workspaceId: ws,
        contactId: primaryId,
        type: 'contact.merged',
        at: now,
        actor: actorOf(opts.actor),
        data: {
          mergeId: record.id,
          mergedIds: from,
          reason: opts.reason,
          provenance: { ...plan.provenance },
        },
      },
    ]);
    await tx.outbox.append([
      {
        id: this.context.ids(),
        workspaceId: ws,
        type: 'contact.merged',
        contactId: primaryId,
        at: now,
        payload: { contactId: primaryId, mergeId: record.id, mergedIds: from, reason: opts.reason },
      },
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
   * @throws {@link NotFoundError} when the merge record does not exist.
   * @throws {@link MergeNotUndoableError} when later activity makes it impossible, with the reason.
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
    return this.run(workspaceId, async (tx) => {
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

      const from = [record.primaryId];
      await tx.contacts.insertMany(plan.restored.map((r) => r.contact));
      for (const { contact, rows } of plan.restored) {
        const to = contact.id;
        const back = async (ids: readonly string[], move: (ids: readonly string[]) => Promise<number>) => {
          if (ids.length > 0) await move(ids);
        };
        if (rows.identities.length > 0) await tx.identities.reassignKeys(rows.identities, to);
        await back(rows.activityIds, (ids) => tx.activities.reassign(from, to, ids));
        await back(rows.conversationIds, (ids) => tx.conversations.reassign(from, to, ids));
        await back(rows.orderIds, (ids) => tx.orders.reassign(from, to, ids));
        await back(rows.noteIds, (ids) => tx.notes.reassign(from, to, ids));
        await back(rows.flowRunIds, (ids) => tx.flowRuns.reassign(from, to, ids));
        await back(rows.consentIds, (ids) => tx.consents.reassign(from, to, ids));
        await back(rows.processedEventIds, (ids) => tx.processedEvents.reassign(from, to, ids));
      }
      await tx.contacts.updateMany([plan.primary]);
      await tx.merges.markUndone(record.id, now);
      const restoredIds = plan.restored.map((r) => r.contact.id);
      const entry = (contactId: string, data: Record<string, JsonValue>): Activity => ({
        id: this.context.ids(),
        workspaceId,
        contactId,
        type: 'contact.unmerged',
        at: now,
        actor: actorOf(actor),
        data: { mergeId: record.id, ...data },
      });
      await tx.activities.append([
        entry(record.primaryId, { restoredIds, reverted: [...plan.reverted] }),
        ...restoredIds.map((id) => entry(id, { primaryId: record.primaryId })),
      ]);
      await tx.outbox.append([
        {
          id: this.context.ids(),
          workspaceId,
          type: 'contact.unmerged',
          contactId: record.primaryId,
          at: now,
          payload: { contactId: record.primaryId, mergeId: record.id, restoredIds },
        },
      ]);
      return {
        mergeId: record.id,
        primary: plan.primary,
        restored: plan.restored.map((r) => r.contact),
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

  /**
   * Scans a workspace's stored contacts for likely duplicates with the dedupe engine
   * ({@link CONTACT_MATCH_CONFIG}) and stores a suggestion, with each field's contribution, for every
   * pair at or above the workspace's `dedupe.suggestThreshold`. A pair people accepted or rejected is
   * never suggested again. When `dedupe.autoMergeThreshold` is set (off by default), pairs at or above it
   * are merged right away (reason `auto`), the older contact surviving.
   *
   * @example
   * ```ts
   * const { suggestions } = await merges.scanForDuplicates('acme');
   * for (const s of suggestions) console.log(s.contactIds, s.probability, s.explanation);
   * ```
   */
  async scanForDuplicates(workspaceId: string, options: ScanOptions = {}): Promise<ScanResult> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const opts = parseInput(ScanOptionsSchema, options, 'options');
    const rules = this.context.configOf(workspaceId).dedupe;
    const threshold = opts.threshold ?? rules.suggestThreshold;

    const { records, contacts } = await this.store.transaction(workspaceId, async (tx) => {
      const records: MatchRecord[] = [];
      const contacts = new Map<string, Contact>();
      let cursor: string | undefined;
      do {
        const page = await tx.contacts.list({
          limit: opts.pageSize,
          ...(cursor === undefined ? {} : { cursor }),
        });
        const live = page.items.filter((c) => !isDeleted(c));
        const identities = live.length > 0 ? await tx.identities.listByContacts(live.map((c) => c.id)) : [];
        const byContact = new Map<string, Identity[]>();
        for (const i of identities) byContact.set(i.contactId, [...(byContact.get(i.contactId) ?? []), i]);
        for (const c of live) {
          contacts.set(c.id, c);
          records.push(contactToMatchRecord(c, byContact.get(c.id) ?? []));
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return { records, contacts };
    });
    if (records.length < 2) {
      return {
        suggestions: [],
        skippedDecided: 0,
        merged: [],
        stats: { contacts: records.length, candidatePairs: 0, pairs: 0 },
      };
    }

    const result = dedupe(records, {
      config: { ...CONTACT_MATCH_CONFIG, threshold },
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    });
    const now = this.context.clock();
    const found = result.pairs.map(
      (pair): DuplicateSuggestion => ({
        workspaceId,
        id: pairKey(pair.left, pair.right),
        contactIds: pair.left < pair.right ? [pair.left, pair.right] : [pair.right, pair.left],
        weight: pair.weight,
        probability: pair.probability,
        explanation: explanationOf(pair),
        status: 'open',
        createdAt: now,
      }),
    );
    const { suggestions, skipped } = await this.run(workspaceId, async (tx) => {
      const decided = new Set(
        (await tx.suggestions.getMany(found.map((s) => s.id)))
          .filter((s) => s.status !== 'open')
          .map((s) => s.id),
      );
      const fresh = found.filter((s) => !decided.has(s.id));
      if (fresh.length > 0) await tx.suggestions.upsertMany(fresh);
      return { suggestions: fresh, skipped: found.length - fresh.length };
    });
    suggestions.sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));

    const merged: MergeRecord[] = [];
    const auto = rules.autoMergeThreshold;
    if (auto !== null) {
      // Contacts merged away earlier in this scan are gone: a later pair with one of them is skipped
      // rather than chained, so one scan never merges more than the pairs it was sure of.
      const gone = new Set<string>();
      for (const s of suggestions) {
        if (s.probability < auto) continue;
        const [a, b] = s.contactIds;
        if (gone.has(a) || gone.has(b)) continue;
        const [primary, other] = elder(contacts.get(a)!, contacts.get(b)!);
        try {
          const { record } = await this.run(workspaceId, (tx) =>
            this.mergeIn(tx, primary.id, [other.id], { reason: 'auto' }),
          );
          merged.push(record);
          gone.add(other.id);
        } catch (error) {
          // A pair the identity rules forbid (two userIds), or one changed since the scan, stays a suggestion.
          if (error instanceof ValidationError || error instanceof NotFoundError) continue;
          throw error;
        }
      }
    }
    return {
      suggestions: suggestions.filter(
        (s) => !merged.some((m) => pairKey(m.primaryId, m.absorbedIds[0]!) === s.id),
      ),
      skippedDecided: skipped,
      merged,
      stats: {
        contacts: records.length,
        candidatePairs: result.stats.candidatePairs,
        pairs: result.pairs.length,
      },
    };
  }

  /**
   * Stored suggestions with a status (default `open`), highest weight first. Open suggestions about a
   * contact that no longer exists (merged or erased since) are left out.
   *
   * @example
   * ```ts
   * const page = await merges.listSuggestions('acme', { limit: 20 });
   * ```
   */
  async listSuggestions(
    workspaceId: string,
    options: ListSuggestionsOptions = {},
  ): Promise<Page<DuplicateSuggestion>> {
    const opts = parseInput(ListSuggestionsOptionsSchema, options, 'options');
    const page: PageOptions = {
      ...(opts.limit === undefined ? {} : { limit: opts.limit }),
      ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }),
    };
    return this.store.transaction(workspaceId, async (tx) => {
      const result = await tx.suggestions.list(opts.status as SuggestionStatus, page);
      if (opts.status !== 'open') return result;
      const ids = [...new Set(result.items.flatMap((s) => s.contactIds))];
      const live = new Set((await tx.contacts.getMany(ids)).filter((c) => !isDeleted(c)).map((c) => c.id));
      const items = result.items.filter((s) => live.has(s.contactIds[0]) && live.has(s.contactIds[1]));
      return result.nextCursor === undefined ? { items } : { items, nextCursor: result.nextCursor };
    });
  }

  /**
   * Accepts a suggestion: merges the pair (the contact created first survives, unless `primaryId` says
   * otherwise) and marks the suggestion accepted, in one transaction.
   *
   * @throws {@link NotFoundError} when the suggestion or one of its contacts does not exist.
   * @throws {@link ValidationError} when it was already decided, or the merge would break an identity limit.
   *
   * @example
   * ```ts
   * const { record } = await merges.acceptSuggestion('acme', 'c_1|c_2', { actor: 'user_7' });
   * ```
   */
  async acceptSuggestion(
    workspaceId: string,
    suggestionId: string,
    options: AcceptOptions = {},
  ): Promise<MergeResult> {
    const opts = parseInput(AcceptOptionsSchema, options, 'options');
    return this.run(workspaceId, async (tx) => {
      const suggestion = await this.openSuggestion(tx, suggestionId);
      const [a, b] = suggestion.contactIds;
      if (opts.primaryId !== undefined && opts.primaryId !== a && opts.primaryId !== b) {
        throw new ValidationError({
          field: 'options.primaryId',
          value: opts.primaryId,
          reason: `not one of the suggested pair "${a}", "${b}"`,
        });
      }
      const pair = await tx.contacts.getMany([a, b]);
      for (const id of [a, b])
        if (!pair.some((c) => c.id === id)) throw new NotFoundError('contact', workspaceId, id);
      const primaryId = opts.primaryId ?? elder(pair[0]!, pair[1]!)[0].id;
      const otherId = primaryId === a ? b : a;
      // mergeIn marks the open suggestion for the pair accepted, by the same actor.
      return this.mergeIn(tx, primaryId, [otherId], {
        reason: 'suggestion',
        ...(opts.actor === undefined ? {} : { actor: opts.actor }),
        ...(opts.policy === undefined ? {} : { policy: opts.policy as MergePolicy }),
      });
    });
  }

  /**
   * Rejects a suggestion: the two contacts are different people, and no later scan suggests the pair
   * again.
   *
   * @throws {@link NotFoundError} when the suggestion does not exist.
   * @throws {@link ValidationError} when it was already decided.
   *
   * @example
   * ```ts
   * await merges.rejectSuggestion('acme', 'c_1|c_2', { actor: 'user_7' });
   * ```
   */
  async rejectSuggestion(
    workspaceId: string,
    suggestionId: string,
    options: ActorOptions = {},
  ): Promise<DuplicateSuggestion> {
    const { actor } = parseInput(ActorOptionsSchema, options, 'options');
    return this.run(workspaceId, async (tx) => {
      const suggestion = await this.openSuggestion(tx, suggestionId);
      const now = this.context.clock();
      await tx.suggestions.decide(suggestion.id, 'rejected', now, actor);
      return {
        ...suggestion,
        status: 'rejected',
        decidedAt: now,
        ...(actor === undefined ? {} : { decidedBy: actor }),
      };
    });
  }

  private async openSuggestion(tx: WorkspaceTransaction, id: string): Promise<DuplicateSuggestion> {
    parseInput(IdSchema, id, 'suggestionId');
    const [suggestion] = await tx.suggestions.getMany([id]);
    if (!suggestion) throw new NotFoundError('suggestion', tx.workspaceId, id);
    if (suggestion.status !== 'open') {
      throw new ValidationError({
        field: 'suggestion.status',
        value: suggestion.status,
        reason: `suggestion "${id}" was already ${suggestion.status}`,
      });
    }
    return suggestion;
  }
}

/** Builds a {@link MergeService}. */
export function createMergeService(options: ServiceOptions | ServiceContext): MergeService {
  return new MergeService(options);
}
