import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { FollowUpItem } from '../model/follow-up.js';
import type { Identity } from '../model/identity.js';
import type { LogEntry } from '../model/log-entry.js';
import type { OrderRecord } from '../model/order.js';
import type { ProcessedEvent } from '../model/processed-event.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { IngestOutcome } from './outcome.js';

/** One contact folded into another by an event. */
export interface MergeStep {
  /** The contact merged away. */
  readonly from: string;
  /** The contact that lives on. */
  readonly into: string;
  /** The merge record's id. */
  readonly mergeId: string;
  readonly at: Date;
  /** The surviving contact just before this merge. */
  readonly primaryBefore: Contact;
  /** Where each field of the merged contact came from. */
  readonly provenance: Readonly<Record<string, string>>;
}

/**
 * What one event does, decided before anything changes: the rows to write and the outcome to report.
 * Intake's working set applies it (`evolve`), then writes a batch's decisions in a few statements.
 * A replayed event decides nothing but its outcome.
 */
export interface EventDecision {
  readonly outcome: IngestOutcome;
  /** A contact the event creates. */
  readonly create?: Contact;
  /** Contacts merged into the event's contact, in order. */
  readonly merges: readonly MergeStep[];
  /** Identities nobody held, now the contact's. */
  readonly attach: readonly Identity[];
  /** The contact as the event leaves it, when the event changed it (or created it). */
  readonly contact?: Contact;
  /** The conversation as the event leaves it, when the event touched one. */
  readonly conversation?: ConversationSummary;
  /** An order the event placed. */
  readonly order?: OrderRecord;
  /** Follow-up items the event settled: replied to, or converted by an order. */
  readonly followUps?: readonly FollowUpItem[];
  /** Score awards the event earned, for the contact's ledger. */
  readonly ledger: readonly LedgerEntry[];
  /** Timeline entries and published events. */
  readonly log: readonly LogEntry[];
  /** The record that makes a replay of the event change nothing. */
  readonly processed?: ProcessedEvent;
}
