import { z } from 'zod';
import { ClassificationSchema, JourneyStageSchema, SentimentStateSchema } from './classification.js';
import { ContactConsentSchema } from './consent.js';
import { CustomFieldsSchema } from './custom-field.js';
import { CountryCodeSchema, humanText, IdSchema, keyText, TagSchema, TimestampSchema } from './primitives.js';
import { ScoreStateSchema } from './score-ledger.js';
import { SpendTotalsSchema } from './spend.js';

/** Where a contact came from first. First touch wins: it never changes after creation. */
export const CONTACT_SOURCES = ['chat_widget', 'lead_form', 'manual', 'email', 'import', 'api'] as const;
export const ContactSourceSchema = z.enum(CONTACT_SOURCES);
export type ContactSource = z.infer<typeof ContactSourceSchema>;

/** A lead is anyone who talked to the bot; a customer is someone the host identified or who ordered. */
export const ContactKindSchema = z.enum(['lead', 'customer']);
export type ContactKind = z.infer<typeof ContactKindSchema>;

/**
 * Who set a profile value, which decides who may overwrite it: the host overwrites, values the bot
 * picked up only fill gaps, and a manual edit is never overwritten by the bot.
 */
export const FieldOriginSchema = z.enum(['manual', 'host', 'import', 'bot']);
export type FieldOrigin = z.infer<typeof FieldOriginSchema>;

export const AddressSchema = z.object({
  line1: humanText({ max: 500 }).optional(),
  line2: humanText({ max: 500 }).optional(),
  city: humanText({ max: 200 }).optional(),
  region: humanText({ max: 200 }).optional(),
  postcode: humanText({ max: 40 }).optional(),
  country: CountryCodeSchema.optional(),
});
export type Address = z.infer<typeof AddressSchema>;

/**
 * The profile fields a contact has; all optional. `email` and `phone` are display copies of identities.
 * Every field is human text (see `humanText`): stored NFC, its length checked after that.
 */
export const ProfileSchema = z.object({
  name: humanText({ max: 500 }).optional(),
  firstName: humanText({ max: 200 }).optional(),
  lastName: humanText({ max: 200 }).optional(),
  email: humanText({ max: 320 }).optional(),
  phone: humanText({ max: 40 }).optional(),
  company: humanText({ max: 300 }).optional(),
  jobTitle: humanText({ max: 300 }).optional(),
  address: AddressSchema.optional(),
  locale: humanText({ max: 35 }).optional(),
  timezone: humanText({ max: 64 }).optional(),
  /** Branch or location, for businesses with several. */
  location: humanText({ max: 200 }).optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileField = keyof Profile;
export const PROFILE_FIELDS = ProfileSchema.keyof().options;

/** How often a person wants to be contacted, when they said. */
export const ContactFrequencySchema = z.enum(['any', 'daily', 'weekly', 'monthly', 'never']);
export type ContactFrequency = z.infer<typeof ContactFrequencySchema>;

/**
 * What the person prefers, as they said or a person on the team set it: the language and timezone to
 * write in (over the profile's detected locale and timezone), channels they do not want to be
 * contacted on, and how often they want to hear from the business. Follow-ups honour all of it.
 */
export const PreferencesSchema = z.object({
  language: z.string().min(2).max(35).optional(),
  timezone: z.string().min(1).max(64).optional(),
  optedOutChannels: z.array(z.string().min(1).max(64)).max(50).optional(),
  contactFrequency: ContactFrequencySchema.optional(),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

/** Engagement, kept up to date on every event. */
export const ContactStatsSchema = z.object({
  conversations: z.number().int().min(0),
  messages: z.number().int().min(0),
  firstSeenAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  /** The contact's own latest message: silence (status, follow-ups) counts from here. */
  lastInboundAt: TimestampSchema.optional(),
  orders: z.number().int().min(0),
  /**
   * What the contact spent, in the workspace currency (`classification.spend.currency`; orders in other
   * currencies converted with the workspace's `rates`, left out without one), or with no workspace
   * currency, in the currency of its first order. Rounded to cents. `spend` has every currency apart.
   */
  amountSpent: z.number().finite().min(0),
  firstOrderAt: TimestampSchema.optional(),
  lastOrderAt: TimestampSchema.optional(),
  /** Orders per currency, never added across currencies; orders through the assistant apart. */
  spend: SpendTotalsSchema.optional(),
  /** Bookings made (an event's `booking` action): a booking converts like an order. */
  bookings: z.number().int().min(0).optional(),
  lastBookingAt: TimestampSchema.optional(),
});
export type ContactStats = z.infer<typeof ContactStatsSchema>;

/** A person the workspace talks to. */
export const ContactSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  kind: ContactKindSchema,
  profile: ProfileSchema,
  /** Who last set each profile field (see {@link FieldOriginSchema}). */
  fieldOrigins: z.partialRecord(ProfileSchema.keyof(), FieldOriginSchema),
  tags: z.array(TagSchema),
  customFields: CustomFieldsSchema,
  source: ContactSourceSchema,
  /** Channels the contact has used, in the order first seen. */
  channels: z.array(keyText({ min: 1, max: 64 })),
  /** What the person prefers (language, timezone, channel opt-outs, contact frequency). */
  preferences: PreferencesSchema.optional(),
  /**
   * The consent in force, one entry per purpose ever recorded, sorted by purpose: the latest of the
   * contact's consent records for each (see `consentInForce`), kept up to date in the same transaction
   * as every write of those records, so that lists can filter by it. The records stay the history;
   * absent on a contact with none.
   */
  consent: z.array(ContactConsentSchema).optional(),
  /**
   * Status, stage, score, grade, sentiment, flags and predicted spend, as last worked out (on every
   * event, and by the reclassify sweep as time passes): stored so lists can filter and sort by them.
   */
  classification: ClassificationSchema.optional(),
  /** The lead score's compact state: always agrees with the contact's score ledger. */
  scoreState: ScoreStateSchema.optional(),
  /** The running sentiment of the contact's scored messages. */
  sentimentState: SentimentStateSchema.optional(),
  /** A journey stage a person chose; it sticks until cleared. */
  manualStage: JourneyStageSchema.optional(),
  stats: ContactStatsSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Optimistic concurrency: bumped by one on every stored update. */
  version: z.number().int().min(1),
  /**
   * Set when retention archived the contact for inactivity. Archived contacts are still matched by
   * intake; retention clears it once the contact is seen again.
   */
  archivedAt: TimestampSchema.optional(),
  /**
   * Set when the contact was deleted: it no longer counts as known to intake, and retention purges it
   * (erases every row) once the workspace's grace period has passed.
   */
  deletedAt: TimestampSchema.optional(),
});
export type Contact = z.infer<typeof ContactSchema>;
