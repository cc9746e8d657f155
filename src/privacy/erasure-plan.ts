import type { DomainEvent } from '../model/domain-event.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';

/** The tables erasure deletes a person's rows from outright, in the order they are deleted. */
export const ERASED_TABLES = [
  'identities',
  'activities',
  'consents',
  'orders',
  'notes',
  'processedEvents',
  'merges',
  'suggestions',
  'outbox',
  'contacts',
] as const;
export type ErasedTable = (typeof ERASED_TABLES)[number];

/** What happens to rows the workspace may keep without the person: deleted, or kept with the link cut. */
export type KeepOrDelete = 'delete' | 'unlink';

/**
 * What erasing contacts does, decided from the workspace's configuration before anything is touched.
 * The service applies it in one transaction.
 */
export interface ErasurePlan {
  readonly contactIds: readonly string[];
  /** Deleted outright; `contacts` comes last so no row ever points at a missing contact. */
  readonly delete: readonly ErasedTable[];
  /** `privacy.conversationsOnErasure`: the workspace's own history, which it may keep unlinked. */
  readonly conversations: KeepOrDelete;
  /** `retention.keepFlowRunsOnDelete`: automation history, kept unlinked by default. */
  readonly flowRuns: KeepOrDelete;
}

/**
 * Plans the erasure of contacts: profile, identities, timeline, consent, orders, notes, processed
 * events, outbox events, merge records and duplicate suggestions go; conversations and flow runs are
 * deleted or unlinked as the workspace chose. Pure.
 *
 * @example
 * ```ts
 * planErasure(['c_1'], DEFAULT_WORKSPACE_CONFIG)
 * // → { contactIds: ['c_1'], delete: ['identities', …, 'contacts'], conversations: 'unlink', flowRuns: 'unlink' }
 * ```
 */
export function planErasure(
  contactIds: readonly string[],
  config: Pick<WorkspaceConfig, 'privacy' | 'retention'>,
): ErasurePlan {
  return {
    contactIds: [...new Set(contactIds)],
    delete: ERASED_TABLES,
    conversations: config.privacy.conversationsOnErasure,
    flowRuns: config.retention.keepFlowRunsOnDelete ? 'unlink' : 'delete',
  };
}

/**
 * The `contact.erased` outbox event. It carries no personal data, only the opaque contact id and the
 * time, so webhook receivers can erase their copies without learning anything about the person.
 *
 * @example
 * ```ts
 * erasedEvent({ id: 'evt_1', workspaceId: 'acme', contactId: 'c_1', at: now })
 * // → { type: 'contact.erased', contactId: 'c_1', payload: { contactId: 'c_1', erasedAt: '2026-…Z' }, … }
 * ```
 */
export function erasedEvent(input: {
  readonly id: string;
  readonly workspaceId: string;
  readonly contactId: string;
  readonly at: Date;
}): DomainEvent {
  return {
    id: input.id,
    workspaceId: input.workspaceId,
    type: 'contact.erased',
    contactId: input.contactId,
    at: input.at,
    payload: { contactId: input.contactId, erasedAt: input.at.toISOString() },
  };
}
