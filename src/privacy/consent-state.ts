import { z } from 'zod';
import type { ConsentRecord } from '../model/consent.js';
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
