import type { JourneyStage, StageReason } from '../model/classification.js';
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

const NO_STAGE: StageDecision = { stage: null, reason: null, setByHand: false };

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
  if (facts.manualStage != null) return { stage: facts.manualStage, reason: 'manual', setByHand: true };
  const signal = facts.score?.stageSignal ?? null;
  const convertedMs = latestMs(facts.lastOrderAt, facts.lastBookingAt);
  if (convertedMs !== undefined && (signal === null || convertedMs >= signal.atMs)) {
    return { stage: 'in_progress', reason: 'conversion', setByHand: false };
  }
  const base: StageDecision | undefined =
    signal !== null
      ? { stage: signal.stage, reason: 'signal', setByHand: false }
      : facts.messages > 0
        ? { stage: 'inquiry', reason: 'first_message', setByHand: false }
        : undefined;
  if (base === undefined) return NO_STAGE;
  // Silent since the contact last did something, or since the stage was signalled if that is later.
  const since = latestMs(lastActiveMs(facts), signal?.atMs) ?? lastActiveMs(facts);
  if (OPEN_STAGES.has(base.stage!) && elapsedDays(since, now) >= config.followUpAfterDays) {
    return { stage: 'follow_up', reason: 'silence', setByHand: false };
  }
  return base;
}
