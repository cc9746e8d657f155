import { z } from 'zod';
import { TimestampInputSchema } from '../model/primitives.js';
import { type Duration, DurationSchema, durationMs } from './duration.js';
import { IntentNameSchema } from './names.js';
import {
  compilePhrases,
  forEachPhrase,
  memoize,
  type PhraseMatcher,
  PhraseSchema,
  words,
} from './phrases.js';

/**
 * Who wrote a message: the `customer`, a person of the business (`agent`), the business's `ai`, or the
 * `system` (notices such as "conversation assigned", which follow-up rules ignore).
 */
export const MESSAGE_ROLES = ['customer', 'agent', 'ai', 'system'] as const;
export const MessageRoleSchema = z.enum(MESSAGE_ROLES);
export type MessageRole = z.infer<typeof MessageRoleSchema>;

/**
 * The role of a message whose host gave none: `customer` for inbound messages, `ai` for outbound ones.
 * Outbound defaults to the AI, not a person, so that an escalation counts as answered only when the host
 * says a person (`agent`) wrote.
 *
 * @example
 * ```ts
 * messageRole('outbound') // 'ai'
 * messageRole('outbound', 'agent') // 'agent'
 * ```
 */
export function messageRole(direction: 'inbound' | 'outbound', role?: MessageRole): MessageRole {
  return role ?? (direction === 'inbound' ? 'customer' : 'ai');
}

/** A promise marker: the business promised to come back, by `dueAt` when it said when. */
export interface PromiseMarker {
  readonly dueAt?: Date;
}

/**
 * What the host's model saw in a message, when it has one: a question was asked, a promise was made
 * (with its due time when known), an intent. Each marker the host gives wins over the keyword rules;
 * `promise: true` is a promise with no known time, `false` says there is none.
 */
export const MessageMarkersSchema = z.strictObject({
  question: z.boolean().optional(),
  promise: z
    .union([z.boolean(), z.strictObject({ dueAt: TimestampInputSchema.optional() })])
    .transform((p): PromiseMarker | false => {
      if (p === false) return p;
      return p === true || p.dueAt === undefined ? {} : { dueAt: p.dueAt };
    })
    .optional(),
  intent: IntentNameSchema.optional(),
});
/** Markers as parsed (see {@link MessageMarkersSchema}). */
export type MessageMarkers = z.output<typeof MessageMarkersSchema>;
/** Markers as the host may write them. */
export type MessageMarkersInput = z.input<typeof MessageMarkersSchema>;

/** Phrases that ask the customer something even without a question mark. */
export const DEFAULT_QUESTION_PHRASES = [
  'let me know',
  'let us know',
  'please confirm',
  'can you confirm',
  'please reply',
  'would you like',
];

/** Phrases by which an agent or an AI promises to come back. */
export const DEFAULT_PROMISE_PHRASES = [
  'get back to you',
  'follow up with you',
  "i'll follow up",
  "we'll follow up",
  'i will follow up',
  'we will follow up',
  "i'll let you know",
  "we'll let you know",
  'i will let you know',
  'we will let you know',
  "i'll send",
  "we'll send",
  'i will send',
  'we will send',
  'let me check',
  "i'll check",
  "we'll check",
  "i'll call you",
  "we'll call you",
  'reach out to you',
];

/** Phrases that say when a promise is due, relative to the message. The first that matches counts. */
export const DEFAULT_PROMISE_TIMES: { phrases: string[]; dueIn: Duration }[] = [
  { phrases: ['in an hour', 'within the hour', 'in a few minutes'], dueIn: { hours: 1 } },
  {
    phrases: ['later today', 'this afternoon', 'this evening', 'end of day', 'end of the day'],
    dueIn: { hours: 4 },
  },
  { phrases: ['tomorrow'], dueIn: { days: 1 } },
  { phrases: ['this week', 'in a few days'], dueIn: { days: 3 } },
  { phrases: ['next week'], dueIn: { days: 7 } },
];

/** Keywords of the intents the built-in triggers use, in English. The first rule that matches wins. */
export const DEFAULT_INTENT_RULES: { intent: string; keywords: string[] }[] = [
  {
    intent: 'cancellation',
    keywords: ['cancel*', 'refund*', 'unsubscribe'],
  },
  {
    intent: 'booking',
    keywords: ['book a', 'book an', 'booking', 'reservation*', 'reserve', 'appointment*'],
  },
  {
    intent: 'purchase',
    keywords: ['buy', 'purchase', 'checkout', 'check out', 'add to cart', 'place an order', 'sign up'],
  },
  {
    intent: 'pricing',
    keywords: ['pric*', 'how much', 'cost', 'costs', 'quote', 'discount*', 'fee', 'fees'],
  },
];

