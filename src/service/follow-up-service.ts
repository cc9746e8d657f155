import { z } from 'zod';
import { NotFoundError, StaleVersionError } from '../errors/errors.js';
import { recordFollowUpSent } from '../followups/apply-message.js';
import type { HoldReason } from '../followups/due.js';
import { DurationSchema, durationMs } from '../followups/duration.js';
import type { ConversationFacts } from '../followups/facts.js';
import { changeLogEntry } from '../followups/records.js';
import {
  approveFollowUp,
  assignFollowUp,
  dismissFollowUp,
  editFollowUp,
  type FollowUpChange,
  markFollowUpSent,
  suggestFollowUpDraft,
} from '../followups/transitions.js';
import { ActorSchema } from '../model/activity.js';
import {
  FOLLOW_UP_REASONS,
  FOLLOW_UP_STATUSES,
  type FollowUpItem,
  OPEN_FOLLOW_UP_STATUSES,
  type ScheduledReminder,
} from '../model/follow-up.js';
import { parseInput } from '../model/parse.js';
import { humanText, IdSchema, keyText, TimestampInputSchema } from '../model/primitives.js';
import { sameType } from '../model/same-type.js';
import type { Page } from '../ports/page.js';
import { countHolds, expireBatch, sweepBatch } from './follow-up-sweep.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** Options of {@link FollowUpService.runFollowUps}. */
export const FollowUpSweepOptionsSchema = z.object({
  /** The moment to sweep at; default the clock's. */
  now: TimestampInputSchema.optional(),
  /**
   * How far back a conversation's last message may be for the sweep to look at it (default 90 days).
   * Longer than any trigger's delay: a conversation silent for longer has had its follow-ups.
   */
  lookback: DurationSchema.default({ days: 90 }),
  /** Conversations (or reminders) per transaction (default 1000). */
  batchSize: z.number().int().min(1).max(1000).default(1000),
});
/** Options of {@link FollowUpService.runFollowUps}. */
export interface FollowUpSweepOptions {
  /** The moment to sweep at (a Date, ISO string or epoch milliseconds); default the clock's. */
  now?: z.input<typeof FollowUpSweepOptionsSchema>['now'];
  /**
   * How far back a conversation's last message may be for the sweep to look at it (default 90 days).
   * Longer than any trigger's delay: a conversation silent for longer has had its follow-ups.
   */
  lookback?: z.input<typeof FollowUpSweepOptionsSchema>['lookback'];
  /** Conversations (or reminders) per transaction (default 1000). */
  batchSize?: number | undefined;
}
sameType<FollowUpSweepOptions, z.input<typeof FollowUpSweepOptionsSchema>>();

/** What a sweep did. */
export interface FollowUpSweepReport {
  /** Conversations active within the lookback, and due reminders, that the sweep read. */
  readonly conversations: number;
  readonly reminders: number;
  /** Contacts evaluated (a contact is counted once per batch it appears in). */
  readonly contacts: number;
  /** Follow-up items created, as `pending`. */
  readonly created: number;
  /** Follow-ups whose time had come but that were held back, by why (quiet hours, consent, attempts…). */
  readonly held: Readonly<Partial<Record<HoldReason, number>>>;
  /** Human-review items opened. */
  readonly reviewsOpened: number;
  /** Sent items that got no reply in time, moved to `no_response`. */
  readonly expired: number;
}

const StatusListSchema = z.union([z.enum(FOLLOW_UP_STATUSES), z.array(z.enum(FOLLOW_UP_STATUSES)).min(1)]);

/** A follow-up queue query: filters, then a page in due-time order. */
export const FollowUpQueueSchema = z.object({
  /** Default: the items waiting for someone (`pending`, `approved`, `edited`). */
  status: StatusListSchema.optional(),
  reason: z.union([z.enum(FOLLOW_UP_REASONS), z.array(z.enum(FOLLOW_UP_REASONS)).min(1)]).optional(),
  channel: z.union([keyText({ min: 1, max: 64 }), z.array(keyText({ min: 1, max: 64 })).min(1)]).optional(),
  assignee: z
    .union([keyText({ min: 1, max: 200 }), z.array(keyText({ min: 1, max: 200 })).min(1)])
    .optional(),
  contactId: IdSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(2000).optional(),
});
export type FollowUpQueueQuery = z.input<typeof FollowUpQueueSchema>;

