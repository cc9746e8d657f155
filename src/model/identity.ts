import { z } from 'zod';
import { IdSchema, keyText, TimestampSchema } from './primitives.js';

/** Identity types every workspace knows. Custom types are any other lower-case key (see {@link IdentityTypeSchema}). */
export const BUILTIN_IDENTITY_TYPES = [
  'userId',
  'email',
  'phone',
  'cookie',
  'whatsapp',
  'telegram',
  'messenger',
  'instagram',
] as const;

/** Channels whose ids are phone numbers: they are stored as `phone` identities, so one number is one identity. */
export const PHONE_CHANNEL_TYPES = ['whatsapp', 'sms'] as const;

/**
 * An identity type: a built-in one, or a custom one named like `shopify_customer` or `zendesk.id`
 * (starts with a letter; letters, digits, `_`, `.`, `-`; at most 64 characters).
 */
export const IdentityTypeSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    'identity type must start with a letter and use letters, digits, _ . -',
  );
export type IdentityType = z.infer<typeof IdentityTypeSchema>;

/**
 * One identifier that points to a contact, kept apart from the profile.
 * `(workspaceId, type, value)` is unique: an identity belongs to at most one contact.
 */
export const IdentitySchema = z.object({
  workspaceId: IdSchema,
  contactId: IdSchema,
  type: IdentityTypeSchema,
  /** Normalized value: the key identities are matched on. */
  value: keyText({ min: 1, max: 512, trim: false }),
  /** The value as it was received. Always kept. */
  raw: keyText({ max: 1024, trim: false }),
  /** Phone extension, kept apart from the number so it does not split identities. */
  extension: keyText({ max: 20, trim: false }).optional(),
  /** Whether the host vouched for it (e.g. a verified login email). */
  verified: z.boolean(),
  /** The channel it was first seen on (`web`, `whatsapp`, `import`…). */
  sourceChannel: keyText({ max: 64, trim: false }).optional(),
  firstSeenAt: TimestampSchema,
});
export type Identity = z.infer<typeof IdentitySchema>;

/** The unique key of an identity inside a workspace. */
export interface IdentityKey {
  readonly type: IdentityType;
  readonly value: string;
}

/** A stable string form of an identity key, for maps and sets: `"email:ana@example.com"`. */
export function identityKeyString(key: IdentityKey): string {
  return `${key.type}:${key.value}`;
}
