import { z } from 'zod';
import type { OversizedBlock } from '../dedupe/blocking.js';
import { CONTACT_MATCH_CONFIG, contactToMatchRecord } from '../dedupe/contact-record.js';
import { dedupePrepared } from '../dedupe/engine.js';
import { RecordsBuilder } from '../dedupe/records.js';
import type { PairExplanation } from '../dedupe/scoring.js';
import { NotFoundError, ValidationError } from '../errors/errors.js';
import type { MergePolicy } from '../merge/plan-merge.js';
import type { Contact } from '../model/contact.js';
import {
  type DuplicateSuggestion,
  pairKey,
  type SuggestionStatus,
  SuggestionStatusSchema,
} from '../model/duplicate-suggestion.js';
import type { Identity } from '../model/identity.js';
import type { MergeRecord } from '../model/merge-record.js';
import { parseInput } from '../model/parse.js';
import { IdSchema, type JsonValue } from '../model/primitives.js';
import { sameType } from '../model/same-type.js';
import type { Page, PageOptions } from '../ports/page.js';
import { encodeCursor, orderOf, orderValues } from '../ports/schema/query.js';
import { SUGGESTIONS } from '../ports/schema/tables.js';
import type { ContactStore, WorkspaceTransaction } from '../ports/store.js';
import {
  type ActorOptions,
  ActorOptionsSchema,
  MergeOptionsSchema,
  type MergeResult,
  MergeService,
} from './merge-service.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** Options of {@link DuplicateService.acceptSuggestion}. */
export const AcceptOptionsSchema = MergeOptionsSchema.omit({ reason: true }).extend({
  /** Which of the pair survives; default the one created first. */
  primaryId: IdSchema.optional(),
});
export type AcceptOptions = z.input<typeof AcceptOptionsSchema>;

/** Options of {@link DuplicateService.scan}. */
export const ScanOptionsSchema = z.object({
  /** Match probability to suggest at; default the workspace's `dedupe.suggestThreshold`. */
  threshold: z.number().gt(0).lt(1).optional(),
  /** Seed of the engine's random sampling, so a scan is repeatable (default 1). */
  seed: z.number().int().optional(),
  /** Contacts read per page, each page in its own short transaction (default 1000). */
  pageSize: z.number().int().min(1).max(1000).default(1000),
  /**
   * Most suggestions one scan stores, the likeliest first (default 10,000): a workspace with few
   * distinct names must not get hundreds of thousands at once. The rest wait for the next scan, once
   * people have worked through these.
   */
  maxSuggestions: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Suggestions returned in the result, the likeliest first (default 100); the rest by `listSuggestions`. */
  limit: z.number().int().min(1).max(1000).default(100),
});
/** Options of {@link DuplicateService.scan}. */
export interface ScanOptions {
  /** Match probability to suggest at; default the workspace's `dedupe.suggestThreshold`. */
  threshold?: number | undefined;
  /** Seed of the engine's random sampling, so a scan is repeatable (default 1). */
  seed?: number | undefined;
  /** Contacts read per page, each page in its own short transaction (default 1000). */
  pageSize?: number | undefined;
  /** Most suggestions one scan stores, the likeliest first (default 10,000). */
  maxSuggestions?: number | undefined;
  /** Suggestions returned in the result, the likeliest first (default 100); the rest by `listSuggestions`. */
  limit?: number | undefined;
}
sameType<ScanOptions, z.input<typeof ScanOptionsSchema>>();

/** Options of {@link DuplicateService.listSuggestions}. */
export const ListSuggestionsOptionsSchema = z.object({
  status: SuggestionStatusSchema.default('open'),
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: z.string().optional(),
});
export type ListSuggestionsOptions = z.input<typeof ListSuggestionsOptionsSchema>;

/** What a duplicate scan found and did. */
export interface ScanResult {
  /**
   * The likeliest open suggestions this scan stored or refreshed, highest weight first, at most `limit`;
   * `nextCursor` pages on through `listSuggestions`.
   */
  readonly suggestions: readonly DuplicateSuggestion[];
  /** Cursor for {@link DuplicateService.listSuggestions} after `suggestions`, when it holds more. */
  readonly nextCursor?: string;
  /** Pairs the scan found that people had already decided on, so were not suggested again. */
  readonly skippedDecided: number;
  /** Merges the scan made itself (only with `dedupe.autoMergeThreshold` set). */
  readonly merged: readonly MergeRecord[];
  /**
   * Keys too common to compare pair by pair ("last_name=smith, first_name=john"), compared only with
   * their nearest neighbours (see {@link OversizedBlock}), as Splink warns of them.
   */
  readonly warnings: readonly string[];
  readonly stats: {
    readonly contacts: number;
    readonly candidatePairs: number;
    /** Pairs at or above the threshold. */
    readonly pairs: number;
    /** Suggestions stored by this scan (at most `maxSuggestions`). */
    readonly stored: number;
    /** Pairs above the threshold left for a later scan, past `maxSuggestions`. */
    readonly deferred: number;
    /** Pairs not suggested because their merge is forbidden (two user ids). */
    readonly forbidden: number;
  };
}

