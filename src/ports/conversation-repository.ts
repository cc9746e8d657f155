import type { ConversationSummary } from '../model/conversation.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/** Conversation summaries, listed per contact across every inbox of the workspace. */
export interface ConversationRepository extends ContactOwnedRows {
  getMany(ids: readonly string[]): Promise<ConversationSummary[]>;
  /** Inserts or replaces by id. */
  upsertMany(conversations: readonly ConversationSummary[]): Promise<void>;
  /** A contact's conversations, most recently active first. */
  listByContact(contactId: string): Promise<ConversationSummary[]>;
  /** Moves conversations to another contact (merge); with `ids`, only those. Returns how many moved. */
  reassign(fromContactIds: readonly string[], toContactId: string, ids?: readonly string[]): Promise<number>;
  /** Keeps the conversations but removes their link to these contacts (erasure that keeps history). */
  unlink(contactIds: readonly string[]): Promise<number>;
  /** Deletes these contacts' conversations. */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
