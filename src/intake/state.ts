import type { FieldDefinitions } from '../contact/custom-fields.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { FollowUpItem } from '../model/follow-up.js';
import type { Identity } from '../model/identity.js';
import type { ProcessedEvent } from '../model/processed-event.js';

/**
 * What intake decides an event from: the contacts, identities, conversations, orders and processed
 * events its batch can touch, as they stand before the event (after the batch's earlier events). A
 * read-only view; the working set of a batch is one, a test's plain object is another.
 */
export interface IntakeState {
  /** The record of an event handled before, if any. */
  processed(eventId: string): ProcessedEvent | undefined;
  /** The contact a merged-away id now lives in (itself if it was never merged away). */
  survivor(contactId: string): string;
  /** A contact, by id or by the id of a contact merged into it. */
  contact(contactId: string): Contact;
  /** The contact holding an identity (`type:value` key), following merges; undefined when nobody does. */
  holderOf(key: string): string | undefined;
  /** Every identity a contact holds. */
  identitiesOf(contactId: string): readonly Identity[];
  conversation(id: string): ConversationSummary | undefined;
  hasOrder(orderId: string): boolean;
  /**
   * The follow-up items of a contact that an event may settle (a reply, an order), as loaded for the
   * batch: those of conversations with items since the customer's last reply, and, when the batch
   * places orders, the contacts' sent ones. Follows merges.
   */
  followUpsOf(contactId: string): readonly FollowUpItem[];
  /** The workspace's live custom field definitions, which an event's custom field values must fit. */
  fieldDefinitions(): FieldDefinitions;
}
