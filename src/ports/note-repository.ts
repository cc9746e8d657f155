import type { Note } from '../model/note.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/** Internal notes on contacts. */
export interface NoteRepository extends ContactOwnedRows {
  insertMany(notes: readonly Note[]): Promise<void>;
  /** A contact's notes, newest first. */
  listByContact(contactId: string): Promise<Note[]>;
  reassign(fromContactIds: readonly string[], toContactId: string, ids?: readonly string[]): Promise<number>;
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
