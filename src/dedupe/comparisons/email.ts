import { emailMatchKey, normalizeEmail } from '../../normalize/email.js';
import { foldText } from '../../normalize/text.js';
import { withinEdits, withinOneEdit } from '../string-similarity.js';
import type { Comparison } from './comparison.js';

// An address already normalized (as stored identities are): lower case ASCII, nothing to undo.
const PLAIN = /^[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;

function prepareEmail(raw: string): string | null {
  if (raw.length === 0) return null;
  if (PLAIN.test(raw)) return emailMatchKey(raw);
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
  return withinEdits(a, b, 2);
}

/**
 * A typo in a long distinctive local part at the same domain ("patrick_p33" typed "patirck_p33"): one
 * edit (a swap counts as one), the digits the same, so "mark84" and "mark85" stay two people.
 */
function localTypo(a: string, b: string, altA: string, altB: string): boolean {
  if (a.slice(altA.length) !== b.slice(altB.length)) return false;
  if (Math.min(altA.length, altB.length) < 8 || !isDistinctive(altA) || !isDistinctive(altB)) return false;
  return altA.replace(/\D/g, '') === altB.replace(/\D/g, '') && withinOneEdit(altA, altB);
}

/**
 * Email addresses: the same address (after normalization and provider folding: case, Gmail dots and
 * `+tags`, `googlemail.com`); the same distinctive local part at a typo'd domain (`gmail.co`,
 * `gmial.com`, `hotmial.com`); a typo in a long distinctive local part at the same domain; another
 * near miss (within two edits); the same distinctive local part at another domain ("mark.lim84", not
 * "mark" nor a role mailbox such as `info@`); different. Near misses are partial evidence, never the
 * full evidence of the same address: the two typos of one address weigh a fixed 2 and 4 bits less than
 * it (`typosOfSameIdentifier`), since strangers reach them too rarely for random pairs to tell.
 *
 * @example
 * ```ts
 * emailComparison.compare('ana.lima84@gmail.com', 'ana.lima84@gmail.co', 'ana.lima84', 'ana.lima84'); // 1
 * emailComparison.compare('ana.lima84@x.com', 'ana.lima84@y.org', 'ana.lima84', 'ana.lima84'); // 4
 * ```
 */
export const emailComparison: Comparison = {
  levels: ['exact', 'domain typo', 'local part typo', 'near miss', 'same local part', 'different'],
  typosOfSameIdentifier: [
    [1, 2],
    [2, 4],
  ],
  prepare: prepareEmail,
  alternate: localOf,
  compare(a, b, altA, altB) {
    if (a === b) return 0;
    if (nearMiss(a, b)) {
      // Gmail drops dots, so "mark.lim84@gmail.co" is "marklim84@gmail.com" with a typo'd domain.
      const sameLocal =
        (altA === altB || altA.replaceAll('.', '') === altB.replaceAll('.', '')) &&
        isDistinctive(altA.length >= altB.length ? altA : altB);
      return sameLocal ? 1 : localTypo(a, b, altA, altB) ? 2 : 3;
    }
    if (altA === altB && isDistinctive(altA)) return 4;
    return 5;
  },
};
