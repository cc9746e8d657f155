import { JOURNEY_STAGES, type JourneyStage, type StageReason } from '../model/classification.js';
import type { StageConfig } from './config.js';
import type { ContactFacts } from './facts.js';
import { lastActiveMs } from './status.js';
import { elapsedDays, latestMs } from './time.js';

/** A stage, why, and whether a person chose it. */
export interface StageDecision {
  /** Null until the contact writes or a stage signal arrives. */
  readonly stage: JourneyStage | null;
  readonly reason: StageReason | null;
  readonly setByHand: boolean;
}

// Decisions are shared, frozen values: the sweep decides a stage for every contact.
const decision = (stage: JourneyStage | null, reason: StageReason | null, setByHand = false): StageDecision =>
  Object.freeze({ stage, reason, setByHand });
const NO_STAGE = decision(null, null);
const IN_PROGRESS = decision('in_progress', 'conversion');
const FOLLOW_UP = decision('follow_up', 'silence');
const FIRST_MESSAGE = decision('inquiry', 'first_message');
const SIGNALLED = new Map(JOURNEY_STAGES.map((stage) => [stage, decision(stage, 'signal')]));
const MANUAL = new Map(JOURNEY_STAGES.map((stage) => [stage, decision(stage, 'manual', true)]));

/** Stages where the conversation waits on the contact: silence there calls for a follow-up. */
const OPEN_STAGES: ReadonlySet<JourneyStage> = new Set(['inquiry', 'comparing', 'closing']);

/**
 * A contact's journey stage at `now`, by the first rule that holds:
 *
 * | stage               | when                                                                   | reason          |
 * |---------------------|------------------------------------------------------------------------|-----------------|
 * | the chosen one      | a person chose a stage (it sticks until cleared)                       | `manual`        |
 * | in_progress         | an order or booking no older than the latest stage signal              | `conversion`    |
 * | follow_up           | the stage below is open (inquiry, comparing, closing), silent ≥ `followUpAfterDays` since the contact's latest message, order, booking or stage signal | `silence` |
 * | the signalled one   | the latest stage signal (the host's, or a rule's `stage`)              | `signal`        |
 * | inquiry             | no signal, but the contact has written                                 | `first_message` |
 * | none                | otherwise                                                              |                 |
 *
 * Pure.
 *
 * @example
 * ```ts
 * decideStage({ ...facts, manualStage: 'closing' }, config.stage, now)
 * // { stage: 'closing', reason: 'manual', setByHand: true }
 * ```
 */
export function decideStage(facts: ContactFacts, config: StageConfig, now: Date): StageDecision {
  if (facts.manualStage != null) return MANUAL.get(facts.manualStage)!;
  const signal = facts.score?.stageSignal ?? null;
  const convertedMs = latestMs(facts.lastOrderAt, facts.lastBookingAt);
  if (convertedMs !== undefined && (signal === null || convertedMs >= signal.atMs)) {
    return IN_PROGRESS;
  }
  const base = signal !== null ? SIGNALLED.get(signal.stage)! : facts.messages > 0 ? FIRST_MESSAGE : NO_STAGE;
  if (base === NO_STAGE) return NO_STAGE;
  // Silent since the contact last did something, or since the stage was signalled if that is later.
  const since = latestMs(lastActiveMs(facts), signal?.atMs) ?? lastActiveMs(facts);
  if (OPEN_STAGES.has(base.stage!) && elapsedDays(since, now) >= config.followUpAfterDays) {
    return FOLLOW_UP;
  }
  return base;
}
