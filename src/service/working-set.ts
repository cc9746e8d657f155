import { ConcurrentUpdateError, NotFoundError, TransactionConflictError } from '../errors/errors.js';
import { emptyRows } from '../merge/plan-unmerge.js';
import type { Activity } from '../model/activity.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { DomainEvent } from '../model/domain-event.js';
import { type Identity, type IdentityKey, identityKeyString } from '../model/identity.js';
import type { AbsorbedRows, MergeRecord } from '../model/merge-record.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import { holdContacts } from './hold-contact.js';
import { rowsOfMany } from './merge-rows.js';
import { moveContactRowsMany } from './move-contact-rows.js';

/** What intake knows of a merge when it makes it; the working set adds the rows when flushing. */
export interface IntakeMerge {
  readonly id: string;
  readonly at: Date;
  /** The primary just before the merge, as intake holds it. */
  readonly primaryBefore: Contact;
  readonly provenance: Readonly<Record<string, string>>;
}

interface PendingMerge extends IntakeMerge {
  readonly workspaceId: string;
  readonly primaryId: string;
  readonly absorbedBefore: Contact;
  /** The absorbed contact and those merged into it earlier in this batch: whose rows it brings. */
  readonly members: readonly string[];
  readonly identities: readonly Identity[];
}

/**
 * The state one batch of intake works on: everything its events can touch, read in a few set-based
 * calls up front, changed in memory event by event, and written back in a few set-based calls. This is
 * what lets a SQL adapter ingest a thousand events in a handful of statements.
 */
export class WorkingSet {
  private readonly contacts = new Map<string, Contact>();
  private readonly storedVersion = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly created = new Set<string>();
  private readonly holders = new Map<string, string>();
  private readonly identities = new Map<string, Identity[]>();
  private readonly newIdentities = new Map<string, Identity>();
  /** Merged-away contact → the contact it was merged into (follow the chain with {@link survivor}). */
  private readonly absorbed = new Map<string, string>();
  private readonly conversations = new Map<string, ConversationSummary>();
  private readonly dirtyConversations = new Set<string>();
  private readonly orders = new Set<string>();
  private readonly newOrders: OrderRecord[] = [];
  private readonly processed = new Map<string, ProcessedEvent>();
  private readonly newProcessed: ProcessedEvent[] = [];
  private readonly activities: Activity[] = [];
  private readonly outbox: DomainEvent[] = [];
  /** Merges made in this batch, written as merge records on flush so they can be undone. */
  private readonly merges: PendingMerge[] = [];
  /** Identities of soft-deleted contacts that this batch's events bring again (see {@link load}). */
  private readonly released = new Map<string, Identity>();
  /** Stored contacts merged away in this batch, as they were when merged. */
  private readonly absorbedStored = new Map<string, Contact>();

  constructor(readonly tx: WorkspaceTransaction) {}

  /** Reads what the batch's events can touch, in set-based calls. */
  async load(input: {
    eventIds: readonly string[];
    keys: readonly IdentityKey[];
    conversationIds: readonly string[];
    orderIds: readonly string[];
  }): Promise<void> {
    const { tx } = this;
    // One after another: a transaction is one connection, which runs one statement at a time anyway.
    const processed = input.eventIds.length ? await tx.processedEvents.findMany(input.eventIds) : [];
    const held = input.keys.length ? await tx.identities.findByKeys(input.keys) : [];
    const conversations = input.conversationIds.length
      ? await tx.conversations.getMany(input.conversationIds)
      : [];
    const orders = input.orderIds.length ? await tx.orders.findMany(input.orderIds) : [];
    for (const p of processed) this.processed.set(p.eventId, p);
    for (const o of orders) this.orders.add(o.orderId);
    for (const c of conversations) this.conversations.set(c.id, c);
    const contactIds = [...new Set(held.map((i) => i.contactId))];
    if (contactIds.length === 0) return;
    const contacts = await tx.contacts.getMany(contactIds);
    // On a server at READ COMMITTED, another transaction can merge a holder away between the two reads.
    // Read again from the start: the identity then names the contact it went to.
    if (contacts.length < contactIds.length) {
      const found = new Set(contacts.map((c) => c.id));
      const gone = contactIds.find((id) => !found.has(id))!;
      throw new TransactionConflictError(
        tx.workspaceId,
        `contact "${gone}" went away while the batch read it`,
      );
    }
    const identities = await tx.identities.listByContacts(contactIds);
    // A deleted contact no longer counts as known: its identities are free for a fresh contact, and are
    // taken from it in flush, only if an event of this batch claims them again.
    const deleted = new Set(contacts.filter((c) => c.deletedAt !== undefined).map((c) => c.id));
    for (const i of held) if (deleted.has(i.contactId)) this.released.set(identityKeyString(i), i);
    for (const c of contacts) {
      if (deleted.has(c.id)) continue;
      this.contacts.set(c.id, c);
      this.storedVersion.set(c.id, c.version);
      this.identities.set(c.id, []);
    }
    for (const i of identities) {
      if (deleted.has(i.contactId)) continue;
      this.holders.set(identityKeyString(i), i.contactId);
      this.identities.get(i.contactId)?.push(i);
    }
  }

