import type { ConversationStatus } from '../model/conversation-status.js';
import type { FollowUpReason } from '../model/follow-up.js';
import { type ConversationFacts, FACT_TEXT_LENGTH } from './facts.js';
import { detectMarkers, type MarkerRules, type MessageMarkers, type MessageRole } from './markers.js';

/** One message as the facts need it. `markers` are the host's; keyword rules fill what they leave out. */
export interface FactMessage {
  readonly at: Date;
  readonly role: MessageRole;
  readonly text?: string;
  /** Sentiment in [-1, 1], when the host scored it. */
  readonly sentiment?: number;
  readonly markers?: MessageMarkers;
}

/**
 * The facts of a conversation that has just started, before any message.
 *
 * @example
 * ```ts
 * const facts = newConversationFacts({ conversationId: 'conv_1', channel: 'whatsapp', startedAt: now });
 * ```
 */
export function newConversationFacts(start: {
  conversationId: string;
  channel: string;
  startedAt: Date;
  status?: ConversationStatus;
}): ConversationFacts {
  return {
    conversationId: start.conversationId,
    channel: start.channel,
    status: start.status ?? 'open',
    startedAt: start.startedAt,
    exchanges: 0,
    attemptsSinceReply: 0,
  };
}

function clip(text: string | undefined, length: number): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return trimmed.length === 0 ? undefined : trimmed.slice(0, length);
}

/**
 * The conversation's facts after one message. Intake calls it for every message event.
 *
 * - A **customer** message becomes the last customer message (with its intent, which is also kept as
 *   the conversation's latest intent), starts a new exchange when the business wrote last, resets the
 *   follow-up attempts and makes any open promise moot: the customer is back, and the next answer
 *   addresses it.
 * - An **agent** or **AI** message becomes the last outbound message, with whether it asked a question,
 *   and records a promise to come back when it made one.
 * - A **system** message changes nothing.
 *
 * The host's markers win; keyword `rules`, when given, fill in the markers the host left out. A
 * message older than the latest one from the same side changes nothing (events may arrive out of order).
 * Pure: returns new facts and leaves the given ones as they were.
 *
 * @example
 * ```ts
 * let facts = newConversationFacts({ conversationId: 'c1', channel: 'web', startedAt: t0 });
 * facts = applyMessage(facts, { at: t1, role: 'customer', text: 'How much is it?' }, DEFAULT_MARKER_RULES);
 * facts = applyMessage(facts, { at: t2, role: 'ai', text: "It's 20 €. Shall I book it?" }, DEFAULT_MARKER_RULES);
 * facts.intent // { name: 'pricing', at: t1 }; facts.lastOutbound.question // true
 * ```
 */
export function applyMessage(
  facts: ConversationFacts,
  message: FactMessage,
  rules?: MarkerRules,
): ConversationFacts {
  if (message.role === 'system') return facts;
  const at = message.at;
  const host: MessageMarkers = message.markers ?? {};
  const customer = message.role === 'customer';
  // Keyword rules look only for what the host left out and this side's messages carry: intents in the
  // customer's, questions and promises in the business's.
  const kinds = customer
    ? { intent: host.intent === undefined }
    : { question: host.question === undefined, promise: host.promise === undefined };
  const detected =
    rules && message.text && (kinds.intent || kinds.question || kinds.promise)
      ? detectMarkers(message.text, rules, at, kinds)
      : { question: false };
  const question = host.question ?? detected.question;
  const promise = host.promise === undefined ? detected.promise : host.promise || undefined;
  const intent = host.intent ?? detected.intent;

  if (customer) {
    if (facts.lastCustomer && at < facts.lastCustomer.at) return facts;
    const newTurn =
      !facts.lastCustomer ||
      (facts.lastOutbound !== undefined && facts.lastOutbound.at > facts.lastCustomer.at);
    // Built field by field rather than with conditional spreads: intake runs this on every message.
    const lastCustomer: NonNullable<ConversationFacts['lastCustomer']> = { at };
    const text = clip(message.text, FACT_TEXT_LENGTH);
    if (text !== undefined) lastCustomer.text = text;
    if (intent !== undefined) lastCustomer.intent = intent;
    if (message.sentiment !== undefined) lastCustomer.sentiment = message.sentiment;
    const next = withoutPromise(facts);
    next.lastCustomer = lastCustomer;
    next.exchanges = facts.exchanges + (newTurn ? 1 : 0);
    next.attemptsSinceReply = 0;
    if (next.followUpsSinceReply) next.followUpsSinceReply = 0;
    if (intent !== undefined) next.intent = { name: intent, at };
    return next;
  }

  if (facts.lastOutbound && at < facts.lastOutbound.at) return facts;
  const next: ConversationFacts = { ...facts };
  next.lastOutbound = { at, role: message.role, question };
  if (message.role === 'agent') next.lastAgentAt = at;
  if (promise) {
    const made: NonNullable<ConversationFacts['promise']> = { madeAt: at, by: message.role };
    if (promise.dueAt !== undefined) made.dueAt = promise.dueAt;
    const text = clip(message.text, 280);
    if (text !== undefined) made.text = text;
    next.promise = made;
  }
  return next;
}

