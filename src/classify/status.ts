import { differenceInCalendarDays } from 'date-fns';
import { z } from 'zod';
import type { Contact } from '../model/contact.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';

export const CONTACT_STATUSES = ['new', 'active', 'qualified', 'converted', 'inactive', 'churned'] as const;
export const ContactStatusSchema = z.enum(CONTACT_STATUSES);
export type ContactStatus = z.infer<typeof ContactStatusSchema>;

/**
 * A contact's status at `now`, by the first rule that holds:
 * 1. **churned**: converted (has orders), now silent for `churnAfterDays`;
 * 2. **converted**: has orders;
 * 3. **qualified**: carries a buying-intent tag (`qualifiedTags`);
 * 4. **inactive**: no message for `inactiveAfterDays`;
 * 5. **active**: recent, with at least `activeMinMessages` messages;
 * 6. **new**: recent, fewer messages so far.
 *
 * Pure: the same contact, rules and `now` give the same status.
 *
 * @example
 * ```ts
 * classifyStatus(contact, DEFAULT_WORKSPACE_CONFIG.status, new Date()) // 'converted'
 * ```
 */
export function classifyStatus(contact: Contact, rules: WorkspaceConfig['status'], now: Date): ContactStatus {
  const silentDays = differenceInCalendarDays(now, contact.stats.lastSeenAt);
  if (contact.stats.orders > 0) return silentDays >= rules.churnAfterDays ? 'churned' : 'converted';
  if (contact.tags.some((tag) => rules.qualifiedTags.includes(tag))) return 'qualified';
  if (silentDays >= rules.inactiveAfterDays) return 'inactive';
  return contact.stats.messages >= rules.activeMinMessages ? 'active' : 'new';
}
