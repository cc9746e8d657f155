import { z } from 'zod';
import { NotFoundError, StaleVersionError } from '../errors/errors.js';
import { changeLogEntry } from '../followups/records.js';
import { ActorSchema } from '../model/activity.js';
import { parseInput } from '../model/parse.js';
import { humanText, IdSchema, keyText } from '../model/primitives.js';
import { REVIEW_REASONS, REVIEW_STATUSES, type ReviewItem } from '../model/review-item.js';
import type { Page } from '../ports/page.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import {
  assignReview,
  dismissReview,
  type ReviewChange,
  resolveReview,
  takeOverReview,
} from '../review/transitions.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** A review queue query: filters, then a page, the longest-waiting first. */
export const ReviewQueueSchema = z.object({
  /** Default: the items someone must still act on (`open`, `taken_over`). */
  status: z.union([z.enum(REVIEW_STATUSES), z.array(z.enum(REVIEW_STATUSES)).min(1)]).optional(),
  reason: z.union([z.enum(REVIEW_REASONS), z.array(z.enum(REVIEW_REASONS)).min(1)]).optional(),
  assignee: z
    .union([keyText({ min: 1, max: 200 }), z.array(keyText({ min: 1, max: 200 })).min(1)])
    .optional(),
  contactId: IdSchema.optional(),
  conversationId: IdSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(2000).optional(),
});
export type ReviewQueueQuery = z.input<typeof ReviewQueueSchema>;

/** Who acts on a review item, the version they saw, and a note. */
export const ReviewActingSchema = z.object({
  by: ActorSchema.default({ kind: 'user' }),
  /** The version the person saw; refused with `StaleVersionError` if the item moved on. */
  version: z.number().int().min(1).optional(),
  note: humanText({ max: 2000 }).optional(),
});
export type ReviewActing = z.input<typeof ReviewActingSchema>;
/** An assignment of a review item to a person. */
export const ReviewAssignSchema = ReviewActingSchema.extend({ assignee: keyText({ min: 1, max: 200 }) });

/**
 * Human review: the queue of conversations a person should look at (frustration, an escalation left
 * unanswered, an issue unresolved after many exchanges, custom rules, high-value leads), and what people
 * do with each: take it over, dismiss it, resolve it, assign it. The follow-up sweep opens the items;
 * every transition is stored with a version check, on the timeline and in the outbox.
 *
 * @example
 * ```ts
 * const { items } = await kit.review.queue('acme', { reason: 'frustration' });
 * await kit.review.takeOver('acme', items[0].id, { by: { kind: 'user', id: 'u_7' } });
 * ```
 */
export class ReviewService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /** The review queue, by when each item was flagged (then id), a page at a time. */
  async queue(workspaceId: string, query: ReviewQueueQuery = {}): Promise<Page<ReviewItem>> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const q = parseInput(ReviewQueueSchema, query, 'query');
    const where: Record<string, string | readonly string[]> = { status: q.status ?? ['open', 'taken_over'] };
    if (q.reason !== undefined) where.reason = q.reason;
    if (q.assignee !== undefined) where.assignee = q.assignee;
    if (q.contactId !== undefined) where.contactId = q.contactId;
    if (q.conversationId !== undefined) where.conversationId = q.conversationId;
    return this.context.store.transaction(workspaceId, (tx) =>
      tx.reviewItems.find({ where, limit: q.limit, ...(q.cursor === undefined ? {} : { cursor: q.cursor }) }),
    );
  }

  /** One review item. */
  async get(workspaceId: string, id: string): Promise<ReviewItem> {
    parseInput(IdSchema, id, 'id');
    const [item] = await this.context.store.transaction(workspaceId, (tx) => tx.reviewItems.get([id]));
    if (!item) throw new NotFoundError('reviewItem', workspaceId, id);
    return item;
  }

  /** A person takes the conversation over from the AI. */
  takeOver(workspaceId: string, id: string, input: ReviewActing = {}): Promise<ReviewItem> {
    const a = parseInput(ReviewActingSchema, input, 'takeOver');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      takeOverReview(item, { at, by: a.by, ...(a.note === undefined ? {} : { note: a.note }) }),
    );
  }

  /** A person decides the conversation needs no one. */
  dismiss(workspaceId: string, id: string, input: ReviewActing = {}): Promise<ReviewItem> {
    const a = parseInput(ReviewActingSchema, input, 'dismiss');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      dismissReview(item, { at, by: a.by, ...(a.note === undefined ? {} : { note: a.note }) }),
    );
  }

  /** The matter is settled. */
  resolve(workspaceId: string, id: string, input: ReviewActing = {}): Promise<ReviewItem> {
    const a = parseInput(ReviewActingSchema, input, 'resolve');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      resolveReview(item, { at, by: a.by, ...(a.note === undefined ? {} : { note: a.note }) }),
    );
  }

  /** Gives an open or taken-over item to a person. */
  assign(workspaceId: string, id: string, input: ReviewActing & { assignee: string }): Promise<ReviewItem> {
    const a = parseInput(ReviewAssignSchema, input, 'assign');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      assignReview(item, { at, by: a.by, assignee: a.assignee }),
    );
  }

  private transition(
    workspaceId: string,
    id: string,
    version: number | undefined,
    change: (item: ReviewItem, now: Date) => ReviewChange,
  ): Promise<ReviewItem> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, id, 'id');
    return this.context.run(workspaceId, async (tx: WorkspaceTransaction) => {
      const now = this.context.clock();
      const [item] = await tx.reviewItems.get([id], { lock: true });
      if (!item) throw new NotFoundError('reviewItem', workspaceId, id);
      if (version !== undefined && item.version !== version) {
        throw new StaleVersionError('reviewItem', id, version, item.version);
      }
      const result = change(item, now);
      await tx.reviewItems.put([result.item]);
      await tx.log.append([changeLogEntry(result, this.context.ids(), now)]);
      return result.item;
    });
  }
}
