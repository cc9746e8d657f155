import type { Identity, IdentityKey } from '../model/identity.js';

/** Identities of one contact going to another; with `keys`, only those. */
export interface IdentityMove {
  readonly from: string;
  readonly to: string;
  readonly keys?: readonly IdentityKey[];
}

/**
 * Stores identities of one workspace. `(workspace, type, value)` is unique: this is a contract every
 * adapter enforces itself (a unique index in SQL), so two racing writers can never both own one.
 */
export interface IdentityRepository {
  /** The stored identities for these keys (those that exist), in the order asked. */
  findByKeys(keys: readonly IdentityKey[]): Promise<Identity[]>;
  /** Every identity of these contacts. */
  listByContacts(contactIds: readonly string[]): Promise<Identity[]>;
  /**
   * Inserts identities. If any key is already held (by any contact, or twice in the call), nothing is
   * inserted and `IdentityTakenError` names the holder. The contact must exist.
   */
  insertMany(identities: readonly Identity[]): Promise<void>;
  /**
   * Moves identities between contacts, all in one call: every identity of each `from` (or only its
   * `keys`) goes to its `to`. Every `to` must exist, else `NotFoundError` and nothing moves. Returns how
   * many moved.
   */
  move(moves: readonly IdentityMove[]): Promise<number>;
  /** Deletes identities by key. Returns how many existed. */
  deleteByKeys(keys: readonly IdentityKey[]): Promise<number>;
}
