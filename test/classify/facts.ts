import type { ContactFacts } from '../../src/classify/index.js';
import type { JourneyStage } from '../../src/model/classification.js';
import type { ScoreState } from '../../src/model/score-ledger.js';
import { emptyScoreState } from '../../src/scoring/index.js';

/** The instant the tables are read at. */
export const NOW = new Date('2026-06-30T12:00:00.000Z');
const DAY = 86_400_000;

/** `d` days before {@link NOW} (fractions allowed; `ms` shifts by milliseconds more). */
export const daysAgo = (d: number, ms = 0): Date => new Date(NOW.getTime() - d * DAY - ms);

/** The facts of a contact described in days before {@link NOW}; unspecified facts are neutral. */
export interface FactsSketch {
  /** Days since first seen (default 100). */
  firstSeen?: number;
  /** Days since the contact's latest message; undefined: none known. */
  lastInbound?: number | undefined;
  /** Days since last seen (default: lastInbound, else firstSeen). */
  lastSeen?: number;
  messages?: number;
  /** Orders, all in USD at 50 each, the last `lastOrder` days ago. */
  orders?: number;
  lastOrder?: number;
  firstOrder?: number;
  bookings?: number;
  lastBooking?: number;
  tags?: string[];
  /** Days since a buying-intent signal. */
  intent?: number;
  /** A stage signal `[stage, days ago]`. */
  stageSignal?: [JourneyStage, number];
  manualStage?: JourneyStage;
}

function scoreState(sketch: FactsSketch): ScoreState | undefined {
  if (sketch.intent === undefined && sketch.stageSignal === undefined) return undefined;
  return {
    ...emptyScoreState('v1'),
    buyingIntentAtMs: sketch.intent === undefined ? null : daysAgo(sketch.intent).getTime(),
    stageSignal:
      sketch.stageSignal === undefined
        ? null
        : { stage: sketch.stageSignal[0], atMs: daysAgo(sketch.stageSignal[1]).getTime() },
  };
}

/** Builds {@link ContactFacts} from a sketch in days. */
export function facts(sketch: FactsSketch = {}): ContactFacts {
  const firstSeen = sketch.firstSeen ?? 100;
  const orders = sketch.orders ?? 0;
  const lastOrder = sketch.lastOrder ?? (orders > 0 ? 1 : undefined);
  const bookings = sketch.bookings ?? 0;
  const lastBooking = sketch.lastBooking ?? (bookings > 0 ? 1 : undefined);
  return {
    firstSeenAt: daysAgo(firstSeen),
    lastSeenAt: daysAgo(sketch.lastSeen ?? sketch.lastInbound ?? firstSeen),
    lastInboundAt: sketch.lastInbound === undefined ? undefined : daysAgo(sketch.lastInbound),
    messages: sketch.messages ?? 0,
    spend:
      orders > 0
        ? [{ currency: 'USD', orders, amount: 50 * orders, ordersViaAssistant: 0, amountViaAssistant: 0 }]
        : [],
    firstOrderAt: orders > 0 ? daysAgo(sketch.firstOrder ?? lastOrder!) : undefined,
    lastOrderAt: lastOrder === undefined ? undefined : daysAgo(lastOrder),
    bookings,
    lastBookingAt: lastBooking === undefined ? undefined : daysAgo(lastBooking),
    tags: sketch.tags ?? [],
    filledFields: [],
    manualStage: sketch.manualStage,
    score: scoreState(sketch),
  };
}