  /** The contact a merged-away id now lives in (itself if it was never merged away). */
  survivor(id: string): string {
    let current = id;
    for (let next = this.absorbed.get(current); next !== undefined; next = this.absorbed.get(current))
      current = next;
    return current;
  }

  contact(id: string): Contact {
    const contact = this.contacts.get(this.survivor(id));
    if (!contact) throw new Error(`working set: contact ${id} was not loaded`);
    return contact;
  }

  holderOf(key: string): string | undefined {
    const holder = this.holders.get(key);
    return holder === undefined ? undefined : this.survivor(holder);
  }

  /** Holders by key, as the resolver looks them up (a view, not a copy: no map per event). */
  readonly holderLookup = { get: (key: string) => this.holderOf(key) };

  identitiesOf(contactId: string): Identity[] {
    return this.identities.get(this.survivor(contactId)) ?? [];
  }

  isProcessed(eventId: string): ProcessedEvent | undefined {
    return this.processed.get(eventId);
  }

  hasOrder(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  conversation(id: string): ConversationSummary | undefined {
    return this.conversations.get(id);
  }

  addContact(contact: Contact): void {
    this.contacts.set(contact.id, contact);
    this.identities.set(contact.id, []);
    this.created.add(contact.id);
  }

  putContact(contact: Contact): void {
    this.contacts.set(contact.id, contact);
    this.dirty.add(contact.id);
  }

  addIdentity(identity: Identity): void {
    const key = identityKeyString(identity);
    // A stored contact given an identity is written back at its next version even when nothing else of
    // it changed (an imported row): on a server, a merge of it racing this batch then waits or fails,
    // rather than deleting it with the new identity left pointing at nobody.
    if (this.storedVersion.has(identity.contactId)) this.dirty.add(identity.contactId);
    this.holders.set(key, identity.contactId);
    this.newIdentities.set(key, identity);
    this.identities.get(identity.contactId)?.push(identity);
  }

  /**
   * Folds `from` into `into`: its identities now point there; stored rows move when flushed. With
   * `merge`, a merge record is kept too, naming the rows `from` brought, so the merge can be undone.
   */
  absorb(from: string, into: string, merge?: IntakeMerge): void {
    if (merge) {
      const absorbedBefore = this.contacts.get(from);
      if (!absorbedBefore) throw new Error(`working set: contact ${from} was not loaded`);
      const members = [from, ...[...this.absorbed.keys()].filter((id) => this.survivor(id) === from)];
      // Several merges into one contact in a batch see the same stored version: count them on, so that
      // unmerge can tell which came later (see planUnmerge).
      const earlier = this.merges.filter((m) => m.primaryId === into).length;
      this.merges.push({
        ...merge,
        primaryBefore: { ...merge.primaryBefore, version: merge.primaryBefore.version + earlier },
        workspaceId: this.tx.workspaceId,
        primaryId: into,
        absorbedBefore,
        members,
        identities: (this.identities.get(from) ?? []).map((i) => ({ ...i, contactId: from })),
      });
    }
    this.absorbed.set(from, into);
    const stored = this.contacts.get(from);
    if (stored && this.storedVersion.has(from)) this.absorbedStored.set(from, stored);
    const moved = this.identities.get(from) ?? [];
    this.identities.get(into)?.push(...moved);
    this.identities.delete(from);
    this.contacts.delete(from);
  }

  putConversation(conversation: ConversationSummary): void {
    this.conversations.set(conversation.id, conversation);
    this.dirtyConversations.add(conversation.id);
  }

  addOrder(order: OrderRecord): void {
    this.orders.add(order.orderId);
    this.newOrders.push(order);
  }

  addProcessed(record: ProcessedEvent): void {
    this.processed.set(record.eventId, record);
    this.newProcessed.push(record);
  }

  addActivity(activity: Activity): void {
    this.activities.push(activity);
  }

  emit(event: DomainEvent): void {
    this.outbox.push(event);
  }

  /**
   * Writes every change back through the repositories, a few set-based calls in all.
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
        const version = this.storedVersion.get(error.id);
        if (version !== undefined) throw new ConcurrentUpdateError('contact', error.id, version);
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

    // A stored contact merged away must still be as this batch read it: another transaction may have
    // counted a message on it since, which deleting it would lose. (Intake never changes a version in
    // memory, so each is at the version read.)
    await holdContacts(tx, [...this.absorbedStored.values()]);

    // Read before anything moves: the stored rows each merged-away contact brings.
    const mergeRecords = await this.mergeRecords();

    const inserted = [...this.created].filter(live).map((id) => this.contacts.get(id)!);
    if (inserted.length) await tx.contacts.insertMany(inserted);

    // Stored contacts merged away: move their stored rows to the survivor, then delete them.
    const moves = [...this.absorbed.keys()]
      .filter((from) => this.storedVersion.has(from))
      .map((from) => ({ from, to: this.survivor(from) }));
    await moveContactRowsMany(tx, moves);
    if (moves.length) await tx.contacts.deleteMany(moves.map((m) => m.from));

    const reclaimed = [...this.released.keys()].filter((key) => this.newIdentities.has(key));
    if (reclaimed.length) await tx.identities.deleteByKeys(reclaimed.map((key) => this.released.get(key)!));
    const identities = [...this.newIdentities.values()].map(fix);
    if (identities.length) await tx.identities.insertMany(identities);

    const updated = [...this.dirty]
      .filter((id) => live(id) && this.storedVersion.has(id))
      .map((id) => ({ ...this.contacts.get(id)!, version: this.storedVersion.get(id)! + 1 }));
    if (updated.length) await tx.contacts.updateMany(updated);

    const conversations = [...this.dirtyConversations].map((id) => fix(this.conversations.get(id)!));
    if (conversations.length) await tx.conversations.upsertMany(conversations);
    if (this.newOrders.length) await tx.orders.insertMany(this.newOrders.map(fix));
    if (this.activities.length) await tx.activities.append(this.activities.map(fix));
    if (this.outbox.length) await tx.outbox.append(this.outbox);
    if (this.newProcessed.length) await tx.processedEvents.insertMany(this.newProcessed.map(fix));
    for (const record of mergeRecords) await tx.merges.insert(record);
  }

  /**
   * The merge records of this batch's merges: per merged-away contact, its stored rows (read now, before
   * they move) and the rows this batch made for it before the merge.
   */
  private async mergeRecords(): Promise<MergeRecord[]> {
    if (this.merges.length === 0) return [];
    const stored = await rowsOfMany(
      this.tx,
      this.merges.flatMap((m) => m.members).filter((id) => this.storedVersion.has(id)),
      [],
    );
    return this.merges.map((m) => {
      const of = new Set(m.members);
      const mine = (row: { contactId?: string | undefined }) =>
        row.contactId !== undefined && of.has(row.contactId);
      const ids = (pick: (rows: AbsorbedRows) => readonly string[], fresh: readonly string[]) => [
        ...new Set([...m.members.flatMap((id) => pick(stored.get(id) ?? emptyRows(id))), ...fresh]),
      ];
      const conversations = [...this.dirtyConversations].map((id) => this.conversations.get(id)!);
      return {
        workspaceId: m.workspaceId,
        id: m.id,
        primaryId: m.primaryId,
        absorbedIds: [m.absorbedBefore.id],
        reason: 'intake',
        actor: 'system',
        at: m.at,
        primaryBefore: m.primaryBefore,
        absorbedBefore: [m.absorbedBefore],
        rows: [
          {
            contactId: m.absorbedBefore.id,
            identities: [...m.identities],
            activityIds: ids(
              (r) => r.activityIds,
              this.activities.filter(mine).map((a) => a.id),
            ),
            conversationIds: ids(
              (r) => r.conversationIds,
              conversations.filter(mine).map((c) => c.id),
            ),
            orderIds: ids(
              (r) => r.orderIds,
              this.newOrders.filter(mine).map((o) => o.orderId),
            ),
            noteIds: ids((r) => r.noteIds, []),
            flowRunIds: ids((r) => r.flowRunIds, []),
            consentIds: ids((r) => r.consentIds, []),
            processedEventIds: ids(
              (r) => r.processedEventIds,
              this.newProcessed.filter(mine).map((p) => p.eventId),
            ),
          },
        ],
        provenance: { ...m.provenance },
      };
    });
  }
}
