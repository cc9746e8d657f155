import type { Classification, ClassificationChange } from '../model/classification.js';
import type { Contact } from '../model/contact.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import { reclassify } from './classify.js';
import type { ContactFacts } from './facts.js';
import { filledFields } from './flags.js';

/**
 * What classification knows of a stored contact: its engagement, spend, tags, filled-in fields, the
 * stage a person chose, and its scoring and sentiment states. The one mapping intake, the sweep and
 * reads use, so that a stored classification always equals a fresh one at the same `now`. Pure.
 *
 * @example
 * ```ts
 * classifyContact(contactFacts(contact), config, { now });
 * ```
 */
export function contactFacts(contact: Contact): ContactFacts {
  const s = contact.stats;
  return {
    firstSeenAt: s.firstSeenAt,
    lastSeenAt: s.lastSeenAt,
    lastInboundAt: s.lastInboundAt,
    messages: s.messages,
    spend: s.spend ?? [],
    firstOrderAt: s.firstOrderAt,
    lastOrderAt: s.lastOrderAt,
    bookings: s.bookings ?? 0,
    lastBookingAt: s.lastBookingAt,
    tags: contact.tags,
    filledFields: filledFields(contact.profile, contact.customFields),
    manualStage: contact.manualStage,
    score: contact.scoreState,
    sentiment: contact.sentimentState,
  };
}

/**
 * A contact classified at `now` by its workspace's rules: the contact with its new classification, and
 * what changed (status, stage, grade) with the reason, for its timeline and published events. A first
 * classification reports no changes: a new contact's creation says it all. Pure.
 *
 * @example
 * ```ts
 * const { contact: next, changes } = reclassifyContact(contact, config, now);
 * ```
 */
export function reclassifyContact(
  contact: Contact,
  config: Pick<WorkspaceConfig, 'classification' | 'scoring'>,
  now: Date,
): { readonly contact: Contact; readonly changes: readonly ClassificationChange[] } {
  const { classification, changes } = classificationOf(contact, config, now);
  return { contact: { ...contact, classification }, changes };
}

/**
 * {@link reclassifyContact} without the copy of the contact: its new classification and what changed,
 * for a caller that builds the contact's next version itself (intake, once per event). Pure.
 */
export function classificationOf(
  contact: Contact,
  config: Pick<WorkspaceConfig, 'classification' | 'scoring'>,
  now: Date,
): { readonly classification: Classification; readonly changes: readonly ClassificationChange[] } {
  const before: Classification | null = contact.classification ?? null;
  const { classification, changes } = reclassify(before, contactFacts(contact), config, {
    now,
    rates: config.classification.spend.rates,
  });
  return { classification, changes: before === null ? [] : changes };
}
