import type { Activity } from '../model/activity.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { DomainEvent } from '../model/domain-event.js';
import { type Identity, type IdentityKey, identityKeyString } from '../model/identity.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { WorkspaceTransaction } from '../ports/store.js';

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
  /** Identities of soft-deleted contacts that this batch's events bring again (see {@link load}). */
  private readonly released = new Map<string, Identity>();

  constructor(readonly tx: WorkspaceTransaction) {}

  /** Reads what the batch's events can touch, in set-based calls. */
  async load(input: {
    eventIds: readonly string[];
    keys: readonly IdentityKey[];
    conversationIds: readonly string[];
    orderIds: readonly string[];
  }): Promise<void> {
    const { tx } = this;
    const [processed, held, conversations, orders] = await Promise.all([
      input.eventIds.length ? tx.processedEvents.findMany(input.eventIds) : [],
      input.keys.length ? tx.identities.findByKeys(input.keys) : [],
      input.conversationIds.length ? tx.conversations.getMany(input.conversationIds) : [],
      input.orderIds.length ? tx.orders.findMany(input.orderIds) : [],
    ]);
    for (const p of processed) this.processed.set(p.eventId, p);
    for (const o of orders) this.orders.add(o.orderId);
    for (const c of conversations) this.conversations.set(c.id, c);
    const contactIds = [...new Set(held.map((i) => i.contactId))];
    if (contactIds.length === 0) return;
    const [contacts, identities] = await Promise.all([
      tx.contacts.getMany(contactIds),
      tx.identities.listByContacts(contactIds),
    ]);
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

  /** Holders of these keys, as the resolver wants them. */
  holdersOf(keys: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const key of keys) {
      const holder = this.holderOf(key);
      if (holder !== undefined) out.set(key, holder);
    }
    return out;
  }

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
    this.holders.set(key, identity.contactId);
    this.newIdentities.set(key, identity);
    this.identities.get(identity.contactId)?.push(identity);
  }

  /** Folds `from` into `into`: its identities now point there; stored rows move when flushed. */
  absorb(from: string, into: string): void {
    this.absorbed.set(from, into);
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

  /** Writes every change back through the repositories, a few set-based calls in all. */
  async flush(): Promise<void> {
    const { tx } = this;
    const live = (id: string) => this.survivor(id) === id;
    const fix = <T extends { contactId?: string | undefined }>(row: T): T =>
      row.contactId === undefined ? row : { ...row, contactId: this.survivor(row.contactId) };

    const inserted = [...this.created].filter(live).map((id) => this.contacts.get(id)!);
    if (inserted.length) await tx.contacts.insertMany(inserted);

    // Stored contacts merged away: move their stored rows to the survivor, then delete them.
    const bySurvivor = new Map<string, string[]>();
    for (const from of this.absorbed.keys()) {
      if (!this.storedVersion.has(from)) continue;
      const to = this.survivor(from);
      bySurvivor.set(to, [...(bySurvivor.get(to) ?? []), from]);
    }
    for (const [to, from] of bySurvivor) {
      await tx.identities.reassign(from, to);
      await tx.activities.reassign(from, to);
      await tx.conversations.reassign(from, to);
      await tx.orders.reassign(from, to);
      await tx.notes.reassign(from, to);
      await tx.flowRuns.reassign(from, to);
      await tx.processedEvents.reassign(from, to);
    }
    const deleted = [...bySurvivor.values()].flat();
    if (deleted.length) await tx.contacts.deleteMany(deleted);

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
  }
}
