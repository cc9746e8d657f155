import type { MergeRecord } from '../model/merge-record.js';

/** The audit trail of merges, kept so a merge can be explained and undone. */
export interface MergeRecordRepository {
  /** Stores a merge record; an existing id throws `AlreadyExistsError`. */
  insert(record: MergeRecord): Promise<void>;
  get(id: string): Promise<MergeRecord | null>;
  /** Merge records in which the contact took part (as primary or absorbed), newest first. */
  listByContact(contactId: string): Promise<MergeRecord[]>;
  /** Marks a merge undone; returns false when it was not found or already undone. */
  markUndone(id: string, at: Date): Promise<boolean>;
  /** Deletes the records a contact took part in (erasure). */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
