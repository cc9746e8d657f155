import { type FieldDefinitions, liveDefinitions } from '../contact/custom-fields.js';
import { ConcurrentUpdateError, NotFoundError, TransactionConflictError } from '../errors/errors.js';
import { holdsIdentity } from '../identity/claims.js';
import type { EventDecision, MergeStep } from '../intake/decision.js';
import type { IntakeState } from '../intake/state.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { FollowUpItem } from '../model/follow-up.js';
import { type Identity, type IdentityKey, identityKeyString } from '../model/identity.js';
import type { LogEntry } from '../model/log-entry.js';
import type { AbsorbedRows, MergeRecord } from '../model/merge-record.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { WorkspaceTransaction } from '../ports/store.js';

// Which items a customer reply settles, and which an order may convert (see followups/outcomes.ts).
const REPLY_SETTLES = ['pending', 'approved', 'edited', 'sent', 'no_response'];
const ORDER_SETTLES = ['sent', 'replied', 'no_response'];

/** Every follow-up item matching `where`, page by page. */
async function findAll(
  tx: WorkspaceTransaction,
  where: Readonly<Record<string, readonly string[]>>,
): Promise<FollowUpItem[]> {
  const out: FollowUpItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await tx.followUps.find({ where, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** Whether `list` holds the identity `key` names. */
function holds(list: readonly Identity[], key: IdentityKey): boolean {
  // The memory store gives the same row to both reads; a SQL store, equal copies.
  return (list as readonly IdentityKey[]).includes(key) || holdsIdentity(list, key);
}

interface PendingMerge extends MergeStep {
  /** The merged-away contact as it was when merged. */
  readonly absorbedBefore: Contact;
  /** The merged-away contact and those merged into it earlier in this batch: whose rows it brings. */
  readonly members: readonly string[];
  readonly identities: readonly Identity[];
}

/**
 * The state one batch of intake works on, and its unit of work: everything the batch's events can
 * touch, read (and held) in a few set-based calls up front, evolved in memory decision by decision, and
 * written back in a few set-based calls. This is what lets a SQL adapter ingest a thousand events in a
 * handful of statements. It is the {@link IntakeState} that `decideEvent` reads.
 */
export class WorkingSet implements IntakeState {
  /** Stored contacts, as read: whose version a write checks and whose rows a merge moves. */
  private readonly stored = new Map<string, Contact>();
  /**
   * Contacts this batch created or changed, as they are now; those not in `stored` are the created
   * ones. A contact is read from here, then from `stored`: intake changes nearly every contact it
   * reads, so one map of changes beside the stored ones is cheaper than a working copy of every contact
   * plus sets of the dirty and the created ones.
   */
  private readonly changed = new Map<string, Contact>();
  private readonly holders = new Map<string, string>();
  private readonly identities = new Map<string, Identity[]>();
  /** Identities this batch attached, in order. Each key once: once attached, a key has a holder. */
  private readonly attached: Identity[] = [];
  /** Merged-away contact → the contact it was merged into (follow the chain with {@link survivor}). */
  private readonly absorbed = new Map<string, string>();
  /** Conversations as read, and those this batch started or changed, as they are now. */
  private readonly storedConversations = new Map<string, ConversationSummary>();
  private readonly changedConversations = new Map<string, ConversationSummary>();
  private readonly orders = new Set<string>();
  private readonly newOrders: OrderRecord[] = [];
  private readonly processedEvents = new Map<string, ProcessedEvent>();
  private readonly newProcessed: ProcessedEvent[] = [];
  private readonly log: LogEntry[] = [];
  private readonly ledger: LedgerEntry[] = [];
  /** Merges made in this batch, written as merge records on flush so they can be undone. */
  private readonly merges: PendingMerge[] = [];
  /** Identities of soft-deleted contacts that this batch's events bring again (see {@link load}). */
  private readonly released = new Map<string, Identity>();
  private definitions: FieldDefinitions = new Map();
  private readonly followUps = new Map<string, FollowUpItem>();
  private readonly dirtyFollowUps = new Set<string>();

  constructor(readonly tx: WorkspaceTransaction) {}

  /**
   * Reads what the batch's events can touch, in set-based calls, holding the contacts and conversations
   * it may change until the transaction ends.
   */
  async load(input: {
    eventIds: readonly string[];
    keys: readonly IdentityKey[];
    conversationIds: readonly string[];
    orderIds: readonly string[];
    /** Whether an event of the batch sets custom fields (then the definitions are read). */
    customFields?: boolean;
  }): Promise<void> {
    const { tx } = this;
    if (input.customFields) {
      this.definitions = liveDefinitions(
        (await tx.customFieldDefinitions.find({ where: { retiredAt: null }, limit: 1000 })).items,
      );
    }
    // One after another: a transaction is one connection, which runs one statement at a time anyway.
    const processed = input.eventIds.length ? await tx.processedEvents.get(input.eventIds) : [];
    const held = input.keys.length ? await tx.identities.findByKeys(input.keys) : [];
    const conversations = input.conversationIds.length
      ? await tx.conversations.get(input.conversationIds, { lock: true })
      : [];
    const orders = input.orderIds.length ? await tx.orders.get(input.orderIds) : [];
    for (const p of processed) this.processedEvents.set(p.eventId, p);
    for (const o of orders) this.orders.add(o.orderId);
    const contactIds = new Set<string>();
    for (const i of held) contactIds.add(i.contactId);
    for (const c of conversations) {
      this.storedConversations.set(c.id, c);
      if (c.contactId !== undefined) contactIds.add(c.contactId);
    }
    if (contactIds.size === 0) return;
    // A deleted contact no longer counts as known: its identities are free for a fresh contact, and are
    // taken from it in flush, only if an event of this batch claims them again.
    const deleted = new Set<string>();
    for (const c of await tx.contacts.getMany([...contactIds], { lock: true })) {
      if (c.deletedAt !== undefined) {
        deleted.add(c.id);
        continue;
      }
      this.stored.set(c.id, c);
      this.identities.set(c.id, []);
    }
    // On a server at READ COMMITTED, another transaction can merge a holder away between the two reads.
    // Read again from the start: the identity then names the contact it went to.
    for (const i of held) {
      if (!this.stored.has(i.contactId) && !deleted.has(i.contactId)) {
        throw new TransactionConflictError(
          tx.workspaceId,
          `contact "${i.contactId}" went away while the batch read it`,
        );
      }
    }
    const live = this.stored.size ? await tx.identities.listByContacts([...this.stored.keys()]) : [];
    // Stores give a contact's identities together, so the list to push to rarely changes.
    let list: Identity[] = [];
    let of: string | undefined;
    for (const i of live) {
      if (i.contactId !== of) {
        of = i.contactId;
        list = this.identities.get(of)!;
      }
      list.push(i);
    }
    // Only the keys the batch claims are ever asked for, and those are the ones found: a found identity
    // counts when its contact still holds it as the contacts are held (another transaction may have
    // taken it off between the two reads). Cheaper than keying every identity of every contact read.
    for (const h of held) {
      const list = this.identities.get(h.contactId);
      if (list === undefined) {
        this.released.set(identityKeyString(h), h);
        continue;
      }
      if (holds(list, h)) this.holders.set(identityKeyString(h), h.contactId);
    }
    await this.loadFollowUps(conversations, input.orderIds.length > 0 ? [...this.stored.keys()] : []);
  }

  /**
   * The follow-up items the batch may settle, held: those of conversations with items since the
   * customer's last reply, and the sent ones of contacts that may place an order. Usually none are read.
   */
  private async loadFollowUps(
    conversations: readonly ConversationSummary[],
    ordering: readonly string[],
  ): Promise<void> {
    const withItems = conversations.filter((c) => (c.facts?.followUpsSinceReply ?? 0) > 0).map((c) => c.id);
    const ids = new Set<string>();
    if (withItems.length) {
      for (const item of await findAll(this.tx, { conversationId: withItems, status: REPLY_SETTLES }))
        ids.add(item.id);
    }
    if (ordering.length) {
      for (const item of await findAll(this.tx, { contactId: ordering, status: ORDER_SETTLES }))
        ids.add(item.id);
    }
    if (ids.size === 0) return;
    for (const item of await this.tx.followUps.get([...ids], { lock: true }))
      this.followUps.set(item.id, item);
  }

  // IntakeState

  processed(eventId: string): ProcessedEvent | undefined {
    return this.processedEvents.get(eventId);
  }

  survivor(id: string): string {
    let current = id;
    for (let next = this.absorbed.get(current); next !== undefined; next = this.absorbed.get(current))
      current = next;
    return current;
  }

  contact(id: string): Contact {
    const survivor = this.survivor(id);
    const contact = this.changed.get(survivor) ?? this.stored.get(survivor);
    if (!contact) throw new Error(`working set: contact ${id} was not loaded`);
    return contact;
  }

  holderOf(key: string): string | undefined {
    const holder = this.holders.get(key);
    return holder === undefined ? undefined : this.survivor(holder);
  }

  identitiesOf(contactId: string): readonly Identity[] {
    return this.identities.get(this.survivor(contactId)) ?? [];
  }

  conversation(id: string): ConversationSummary | undefined {
    const conversation = this.changedConversations.get(id) ?? this.storedConversations.get(id);
    // A conversation whose contact was deleted (not merged) has no known owner any more.
    if (conversation?.contactId !== undefined && !this.known(this.survivor(conversation.contactId))) {
      const { contactId: _gone, ...rest } = conversation;
      return rest;
    }
    return conversation;
  }

  /** Whether `id` is a live contact of this batch: read and not deleted, or created here. */
  private known(id: string): boolean {
    return this.changed.has(id) || this.stored.has(id);
  }

  hasOrder(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  fieldDefinitions(): FieldDefinitions {
    return this.definitions;
  }

  followUpsOf(contactId: string): readonly FollowUpItem[] {
    if (this.followUps.size === 0) return [];
    const survivor = this.survivor(contactId);
    return [...this.followUps.values()].filter((i) => this.survivor(i.contactId) === survivor);
  }

  /** Applies one event's decision to the batch's state (evolve): what `flush` then writes. */
  apply(decision: EventDecision): void {
    if (decision.processed === undefined) return; // a replay changes nothing
    if (decision.create) {
      this.changed.set(decision.create.id, decision.create);
      this.identities.set(decision.create.id, []);
    }
    for (const step of decision.merges) this.absorb(step);
    for (const identity of decision.attach) {
      const key = identityKeyString(identity);
      this.holders.set(key, identity.contactId);
      this.attached.push(identity);
      this.identities.get(identity.contactId)?.push(identity);
    }
    if (decision.contact) {
      this.changed.set(decision.contact.id, decision.contact);
    }
    if (decision.conversation) {
      this.changedConversations.set(decision.conversation.id, decision.conversation);
    }
    if (decision.order) {
      this.orders.add(decision.order.orderId);
      this.newOrders.push(decision.order);
    }
    for (const item of decision.followUps ?? []) {
      this.followUps.set(item.id, item);
      this.dirtyFollowUps.add(item.id);
    }
    for (const entry of decision.ledger) this.ledger.push(entry);
    for (const entry of decision.log) this.log.push(entry);
    this.processedEvents.set(decision.processed.eventId, decision.processed);
    this.newProcessed.push(decision.processed);
  }

  /** Folds `step.from` into `step.into`: its identities now point there; stored rows move when flushed. */
  private absorb(step: MergeStep): void {
    const { from, into } = step;
    const absorbedBefore = this.changed.get(from) ?? this.stored.get(from);
    if (!absorbedBefore) throw new Error(`working set: contact ${from} was not loaded`);
    const members = [from, ...[...this.absorbed.keys()].filter((id) => this.survivor(id) === from)];
    // Several merges into one contact in a batch see the same stored version: count them on, so that
    // unmerge can tell which came later (see planUnmerge).
    const earlier = this.merges.filter((m) => m.into === into).length;
    this.merges.push({
      ...step,
      primaryBefore: { ...step.primaryBefore, version: step.primaryBefore.version + earlier },
      absorbedBefore,
      members,
      identities: (this.identities.get(from) ?? []).map((i) => ({ ...i, contactId: from })),
    });
    this.absorbed.set(from, into);
    const moved = this.identities.get(from) ?? [];
    this.identities.get(into)?.push(...moved);
    this.identities.delete(from);
  }

  /**
   * Writes every change back through the repositories, a few set-based calls in all; the activity log
   * last, so that the workspace's log position is held only until the commit that follows.
   *
   * @throws ConcurrentUpdateError when a contact this batch read changed or went away since (another
   * transaction on a server got there first): the caller runs the batch again on fresh reads.
   */
  async flush(): Promise<void> {
    try {
      await this.write();
    } catch (error) {
      // A contact this batch read is gone: another transaction merged or deleted it after the read.
      if (error instanceof NotFoundError && error.entity === 'contact') {
        const before = this.stored.get(error.id);
        if (before !== undefined) throw new ConcurrentUpdateError('contact', error.id, before.version);
      }
      throw error;
    }
  }

  private async write(): Promise<void> {
    const { tx } = this;
    const live = (id: string) => this.survivor(id) === id;
    // Rows written for a contact that a later event of the batch merged away go to the survivor; the
    // rest (nearly all) are written as they are, without a copy.
    const fix = <T extends { contactId?: string | undefined }>(row: T): T => {
      if (row.contactId === undefined) return row;
      const survivor = this.survivor(row.contactId);
      return survivor === row.contactId ? row : { ...row, contactId: survivor };
    };
    // A batch with no merge (nearly every one) writes its lists as they are.
    const fixAll = <T extends { contactId?: string | undefined }>(rows: T[]): T[] =>
      this.absorbed.size === 0 ? rows : rows.map(fix);

    // Stored contacts merged away: their stored rows move to the survivor and they are deleted, if
    // still as this batch read them.
    const absorptions = [...this.absorbed.keys()]
      .filter((from) => this.stored.has(from))
      .map((from) => ({ contact: this.stored.get(from)!, into: this.survivor(from) }));
    const movedRows = new Map<string, AbsorbedRows>();
    const inserted: Contact[] = [];
    for (const [id, contact] of this.changed) if (!this.stored.has(id) && live(id)) inserted.push(contact);
    // A merged-away stored contact can go to one created in this batch: that one must exist first.
    if (inserted.length) await tx.contacts.insertMany(inserted);
    if (absorptions.length) {
      const rows = await tx.applyMerge(absorptions);
      for (const r of rows) movedRows.set(r.contactId, r);
    }

    // A released key has a holder only if an event of this batch attached it again.
    const reclaimed = [...this.released.keys()].filter((key) => this.holders.has(key));
    if (reclaimed.length) await tx.identities.deleteByKeys(reclaimed.map((key) => this.released.get(key)!));
    const identities = fixAll(this.attached);
    if (identities.length) await tx.identities.insertMany(identities);

    const updated: Contact[] = [];
    for (const [id, contact] of this.changed) {
      const before = this.stored.get(id);
      if (before === undefined || !live(id)) continue;
      updated.push({ ...contact, version: before.version + 1 });
    }
    if (updated.length) await tx.contacts.updateMany(updated);

    const fresh: ConversationSummary[] = [];
    const changed: ConversationSummary[] = [];
    for (const [id, conversation] of this.changedConversations) {
      (this.storedConversations.has(id) ? changed : fresh).push(fix(conversation));
    }
    // New conversations must be new: two batches starting the same one race, and the loser runs again.
    if (fresh.length) await tx.conversations.insert(fresh);
    if (changed.length) await tx.conversations.put(changed);
    if (this.newOrders.length) await tx.orders.insert(fixAll(this.newOrders));
    if (this.newProcessed.length) await tx.processedEvents.insert(fixAll(this.newProcessed));
    if (this.ledger.length) await tx.scoreLedger.insert(fixAll(this.ledger));
    if (this.dirtyFollowUps.size) {
      await tx.followUps.put([...this.dirtyFollowUps].map((id) => fix(this.followUps.get(id)!)));
    }
    for (const record of this.mergeRecords(movedRows)) await tx.merges.insert(record);
    if (this.log.length) await tx.log.append(fixAll(this.log));
  }

  /**
   * The merge records of this batch's merges: per merged-away contact, its stored rows (as moved) and
   * the rows this batch made for it before the merge.
   */
  private mergeRecords(moved: ReadonlyMap<string, AbsorbedRows>): MergeRecord[] {
    return this.merges.map((m) => {
      const of = new Set(m.members);
      const mine = (row: { contactId?: string | undefined }) =>
        row.contactId !== undefined && of.has(row.contactId);
      const storedRows = m.members.flatMap((id) => moved.get(id) ?? []);
      const fresh: Record<string, string[]> = {
        conversations: [...this.changedConversations]
          .filter(([id, conversation]) => !this.storedConversations.has(id) && mine(conversation))
          .map(([id]) => id),
        orders: this.newOrders.filter(mine).map((o) => o.orderId),
        processedEvents: this.newProcessed.filter(mine).map((p) => p.eventId),
        scoreLedger: this.ledger.filter(mine).map((e) => e.id),
      };
      const rows: Record<string, string[]> = {};
      for (const source of [...storedRows.map((r) => r.rows), fresh]) {
        for (const [table, keys] of Object.entries(source)) rows[table] = [...(rows[table] ?? []), ...keys];
      }
      for (const table of Object.keys(rows)) rows[table] = [...new Set(rows[table])];
      return {
        workspaceId: this.tx.workspaceId,
        id: m.mergeId,
        primaryId: m.into,
        absorbedIds: [m.from],
        reason: 'intake',
        actor: 'system',
        at: m.at,
        primaryBefore: m.primaryBefore,
        absorbedBefore: [m.absorbedBefore],
        rows: [
          {
            contactId: m.from,
            identities: [...m.identities],
            logIds: [
              ...new Set([...storedRows.flatMap((r) => r.logIds), ...this.log.filter(mine).map((e) => e.id)]),
            ],
            rows,
          },
        ],
        provenance: { ...m.provenance },
      };
    });
  }
}
