import type { z } from 'zod';
import { storableText } from '../normalize/text.js';
import {
  type ChatEvent,
  ChatEventSchema,
  ChatEventTypeSchema,
  ConversationRefSchema,
  EventIdentitiesSchema,
  MessageSchema,
} from './chat-event.js';
import { IsoTimestampSchema, isEventTime, isStorableText } from './primitives.js';

/*
 * ChatEventSchema.safeParse with a quick path for the events hosts send most: intake parses every event,
 * and the full schema costs about 5 µs an event, the largest single cost of an event on the memory
 * adapter. The quick path checks the common shapes by hand and hands every field it does not know to
 * that field's own schema. It only ever accepts what the schema accepts and returns what the schema
 * returns (the same keys in the same order, the same defaults, trims and Dates); on anything else
 * (a value the schema would refuse, change, or that is unusual) it gives up and the schema decides,
 * so every error comes from the schema, word for word. test/model/parse-chat-event.test.ts compares
 * the two on generated input.
 */

type Key = keyof typeof ChatEventSchema.shape;
const SHAPE_KEYS = Object.keys(ChatEventSchema.shape) as Key[];
const KNOWN = new Set<string>(SHAPE_KEYS);
const EVENT_TYPES = new Set<string>(ChatEventTypeSchema.options);
const IDENTITY_KEYS = new Set<string>(
  Object.keys(EventIdentitiesSchema.shape).filter((key) => key !== 'custom'),
);
const CONVERSATION_STATUSES = new Set<string>(ConversationRefSchema.shape.status.unwrap().options);
const DIRECTIONS = new Set<string>(MessageSchema.shape.direction.unwrap().options);
// Limits and defaults read from the schemas, so the quick path cannot drift from them. A limit the
// schema lacks reads as 0 here: the quick path then gives up and the schema decides, never accepts more.
const SHAPE = ChatEventSchema.shape;
const MAX = {
  identity: EventIdentitiesSchema.shape.email.unwrap().maxLength ?? 0,
  inbox: ConversationRefSchema.shape.inbox.unwrap().maxLength ?? 0,
  messageId: MessageSchema.shape.id.unwrap().maxLength ?? 0,
  text: MessageSchema.shape.text.unwrap().maxLength ?? 0,
};
const SENTIMENT = MessageSchema.shape.sentiment.unwrap();
const MESSAGE_HAND_KEYS = ['id', 'text', 'direction', 'sentiment'];
const MESSAGE_OTHER_KEYS = (Object.keys(MessageSchema.shape) as (keyof typeof MessageSchema.shape)[]).filter(
  (key) => !MESSAGE_HAND_KEYS.includes(key),
);
const DEFAULTS: Partial<Record<Key, unknown>> = {
  type: SHAPE.type.parse(undefined),
  profileOrigin: SHAPE.profileOrigin.parse(undefined),
};
const DEFAULT_DIRECTION = MessageSchema.shape.direction.parse(undefined);
/** The fields the schema requires (it refuses them absent). */
const REQUIRED = SHAPE_KEYS.filter((key) => !SHAPE[key].safeParse(undefined).success);
/** Gives up: the schema decides. */
const GIVE_UP = Symbol('give up');
type Quick<T> = T | typeof GIVE_UP;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A string a trimming key schema keeps as it is: no surrounding space to trim, length in its range, and
 * nothing the key check refuses (NUL, an unpaired surrogate).
 */
function keptString(value: unknown, schema: z.ZodString): value is string {
  return (
    typeof value === 'string' &&
    value.length >= (schema.minLength ?? 0) &&
    value.length <= (schema.maxLength ?? 0) &&
    value.trim().length === value.length &&
    isStorableText(value)
  );
}

/** A string a key schema that does not trim keeps as it is. */
function keptKey(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max && isStorableText(value);
}

/** TimestampInputSchema's union without trying each branch: hosts send JSON, so mostly strings. */
function quickTimestamp(value: unknown): Quick<Date> {
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string') {
    const parsed = IsoTimestampSchema.safeParse(value);
    if (!parsed.success) return GIVE_UP;
    date = parsed.data;
  } else if (Number.isInteger(value) && (value as number) >= 0) date = new Date(value as number);
  else return GIVE_UP;
  return Number.isNaN(date.getTime()) || !isEventTime(date) ? GIVE_UP : date;
}

function quickIdentities(value: unknown): Quick<ChatEvent['identities']> {
  if (!isPlainObject(value)) return GIVE_UP;
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (!IDENTITY_KEYS.has(key) || !keptKey(v, MAX.identity)) {
      const parsed = EventIdentitiesSchema.safeParse(value);
      return parsed.success ? parsed.data : GIVE_UP;
    }
  }
  // The schema's key order, not the input's.
  for (const key of IDENTITY_KEYS) if (Object.hasOwn(value, key)) out[key] = value[key] as string;
  return out;
}

