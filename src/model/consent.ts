import { z } from 'zod';
import { IdSchema, TimestampSchema } from './primitives.js';

/** One consent fact: a purpose granted or revoked, when, and how it was given. Append-only. */
export const ConsentRecordSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactId: IdSchema,
  /** `email_marketing`, `sms_marketing`, `whatsapp`, `profiling`… */
  purpose: z.string().min(1).max(100),
  status: z.enum(['granted', 'revoked']),
  at: TimestampSchema,
  /** Where it came from: `chat_widget`, `import:mailchimp`, `api`… */
  source: z.string().min(1).max(200),
  /** How it was given, in words (a checkbox label, a double opt-in…). */
  method: z.string().max(500).optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
