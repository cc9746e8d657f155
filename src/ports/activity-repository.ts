import type { Activity } from '../model/activity.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';
import type { Page, PageOptions } from './page.js';

/** The append-only activity timeline of the workspace's contacts. */
export interface ActivityRepository extends ContactOwnedRows {
  /** Appends entries. Ids are unique; an existing id throws `AlreadyExistsError`. */
  append(entries: readonly Activity[]): Promise<void>;
  /** A contact's timeline, newest first (by `at`, then id). */
  listByContact(contactId: string, options?: PageOptions): Promise<Page<Activity>>;
  /** Moves entries to another contact (merge); with `ids`, only those (unmerge). Returns how many moved. */
  reassign(fromContactIds: readonly string[], toContactId: string, ids?: readonly string[]): Promise<number>;
  /** Deletes a contact's whole timeline (erasure). Returns how many entries existed. */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