function quickConversation(value: unknown): Quick<NonNullable<ChatEvent['conversation']>> {
  if (!isPlainObject(value)) return GIVE_UP;
  const { id, inbox, status, escalated } = value;
  if (!keptString(id, ConversationRefSchema.shape.id)) return GIVE_UP;
  const out: NonNullable<ChatEvent['conversation']> = { id };
  if (Object.hasOwn(value, 'inbox')) {
    if (!keptKey(inbox, MAX.inbox)) return GIVE_UP;
    out.inbox = inbox;
  }
  if (Object.hasOwn(value, 'status')) {
    if (typeof status !== 'string' || !CONVERSATION_STATUSES.has(status)) return GIVE_UP;
    out.status = status as NonNullable<typeof out.status>;
  }
  if (Object.hasOwn(value, 'escalated')) {
    if (typeof escalated !== 'boolean') return GIVE_UP;
    out.escalated = escalated;
  }
  // Keys the schema does not know are dropped, as the schema drops them.
  return out;
}

function quickMessage(value: unknown): Quick<NonNullable<ChatEvent['message']>> {
  if (!isPlainObject(value)) return GIVE_UP;
  const { id, text, direction, sentiment } = value;
  const out: Partial<NonNullable<ChatEvent['message']>> = {};
  if (Object.hasOwn(value, 'id')) {
    if (!keptKey(id, MAX.messageId)) return GIVE_UP;
    out.id = id;
  }
  if (Object.hasOwn(value, 'text')) {
    // Human text the schema would change (NUL, an unpaired surrogate, not NFC): the schema decides.
    if (typeof text !== 'string' || text.length > MAX.text || storableText(text) !== text) return GIVE_UP;
    out.text = text;
  }
  if (Object.hasOwn(value, 'direction')) {
    if (typeof direction !== 'string' || !DIRECTIONS.has(direction)) return GIVE_UP;
    out.direction = direction as 'inbound' | 'outbound';
  } else out.direction = DEFAULT_DIRECTION;
  if (Object.hasOwn(value, 'sentiment')) {
    if (
      typeof sentiment !== 'number' ||
      !(sentiment >= (SENTIMENT.minValue ?? 0) && sentiment <= (SENTIMENT.maxValue ?? 0))
    )
      return GIVE_UP;
    out.sentiment = sentiment;
  }
  // Every other field the schema knows (role, markers…) through its own schema, in the schema's order
  // after the four above; keys it does not know are dropped, as the schema drops them.
  for (const key of MESSAGE_OTHER_KEYS) {
    if (!Object.hasOwn(value, key)) continue;
    const parsed = (MessageSchema.shape[key] as z.ZodType).safeParse(value[key]);
    if (!parsed.success) return GIVE_UP;
    if (parsed.data !== undefined) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out as NonNullable<ChatEvent['message']>;
}

/** Any other field: its own schema, as the object schema would run it. */
function quickField(key: Key, value: unknown): Quick<unknown> {
  const parsed = (SHAPE[key] as z.ZodType).safeParse(value);
  return parsed.success ? parsed.data : GIVE_UP;
}

/** The fields checked by hand; every other field goes through its own schema. */
const QUICK: Partial<Record<Key, (value: unknown) => Quick<unknown>>> = {
  workspaceId: (value) => (keptString(value, SHAPE.workspaceId) ? value : GIVE_UP),
  eventId: (value) => (keptString(value, SHAPE.eventId) ? value : GIVE_UP),
  channel: (value) => (keptString(value, SHAPE.channel) ? value : GIVE_UP),
  type: (value) => (typeof value === 'string' && EVENT_TYPES.has(value) ? value : GIVE_UP),
  occurredAt: quickTimestamp,
  identities: quickIdentities,
  conversation: quickConversation,
  message: quickMessage,
};

function quickEvent(input: unknown): Quick<ChatEvent> {
  if (!isPlainObject(input)) return GIVE_UP;
  for (const key of Object.keys(input)) if (!KNOWN.has(key) || input[key] === undefined) return GIVE_UP;
  const out: Record<string, unknown> = {};
  for (const key of SHAPE_KEYS) {
    if (!Object.hasOwn(input, key)) {
      if (key in DEFAULTS) out[key] = DEFAULTS[key];
      continue;
    }
    const value = input[key];
    const quick = QUICK[key];
    const parsed = quick ? quick(value) : quickField(key, value);
    if (parsed === GIVE_UP) return GIVE_UP;
    out[key] = parsed;
  }
  // Required fields the input lacks: the schema says which.
  return REQUIRED.every((key) => key in out) ? (out as ChatEvent) : GIVE_UP;
}

/**
 * Parses a chat event exactly as `ChatEventSchema.safeParse` does (same result, same errors), faster
 * for the shapes hosts send most.
 *
 * @example
 * ```ts
 * const parsed = safeParseChatEvent(JSON.parse(body));
 * if (!parsed.success) console.log(parsed.error.issues);
 * ```
 */
export function safeParseChatEvent(input: unknown): z.ZodSafeParseResult<ChatEvent> {
  const quick = quickEvent(input);
  return quick === GIVE_UP ? ChatEventSchema.safeParse(input) : { success: true, data: quick };
}
