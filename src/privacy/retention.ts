import type { Contact } from '../model/contact.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';

const DAY_MS = 86_400_000;

/** The windows retention works with (the workspace's `retention` configuration). */
export type RetentionPolicy = Pick<
  WorkspaceConfig['retention'],
  'archiveAfterInactiveDays' | 'purgeAfterDeletedDays'
>;

/** What retention does to one contact at a given time. */
export type RetentionAction = 'archive' | 'unarchive' | 'purge';

/** The contacts due for each retention action at `now`, by id. */
export interface RetentionPlan {
  /** Not seen for longer than the inactivity window. */
  readonly archive: string[];
  /** Archived, but seen again since: they are active again. */
  readonly unarchive: string[];
  /** Deleted longer ago than the grace period: every row of theirs is erased. */
  readonly purge: string[];
}

/**
 * What retention does to one contact at `now`, if anything. A deleted contact is only ever purged,
 * and only after the grace period; archiving never touches a deleted contact. Pure.
 *
 * @example
 * ```ts
 * retentionDue(contact, { archiveAfterInactiveDays: 365, purgeAfterDeletedDays: 30 }, now)
 * // 'purge' when contact.deletedAt is more than 30 days before now
 * ```
 */
export function retentionDue(
  contact: Contact,
  policy: RetentionPolicy,
  now: Date,
): RetentionAction | undefined {
  const t = now.getTime();
  if (contact.deletedAt !== undefined) {
    const grace = policy.purgeAfterDeletedDays;
    return grace !== null && contact.deletedAt.getTime() <= t - grace * DAY_MS ? 'purge' : undefined;
  }
  const lastSeen = contact.stats.lastSeenAt.getTime();
  if (contact.archivedAt !== undefined) {
    return lastSeen > contact.archivedAt.getTime() ? 'unarchive' : undefined;
  }
  const window = policy.archiveAfterInactiveDays;
  return window !== null && lastSeen < t - window * DAY_MS ? 'archive' : undefined;
}

/**
 * Lists which contacts are due to be archived, unarchived or purged at `now`. Pure: the service pages
 * through the workspace, calls this, and applies the plan.
 *
 * @example
 * ```ts
 * const plan = planRetention(contacts, config.retention, new Date('2026-06-01T00:00:00Z'));
 * plan.purge // ids of contacts deleted more than `purgeAfterDeletedDays` ago
 * ```
 */
export function planRetention(
  contacts: Iterable<Contact>,
  policy: RetentionPolicy,
  now: Date,
): RetentionPlan {
  const plan: RetentionPlan = { archive: [], unarchive: [], purge: [] };
  for (const contact of contacts) {
    const action = retentionDue(contact, policy, now);
    if (action !== undefined) plan[action].push(contact.id);
  }
  return plan;
}
