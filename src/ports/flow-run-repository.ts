import type { FlowRun } from '../model/flow-run.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/** Automation flow runs recorded against contacts. */
export interface FlowRunRepository extends ContactOwnedRows {
  /** Inserts or replaces by id (a run is reported again when it finishes). */
  upsertMany(runs: readonly FlowRun[]): Promise<void>;
  /** A contact's flow runs, newest first. */
  listByContact(contactId: string): Promise<FlowRun[]>;
  reassign(fromContactIds: readonly string[], toContactId: string, ids?: readonly string[]): Promise<number>;
  /** Keeps the runs but removes their link to these contacts (contact deleted, history kept). */
  unlink(contactIds: readonly string[]): Promise<number>;
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
