import { z } from 'zod';
import { EventIdentitiesSchema } from '../../../model/chat-event.js';
import { ProfileSchema } from '../../../model/contact.js';
import { CustomFieldsSchema } from '../../../model/custom-field.js';
import { IdentityTypeSchema } from '../../../model/identity.js';
import {
  AmountSchema,
  CountryCodeSchema,
  humanText,
  keyText,
  TagSchema,
  TimestampSchema,
} from '../../../model/primitives.js';
import { CONSENT_CHANNELS } from '../map/target.js';

/** One problem in one row: the shape of {@link contactkit!Issue}, checked by zod. */
export const RowIssueSchema = z.object({
  field: z.string(),
  value: z.unknown(),
  reason: z.string(),
  row: z.number().int().min(1).optional(),
  column: z.string().optional(),
});
export type RowIssue = z.infer<typeof RowIssueSchema>;

/**
 * A consent fact read from the file: a channel's marketing granted or revoked, and when if the file says.
 * Shaped after the model's ConsentRecord (`purpose`, `status`, `at`): the service adds the contact, the
 * id, `at` when missing, and `source` (e.g. `import:<preset>`); `evidence` suits its `method`.
 */
export const ImportConsentSchema = z.object({
  purpose: z.enum(['email_marketing', 'sms_marketing']),
  channel: z.enum(CONSENT_CHANNELS),
  status: z.enum(['granted', 'revoked']),
  at: TimestampSchema.optional(),
  /** Where it was read: `"Email Marketing Consent=SUBSCRIBED"`, for the consent record's "how". */
  evidence: humanText({ max: 500 }),
});
export type ImportConsent = z.infer<typeof ImportConsentSchema>;

/** Engagement figures a file carries (Shopify's Total Orders and Total Spent). */
export const ImportStatsSchema = z.object({
  orders: z.number().int().min(0).optional(),
  amountSpent: AmountSchema.optional(),
});
export type ImportStats = z.infer<typeof ImportStatsSchema>;

/** An identity beyond the first of its type in a row (a second phone column, `a@x.com; b@y.com`). */
export const ExtraIdentitySchema = z.object({
  type: IdentityTypeSchema,
  value: keyText({ min: 1, max: 512, trim: false }),
});

/**
 * One valid row, normalized, as the service should store it. `identities` has the shape of a chat event's
 * identities, with values already normalized (emails lower-cased and punycoded, phones in E.164), so
 * identity resolution treats an import row exactly like live intake.
 */
export const ImportCandidateSchema = z.object({
  /** 1-based data row number (see CsvRecord.row). */
  row: z.number().int().min(1),
  identities: EventIdentitiesSchema,
  /** Further identities of a type `identities` already holds one of. */
  moreIdentities: z.array(ExtraIdentitySchema),
  /** The row's country, when a country column named one: the default country its phones were read in. */
  country: CountryCodeSchema.optional(),
  profile: ProfileSchema,
  tags: z.array(TagSchema),
  customFields: CustomFieldsSchema,
  consents: z.array(ImportConsentSchema).optional(),
  stats: ImportStatsSchema.optional(),
  notes: z.array(humanText({ min: 1, max: 100_000 })).optional(),
  /** Problems that did not stop the row (an invalid second identity, a too-long field that was dropped). */
  warnings: z.array(RowIssueSchema),
  /** The row's cells as read. */
  cells: z.array(z.string()),
});
export type ImportCandidate = z.infer<typeof ImportCandidateSchema>;

/** A row that cannot be imported, with the first column at fault and why, and every issue found. */
export const ImportRejectionSchema = z.object({
  row: z.number().int().min(1),
  /** The identity column at fault, or all of them (`"Email, Phone"`) when all were empty. */
  column: z.string(),
  reason: z.string(),
  /** The row's cells as read, for the errors CSV. */
  cells: z.array(z.string()),
  issues: z.array(RowIssueSchema),
});
export type ImportRejection = z.infer<typeof ImportRejectionSchema>;

/** What validating one row gives. */
export type ImportRowResult =
  | { readonly ok: true; readonly candidate: ImportCandidate }
  | { readonly ok: false; readonly rejection: ImportRejection };