// Suggestions written, and decided pairs looked up, per transaction.
const WRITE_BATCH = 500;

/** A warning line for an oversized block. */
function warningOf(block: OversizedBlock): string {
  const how = block.handled === 'windowed' ? 'compared with their nearest neighbours only' : 'skipped';
  return `blocking rule ${block.rule}: ${block.size} contacts share ${block.key}; ${how}`;
}

const isDeleted = (c: Contact) => (c as { deletedAt?: unknown }).deletedAt !== undefined;

/** A pair's explanation as stored on a suggestion: each field's level and bits of evidence. */
function explanationOf(pair: PairExplanation): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of pair.fields) {
    out[f.field] = { level: f.level, weight: f.weight, termFrequencyAdjustment: f.termFrequencyAdjustment };
  }
  return out;
}

/** A scored pair as a stored suggestion. */
function suggestionOf(workspaceId: string, pair: PairExplanation, now: Date): DuplicateSuggestion {
  return {
    workspaceId,
    id: pairKey(pair.left, pair.right),
    contactIds: pair.left < pair.right ? [pair.left, pair.right] : [pair.right, pair.left],
    weight: pair.weight,
    probability: pair.probability,
    explanation: explanationOf(pair),
    status: 'open',
    createdAt: now,
  };
}

/** Whether both contacts of a pair have a user id, and not the same: a merge the identity rules refuse. */
function twoUserIds(pair: PairExplanation): boolean {
  const level = pair.fields.find((f) => f.field === 'user_id')?.level;
  return level !== undefined && level !== 'missing' && level !== 'exact';
}

/** Of two contacts, the one that survives a merge by default: the one created first (then by id). */
function elder(a: Contact, b: Contact): [Contact, Contact] {
  const t = a.createdAt.getTime() - b.createdAt.getTime();
  return t < 0 || (t === 0 && a.id < b.id) ? [a, b] : [b, a];
}

/**
 * Likely duplicates among stored contacts: scans that suggest pairs with each field's contribution, and
 * the decisions people make on them. Accepting a suggestion merges the pair through {@link MergeService}.
 *
 * @example
 * ```ts
 * const duplicates = new DuplicateService({ store });
 * const scan = await duplicates.scan('acme');
 * scan.suggestions[0]?.explanation; // { first_name: { level: 'nickname', weight: 4.1, … }, … }
 * ```
 */
export class DuplicateService {
  private readonly context: ServiceContext;
  private readonly store: ContactStore;
  private readonly merges: MergeService;

