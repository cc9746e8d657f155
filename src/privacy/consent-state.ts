import { z } from 'zod';
import type { ConsentRecord, ContactConsent } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import { humanText, keyText, TimestampInputSchema } from '../model/primitives.js';

/** The consent in force for one contact: the latest record per purpose. */
export type ConsentState = Readonly<Record<string, ConsentRecord>>;

/** What a host records when a person grants or revokes consent. */
export const ConsentInputSchema = z.object({
  purpose: keyText({ min: 1, max: 100 }),
  status: z.enum(['granted', 'revoked']),
  /** When it was given; default: now. */
  at: TimestampInputSchema.optional(),
  /** Where it came from: `chat_widget`, `import:mailchimp`, `api`… */
  source: keyText({ min: 1, max: 200 }),
  /** How it was given, in words (a checkbox label, a double opt-in…). */
  method: humanText({ max: 500 }).optional(),
});
export type ConsentInput = z.input<typeof ConsentInputSchema>;

/**
 * Folds a contact's consent records into what is in force: per purpose, the record with the latest
 * `at`. Records with the same `at` keep their order, so the one appended last wins. Pure.
 *
 * @example
 * ```ts
 * consentState([granted('email_marketing', jan), revoked('email_marketing', mar)])
 * // → { email_marketing: { status: 'revoked', at: mar, … } }
 * ```
 */
export function consentState(records: readonly ConsentRecord[]): ConsentState {
  const latest = new Map<string, ConsentRecord>();
  for (const record of records) {
    const current = latest.get(record.purpose);
    if (!current || record.at.getTime() >= current.at.getTime()) latest.set(record.purpose, record);
  }
  // fromEntries defines own properties, so a purpose named like `__proto__` is data, not a prototype.
  return Object.fromEntries(latest);
}

/**
 * Whether a purpose is granted in a consent state. A purpose never recorded is not granted.
 *
 * @example
 * ```ts
 * hasConsent(consentState(records), 'email_marketing') // true only if the latest record grants it
 * ```
 */
export function hasConsent(state: ConsentState, purpose: string): boolean {
  return Object.hasOwn(state, purpose) && state[purpose]?.status === 'granted';
}

/** Whether record `a` is later than `b` in the order stores list consent records: by `at`, then id. */
function listedAfter(a: ConsentRecord, b: ConsentRecord): boolean {
  const t = a.at.getTime() - b.at.getTime();
  return t !== 0 ? t > 0 : a.id > b.id;
}

const byPurpose = (a: ContactConsent, b: ContactConsent) =>
  a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0;

/**
 * The consent in force as a contact carries it (`Contact.consent`): one entry per purpose, the status
 * and time of its latest record, sorted by purpose. "Latest" is by `at`, then by record id: the order
 * stores list consent records in, so this is {@link consentState} of the contact's records as a store
 * lists them, whatever order they are given in (the records of two merged contacts, say). An array, not
 * an object keyed by purpose, so that a purpose like `__proto__` is plain data. Pure.
 *
 * @example
 * ```ts
 * consentInForce([granted('sms', jan), granted('email', jan), revoked('email', mar)])
 * // → [{ purpose: 'email', status: 'revoked', at: mar }, { purpose: 'sms', status: 'granted', at: jan }]
 * ```
 */
export function consentInForce(records: readonly ConsentRecord[]): ContactConsent[] {
  const latest = new Map<string, ConsentRecord>();
  for (const record of records) {
    const current = latest.get(record.purpose);
    if (!current || listedAfter(record, current)) latest.set(record.purpose, record);
  }
  return [...latest.values()].map(({ purpose, status, at }) => ({ purpose, status, at })).sort(byPurpose);
}

/**
 * The consent in force of contacts merged into one, from what each carries: per purpose, the entry
 * with the latest `at`; at the same instant a revocation wins (the entries no longer say which record
 * came last, and a revocation is the safe reading). Undefined when none carries any. Pure.
 *
 * Where the records are at hand, {@link consentInForce} of all of them is exact and is what a store
 * keeps; this is for merges planned without them (`planMerge`, intake's automatic merges).
 *
 * @internal
 *
 * @example
 * ```ts
 * mergeConsentInForce([primary.consent, other.consent])
 * ```
 */
export function mergeConsentInForce(
  lists: ReadonlyArray<readonly ContactConsent[] | undefined>,
): ContactConsent[] | undefined {
  if (lists.every((l) => l === undefined)) return undefined;
  const latest = new Map<string, ContactConsent>();
  for (const entry of lists.flatMap((l) => l ?? [])) {
    const current = latest.get(entry.purpose);
    const t = current === undefined ? 1 : entry.at.getTime() - current.at.getTime();
    if (t > 0 || (t === 0 && entry.status === 'revoked')) latest.set(entry.purpose, entry);
  }
  return [...latest.values()].sort(byPurpose);
}

/**
 * The contact carrying `consent` as its consent in force (the field left out when there is none), or
 * the same contact object when it already carries exactly that: callers write it only when it changed.
 * Pure.
 *
 * @internal
 */
export function withConsent(contact: Contact, consent: readonly ContactConsent[]): Contact {
  const before = contact.consent ?? [];
  const same =
    before.length === consent.length &&
    before.every(
      (c, i) =>
        c.purpose === consent[i]!.purpose &&
        c.status === consent[i]!.status &&
        c.at.getTime() === consent[i]!.at.getTime(),
    );
  if (same) return contact;
  const { consent: _, ...rest } = contact;
  return consent.length === 0 ? rest : { ...rest, consent: [...consent] };
}