/** Who acts, and optionally the version they saw (refused with `ConcurrentUpdateError` if it moved on). */
export const ActingSchema = z.object({
  by: ActorSchema.default({ kind: 'user' }),
  version: z.number().int().min(1).optional(),
});
/** A draft or an edit: who acts, and the message's text. */
export const TextActionSchema = ActingSchema.extend({ text: humanText({ min: 1, max: 10_000 }) });
/** A dismissal, with an optional note. */
export const DismissSchema = ActingSchema.extend({ note: humanText({ max: 1000 }).optional() });
/** An assignment to a person. */
export const AssignSchema = ActingSchema.extend({ assignee: keyText({ min: 1, max: 200 }) });
/** The host's report that it sent an item. */
export const SentSchema = z.object({
  by: ActorSchema.default({ kind: 'host' }),
  version: z.number().int().min(1).optional(),
  /** When it went out; default now. */
  at: TimestampInputSchema.optional(),
  /** What went out; default the item's text. */
  text: humanText({ min: 1, max: 10_000 }).optional(),
  /** It went out as a pre-approved template (required outside the channel's service window). */
  template: z.boolean().optional(),
  /** Whether the message asked the customer something (default: as the message it follows up). */
  question: z.boolean().optional(),
});
export type FollowUpActing = z.input<typeof ActingSchema>;
export type FollowUpSent = z.input<typeof SentSchema>;

/** A reminder a person sets on a contact. */
export const ReminderInputSchema = z.object({
  dueAt: TimestampInputSchema,
  conversationId: IdSchema.optional(),
  channel: keyText({ min: 1, max: 64 }).optional(),
  note: humanText({ max: 1000 }).optional(),
  assignee: keyText({ min: 1, max: 200 }).optional(),
  by: ActorSchema.optional(),
});
export type ReminderInput = z.input<typeof ReminderInputSchema>;

/**
 * Follow-ups: the sweep that creates the due items, the queue people work from, and every transition
 * of an item (draft, assign, approve, edit, dismiss, sent), each stored with a version check and written
 * to the contact's timeline and the outbox in the same transaction. Replies and orders settle items in
 * intake. The library decides and records; the host drafts with its model and sends.
 *
 * @example
 * ```ts
 * setInterval(() => kit.followUps.runFollowUps('acme'), 60_000);
 * const { items } = await kit.followUps.queue('acme', { status: 'pending' });
 * await kit.followUps.draft('acme', items[0].id, { text: await myModel.draft(items[0]), by: { kind: 'ai' } });
 * await kit.followUps.approve('acme', items[0].id, { by: { kind: 'user', id: 'u_7' } });
 * // … the host sends it, then:
 * await kit.followUps.markSent('acme', items[0].id, { template: items[0].templateOnly });
 * ```
 */
