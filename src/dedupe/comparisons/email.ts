import { emailMatchKey, normalizeEmail } from '../../normalize/email.js';
import { foldText } from '../../normalize/text.js';
import { editDistance } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

function prepareEmail(raw: string): string | null {
  if (raw.length === 0) return null;
  try {
    // The provider-folded key: Gmail dots and +tags say nothing about who the person is.
    return emailMatchKey(normalizeEmail(raw).value);
  } catch {
    // A malformed address still carries evidence; compare it as typed.
    const folded = foldText(raw).replace(/\s+/g, '');
    return folded.length > 0 ? folded : null;
  }
}

// Mailboxes of a role, not a person: two people at two companies both write from "info@".
const ROLE_LOCAL_PARTS = new Set([
  'info',
  'sales',
  'admin',
  'contact',
  'hello',
  'support',
  'office',
  'team',
  'mail',
  'email',
  'enquiries',
  'inquiries',
  'billing',
  'accounts',
  'hr',
  'jobs',
  'marketing',
  'noreply',
  'no-reply',
  'webmaster',
  'help',
  'service',
  'reception',
]);

/**
 * A local part that tells its owner apart at another domain: with a digit or a separator
 * ("mark.lim84", "ana_r"), or long (12 letters or more), and not a role mailbox. A first name alone
 * ("christopher@") at two domains is two people as often as one, and agrees with their first names too.
 */
function isDistinctive(local: string): boolean {
  if (ROLE_LOCAL_PARTS.has(local)) return false;
  return (local.length >= 4 && /[\d._-]/.test(local)) || local.length >= 12;
}

function localOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : email.slice(0, at);
}

/** A near miss: a typo'd domain (`gmail.co`, `gmial.com`, `hotmial.com`) or local part, within two edits. */
function nearMiss(a: string, b: string): boolean {
  return Math.abs(a.length - b.length) <= 2 && editDistance(a, b) <= 2;
}

/**
 * Email addresses: the same address (after normalization and provider folding: case, Gmail dots and
 * `+tags`, `googlemail.com`), a near miss (a typo'd domain or local part), the same distinctive local
 * part at another domain ("mark.lim84", not "mark" nor a role mailbox such as `info@`), different. A near miss is partial evidence,
 * never the full evidence of the same address.
 *
 * @example
 * ```ts
 * emailComparison.compare('ana.lima@gmail.com', 'ana.lima@gmail.co', 'ana.lima', 'ana.lima'); // 1
 * emailComparison.compare('ana@x.com', 'ana@y.org', 'ana', 'ana'); // 2
 * ```
 */
export const emailComparison: Comparison = {
  levels: ['exact', 'typo', 'same local part', 'different'],
  prepare: prepareEmail,
  alternate: localOf,
  compare(a, b, altA, altB) {
    if (a === b) return 0;
    if (nearMiss(a, b)) return 1;
    if (altA === altB && isDistinctive(altA)) return 2;
    return 3;
  },
};
