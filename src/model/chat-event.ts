import { z } from 'zod';
import { MessageMarkersSchema, MessageRoleSchema } from '../followups/markers.js';
import { JourneyStageSchema } from './classification.js';
import { ContactSourceSchema, ProfileSchema } from './contact.js';
import { CustomFieldsSchema } from './custom-field.js';
import { IdentityTypeSchema } from './identity.js';
import {
  AmountSchema,
  CountryCodeSchema,
  humanText,
  IdSchema,
  keyText,
  TagSchema,
  TimestampInputSchema,
} from './primitives.js';

/** An identity value as received: a key, so NUL and unpaired surrogates are refused (see primitives.ts). */
const IdentityValueSchema = keyText({ max: 1024, trim: false });

/**
 * The identifiers an event carries, by type. Built-in types have their own key; any other type goes in
 * `custom` (e.g. `{ custom: { shopify_customer: "8812" } }`).
 */
export const EventIdentitiesSchema = z.object({
  userId: IdentityValueSchema.optional(),
  email: IdentityValueSchema.optional(),
  phone: IdentityValueSchema.optional(),
  cookie: IdentityValueSchema.optional(),
  whatsapp: IdentityValueSchema.optional(),
  telegram: IdentityValueSchema.optional(),
  messenger: IdentityValueSchema.optional(),
  instagram: IdentityValueSchema.optional(),
  custom: z.record(IdentityTypeSchema, IdentityValueSchema).optional(),
});
export type EventIdentities = z.infer<typeof EventIdentitiesSchema>;

/**
 * The channel of the events a CSV import hands intake. Intake treats them as records, not visits: they
 * never move a known contact's last seen, channels or archive.
 */
export const IMPORT_CHANNEL = 'import';

/**
 * The channel of what the host sends through its API on the person's behalf (an identify call, a
 * contact made by hand). It is how a record arrived, not where the person talked: it is never added to
 * a contact's channels.
 */
export const API_CHANNEL = 'api';

/** The kinds of chat event intake understands. */
export const ChatEventTypeSchema = z.enum([
  'message',
  'conversation.started',
  'conversation.updated',
  'identify',
  'order',
  'profile',
]);
export type ChatEventType = z.infer<typeof ChatEventTypeSchema>;

export const ConversationRefSchema = z.object({
  id: IdSchema,
  /** The inbox or website the conversation belongs to. */
  inbox: keyText({ max: 200, trim: false }).optional(),
  status: z.enum(['open', 'resolved', 'closed']).optional(),
  escalated: z.boolean().optional(),
});

export const MessageSchema = z.object({
  id: keyText({ max: 200, trim: false }).optional(),
  /** Human text: stored NFC, NUL removed, unpaired surrogates as U+FFFD (see `humanText`). */
  text: humanText({ max: 100_000 }).optional(),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  /** Per-message sentiment in [-1, 1], when the host scored it. */
  sentiment: z.number().min(-1).max(1).optional(),
  /**
   * Who wrote it: the `customer`, a person of the business (`agent`), the business's `ai`, or the
   * `system`. Default: `customer` inbound, `ai` outbound.
   */
  role: MessageRoleSchema.optional(),
  /** What the host's model saw in it: a question asked, a promise made (and by when), an intent. */
  markers: MessageMarkersSchema.optional(),
});

/** An intent the host's AI detected in the conversation, with how sure it is (1 when not said). */
export const EventIntentSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((s) => s.toLowerCase()),
  confidence: z.number().min(0).max(1).default(1),
});

export const OrderSchema = z.object({
  orderId: IdSchema,
  /** At most `MAX_AMOUNT` (a trillion) in the currency's major unit. */
  amount: AmountSchema,
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code')
    .transform((s) => s.toUpperCase()),
  /** Whether the order was placed through the assistant. */
  viaAssistant: z.boolean().default(false),
});

/**
 * An incoming chat event: what the host sends on every message, identification, order or profile change.
 * Parse outside input with {@link parseInput}(ChatEventSchema, …) before handing it to the service.
 */
export const ChatEventSchema = z.object({
  workspaceId: IdSchema,
  /** The host's id of this event; the same id twice changes nothing the second time. */
  eventId: IdSchema,
  occurredAt: TimestampInputSchema,
  type: ChatEventTypeSchema.default('message'),
  /** `web`, `whatsapp`, `telegram`, `messenger`, `instagram`, `email`, `sms`, or the host's own name. */
  channel: keyText({ min: 1, max: 64 }),
  identities: EventIdentitiesSchema,
  /** Default country for phone numbers in this event, before the workspace's. */
  country: CountryCodeSchema.optional(),
  profile: ProfileSchema.optional(),
  /**
   * `host` values overwrite; `bot` values (picked up in conversation) only fill gaps; `import` values
   * (a CSV import) overwrite import and bot values, never a person's or the host's.
   */
  profileOrigin: z.enum(['host', 'bot', 'import']).default('host'),
  source: ContactSourceSchema.optional(),
  /** Normalized as stored (NFC, invisible characters removed, white space folded), then 1–100 characters. */
  tags: z.array(TagSchema).optional(),
  customFields: CustomFieldsSchema.optional(),
  conversation: ConversationRefSchema.optional(),
  message: MessageSchema.optional(),
  order: OrderSchema.optional(),
  /** Intents the host's AI detected: scoring rules award points for them, and may mark buying intent. */
  intents: z.array(EventIntentSchema).max(20).optional(),
  /**
   * What the person did: `booking` (converts like an order), `booking_attempt`, `form_submitted`, or
   * the host's own names. Scoring rules award points for them.
   */
  actions: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(64)
        .transform((s) => s.toLowerCase()),
    )
    .max(20)
    .optional(),
  /** The journey stage the host's conversation logic detected (a manual stage still wins). */
  stage: JourneyStageSchema.optional(),
});
/** A parsed chat event. */
export type ChatEvent = z.output<typeof ChatEventSchema>;
/** A chat event as the host may write it (dates as strings, defaults omitted). */
export type ChatEventInput = z.input<typeof ChatEventSchema>;