export class FollowUpService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /**
   * Creates the follow-up items due at `now` and opens the human-review items the rules flag, for every
   * contact with a conversation active within the lookback or a reminder due; moves sent items that got
   * no reply in time to `no_response`. Idempotent: every item has a deterministic key, so sweeping again
   * at the same `now` creates nothing, even when two sweeps run at once on a server.
   */
  async runFollowUps(workspaceId: string, options: FollowUpSweepOptions = {}): Promise<FollowUpSweepReport> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const opts = parseInput(FollowUpSweepOptionsSchema, options, 'options');
    const config = this.context.configOf(workspaceId);
    const now = opts.now ?? this.context.clock();
    const ctx = { settings: config.followUps, review: config.review, now, newId: this.context.ids };
    const held: Partial<Record<HoldReason, number>> = {};
    let contacts = 0;
    let created = 0;
    let reviewsOpened = 0;
    const tally = (outcome: Awaited<ReturnType<typeof sweepBatch>>) => {
      contacts += outcome.contacts;
      created += outcome.created;
      reviewsOpened += outcome.reviewsOpened;
      countHolds(outcome.held, held);
    };

    // Reminders due: the oldest first, a batch at a time. Those that become items are deleted, so the
    // next batch starts from the front again; a held one stays, so the cursor moves past it.
    let reminders = 0;
    let reminderCursor: string | undefined;
    for (;;) {
      const batch = await this.context.run(workspaceId, async (tx) => {
        const page = await tx.reminders.find({
          limit: opts.batchSize,
          ...(reminderCursor === undefined ? {} : { cursor: reminderCursor }),
        });
        const due = page.items.filter((r) => r.dueAt <= now);
        const outcome = due.length
          ? await sweepBatch(tx, [...new Set(due.map((r) => r.contactId))], ctx)
          : undefined;
        return { page, due: due.length, outcome };
      });
      reminders += batch.due;
      if (batch.outcome) tally(batch.outcome);
      const last = batch.page.items.at(-1);
      if (batch.due < batch.page.items.length || batch.page.nextCursor === undefined || last === undefined)
        break;
      reminderCursor = batch.page.nextCursor;
    }

    // Conversations, most recently active first, until the lookback.
    const since = now.getTime() - durationMs(opts.lookback);
    let conversations = 0;
    let cursor: string | undefined;
    for (;;) {
      const batch = await this.context.run(workspaceId, async (tx) => {
        const page = await tx.conversations.find({
          limit: opts.batchSize,
          ...(cursor === undefined ? {} : { cursor }),
        });
        const active = page.items.filter(
          (c) => (c.lastMessageAt ?? c.startedAt).getTime() >= since && c.facts && c.contactId !== undefined,
        );
        const ids = [...new Set(active.map((c) => c.contactId as string))];
        const outcome = ids.length ? await sweepBatch(tx, ids, ctx, active) : undefined;
        const last = page.items.at(-1);
        const done =
          page.nextCursor === undefined ||
          last === undefined ||
          (last.lastMessageAt ?? last.startedAt).getTime() < since;
        return { next: page.nextCursor, active: active.length, outcome, done };
      });
      conversations += batch.active;
      if (batch.outcome) tally(batch.outcome);
      if (batch.done) break;
      cursor = batch.next;
    }

    let expired = 0;
    for (;;) {
      const batch = await this.context.run(workspaceId, (tx) =>
        expireBatch(tx, { settings: config.followUps, now, newId: this.context.ids, limit: opts.batchSize }),
      );
      expired += batch.expired;
      if (!batch.more) break;
    }
    return { conversations, reminders, contacts, created, held, reviewsOpened, expired };
  }

  /** The follow-up queue: items matching the filters, by due time (then id), a page at a time. */
  async queue(workspaceId: string, query: FollowUpQueueQuery = {}): Promise<Page<FollowUpItem>> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const q = parseInput(FollowUpQueueSchema, query, 'query');
    const where: Record<string, string | readonly string[]> = { status: q.status ?? OPEN_FOLLOW_UP_STATUSES };
    if (q.reason !== undefined) where.reason = q.reason;
    if (q.channel !== undefined) where.channel = q.channel;
    if (q.assignee !== undefined) where.assignee = q.assignee;
    if (q.contactId !== undefined) where.contactId = q.contactId;
    return this.context.store.transaction(workspaceId, (tx) =>
      tx.followUps.find({ where, limit: q.limit, ...(q.cursor === undefined ? {} : { cursor: q.cursor }) }),
    );
  }

  /** One follow-up item. */
  async get(workspaceId: string, id: string): Promise<FollowUpItem> {
    parseInput(IdSchema, id, 'id');
    const [item] = await this.context.store.transaction(workspaceId, (tx) => tx.followUps.get([id]));
    if (!item) throw new NotFoundError('followUp', workspaceId, id);
    return item;
  }

  /** Records the message the host's model suggests for a pending item. */
  draft(workspaceId: string, id: string, input: FollowUpActing & { text: string }): Promise<FollowUpItem> {
    const a = parseInput(TextActionSchema, input, 'draft');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      suggestFollowUpDraft(item, { at, by: a.by, text: a.text }),
    );
  }

  /** Gives an item not yet sent to a person. */
  assign(
    workspaceId: string,
    id: string,
    input: FollowUpActing & { assignee: string },
  ): Promise<FollowUpItem> {
    const a = parseInput(AssignSchema, input, 'assign');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      assignFollowUp(item, { at, by: a.by, assignee: a.assignee }),
    );
  }

  /** A person approves a pending item as drafted. */
  approve(workspaceId: string, id: string, input: FollowUpActing = {}): Promise<FollowUpItem> {
    const a = parseInput(ActingSchema, input, 'approve');
    return this.transition(workspaceId, id, a.version, (item, at) => approveFollowUp(item, { at, by: a.by }));
  }

  /** A person rewrites the message of an item not yet sent. */
  edit(workspaceId: string, id: string, input: FollowUpActing & { text: string }): Promise<FollowUpItem> {
    const a = parseInput(TextActionSchema, input, 'edit');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      editFollowUp(item, { at, by: a.by, text: a.text }),
    );
  }

  /** A person decides an item should not go out; the same occurrence never makes it again. */
  dismiss(
    workspaceId: string,
    id: string,
    input: FollowUpActing & { note?: string } = {},
  ): Promise<FollowUpItem> {
    const a = parseInput(DismissSchema, input, 'dismiss');
    return this.transition(workspaceId, id, a.version, (item, at) =>
      dismissFollowUp(item, { at, by: a.by, ...(a.note === undefined ? {} : { note: a.note }) }),
    );
  }

  /**
   * The host reports that it sent an approved or edited item. The conversation counts one more attempt
   * since the customer last wrote, and the next follow-up is timed from this one. Refused when only a
   * template may go out and `template` is not set.
   */
  markSent(workspaceId: string, id: string, input: FollowUpSent = {}): Promise<FollowUpItem> {
    const s = parseInput(SentSchema, input, 'sent');
    return this.transition(
      workspaceId,
      id,
      s.version,
      (item, now) =>
        markFollowUpSent(item, {
          at: s.at ?? now,
          by: s.by,
          ...(s.text === undefined ? {} : { text: s.text }),
          ...(s.template === undefined ? {} : { template: s.template }),
        }),
      (facts, item) =>
        recordFollowUpSent(facts, {
          at: item.sentAt ?? item.updatedAt,
          role: s.by.kind === 'user' ? 'agent' : 'ai',
          reason: item.reason,
          ...(s.question === undefined ? {} : { question: s.question }),
        }),
    );
  }

  /**
   * One transition, in one transaction: the item's conversation held first (intake's order), then the
   * item; the version checked; the item, the conversation's facts when the transition changes them, and
   * the timeline entry and outbox event written together.
   */
  private transition(
    workspaceId: string,
    id: string,
    version: number | undefined,
    change: (item: FollowUpItem, now: Date) => FollowUpChange,
    facts?: (facts: ConversationFacts, item: FollowUpItem) => ConversationFacts,
  ): Promise<FollowUpItem> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, id, 'id');
    return this.context.run(workspaceId, async (tx) => {
      const now = this.context.clock();
      const [peek] = await tx.followUps.get([id]);
      if (!peek) throw new NotFoundError('followUp', workspaceId, id);
      const [conversation] =
        facts && peek.conversationId !== undefined
          ? await tx.conversations.get([peek.conversationId], { lock: true })
          : [];
      const [item] = await tx.followUps.get([id], { lock: true });
      if (!item) throw new NotFoundError('followUp', workspaceId, id);
      if (version !== undefined && item.version !== version) {
        throw new StaleVersionError('followUp', id, version, item.version);
      }
      const result = change(item, now);
      await tx.followUps.put([result.item]);
      if (facts && conversation?.facts) {
        await tx.conversations.put([{ ...conversation, facts: facts(conversation.facts, result.item) }]);
      }
      await tx.log.append([changeLogEntry(result, this.context.ids(), now)]);
      return result.item;
    });
  }

  /** Sets a reminder: at `dueAt`, the sweep makes it a `scheduled` follow-up, whether automatic ones are on or not. */
  async remind(workspaceId: string, contactId: string, input: ReminderInput): Promise<ScheduledReminder> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, contactId, 'contactId');
    const r = parseInput(ReminderInputSchema, input, 'reminder');
    const now = this.context.clock();
    const reminder: ScheduledReminder = {
      workspaceId,
      id: this.context.ids(),
      contactId,
      dueAt: r.dueAt,
      ...(r.conversationId === undefined ? {} : { conversationId: r.conversationId }),
      ...(r.channel === undefined ? {} : { channel: r.channel }),
      ...(r.note === undefined ? {} : { note: r.note }),
      ...(r.by === undefined ? {} : { setBy: r.by }),
      ...(r.assignee === undefined ? {} : { assignee: r.assignee }),
      createdAt: now,
    };
    return this.context.run(workspaceId, async (tx) => {
      const [contact] = await tx.contacts.getMany([contactId]);
      if (!contact || contact.deletedAt !== undefined)
        throw new NotFoundError('contact', workspaceId, contactId);
      await tx.reminders.insert([reminder]);
      return reminder;
    });
  }

  /** Reminders not yet due (or held back), by due time; of one contact, or of the workspace. */
  async reminders(
    workspaceId: string,
    options: { contactId?: string; limit?: number; cursor?: string } = {},
  ): Promise<Page<ScheduledReminder>> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    if (options.contactId !== undefined) parseInput(IdSchema, options.contactId, 'contactId');
    return this.context.store.transaction(workspaceId, (tx) =>
      tx.reminders.find({
        ...(options.contactId === undefined ? {} : { where: { contactId: options.contactId } }),
        limit: options.limit ?? 50,
        ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      }),
    );
  }

  /** Cancels a reminder before it comes due. */
  async cancelReminder(workspaceId: string, id: string): Promise<void> {
    parseInput(IdSchema, id, 'id');
    const removed = await this.context.run(workspaceId, (tx) => tx.reminders.delete([id]));
    if (removed === 0) throw new NotFoundError('reminder', workspaceId, id);
  }
}
