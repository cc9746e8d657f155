import type { Contact } from '../model/contact.js';
import type {
  ContactAnalyticsQuery,
  ContactFigures,
  ContactQuery,
  ContactQueryPage,
} from './contact-query.js';
import type { Page, PageOptions } from './page.js';
import type { ReadOptions } from './table.js';

/**
 * Stores contacts of one workspace (the transaction's). Every method is scoped: a contact of another
 * workspace is neither found nor changed, and writing one throws `WorkspaceMismatchError`.
 *
 * Records are immutable by contract: the store may keep what it is given and hand back what it keeps,
 * so neither the caller nor the store changes a record after passing it on; a change is a new record.
 */
export interface ContactRepository {
  /** The contact with this id, or null. */
  get(id: string, options?: ReadOptions): Promise<Contact | null>;
  /** The contacts with these ids that exist, in the order asked. */
  getMany(ids: readonly string[], options?: ReadOptions): Promise<Contact[]>;
  /**
   * Holds these contacts until the transaction ends, so that no other transaction changes, merges or
   * deletes them meanwhile (`SELECT … FOR UPDATE` on servers). Returns the ids that exist.
   */
  lock(ids: readonly string[]): Promise<string[]>;
  /** Inserts new contacts. Throws `AlreadyExistsError` if an id exists. Each must have `version: 1`. */
  insertMany(contacts: readonly Contact[]): Promise<void>;
  /**
   * Replaces stored contacts. Each must carry the next version (stored version + 1), else
   * `ConcurrentUpdateError` and nothing of the call is written; a missing one throws `NotFoundError`.
   */
  updateMany(contacts: readonly Contact[]): Promise<void>;
  /**
   * Deletes contacts by id; returns how many existed. Their identities go with them. With `versions`,
   * a contact is deleted only at that stored version, else `ConcurrentUpdateError` and nothing of the
   * call is deleted (a merge deleting what it read).
   */
  deleteMany(ids: readonly string[], versions?: ReadonlyMap<string, number>): Promise<number>;
  /** Contacts ordered by id, a page at a time, deleted ones included. */
  list(options?: PageOptions): Promise<Page<Contact>>;
  /** How many live (not soft-deleted) contacts the workspace has. */
  count(): Promise<number>;
  /**
   * One page of a contacts list: the live contacts matching a resolved filter, in the query's sort
   * (ties by id, in the same direction; missing values last), after `after`, with the fields asked for
   * and the total asked for. Exactly what `queryContacts` in src/segments/list.ts returns over the
   * same contacts: SQL stores compile the filter to parameterised SQL.
   */
  query(query: ContactQuery): Promise<ContactQueryPage>;
  /**
   * The figures of the live contacts matching a resolved filter, their conversations' included:
   * exactly what `figuresOf` returns over the workspace's contacts and conversations.
   */
  figures(query: ContactAnalyticsQuery): Promise<ContactFigures>;
}