  constructor(options: ServiceOptions | ServiceContext, merges?: MergeService) {
    this.context = ServiceContext.from(options);
    this.store = this.context.store;
    this.merges = merges ?? new MergeService(this.context);
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
   * const { suggestions } = await duplicates.scan('acme');
   * for (const s of suggestions) console.log(s.contactIds, s.probability, s.explanation);
   * ```
   */
  async scan(workspaceId: string, options: ScanOptions = {}): Promise<ScanResult> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const opts = parseInput(ScanOptionsSchema, options, 'options');
    const rules = this.context.configOf(workspaceId).dedupe;
    const threshold = opts.threshold ?? rules.suggestThreshold;

    // Streamed: a page of contacts and their identities at a time, each in its own transaction, turned
    // into compact match records at once; the contacts themselves are not kept.
    const builder = new RecordsBuilder(CONTACT_MATCH_CONFIG.fields);
    let cursor: string | undefined;
    do {
      cursor = await this.store.transaction(workspaceId, async (tx) => {
        const page = await tx.contacts.list({
          limit: opts.pageSize,
          ...(cursor === undefined ? {} : { cursor }),
        });
        const live = page.items.filter((c) => !isDeleted(c));
        const identities = live.length > 0 ? await tx.identities.listByContacts(live.map((c) => c.id)) : [];
        const byContact = new Map<string, Identity[]>();
        for (const i of identities) {
          const held = byContact.get(i.contactId);
          if (held) held.push(i);
          else byContact.set(i.contactId, [i]);
        }
        for (const c of live) builder.add(contactToMatchRecord(c, byContact.get(c.id) ?? []));
        return page.nextCursor;
      });
    } while (cursor !== undefined);
    const contacts = builder.size;
    const empty = { stored: 0, deferred: 0, forbidden: 0, pairs: 0, candidatePairs: 0, contacts };
    if (contacts < 2) {
      return { suggestions: [], skippedDecided: 0, merged: [], warnings: [], stats: empty };
    }

    const result = dedupePrepared(
      builder.build(),
      { ...CONTACT_MATCH_CONFIG, threshold },
      { explain: false, ...(opts.seed === undefined ? {} : { seed: opts.seed }) },
    );
    const { links, ids } = result;
    // Likeliest first; ties by pair key, so the same data gives the same suggestions.
    const keyOf = (k: number) => pairKey(ids[links.left[k]!]!, ids[links.right[k]!]!);
    const order = Array.from({ length: links.count }, (_, k) => k).sort(
      (a, b) => links.weight[b]! - links.weight[a]! || (keyOf(a) < keyOf(b) ? -1 : 1),
    );
    const now = this.context.clock();
    const stored: DuplicateSuggestion[] = [];
    let skipped = 0;
    let forbidden = 0;
    let next = 0;
    // In batches, likeliest first, until the bound: pairs people decided on are skipped, pairs whose
    // merge the identity rules forbid (two user ids) are never suggested.
    while (next < order.length && stored.length < opts.maxSuggestions) {
      const batch: DuplicateSuggestion[] = [];
      const room = Math.min(WRITE_BATCH, opts.maxSuggestions - stored.length);
      while (next < order.length && batch.length < room) {
        const k = order[next++]!;
        const pair = result.explainAt(links.left[k]!, links.right[k]!);
        if (twoUserIds(pair)) {
          forbidden++;
          continue;
        }
        batch.push(suggestionOf(workspaceId, pair, now));
      }
      const fresh = await this.context.run(workspaceId, async (tx) => {
        const decided = new Set(
          (await tx.suggestions.getMany(batch.map((x) => x.id)))
            .filter((x) => x.status !== 'open')
            .map((x) => x.id),
        );
        const open = batch.filter((x) => !decided.has(x.id));
        if (open.length > 0) await tx.suggestions.upsertMany(open);
        skipped += batch.length - open.length;
        return open;
      });
      stored.push(...fresh);
    }
    const deferred = order.length - next;

    const merged: MergeRecord[] = [];
    const auto = rules.autoMergeThreshold;
    if (auto !== null) {
      // Contacts merged away earlier in this scan are gone: a later pair with one of them is skipped
      // rather than chained, so one scan never merges more than the pairs it was sure of.
      const gone = new Set<string>();
      for (const x of stored) {
        if (x.probability < auto) continue;
        const [a, b] = x.contactIds;
        if (gone.has(a) || gone.has(b)) continue;
        try {
          const { record } = await this.context.run(workspaceId, async (tx) => {
            const pair = await tx.contacts.getMany([a, b]);
            if (pair.length < 2) throw new NotFoundError('contact', workspaceId, pair[0]?.id === a ? b : a);
            const [primary, other] = elder(pair[0]!, pair[1]!);
            return this.merges.mergeIn(tx, primary.id, [other.id], { reason: 'auto' });
          });
          merged.push(record);
          gone.add(record.absorbedIds[0]!);
        } catch (error) {
          // A pair the identity rules forbid, or one changed since the scan, stays a suggestion.
          if (error instanceof ValidationError || error instanceof NotFoundError) continue;
          throw error;
        }
      }
    }
    const mergedPairs = new Set(merged.map((m) => pairKey(m.primaryId, m.absorbedIds[0]!)));
    const open = stored.filter((x) => !mergedPairs.has(x.id));
    const page = open.slice(0, opts.limit);
    return {
      suggestions: page,
      // The cursor of listSuggestions' order (weight, then id), so it pages on from here.
      ...(open.length > opts.limit
        ? { nextCursor: encodeCursor(orderValues(SUGGESTIONS, orderOf(SUGGESTIONS), page.at(-1)!)) }
        : {}),
      skippedDecided: skipped,
      merged,
      warnings: result.oversized.map(warningOf),
      stats: {
        contacts,
        candidatePairs: result.stats.candidatePairs,
        pairs: links.count,
        stored: stored.length,
        deferred,
        forbidden,
      },
    };
  }

  /**
   * Stored suggestions with a status (default `open`), highest weight first. Open suggestions about a
   * contact that no longer exists (merged or erased since) are left out.
   *
   * @example
   * ```ts
   * const page = await duplicates.listSuggestions('acme', { limit: 20 });
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
   * @throws {@link contactkit!NotFoundError} when the suggestion or one of its contacts does not exist.
   * @throws {@link contactkit!ValidationError} when it was already decided, or the merge would break an identity limit.
   *
   * @example
   * ```ts
   * const { record } = await duplicates.acceptSuggestion('acme', 'c_1|c_2', { actor: 'user_7' });
   * ```
   */
  async acceptSuggestion(
    workspaceId: string,
    suggestionId: string,
    options: AcceptOptions = {},
  ): Promise<MergeResult> {
    const opts = parseInput(AcceptOptionsSchema, options, 'options');
    return this.context.run(workspaceId, async (tx) => {
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
      return this.merges.mergeIn(tx, primaryId, [otherId], {
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
   * @throws {@link contactkit!NotFoundError} when the suggestion does not exist.
   * @throws {@link contactkit!ValidationError} when it was already decided.
   *
   * @example
   * ```ts
   * await duplicates.rejectSuggestion('acme', 'c_1|c_2', { actor: 'user_7' });
   * ```
   */
  async rejectSuggestion(
    workspaceId: string,
    suggestionId: string,
    options: ActorOptions = {},
  ): Promise<DuplicateSuggestion> {
    const { actor } = parseInput(ActorOptionsSchema, options, 'options');
    return this.context.run(workspaceId, async (tx) => {
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

/** Builds a {@link DuplicateService}. */
export function createDuplicateService(options: ServiceOptions | ServiceContext): DuplicateService {
  return new DuplicateService(options);
}
