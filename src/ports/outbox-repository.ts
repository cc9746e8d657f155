import type { DomainEvent } from '../model/domain-event.js';

/**
 * The transactional outbox: domain events written in the same transaction as the change, so a webhook
 * sender built on it loses nothing. Delivered in insertion order.
 */
export interface OutboxRepository {
  /** Appends events. Ids are unique. */
  append(events: readonly DomainEvent[]): Promise<void>;
  /** Undelivered events, oldest first. */
  listPending(limit?: number): Promise<DomainEvent[]>;
  /** Marks events delivered; returns how many were pending. */
  markDelivered(ids: readonly string[]): Promise<number>;
  /** Every event about a contact, delivered or not, oldest first (for audits and tests). */
  listByContact(contactId: string): Promise<DomainEvent[]>;
  /** Deletes every event about these contacts, delivered or not (erasure). */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
