import { createHash } from 'node:crypto';
import { followUpFactsOf } from '../followups/contact-facts.js';
import type { FollowUpItemRef, HeldFollowUp, HoldReason } from '../followups/due.js';
import type { FollowUpContactFacts } from '../followups/facts.js';
import { expireNoResponse } from '../followups/outcomes.js';
import { planFollowUpSweep } from '../followups/plan-sweep.js';
import { changeLogEntry } from '../followups/records.js';
import type { FollowUpSettings } from '../followups/settings.js';
import { openFollowUp } from '../followups/transitions.js';
import type { ConsentRecord } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import { type FollowUpItem, OPEN_FOLLOW_UP_STATUSES, type ScheduledReminder } from '../model/follow-up.js';
import type { LogEntry } from '../model/log-entry.js';
import type { ReviewItem } from '../model/review-item.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import type { OwnedTable } from '../ports/table.js';
import { planReviewSweep, type ReviewItemRef } from '../review/plan-sweep.js';
import type { ReviewRules } from '../review/rules.js';
import { openReviewItem } from '../review/transitions.js';

/**
 * The stored id of a follow-up or review item: a digest of its deterministic key, so the same
 * occurrence always makes the same row and two sweeps that plan it write one (the second is refused and
 * runs again on fresh reads, finding it). 132 bits: no two keys of a workspace meet.
 *
 * @internal
 */
export function itemIdOf(prefix: 'fu' | 'rv', key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}

