import type { Identity, IdentityKey } from '../model/identity.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/**
 * Stores identities of one workspace. `(workspace, type, value)` is unique: this is a contract every
 * adapter enforces itself (a unique index in SQL), so two racing writers can never both own one.
 */
export interface IdentityRepository extends Pick<ContactOwnedRows, 'reassignMany'> {
  /** The stored identities for these keys (those that exist). */
  findByKeys(keys: readonly IdentityKey[]): Promise<Identity[]>;
  /** Every identity of these contacts. */
  listByContacts(contactIds: readonly string[]): Promise<Identity[]>;
  /**
   * Inserts identities. If any key is already held (by any contact, or twice in the call), nothing is
   * inserted and `IdentityTakenError` names the holder. The contact must exist.
   */
  insertMany(identities: readonly Identity[]): Promise<void>;
  /** Moves the identities with these keys to `toContactId` (unmerge). Returns how many moved. */
  reassignKeys(keys: readonly IdentityKey[], toContactId: string): Promise<number>;
  /** Deletes identities by key. Returns how many existed. */
  deleteByKeys(keys: readonly IdentityKey[]): Promise<number>;
}
