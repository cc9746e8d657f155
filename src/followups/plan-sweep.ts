import { type DueFollowUp, evaluateFollowUps, type FollowUpItemRef, type HeldFollowUp } from './due.js';
import type { FollowUpContactFacts } from './facts.js';
import type { FollowUpSettings } from './settings.js';

/** What a follow-up sweep looks at: a batch of contacts' facts and the items stored for them. */
export interface FollowUpSweepInput {
  readonly contacts: Iterable<FollowUpContactFacts>;
  /**
   * Items stored for these contacts: at least every open one, and any whose key the facts could make
   * again. Keys found here are never planned twice.
   */
  readonly existing?: Iterable<FollowUpItemRef>;
  readonly settings: FollowUpSettings;
  readonly now: Date;
}

/** What a sweep should do: the items to create (as `pending`), and the follow-ups held back, with why. */
export interface FollowUpSweepPlan {
  readonly create: DueFollowUp[];
  readonly held: HeldFollowUp[];
}

/**
 * Plans one follow-up sweep over a batch of contacts: the follow-ups due at `now` that no stored item
 * already stands for. Idempotent: planning again with the created items added to `existing` creates
 * nothing, and two sweeps at the same `now` plan the same keys, which the store keeps unique, so racing
 * sweeps create each item once. Pure.
 *
 * @example
 * ```ts
 * const plan = planFollowUpSweep({ contacts: batch, existing: storedItems, settings, now });
 * for (const due of plan.create) await store.insertFollowUp(openFollowUp(due, { workspaceId, id: newId(), now }).item);
 * ```
 */
export function planFollowUpSweep(input: FollowUpSweepInput): FollowUpSweepPlan {
  const byContact = new Map<string, FollowUpItemRef[]>();
  const keys = new Set<string>();
  for (const item of input.existing ?? []) {
    keys.add(item.key);
    const list = byContact.get(item.contactId);
    if (list) list.push(item);
    else byContact.set(item.contactId, [item]);
  }
  const create: DueFollowUp[] = [];
  const held: HeldFollowUp[] = [];
  for (const contact of input.contacts) {
    const evaluation = evaluateFollowUps(contact, input.settings, input.now, {
      existing: byContact.get(contact.contactId) ?? [],
    });
    for (const due of evaluation.due) {
      // A key stored under another contact id (before a merge moved the conversation) still counts.
      if (keys.has(due.key)) continue;
      keys.add(due.key);
      create.push(due);
    }
    held.push(...evaluation.held);
  }
  return { create, held };
}