/** Every row of `table` matching `where`, page by page. */
export async function findAll<R>(
  table: OwnedTable<R>,
  where: Readonly<Record<string, string | readonly string[]>>,
): Promise<R[]> {
  const out: R[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.find({ where, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    for (const row of page.items) out.push(row);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

function groupBy<R>(rows: readonly R[], key: (row: R) => string | undefined): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** What one sweep batch read of its contacts. */
interface BatchReads {
  readonly facts: FollowUpContactFacts[];
  readonly conversations: Map<string, ConversationSummary>;
  readonly reminders: Map<string, ScheduledReminder>;
  readonly followUps: FollowUpItemRef[];
  readonly reviews: ReviewItemRef[];
}

/** What one sweep batch decided and wrote. */
export interface BatchOutcome {
  readonly contacts: number;
  readonly created: number;
  readonly reviewsOpened: number;
  readonly held: readonly HeldFollowUp[];
}

const OPEN_REVIEW = ['open', 'taken_over'];

/**
 * Sweeps one batch of contacts inside one transaction: reads what the rules need, plans, and when
 * something is to be created, holds the contacts' conversations and the contacts (in intake's order:
 * conversations, then contacts) and plans again on fresh reads before writing, so a reply that landed
 * meanwhile is seen and racing sweeps create each item once.
 *
 * @internal
 */
export async function sweepBatch(
  tx: WorkspaceTransaction,
  contactIds: readonly string[],
  ctx: {
    readonly settings: FollowUpSettings;
    readonly review: ReviewRules;
    readonly now: Date;
    readonly newId: () => string;
  },
  /** Conversations of these contacts the caller already read (the sweep's page). */
  known: readonly ConversationSummary[] = [],
): Promise<BatchOutcome> {
  const first = await readBatch(tx, contactIds, ctx.now, false, known);
  const planned = await plan(tx, first, ctx);
  if (planned.followUps.length === 0 && planned.reviews.length === 0) {
    return { contacts: first.facts.length, created: 0, reviewsOpened: 0, held: planned.held };
  }
  const touched = [
    ...new Set([...planned.followUps.map((f) => f.contactId), ...planned.reviews.map((r) => r.contactId)]),
  ];
  const fresh = await readBatch(tx, touched, ctx.now, true);
  const final = await plan(tx, fresh, ctx);

  const log: LogEntry[] = [];
  const items: FollowUpItem[] = [];
  const perConversation = new Map<string, number>();
  const usedReminders: string[] = [];
  for (const due of final.followUps) {
    const change = openFollowUp(due, {
      workspaceId: tx.workspaceId,
      id: itemIdOf('fu', due.key),
      now: ctx.now,
    });
    items.push(change.item);
    log.push(changeLogEntry(change, ctx.newId(), ctx.now));
    if (due.conversationId !== undefined) {
      perConversation.set(due.conversationId, (perConversation.get(due.conversationId) ?? 0) + 1);
    }
    if (due.reason === 'scheduled' && due.rule !== undefined && fresh.reminders.has(due.rule)) {
      usedReminders.push(due.rule);
    }
  }
  const reviews: ReviewItem[] = [];
  for (const flag of final.reviews) {
    const change = openReviewItem(flag, {
      workspaceId: tx.workspaceId,
      id: itemIdOf('rv', flag.key),
      now: ctx.now,
    });
    reviews.push(change.item);
    log.push(changeLogEntry(change, ctx.newId(), ctx.now));
  }
  // The conversations count their items, so that a customer reply knows to settle them.
  const counted: ConversationSummary[] = [];
  for (const [id, n] of perConversation) {
    const conversation = fresh.conversations.get(id);
    if (!conversation?.facts) continue;
    const facts = conversation.facts;
    counted.push({
      ...conversation,
      facts: { ...facts, followUpsSinceReply: (facts.followUpsSinceReply ?? 0) + n },
    });
  }
  if (items.length) await tx.followUps.insert(items);
  if (reviews.length) await tx.reviewItems.insert(reviews);
  if (counted.length) await tx.conversations.put(counted);
  // A reminder that became a follow-up is done; one held back (quiet hours…) waits for the next sweep.
  if (usedReminders.length) await tx.reminders.delete(usedReminders);
  if (log.length) await tx.log.append(log);
  return {
    contacts: first.facts.length,
    created: items.length,
    reviewsOpened: reviews.length,
    held: planned.held,
  };
}

async function readBatch(
  tx: WorkspaceTransaction,
  contactIds: readonly string[],
  now: Date,
  hold: boolean,
  known: readonly ConversationSummary[] = [],
): Promise<BatchReads> {
  let conversations: ConversationSummary[];
  let contacts: Contact[];
  if (hold) {
    // Held, in intake's order (conversations, then contacts), and read whole: this is the pass that writes.
    conversations = await findAll(tx.conversations, { contactId: contactIds });
    if (conversations.length) {
      conversations = await tx.conversations.get(
        conversations.map((c) => c.id),
        { lock: true },
      );
    }
    contacts = await tx.contacts.getMany(contactIds, { lock: true });
  } else {
    // The conversations the caller already read are enough for a contact that has no others (its
    // conversation count says so): most contacts of a sweep have one. The rest are read by contact.
    contacts = await tx.contacts.getMany(contactIds);
    const seen = new Map<string, number>();
    for (const c of known)
      if (c.contactId !== undefined) seen.set(c.contactId, (seen.get(c.contactId) ?? 0) + 1);
    const more = contacts.filter((c) => c.stats.conversations > (seen.get(c.id) ?? 0)).map((c) => c.id);
    const others = more.length ? await findAll(tx.conversations, { contactId: more }) : [];
    const again = new Set(more);
    conversations = [...known.filter((c) => c.contactId === undefined || !again.has(c.contactId)), ...others];
  }
  const live = contacts.filter((c) => c.deletedAt === undefined);
  const ids = live.map((c) => c.id);
  const [consents, reminders, followUps, reviews] =
    ids.length === 0
      ? [[], [], [], []]
      : [
          await findAll<ConsentRecord>(tx.consents, { contactId: ids }),
          (await findAll<ScheduledReminder>(tx.reminders, { contactId: ids })).filter((r) => r.dueAt <= now),
          await findAll<FollowUpItem>(tx.followUps, { contactId: ids, status: OPEN_FOLLOW_UP_STATUSES }),
          await findAll<ReviewItem>(tx.reviewItems, { contactId: ids, status: OPEN_REVIEW }),
        ];
  const byContact = groupBy(conversations, (c) => c.contactId);
  const consentsOf = groupBy(consents, (c) => c.contactId);
  const remindersOf = groupBy(reminders, (r) => r.contactId);
  return {
    facts: live.map((c) =>
      followUpFactsOf(c, {
        conversations: byContact.get(c.id) ?? [],
        consents: consentsOf.get(c.id) ?? [],
        reminders: remindersOf.get(c.id) ?? [],
      }),
    ),
    conversations: new Map(conversations.map((c) => [c.id, c])),
    reminders: new Map(reminders.map((r) => [r.id, r])),
    followUps: followUps.map(refOf),
    reviews: reviews.map((r) => ({
      key: r.key,
      conversationId: r.conversationId,
      reason: r.reason,
      status: r.status,
      ...(r.rule === undefined ? {} : { rule: r.rule }),
    })),
  };
}

const refOf = (i: FollowUpItem): FollowUpItemRef => ({
  key: i.key,
  contactId: i.contactId,
  status: i.status,
  ...(i.conversationId === undefined ? {} : { conversationId: i.conversationId }),
});

/**
 * Plans follow-ups and reviews, then asks the store which of the planned keys exist already (settled
 * items, which the open-item reads leave out) and plans again without them, until nothing planned
 * exists: a few rounds at most, since each round only removes keys.
 */
async function plan(
  tx: WorkspaceTransaction,
  reads: BatchReads,
  ctx: { readonly settings: FollowUpSettings; readonly review: ReviewRules; readonly now: Date },
) {
  const existing = [...reads.followUps];
  for (;;) {
    const p = planFollowUpSweep({ contacts: reads.facts, existing, settings: ctx.settings, now: ctx.now });
    const stored = p.create.length ? await tx.followUps.get(p.create.map((d) => itemIdOf('fu', d.key))) : [];
    if (stored.length === 0) {
      const reviews = await planReviews(tx, reads, ctx);
      return { followUps: p.create, held: p.held, reviews };
    }
    existing.push(...stored.map(refOf));
  }
}

async function planReviews(
  tx: WorkspaceTransaction,
  reads: BatchReads,
  ctx: { readonly review: ReviewRules; readonly now: Date },
) {
  const existing = [...reads.reviews];
  for (;;) {
    const { open } = planReviewSweep({ contacts: reads.facts, existing, rules: ctx.review, now: ctx.now });
    const stored = open.length ? await tx.reviewItems.get(open.map((f) => itemIdOf('rv', f.key))) : [];
    if (stored.length === 0) return open;
    for (const r of stored) {
      existing.push({
        key: r.key,
        conversationId: r.conversationId,
        reason: r.reason,
        status: r.status,
        ...(r.rule === undefined ? {} : { rule: r.rule }),
      });
    }
  }
}

/**
 * Moves one page of sent items that got no reply in time to `no_response`, oldest first. Returns how
 * many moved and whether more may be waiting.
 *
 * @internal
 */
export async function expireBatch(
  tx: WorkspaceTransaction,
  ctx: {
    readonly settings: FollowUpSettings;
    readonly now: Date;
    readonly newId: () => string;
    readonly limit: number;
  },
): Promise<{ expired: number; more: boolean }> {
  const page = await tx.followUps.find({ where: { status: 'sent' }, order: 'sent', limit: ctx.limit });
  const changes = expireNoResponse(page.items, ctx.settings, ctx.now);
  if (changes.length === 0) return { expired: 0, more: false };
  const held = await tx.followUps.get(
    changes.map((c) => c.item.id),
    { lock: true },
  );
  // Only items still as read: a reply may have settled one meanwhile.
  const current = new Map(held.map((i) => [i.id, i]));
  const fresh = changes.filter((c) => current.get(c.item.id)?.version === c.item.version - 1);
  if (fresh.length) {
    await tx.followUps.put(fresh.map((c) => c.item));
    await tx.log.append(fresh.map((c) => changeLogEntry(c, ctx.newId(), ctx.now)));
  }
  // Sent items are read oldest first: when one of the page had not expired, none after it has.
  return {
    expired: fresh.length,
    more: changes.length === page.items.length && page.nextCursor !== undefined,
  };
}

/** Counts held follow-ups by why they were held. */
export function countHolds(held: Iterable<HeldFollowUp>, into: Partial<Record<HoldReason, number>>): void {
  for (const h of held) into[h.hold] = (into[h.hold] ?? 0) + 1;
}
