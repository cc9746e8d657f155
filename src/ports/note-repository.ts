import type { Note } from '../model/note.js';

/** Internal notes on contacts. */
export interface NoteRepository {
  insertMany(notes: readonly Note[]): Promise<void>;
  /** A contact's notes, newest first. */
  listByContact(contactId: string): Promise<Note[]>;
  reassign(fromContactIds: readonly string[], toContactId: string, ids?: readonly string[]): Promise<number>;
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
