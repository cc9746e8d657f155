import { z } from 'zod';
import { humanText, IdSchema, keyText, TimestampSchema } from './primitives.js';

/** Whether a purpose is granted or revoked. */
export const ConsentStatusSchema = z.enum(['granted', 'revoked']);
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;

/** A purpose as consent records name it: any storable text, compared exactly. */
export const ConsentPurposeSchema = keyText({ min: 1, max: 100, trim: false });

/**
 * The consent in force for one purpose, as a contact carries it (`Contact.consent`): the status and
 * time of the latest record for the purpose. See `consentInForce`.
 */
export const ContactConsentSchema = z.object({
  purpose: ConsentPurposeSchema,
  status: ConsentStatusSchema,
  at: TimestampSchema,
});
export type ContactConsent = z.infer<typeof ContactConsentSchema>;

/** One consent fact: a purpose granted or revoked, when, and how it was given. Append-only. */
export const ConsentRecordSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactId: IdSchema,
  /** `email_marketing`, `sms_marketing`, `whatsapp`, `profiling`… */
  purpose: ConsentPurposeSchema,
  status: ConsentStatusSchema,
  at: TimestampSchema,
  /** Where it came from: `chat_widget`, `import:mailchimp`, `api`… */
  source: keyText({ min: 1, max: 200, trim: false }),
  /** How it was given, in words (a checkbox label, a double opt-in…). */
  method: humanText({ max: 500 }).optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
