import type { ProcessedEvent } from '../model/processed-event.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/** Which event ids intake already handled, so the same event twice changes nothing. */
export interface ProcessedEventRepository extends ContactOwnedRows {
  /** The records for these event ids that exist. */
  findMany(eventIds: readonly string[]): Promise<ProcessedEvent[]>;
  /** Records handled events. An event id already recorded throws `AlreadyExistsError`. */
  insertMany(records: readonly ProcessedEvent[]): Promise<void>;
  /** Points records of merged-away contacts at the survivor; with `eventIds`, only those (unmerge). */
  reassign(
    fromContactIds: readonly string[],
    toContactId: string,
    eventIds?: readonly string[],
  ): Promise<number>;
  /** Forgets the records of these contacts (erasure). */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
