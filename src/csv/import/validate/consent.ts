import { storableText, truncateText } from '../../../normalize/text.js';
import type { ImportTarget } from '../map/target.js';
import type { ImportConsent } from '../rows/candidate.js';
import { parseBoolean, parseTime } from './cell-values.js';

type ConsentTarget = Extract<ImportTarget, { kind: 'consent' }>;

const GRANTED = new Set(['subscribed', 'opted in', 'optin', 'opt in', 'confirmed', 'granted', 'yes', 'true']);
const REVOKED = new Set(['unsubscribed', 'opted out', 'optout', 'opt out', 'revoked', 'no', 'false']);
// Statuses that say nothing about consent: bounced, awaiting confirmation, never asked, transactional only.
const NO_FACT = new Set([
  'cleaned',
  'pending',
  'transactional',
  'archived',
  'non subscribed',
  'nonsubscribed',
  'never subscribed',
  'suppressed',
  'not subscribed',
]);

/**
 * What one consent cell says: granted, revoked, no fact, or unreadable.
 *
 * @example
 * ```ts
 * readConsentCell({ kind: 'consent', channel: 'email', reading: 'negated' }, 'true') // false
 * ```
 */
export function readConsentCell(target: ConsentTarget, cell: string): boolean | 'none' | 'unknown' {
  const value = cell.trim();
  if (value === '') return 'none';
  switch (target.reading) {
    case 'granted_at':
      return true;
    case 'revoked_at':
      return false;
    case 'boolean':
    case 'negated': {
      const b = parseBoolean(value);
      if (b === undefined) return 'unknown';
      return target.reading === 'boolean' ? b : !b;
    }
    default: {
      const word = value.toLowerCase().replace(/[_-]+/g, ' ');
      if (GRANTED.has(word)) return true;
      if (REVOKED.has(word)) return false;
      return NO_FACT.has(word) ? 'none' : 'unknown';
    }
  }
}

/** One channel's consent cells in a row, with the header each came from. */
export interface ConsentCells {
  readonly channel: 'email' | 'sms';
  readonly cells: ReadonlyArray<{
    readonly target: ConsentTarget;
    readonly header: string;
    readonly value: string;
  }>;
}

/**
 * Combines a channel's consent cells into one fact: an explicit status or yes/no decides granted or
 * revoked; a revocation time wins over a grant time when there is no status (Mailchimp's unsubscribed
 * export has both); the time of the deciding kind becomes `at`. Undefined when the cells say nothing.
 *
 * @example
 * ```ts
 * consentFact({ channel: 'email', cells: [
 *   { target: { kind: 'consent', channel: 'email', reading: 'status' }, header: 'Email Marketing Consent', value: 'SUBSCRIBED' },
 * ] }) // { purpose: 'email_marketing', channel: 'email', status: 'granted', evidence: 'Email Marketing Consent=SUBSCRIBED' }
 * ```
 */
export function consentFact(input: ConsentCells): ImportConsent | undefined {
  let decided: { granted: boolean; evidence: string } | undefined;
  let grantedAt: { at: Date | undefined; evidence: string } | undefined;
  let revokedAt: { at: Date | undefined; evidence: string } | undefined;
  for (const { target, header, value } of input.cells) {
    const reading = readConsentCell(target, value);
    if (reading === 'none' || reading === 'unknown') continue;
    const evidence = truncateText(storableText(`${header}=${value.trim()}`), 500);
    if (target.reading === 'granted_at') grantedAt ??= { at: parseTime(value), evidence };
    else if (target.reading === 'revoked_at') revokedAt ??= { at: parseTime(value), evidence };
    else decided ??= { granted: reading, evidence };
  }
  const granted = decided?.granted ?? (revokedAt ? false : grantedAt ? true : undefined);
  if (granted === undefined) return undefined;
  const timed = granted ? grantedAt : revokedAt;
  const at = timed?.at;
  return {
    purpose: input.channel === 'email' ? 'email_marketing' : 'sms_marketing',
    channel: input.channel,
    status: granted ? 'granted' : 'revoked',
    ...(at ? { at } : {}),
    evidence: decided?.evidence ?? timed?.evidence ?? '',
  };
}
