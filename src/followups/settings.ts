import { z } from 'zod';
import { TemperatureSchema } from '../model/classification.js';
import { ConversationStatusSchema } from '../model/conversation-status.js';
import { parseInput } from '../model/parse.js';
import { DurationSchema } from './duration.js';
import {
  ChannelNameSchema,
  GradeNameSchema,
  IntentNameSchema,
  RuleIdSchema,
  TimeZoneSchema,
  uniqueIds,
} from './names.js';
import { PhraseSchema } from './phrases.js';
import { QuietHoursSchema } from './quiet-hours.js';

/**
 * How long after its occurrence a trigger comes due: a fixed {@link DurationSchema | duration}, or
 * `"by_temperature"` to take it from `timing` by how hot the lead is.
 */
export const TriggerDelaySchema = z.union([DurationSchema, z.literal('by_temperature')]);
export type TriggerDelay = z.infer<typeof TriggerDelaySchema>;

/**
 * Timing by intent to buy: within 24 hours for hot leads, 7 days for the short term (warm), a month for
 * nurture (cold). Each attempt is timed from the business's last message, so a cold lead hears from the
 * business about monthly until the attempts run out.
 */
export const TimingSchema = z.strictObject({
  hot: DurationSchema.default({ hours: 24 }),
  warm: DurationSchema.default({ days: 7 }),
  cold: DurationSchema.default({ days: 30 }),
});

/** Reminders of the promises the agent or the AI made to come back. */
export const PromiseTriggerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** When the promise named no time: due this long after it was made. */
  delay: DurationSchema.default({ hours: 24 }),
  /** When it named one: due this long before it. */
  remindBefore: DurationSchema.default({}),
});

/**
 * The built-in "disengaged customer" trigger (reason `ghosting`): in an open conversation, the business
 * wrote last and the customer, who had been writing, went quiet.
 */
export const DisengagedTriggerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  delay: TriggerDelaySchema.default({ hours: 24 }),
  /** Only when the business's last message asked the customer something. */
  onlyAfterQuestion: z.boolean().default(false),
});

/**
 * The built-in "undecided prospect" trigger (reason `undecided`): the customer showed one of these
 * buying intents and has not ordered since.
 */
export const UndecidedTriggerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  intents: z.array(IntentNameSchema).max(100).default(['pricing', 'purchase', 'booking']),
  delay: TriggerDelaySchema.default('by_temperature'),
  /** A consent purpose the contact must have granted (e.g. `marketing`); none by default. */
  consentPurpose: z.string().trim().min(1).max(100).optional(),
});

/**
 * A workspace's own trigger (reason `custom`): a follow-up `delay` after the conversation's latest
 * message, for conversations that meet every condition given. Conditions left out always hold.
 */
export const CustomTriggerRuleSchema = z.strictObject({
  id: RuleIdSchema,
  name: z.string().trim().max(200).optional(),
  enabled: z.boolean().default(true),
  /** The conversation's latest intent is one of these. */
  intents: z.array(IntentNameSchema).max(100).optional(),
  /** The customer's last message contains one of these (whole words, any case or accents). */
  keywords: z.array(PhraseSchema).max(200).optional(),
  temperatures: z.array(TemperatureSchema).optional(),
  grades: z.array(GradeNameSchema).max(20).optional(),
  channels: z.array(ChannelNameSchema).max(50).optional(),
  /** Conversation statuses it applies to. */
  statuses: z.array(ConversationStatusSchema).default(['open']),
  /** Who must have written last: the `customer`, the `business`, or `any`. */
  lastMessageBy: z.enum(['customer', 'business', 'any']).default('any'),
  delay: TriggerDelaySchema,
  consentPurpose: z.string().trim().min(1).max(100).optional(),
});
export type CustomTriggerRule = z.output<typeof CustomTriggerRuleSchema>;

/**
 * What a channel allows. `serviceWindowHours`: a free-form message may be sent only this long after
 * the customer's last message (WhatsApp: 24); outside it, only a pre-approved `template`, or nothing
 * (`block`). `consentPurpose`: a purpose the contact must have granted to be followed up there.
 */
export const ChannelRuleSchema = z.strictObject({
  serviceWindowHours: z
    .number()
    .positive()
    .max(24 * 365)
    .nullable()
    .default(null),
  outsideWindow: z.enum(['template', 'block']).default('template'),
  consentPurpose: z.string().trim().min(1).max(100).optional(),
});
export type ChannelRule = z.output<typeof ChannelRuleSchema>;

/**
 * Channel rules that apply unless the workspace sets its own for the channel: WhatsApp's 24-hour
 * customer-service window, outside which only a template message may be sent.
 */
export const BUILTIN_CHANNEL_RULES: Readonly<Record<string, ChannelRule>> = {
  whatsapp: { serviceWindowHours: 24, outsideWindow: 'template' },
};

/**
 * A workspace's follow-up settings. Every field has a default, so `FollowUpSettingsSchema.parse({})`
 * is complete (the `balanced` preset); {@link FollowUpConfigSchema} also takes a preset name.
 */
