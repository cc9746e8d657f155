import { ValidationError } from '../errors/errors.js';
import type { ExtractedClaims, NormalizedValue } from '../identity/claims.js';
import { decideEvent } from '../intake/decide-event.js';
import { eventClaims } from '../intake/event-claims.js';
import type { IngestOutcome, IngestResult } from '../intake/outcome.js';
import type { ChatEvent } from '../model/chat-event.js';
import type { IdentityKey } from '../model/identity.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import { WorkingSet } from './working-set.js';

/** What intake needs besides the events: the rules, the clock's reading, an id source, a claims cache. */
export interface IntakeContext {
  readonly config: WorkspaceConfig;
  readonly now: Date;
  readonly newId: () => string;
  readonly cache: Map<string, NormalizedValue | string>;
}

const NO_CLAIMS: ExtractedClaims = { claims: [], ignored: [] };

/**
 * Decides a batch of events, in order, on a working set that reads what they can touch in a few
 * set-based calls, applying each decision before deciding the next. The caller flushes the working set
 * to store the result, or drops it (a dry run).
 */
export async function applyEvents(
  tx: WorkspaceTransaction,
  events: readonly ChatEvent[],
  ctx: IntakeContext,
): Promise<{ ws: WorkingSet; outcomes: Array<IngestOutcome | ValidationError> }> {
  const ws = new WorkingSet(tx);
  const extracted: ExtractedClaims[] = new Array(events.length);
  const eventIds: string[] = new Array(events.length);
  // Each key once, as the claim that names it: the claims are identity keys already, so no copies.
  const keys = new Map<string, IdentityKey>();
  let customFields = false;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const claims = eventClaims(event, ctx.config, ctx.cache);
    extracted[i] = claims;
    eventIds[i] = event.eventId;
    if (event.customFields !== undefined) customFields = true;
    for (const claim of claims.claims) if (!keys.has(claim.key)) keys.set(claim.key, claim);
  }
  await ws.load({
    eventIds,
    keys: [...keys.values()],
    conversationIds: distinct(events, (e) => e.conversation?.id),
    orderIds: distinct(events, (e) => e.order?.orderId),
    customFields,
  });
  const outcomes = events.map((event, i) => {
    const decision = decideEvent(ws, event, extracted[i]!, ctx);
    // Claims are done with once decided: let the young generation drop them before the batch ends.
    extracted[i] = NO_CLAIMS;
    if (decision instanceof ValidationError) return decision;
    ws.apply(decision);
    return decision.outcome;
  });
  return { ws, outcomes };
}

/** The distinct values `of` gives for the events, skipping undefined. */
function distinct(events: readonly ChatEvent[], of: (event: ChatEvent) => string | undefined): string[] {
  const out = new Set<string>();
  for (const event of events) {
    const value = of(event);
    if (value !== undefined) out.add(value);
  }
  return [...out];
}

/** An event's outcome as a batch result: `index` is its place in the caller's input. */
export function resultOf(
  event: ChatEvent,
  index: number,
  outcome: IngestOutcome | ValidationError,
): IngestResult {
  return outcome instanceof ValidationError
    ? { ok: false, eventId: event.eventId, index, error: outcome }
    : { ok: true, eventId: event.eventId, outcome };
}
