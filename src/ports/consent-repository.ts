import type { ConsentRecord } from '../model/consent.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/** Consent records per contact: append-only; the latest record per purpose is in force. */
export interface ConsentRepository extends ContactOwnedRows {
  append(records: readonly ConsentRecord[]): Promise<void>;
  /** A contact's consent records, oldest first. */
  listByContact(contactId: string): Promise<ConsentRecord[]>;
  reassign(fromContactIds: readonly string[], toContactId: string, ids?: readonly string[]): Promise<number>;
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
