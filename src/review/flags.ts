import { durationMs } from '../followups/duration.js';
import type { ConversationFacts, FollowUpContactFacts } from '../followups/facts.js';
import { reviewKey } from '../followups/item-key.js';
import { compilePhrases, matchPhrases, memoize, words } from '../followups/phrases.js';
import type { JsonValue } from '../model/primitives.js';
import type { ReviewReason } from '../model/review-item.js';
import type { CustomReviewRule, ReviewRules } from './rules.js';

const EXCERPT_LENGTH = 200;

/** A conversation a person should review, and why: what a sweep opens a review item from. */
export interface ReviewFlag {
  /** Deterministic (see `reviewKey`): the store keeps it unique. */
  readonly key: string;
  readonly contactId: string;
  readonly conversationId: string;
  readonly reason: ReviewReason;
  /** The custom rule's id (reason `custom`). */
  readonly rule?: string;
  /** When the condition arose: the message, the escalation; for conditions held once per conversation, `now`. */
  readonly flaggedAt: Date;
  /** The context in words, for the person who reviews it. */
  readonly summary: string;
  /** The same context as data. */
  readonly context: Record<string, JsonValue>;
}

const customKeywords = memoize((rule: CustomReviewRule) =>
  compilePhrases((rule.keywords ?? []).map((k) => [k, k] as const)),
);

function excerpt(text: string | undefined): string {
  if (text === undefined) return '';
  return text.length > EXCERPT_LENGTH ? `: "${text.slice(0, EXCERPT_LENGTH)}…"` : `: "${text}"`;
}

function conversationFlags(
  facts: FollowUpContactFacts,
  conversation: ConversationFacts,
  rules: ReviewRules,
  now: Date,
): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  const conversationId = conversation.conversationId;
  const flag = (
    reason: ReviewReason,
    occurredAt: Date | undefined,
    summary: string,
    context: Record<string, JsonValue>,
    rule?: string,
  ) =>
    flags.push({
      key: reviewKey({ reason, conversationId, rule, flaggedAt: occurredAt }),
      contactId: facts.contactId,
      conversationId,
      reason,
      ...(rule === undefined ? {} : { rule }),
      flaggedAt: occurredAt ?? now,
      summary: summary.slice(0, 1000),
      context,
    });
  const last = conversation.lastCustomer;
  const text = last?.text;

  const { frustration, escalation, unresolved, highValue } = rules;
  if (frustration.enabled && last?.sentiment !== undefined && last.sentiment <= frustration.threshold) {
    flag(
      'frustration',
      last.at,
      `Customer sentiment ${last.sentiment} is at or below ${frustration.threshold}${excerpt(text)}`,
      {
        sentiment: last.sentiment,
        threshold: frustration.threshold,
        ...(text === undefined ? {} : { text }),
      },
    );
  }

  const escalatedAt = conversation.escalatedAt;
  if (
    escalation.enabled &&
    escalatedAt !== undefined &&
    !(conversation.lastAgentAt !== undefined && conversation.lastAgentAt >= escalatedAt) &&
    now.getTime() - escalatedAt.getTime() >= durationMs(escalation.after)
  ) {
    const minutes = Math.floor((now.getTime() - escalatedAt.getTime()) / 60_000);
    flag('escalation', escalatedAt, `Escalated ${minutes} minutes ago and no person has answered`, {
      escalatedAt: escalatedAt.toISOString(),
      minutesOpen: minutes,
    });
  }

  if (unresolved.enabled && conversation.exchanges >= unresolved.afterExchanges) {
    flag('unresolved', undefined, `Still open after ${conversation.exchanges} exchanges`, {
      exchanges: conversation.exchanges,
      afterExchanges: unresolved.afterExchanges,
    });
  }

  for (const rule of rules.custom) {
    if (!rule.enabled || last === undefined) continue;
    if (rule.channels && !rule.channels.includes(conversation.channel)) continue;
    const intent = last.intent !== undefined && rule.intents?.includes(last.intent) ? last.intent : undefined;
    const keywords =
      rule.keywords && text !== undefined ? [...matchPhrases(customKeywords(rule), words(text))] : [];
    if (intent === undefined && keywords.length === 0) continue;
    const what = intent !== undefined ? `intent ${intent}` : `keyword ${keywords.join(', ')}`;
    flag(
      'custom',
      last.at,
      `${rule.name ?? rule.id}: ${what}${excerpt(text)}`,
      {
        ...(intent === undefined ? {} : { intent }),
        ...(keywords.length === 0 ? {} : { keywords }),
        ...(text === undefined ? {} : { text }),
      },
      rule.id,
    );
  }

  if (highValue.enabled) {
    const grade = facts.grade?.toUpperCase();
    const byGrade = grade !== undefined && highValue.grades.includes(grade);
    const bySpend =
      highValue.minPredictedSpend !== null &&
      facts.predictedSpend !== undefined &&
      facts.predictedSpend >= highValue.minPredictedSpend;
    if (byGrade || bySpend) {
      const why = [
        byGrade ? `grade ${grade}` : undefined,
        bySpend ? `predicted spend ${facts.predictedSpend}` : undefined,
      ].filter(Boolean);
      flag('high_value', undefined, `High-value lead: ${why.join(', ')}`, {
        ...(grade === undefined ? {} : { grade }),
        ...(facts.predictedSpend === undefined ? {} : { predictedSpend: facts.predictedSpend }),
      });
    }
  }
  return flags;
}

/**
 * The human-review flags of one contact's open conversations at `now`, each with its reason and the
 * context a person reviews it with:
 * - `frustration`: the customer's last message has a sentiment at or below the threshold;
 * - `escalation`: escalated, no person has written since, and it has been so for `after`;
 * - `unresolved`: still open after `afterExchanges` customer turns;
 * - `custom`: a workspace rule's intent or keyword in the customer's last message;
 * - `high_value`: the contact's grade or predicted spend.
 *
 * Each flag carries a deterministic key: frustration and custom flags are per customer message,
 * escalations per escalation, unresolved and high-value once per conversation. Pure.
 *
 * @example
 * ```ts
 * reviewFlags(facts, DEFAULT_REVIEW_RULES, now)
 * // [{ reason: 'frustration', conversationId: 'conv_1', summary: 'Customer sentiment -0.8 is at or below -0.5: "…"', … }]
 * ```
 */
export function reviewFlags(facts: FollowUpContactFacts, rules: ReviewRules, now: Date): ReviewFlag[] {
  if (!rules.enabled) return [];
  const flags: ReviewFlag[] = [];
  for (const conversation of facts.conversations) {
    if (conversation.status !== 'open') continue;
    flags.push(...conversationFlags(facts, conversation, rules, now));
  }
  return flags;
}
