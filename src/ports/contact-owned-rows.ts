/** One contact's rows going to another, as a merge moves them. */
export interface ContactMove {
  readonly from: string;
  readonly to: string;
}

/** A row's key (its id; an order's or event's id for orders and processed events) and its owner. */
export interface ContactRowKey {
  readonly contactId: string;
  readonly key: string;
}

/**
 * What a merge needs from every table of rows that belong to a contact, for many contacts in one call:
 * intake merges several contacts per batch, and a call per contact and table was most of a batch's
 * statements on a server.
 */
export interface ContactOwnedRows {
  /** The keys of the rows these contacts own, with their owner, in no particular order. */
  keysByContacts(contactIds: readonly string[]): Promise<ContactRowKey[]>;
  /**
   * Moves every row of each move's `from` to its `to`, all in one call. A contact is the `from` of one
   * move at most, and never a `to` as well. Returns how many rows moved.
   */
  reassignMany(moves: readonly ContactMove[]): Promise<number>;
}
