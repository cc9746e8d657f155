import type { LogEntry } from '../model/log-entry.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { OwnedTableName } from '../ports/schema/tables.js';

/** What happens to rows the workspace may keep without the person: deleted, or kept with the link cut. */
export type KeepOrDelete = 'delete' | 'unlink';

/**
 * What erasing contacts does, decided from the workspace's configuration before anything is touched.
 * Every row of the contacts goes (profile, identities, timeline and published events, consent, orders,
 * notes, processed events, merge records, duplicate suggestions), except the tables in `unlink`, whose
 * rows the workspace keeps as its own history without the link to the person, and with the fields that
 * could hold personal data cleared. The store applies it in one transaction.
 */
export interface ErasurePlan {
  readonly contactIds: readonly string[];
  /** `privacy.conversationsOnErasure` and `retention.keepFlowRunsOnDelete` decide these. */
  readonly unlink: readonly OwnedTableName[];
}

/**
 * Plans the erasure of contacts. Pure.
 *
 * @example
 * ```ts
 * planErasure(['c_1'], DEFAULT_WORKSPACE_CONFIG)
 * // → { contactIds: ['c_1'], unlink: ['conversations', 'flowRuns'] }
 * ```
 */
export function planErasure(
  contactIds: readonly string[],
  config: Pick<WorkspaceConfig, 'privacy' | 'retention'>,
): ErasurePlan {
  const unlink: OwnedTableName[] = [];
  if (config.privacy.conversationsOnErasure === 'unlink') unlink.push('conversations');
  if (config.retention.keepFlowRunsOnDelete) unlink.push('flowRuns');
  return { contactIds: [...new Set(contactIds)], unlink };
}

/**
 * The `contact.erased` entry. It carries no personal data, only the opaque contact id and the time, so
 * webhook receivers can erase their copies without learning anything about the person.
 *
 * @example
 * ```ts
 * erasedEntry({ id: 'evt_1', workspaceId: 'acme', contactId: 'c_1', at: now })
 * // → { contactId: 'c_1', event: { type: 'contact.erased', payload: { contactId: 'c_1', erasedAt: '2026-…Z' } }, … }
 * ```
 */
export function erasedEntry(input: {
  readonly id: string;
  readonly workspaceId: string;
  readonly contactId: string;
  readonly at: Date;
}): LogEntry {
  return {
    id: input.id,
    workspaceId: input.workspaceId,
    contactId: input.contactId,
    at: input.at,
    recordedAt: input.at,
    event: {
      type: 'contact.erased',
      payload: { contactId: input.contactId, erasedAt: input.at.toISOString() },
    },
  };
}
