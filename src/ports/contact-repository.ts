import type { Contact } from '../model/contact.js';
import type { Page, PageOptions } from './page.js';

/**
 * Stores contacts of one workspace (the transaction's). Every method is scoped: a contact of another
 * workspace is neither found nor changed, and writing one throws `WorkspaceMismatchError`.
 */
export interface ContactRepository {
  /** The contact with this id, or null. */
  get(id: string): Promise<Contact | null>;
  /** The contacts with these ids that exist, in any order. */
  getMany(ids: readonly string[]): Promise<Contact[]>;
  /** Inserts new contacts. Throws `AlreadyExistsError` if an id exists. Each must have `version: 1`. */
  insertMany(contacts: readonly Contact[]): Promise<void>;
  /**
   * Replaces stored contacts. Each must carry the next version (stored version + 1), else
   * `ConcurrentUpdateError`; a missing one throws `NotFoundError`.
   */
  updateMany(contacts: readonly Contact[]): Promise<void>;
  /** Deletes contacts by id; returns how many existed. Their identities go with them. */
  deleteMany(ids: readonly string[]): Promise<number>;
  /** Contacts ordered by id, a page at a time. */
  list(options?: PageOptions): Promise<Page<Contact>>;
  /** How many contacts the workspace has. */
  count(): Promise<number>;
}
