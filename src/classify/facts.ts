import type { JourneyStage, SentimentState } from '../model/classification.js';
import type { ScoreState } from '../model/score-ledger.js';
import type { SpendTotals } from '../model/spend.js';

/**
 * What classification knows of one contact: the stored facts it is a pure function of, together
 * with the configuration and `now`. Storage maps a stored contact onto this; nothing here is derived.
 */
export interface ContactFacts {
  /** First seen, by any event. */
  readonly firstSeenAt: Date;
  /** Last seen, by any event (used for silence only when `lastInboundAt` is unknown). */
  readonly lastSeenAt: Date;
  /**
   * The contact's latest message. Silence is counted from here (or from a later order or booking),
   * not from `lastSeenAt`, which the business's own messages move.
   */
  readonly lastInboundAt?: Date | undefined;
  /** Messages from the contact. */
  readonly messages: number;
  /** Orders, one total per currency. */
  readonly spend: SpendTotals;
  readonly firstOrderAt?: Date | undefined;
  readonly lastOrderAt?: Date | undefined;
  /** Bookings made (a booking converts like an order). */
  readonly bookings: number;
  readonly lastBookingAt?: Date | undefined;
  readonly tags: readonly string[];
  /** The fields that are filled in, by the names of the completeness configuration (see `filledFields`). */
  readonly filledFields: readonly string[];
  /** A stage a person chose; it sticks until cleared (undefined or null). */
  readonly manualStage?: JourneyStage | null | undefined;
  /** The scoring state: score, and the latest buying-intent and stage signals. */
  readonly score?: ScoreState | null | undefined;
  /** The running sentiment of the contact's scored messages. */
  readonly sentiment?: SentimentState | null | undefined;
}