// A copy of the facts without the open promise: a customer reply makes it moot, a reminder that went
// out keeps it. Left out by destructuring, since `delete` turns an object into a slow dictionary.
function withoutPromise(facts: ConversationFacts): ConversationFacts {
  if (facts.promise === undefined) return { ...facts };
  const { promise: _kept, ...rest } = facts;
  return rest;
}

/** A change to the conversation itself, as intake sees it on any event. */
export interface ConversationUpdate {
  readonly at: Date;
  readonly status?: ConversationStatus;
  /** `true` when the event escalates the conversation to a person, `false` when it de-escalates it. */
  readonly escalated?: boolean;
}

/**
 * The conversation's facts after a status or escalation change. An escalation is dated by its first
 * event; a later one re-dates it only once a person has answered the earlier one. Pure.
 *
 * @example
 * ```ts
 * applyConversationUpdate(facts, { at: now, escalated: true }).escalatedAt // now
 * ```
 */
export function applyConversationUpdate(
  facts: ConversationFacts,
  update: ConversationUpdate,
): ConversationFacts {
  const { escalatedAt, ...rest } = facts;
  const next: ConversationFacts = update.escalated === false ? rest : { ...facts };
  if (update.status !== undefined) next.status = update.status;
  if (update.escalated === true) {
    const answered =
      escalatedAt !== undefined && facts.lastAgentAt !== undefined && facts.lastAgentAt >= escalatedAt;
    if (escalatedAt === undefined || answered) next.escalatedAt = update.at;
  }
  return next;
}

/**
 * The conversation's facts after a follow-up was sent in it: one more attempt since the customer last
 * wrote, and the follow-up is the business's last message (the next attempt is timed from it). Whether
 * it asked a question is kept from the message it follows up, unless the host says. A promise reminder
 * that went out keeps the promise: it is no longer open. Pure.
 *
 * @example
 * ```ts
 * recordFollowUpSent(facts, { at: sentAt, role: 'ai' }).attemptsSinceReply // facts.attemptsSinceReply + 1
 * ```
 */
export function recordFollowUpSent(
  facts: ConversationFacts,
  sent: {
    readonly at: Date;
    readonly role?: 'agent' | 'ai';
    readonly question?: boolean;
    readonly reason?: FollowUpReason;
  },
): ConversationFacts {
  const role = sent.role ?? 'ai';
  const next = sent.reason === 'promise' ? withoutPromise(facts) : { ...facts };
  next.attemptsSinceReply = facts.attemptsSinceReply + 1;
  if (!facts.lastOutbound || sent.at >= facts.lastOutbound.at) {
    next.lastOutbound = {
      at: sent.at,
      role,
      question: sent.question ?? facts.lastOutbound?.question ?? false,
    };
  }
  if (role === 'agent' && (facts.lastAgentAt === undefined || sent.at > facts.lastAgentAt)) {
    next.lastAgentAt = sent.at;
  }
  return next;
}