export const FollowUpSettingsSchema = z.strictObject({
  /** Automatic follow-ups (every trigger but reminders people set) on or off. */
  enabled: z.boolean().default(true),
  /** The workspace's time zone, for contacts with none. */
  timezone: TimeZoneSchema.default('UTC'),
  triggers: z
    .strictObject({
      promise: PromiseTriggerSchema.prefault({}),
      disengaged: DisengagedTriggerSchema.prefault({}),
      undecided: UndecidedTriggerSchema.prefault({}),
    })
    .prefault({}),
  customTriggers: z
    .array(CustomTriggerRuleSchema)
    .max(50)
    .default([])
    .refine(uniqueIds, 'every custom trigger needs its own id'),
  timing: TimingSchema.prefault({}),
  /** For contacts with no temperature. */
  defaultTemperature: TemperatureSchema.default('warm'),
  /** Delays by the conversation's latest intent, over any trigger's own (not promises or reminders). */
  delayByIntent: z.record(IntentNameSchema, DurationSchema).default({}),
  /** Most unanswered follow-ups: in one conversation, and to one contact across conversations. */
  maxAttempts: z
    .strictObject({
      perConversation: z.number().int().min(1).max(20).default(3),
      perContact: z.number().int().min(1).max(50).default(5),
    })
    .prefault({}),
  quietHours: QuietHoursSchema.prefault({}),
  /** The channels follow-ups may go out on: `"all"`, or a list. */
  channels: z.union([z.literal('all'), z.array(ChannelNameSchema).max(50)]).default('all'),
  /** Rules per channel, over {@link BUILTIN_CHANNEL_RULES}. */
  channelRules: z.record(ChannelNameSchema, ChannelRuleSchema).default({}),
  outcomes: z
    .strictObject({
      /** A sent follow-up with no reply this long after: `no_response`. */
      noResponseAfter: DurationSchema.default({ days: 7 }),
      /** An order this long after a follow-up was sent converts it. */
      attributionWindow: DurationSchema.default({ days: 7 }),
    })
    .prefault({}),
});
export type FollowUpSettings = z.output<typeof FollowUpSettingsSchema>;
export type FollowUpSettingsInput = z.input<typeof FollowUpSettingsSchema>;

/** The follow-up settings a workspace gets when it sets none (the `balanced` preset). */
export const DEFAULT_FOLLOW_UP_SETTINGS: FollowUpSettings = FollowUpSettingsSchema.parse({});

/** Names of the {@link FOLLOW_UP_PRESETS}. */
export const FOLLOW_UP_PRESET_NAMES = ['balanced', 'gentle', 'sales', 'support', 'off'] as const;
export const FollowUpPresetNameSchema = z.enum(FOLLOW_UP_PRESET_NAMES);
export type FollowUpPresetName = z.infer<typeof FollowUpPresetNameSchema>;

/**
 * Starting points a workspace picks and then adjusts:
 * - `balanced`: the defaults — every trigger on, 24 hours after the customer goes quiet, 3 attempts a
 *   conversation and 5 a contact, quiet 21:00–08:00.
 * - `gentle`: 48 hours, 2 attempts a conversation and 3 a contact, quiet 20:00–09:00 and on Sundays.
 * - `sales`: disengaged customers timed by temperature (24 hours hot, 7 days warm, monthly cold) and
 *   4 attempts a conversation, 6 a contact.
 * - `support`: only after the business asked something, no undecided-prospect nudges, 2 attempts.
 * - `off`: no automatic follow-ups; reminders people set still come due.
 */
export const FOLLOW_UP_PRESETS: Readonly<Record<FollowUpPresetName, FollowUpSettingsInput>> = {
  balanced: {},
  gentle: {
    triggers: { disengaged: { delay: { hours: 48 } } },
    maxAttempts: { perConversation: 2, perContact: 3 },
    quietHours: { start: '20:00', end: '09:00', days: ['sun'] },
  },
  sales: {
    triggers: { disengaged: { delay: 'by_temperature' } },
    maxAttempts: { perConversation: 4, perContact: 6 },
  },
  support: {
    triggers: { disengaged: { onlyAfterQuestion: true }, undecided: { enabled: false } },
    maxAttempts: { perConversation: 2, perContact: 3 },
  },
  off: { enabled: false },
};

/** Follow-up settings as a workspace writes them: an optional preset, and what it changes on top. */
export type FollowUpConfigInput = FollowUpSettingsInput & { preset?: FollowUpPresetName };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

// Plain objects merge key by key; anything else (lists included) in `over` replaces. Built with
// fromEntries, so a key named `__proto__` stays data.
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const keys = new Set([...Object.keys(base), ...Object.keys(over)]);
  return Object.fromEntries([...keys].map((k) => [k, deepMerge(base[k], over[k])]));
}

/**
 * {@link FollowUpSettingsSchema} that also takes `preset`: the preset's settings, with the rest of the
 * input merged over them field by field (lists replace). Embed it in a workspace configuration as
 * `followUps: FollowUpConfigSchema.prefault({})`.
 */
export const FollowUpConfigSchema = z.preprocess((input: FollowUpConfigInput, ctx) => {
  if (!isPlainObject(input) || !('preset' in input)) return input;
  const { preset, ...rest } = input;
  const parsed = FollowUpPresetNameSchema.safeParse(preset);
  if (!parsed.success) {
    ctx.addIssue({
      code: 'custom',
      path: ['preset'],
      input: preset,
      message: `expected one of ${FOLLOW_UP_PRESET_NAMES.join(', ')}`,
    });
    return rest;
  }
  return deepMerge(FOLLOW_UP_PRESETS[parsed.data], rest);
}, FollowUpSettingsSchema);

/**
 * Parses a workspace's follow-up settings (a preset and changes on top, or plain settings), filling
 * defaults. Throws a `ValidationError` naming the field for bad input (`followUps.quietHours.end`).
 *
 * @example
 * ```ts
 * const settings = parseFollowUpSettings({ preset: 'sales', quietHours: { start: '22:00' } });
 * settings.maxAttempts.perConversation // 4
 * ```
 */
export function parseFollowUpSettings(input: FollowUpConfigInput = {}): FollowUpSettings {
  return parseInput(FollowUpConfigSchema, input, 'followUps');
}