/**
 * Keyword rules that supply the markers a host without a model cannot: questions, promises (with due
 * times) and intents, matched on whole words without regard to case or accents (see `PhraseSchema`).
 * Bounded so that a rule set cannot make intake slow: at most 200 phrases a list and 100 intent rules.
 */
export const MarkerRulesSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** A `?` (or `¿`, `？`) in a business message asks a question. */
  questionMark: z.boolean().default(true),
  questions: z.array(PhraseSchema).max(200).default(DEFAULT_QUESTION_PHRASES),
  promises: z.array(PhraseSchema).max(200).default(DEFAULT_PROMISE_PHRASES),
  promiseTimes: z
    .array(z.strictObject({ phrases: z.array(PhraseSchema).min(1).max(50), dueIn: DurationSchema }))
    .max(50)
    .default(DEFAULT_PROMISE_TIMES),
  intents: z
    .array(z.strictObject({ intent: IntentNameSchema, keywords: z.array(PhraseSchema).min(1).max(200) }))
    .max(100)
    .default(DEFAULT_INTENT_RULES),
});
export type MarkerRules = z.output<typeof MarkerRulesSchema>;
export type MarkerRulesInput = z.input<typeof MarkerRulesSchema>;

/** The keyword rules a workspace gets when it sets none. */
export const DEFAULT_MARKER_RULES: MarkerRules = MarkerRulesSchema.parse({});

/** What {@link detectMarkers} found in one message. */
export interface DetectedMarkers {
  readonly question: boolean;
  readonly promise?: PromiseMarker;
  readonly intent?: string;
}

// Every phrase of the rules in one matcher, so a message's words are read once: each phrase stands
// for its kind and, for promise times and intents, its rule's index (the first in the list wins).
type MarkerPhrase =
  | { readonly kind: 'question' }
  | { readonly kind: 'promise' }
  | { readonly kind: 'time'; readonly index: number }
  | { readonly kind: 'intent'; readonly index: number };

const compiled = memoize(
  (rules: MarkerRules): PhraseMatcher<MarkerPhrase> =>
    compilePhrases<MarkerPhrase>([
      ...rules.questions.map((p) => [p, { kind: 'question' }] as const),
      ...rules.promises.map((p) => [p, { kind: 'promise' }] as const),
      ...rules.promiseTimes.flatMap((r, index) =>
        r.phrases.map((p) => [p, { kind: 'time', index }] as const),
      ),
      ...rules.intents.flatMap((r, index) => r.keywords.map((p) => [p, { kind: 'intent', index }] as const)),
    ]),
);

const QUESTION_MARKS = /[?¿？]/;

/** Which markers to look for: each costs a pass over the message's words. */
export interface MarkerKinds {
  readonly question?: boolean;
  readonly promise?: boolean;
  readonly intent?: boolean;
}

const ALL_KINDS: MarkerKinds = { question: true, promise: true, intent: true };

/**
 * Finds the markers the keyword rules see in a message written at `at`: whether it asks a question,
 * whether it promises to come back (and by when, from the promise-time phrases), and its intent (the
 * first intent rule that matches). `kinds` limits the search (intake looks for intents in customer
 * messages and for questions and promises in the business's). Pure; rules are compiled once per rules
 * object.
 *
 * @example
 * ```ts
 * detectMarkers("Thanks! I'll get back to you tomorrow with a quote.", DEFAULT_MARKER_RULES, at)
 * // { question: false, promise: { dueAt: at + 1 day }, intent: 'pricing' }
 * ```
 */
export function detectMarkers(
  text: string,
  rules: MarkerRules,
  at: Date,
  kinds: MarkerKinds = ALL_KINDS,
): DetectedMarkers {
  if (!rules.enabled) return { question: false };
  let questionPhrase = false;
  let promised = false;
  let time: number | undefined;
  let intentIndex: number | undefined;
  forEachPhrase(compiled(rules), words(text), (phrase) => {
    if (phrase.kind === 'question') questionPhrase = true;
    else if (phrase.kind === 'promise') promised = true;
    else if (phrase.kind === 'time') time = time === undefined ? phrase.index : Math.min(time, phrase.index);
    else intentIndex = intentIndex === undefined ? phrase.index : Math.min(intentIndex, phrase.index);
  });
  const question =
    kinds.question === true && (questionPhrase || (rules.questionMark && QUESTION_MARKS.test(text)));
  let promise: PromiseMarker | undefined;
  if (kinds.promise === true && promised) {
    const dueIn = time === undefined ? undefined : rules.promiseTimes[time]?.dueIn;
    promise = dueIn === undefined ? {} : { dueAt: new Date(at.getTime() + durationMs(dueIn)) };
  }
  const intent =
    kinds.intent === true && intentIndex !== undefined ? rules.intents[intentIndex]?.intent : undefined;
  return {
    question,
    ...(promise === undefined ? {} : { promise }),
    ...(intent === undefined ? {} : { intent }),
  };
}
