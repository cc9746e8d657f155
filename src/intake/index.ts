export { type DecideContext, decideEvent } from './decide-event.js';
export type { EventDecision, MergeStep } from './decision.js';
export { eventClaims, eventIdentities } from './event-claims.js';
export type { ChangedField, IngestOutcome, IngestResult } from './outcome.js';
export type { IntakeState } from './state.js';
