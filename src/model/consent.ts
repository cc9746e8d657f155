import { z } from 'zod';
import { humanText, IdSchema, keyText, TimestampSchema } from './primitives.js';

/** One consent fact: a purpose granted or revoked, when, and how it was given. Append-only. */
export const ConsentRecordSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactId: IdSchema,
  /** `email_marketing`, `sms_marketing`, `whatsapp`, `profiling`… */
  purpose: keyText({ min: 1, max: 100, trim: false }),
  status: z.enum(['granted', 'revoked']),
  at: TimestampSchema,
  /** Where it came from: `chat_widget`, `import:mailchimp`, `api`… */
  source: keyText({ min: 1, max: 200, trim: false }),
  /** How it was given, in words (a checkbox label, a double opt-in…). */
  method: humanText({ max: 500 }).optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
