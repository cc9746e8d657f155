import type { MessageRole } from '../followups/markers.js';
import type { ConversationSummary } from '../model/conversation.js';

/**
 * The figures of one conversation that analytics reads (first-response time, sentiment over time),
 * kept on the conversation row intake writes for every message anyway: no table and no row more.
 */
export type ConversationFigures = Pick<
  ConversationSummary,
  'firstInboundAt' | 'firstResponseMs' | 'sentimentSum' | 'sentimentCount'
>;

/** One message as the figures need it. */
export interface FigureMessage {
  readonly at: Date;
  /** `customer` for the person's messages; `agent` and `ai` reply; `system` counts for nothing. */
  readonly role: MessageRole;
  /** The host's score of the message in [-1, 1], when it gave one; counted on customer messages only. */
  readonly sentiment?: number;
}

/** The figures as a new object, with only the fields that have a value. */
function copyOf(figures: ConversationFigures): ConversationFigures {
  const next: ConversationFigures = {};
  if (figures.firstInboundAt !== undefined) next.firstInboundAt = figures.firstInboundAt;
  if (figures.firstResponseMs !== undefined) next.firstResponseMs = figures.firstResponseMs;
  if (figures.sentimentSum !== undefined) next.sentimentSum = figures.sentimentSum;
  if (figures.sentimentCount !== undefined) next.sentimentCount = figures.sentimentCount;
  return next;
}

/**
 * The figures of a conversation intake has just created, before its first message. `sentimentCount`
 * is what tells a conversation whose figures are kept from its start from one stored before contactkit
 * kept them (NULL there), which {@link recordMessageFigures} leaves alone.
 */
export const NEW_CONVERSATION_FIGURES: Readonly<
  Required<Pick<ConversationFigures, 'sentimentSum' | 'sentimentCount'>>
> = { sentimentSum: 0, sentimentCount: 0 };

/**
 * A conversation's figures after one message. Intake calls it for every message event.
 *
 * - A conversation without `sentimentCount` was stored before these figures were kept: it never gets
 *   them, since counting from the middle would make its first customer message a later one.
 * - A **customer** message with a sentiment score adds it to `sentimentSum` and `sentimentCount`, in
 *   whatever order messages arrive (a replayed event never gets here: intake skips processed ids).
 * - Until the business has replied, the earliest customer message seen is `firstInboundAt`: one that
 *   arrives late but was written earlier moves it back.
 * - The first **agent** or **AI** message at or after `firstInboundAt` sets `firstResponseMs`, once.
 *   From then on neither changes: a customer message that arrives after the reply was recorded, though
 *   written before, does not revise the figure.
 * - A reply written before any known customer message does not count (a greeting the business sent
 *   first, or a reply whose question has not arrived yet); the next reply after the customer's message
 *   does. So a reply processed before the message it answers makes the figure longer, never shorter.
 * - A **system** message changes nothing.
 *
 * Pure and allocation-light: returns `figures` itself when the message changes nothing (most messages
 * once a conversation has had its first reply and the host scores no sentiment), else a new object with
 * just these four fields, for the caller to copy onto the conversation it is building.
 *
 * @example
 * ```ts
 * let f = recordMessageFigures(NEW_CONVERSATION_FIGURES, { at: new Date('2026-06-01T10:00:00Z'), role: 'customer', sentiment: 0.5 });
 * f = recordMessageFigures(f, { at: new Date('2026-06-01T10:02:00Z'), role: 'ai' });
 * f; // { firstInboundAt: 2026-06-01T10:00:00Z, firstResponseMs: 120000, sentimentSum: 0.5, sentimentCount: 1 }
 * ```
 */
export function recordMessageFigures(
  figures: ConversationFigures,
  message: FigureMessage,
): ConversationFigures {
  if (figures.sentimentCount === undefined) return figures;
  const { role } = message;
  const at = message.at.getTime();
  const first = figures.firstInboundAt?.getTime();
  if (role === 'customer') {
    const sentiment = message.sentiment;
    const earlier = figures.firstResponseMs === undefined && (first === undefined || at < first);
    if (sentiment === undefined && !earlier) return figures;
    const next = copyOf(figures);
    if (earlier) next.firstInboundAt = message.at;
    if (sentiment !== undefined) {
      next.sentimentSum = (figures.sentimentSum ?? 0) + sentiment;
      next.sentimentCount = figures.sentimentCount + 1;
    }
    return next;
  }
  if (role === 'system' || first === undefined || figures.firstResponseMs !== undefined || at < first) {
    return figures;
  }
  const next = copyOf(figures);
  next.firstResponseMs = at - first;
  return next;
}
