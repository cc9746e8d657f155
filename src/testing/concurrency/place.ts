import type { ContactStore } from '../../ports/store.js';

/** A store opened over a connection of its own, and how to release that connection. */
export interface OpenedStore {
  readonly store: ContactStore;
  /** Releases the store and the connection (or file handle) it was opened on. */
  close(): Promise<void> | void;
}

/**
 * Opens a store on a place (a schema, database or file, named by the string the suite's `createPlace`
 * returned) over a connection of its own, so that several of them race as separate clients would.
 */
export type OpenPlace = (place: string) => Promise<OpenedStore>;
