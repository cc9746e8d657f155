import type { FollowUpItem, FollowUpReason } from '../model/follow-up.js';
import { OPEN_FOLLOW_UP_STATUSES } from '../model/follow-up.js';
import { channelRule, consentHold, serviceWindow } from './channel-rules.js';
import { durationMs } from './duration.js';
import type { ConversationFacts, FollowUpContactFacts, ReminderFact } from './facts.js';
import { followUpKey } from './item-key.js';
import { compilePhrases, matchPhrases, memoize, words } from './phrases.js';
import { isQuietAt, nextAllowedInstant } from './quiet-hours.js';
import type { CustomTriggerRule, FollowUpSettings, TriggerDelay } from './settings.js';
import { isValidTimeZone } from './zoned-time.js';

/** A follow-up that is due: what the sweep creates a `pending` item from. */
export interface DueFollowUp {
  /** Deterministic (see `followUpKey`): the store keeps it unique. */
  readonly key: string;
  readonly contactId: string;
  /** The conversation to follow up in; absent for a reminder on a contact with no conversation. */
  readonly conversationId?: string;
  readonly reason: FollowUpReason;
  /** The custom trigger's id (reason `custom`) or the reminder's id (reason `scheduled`). */
  readonly rule?: string;
  readonly channel: string;
  /** When it came due: its trigger's time, moved past quiet hours in the contact's time zone. */
  readonly dueAt: Date;
  /** The occurrence it answers. */
  readonly anchorAt: Date;
  /** Outside the channel's customer-service window: only a pre-approved template may be sent. */
  readonly templateOnly: boolean;
  /** When the channel's customer-service window closes (or closed). */
  readonly windowClosesAt?: Date;
  /** Which attempt it is since the customer last wrote, from 1. */
  readonly attempt: number;
  /** What the rule saw: the promise, the reminder's note, the intent. */
  readonly note?: string;
  /** Who should act on it (a reminder's assignee). */
  readonly assignee?: string;
}

/**
 * Why a follow-up whose time has come is not due (yet):
 * - `quiet_hours`: it is quiet hours for the contact now (`until` says when they end);
 * - `opted_out` / `no_consent`: the contact opted out of the channel, or did not grant a purpose it needs;
 * - `no_channel`: a reminder with no channel and no conversation to take one from;
 * - `channel_off`: the workspace does not follow up on that channel;
 * - `window_closed`: the channel's service window closed and it allows no template either;
 * - `item_open`: an item of the conversation is still waiting to be sent;
 * - `superseded`: another follow-up of the conversation came first (priority: promise, scheduled,
 *   custom, undecided, ghosting);
 * - `max_attempts_conversation` / `max_attempts_contact`: the unanswered attempts reached the maximum.
 */
export const HOLD_REASONS = [
  'quiet_hours',
  'opted_out',
  'no_consent',
  'no_channel',
  'channel_off',
  'window_closed',
  'item_open',
  'superseded',
  'max_attempts_conversation',
  'max_attempts_contact',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** A follow-up whose time has come, held back, and why: nothing is dropped without a reason. */
export interface HeldFollowUp {
  readonly key: string;
  readonly contactId: string;
  readonly conversationId?: string;
  readonly reason: FollowUpReason;
  readonly rule?: string;
  readonly hold: HoldReason;
  /** When the hold lifts by itself (the end of quiet hours). */
  readonly until?: Date;
}

/** What the engine needs to know of an item already stored for the contact. */
export type FollowUpItemRef = Pick<FollowUpItem, 'key' | 'contactId' | 'status'> & {
  readonly conversationId?: string | undefined;
};

/** The follow-ups of one contact at `now`: those due, and those held back with why. */
export interface FollowUpEvaluation {
  readonly due: DueFollowUp[];
  readonly held: HeldFollowUp[];
}

/** Options of {@link evaluateFollowUps}. */
export interface EvaluateOptions {
  /**
   * The contact's stored items (at least the open ones and those the facts could make again): their
   * keys are not made again, and open ones count as attempts under way.
   */
  readonly existing?: Iterable<FollowUpItemRef>;
}

interface Candidate {
  readonly key: string;
  readonly reason: FollowUpReason;
  readonly rule?: string;
  readonly conversation?: ConversationFacts;
  readonly channel?: string;
  readonly anchorAt: number;
  readonly rawDueAt: number;
  /** Automatic triggers obey the on/off switch, the channel list and the attempt limits; reminders do not. */
  readonly automatic: boolean;
  readonly consentPurpose?: string;
  readonly note?: string;
  readonly assignee?: string;
}

const PRIORITY: Readonly<Record<FollowUpReason, number>> = {
  promise: 0,
  scheduled: 1,
  custom: 2,
  undecided: 3,
  ghosting: 4,
};

const customKeywords = memoize((rule: CustomTriggerRule) =>
  compilePhrases((rule.keywords ?? []).map((k) => [k, true] as const)),
);

function latestMessageAt(conversation: ConversationFacts): number | undefined {
  const customer = conversation.lastCustomer?.at.getTime();
  const outbound = conversation.lastOutbound?.at.getTime();
  if (customer === undefined) return outbound;
  return outbound === undefined ? customer : Math.max(customer, outbound);
}

function delayMs(
  delay: TriggerDelay,
  conversation: ConversationFacts,
  facts: FollowUpContactFacts,
  settings: FollowUpSettings,
): number {
  const intent = conversation.intent?.name;
  if (intent !== undefined && Object.hasOwn(settings.delayByIntent, intent)) {
    return durationMs(settings.delayByIntent[intent] ?? {});
  }
  if (delay === 'by_temperature') {
    return durationMs(settings.timing[facts.temperature ?? settings.defaultTemperature]);
  }
  return durationMs(delay);
}

function customRuleHolds(
  rule: CustomTriggerRule,
  conversation: ConversationFacts,
  facts: FollowUpContactFacts,
  settings: FollowUpSettings,
): boolean {
  if (!rule.enabled || !rule.statuses.includes(conversation.status)) return false;
  if (rule.channels && !rule.channels.includes(conversation.channel)) return false;
  if (rule.intents && !(conversation.intent && rule.intents.includes(conversation.intent.name))) return false;
  if (rule.temperatures && !rule.temperatures.includes(facts.temperature ?? settings.defaultTemperature)) {
    return false;
  }
  if (rule.grades && !(facts.grade !== undefined && rule.grades.includes(facts.grade.toUpperCase()))) {
    return false;
  }
  const customerAt = conversation.lastCustomer?.at.getTime() ?? Number.NEGATIVE_INFINITY;
  const outboundAt = conversation.lastOutbound?.at.getTime() ?? Number.NEGATIVE_INFINITY;
  if (rule.lastMessageBy === 'customer' && !(customerAt >= outboundAt)) return false;
  if (rule.lastMessageBy === 'business' && !(outboundAt > customerAt)) return false;
  if (rule.keywords) {
    const text = conversation.lastCustomer?.text;
    if (text === undefined || matchPhrases(customKeywords(rule), words(text)).size === 0) return false;
  }
  return true;
}

function conversationCandidates(
  conversation: ConversationFacts,
  facts: FollowUpContactFacts,
  settings: FollowUpSettings,
): Candidate[] {
  const out: Candidate[] = [];
  const { promise, disengaged, undecided } = settings.triggers;
  const conversationId = conversation.conversationId;
  const base = { conversation, channel: conversation.channel, automatic: true } as const;

  if (promise.enabled && conversation.promise) {
    const p = conversation.promise;
    const anchorAt = p.madeAt.getTime();
    const rawDueAt =
      p.dueAt === undefined
        ? anchorAt + durationMs(promise.delay)
        : p.dueAt.getTime() - durationMs(promise.remindBefore);
    out.push({
      ...base,
      key: followUpKey({ reason: 'promise', conversationId, anchorAt: p.madeAt }),
      reason: 'promise',
      anchorAt,
      rawDueAt,
      ...(p.text === undefined ? {} : { note: p.text }),
    });
  }

  const latest = latestMessageAt(conversation);
  if (latest === undefined) return out;

  for (const rule of settings.customTriggers) {
    if (!customRuleHolds(rule, conversation, facts, settings)) continue;
    out.push({
      ...base,
      key: followUpKey({ reason: 'custom', rule: rule.id, conversationId, anchorAt: new Date(latest) }),
      reason: 'custom',
      rule: rule.id,
      anchorAt: latest,
      rawDueAt: latest + delayMs(rule.delay, conversation, facts, settings),
      ...(rule.consentPurpose === undefined ? {} : { consentPurpose: rule.consentPurpose }),
      ...(rule.name === undefined ? {} : { note: rule.name }),
    });
  }

  const intent = conversation.intent;
  if (
    undecided.enabled &&
    intent !== undefined &&
    undecided.intents.includes(intent.name) &&
    !(facts.lastOrderAt !== undefined && facts.lastOrderAt >= intent.at)
  ) {
    out.push({
      ...base,
      key: followUpKey({ reason: 'undecided', conversationId, anchorAt: new Date(latest) }),
      reason: 'undecided',
      anchorAt: latest,
      rawDueAt: latest + delayMs(undecided.delay, conversation, facts, settings),
      note: `intent: ${intent.name}`,
      ...(undecided.consentPurpose === undefined ? {} : { consentPurpose: undecided.consentPurpose }),
    });
  }

  const { lastCustomer, lastOutbound } = conversation;
  if (
    disengaged.enabled &&
    conversation.status === 'open' &&
    lastCustomer !== undefined &&
    lastOutbound !== undefined &&
    lastOutbound.at > lastCustomer.at &&
    (!disengaged.onlyAfterQuestion || lastOutbound.question)
  ) {
    const anchorAt = lastOutbound.at.getTime();
    out.push({
      ...base,
      key: followUpKey({ reason: 'ghosting', conversationId, anchorAt: lastOutbound.at }),
      reason: 'ghosting',
      anchorAt,
      rawDueAt: anchorAt + delayMs(disengaged.delay, conversation, facts, settings),
    });
  }
  return out;
}

// A reminder set on the contact goes out in the conversation it names, else the latest one.
function reminderCandidate(reminder: ReminderFact, facts: FollowUpContactFacts): Candidate {
  let conversation: ConversationFacts | undefined;
  if (reminder.conversationId !== undefined) {
    conversation = facts.conversations.find((c) => c.conversationId === reminder.conversationId);
  } else {
    let latest = Number.NEGATIVE_INFINITY;
    for (const c of facts.conversations) {
      const at = latestMessageAt(c) ?? c.startedAt.getTime();
      if (at > latest) {
        latest = at;
        conversation = c;
      }
    }
  }
  const channel = reminder.channel ?? conversation?.channel;
  return {
    key: followUpKey({
      reason: 'scheduled',
      rule: reminder.id,
      conversationId: reminder.conversationId,
      anchorAt: reminder.dueAt,
    }),
    reason: 'scheduled',
    rule: reminder.id,
    ...(conversation === undefined ? {} : { conversation }),
    ...(channel === undefined ? {} : { channel }),
    anchorAt: reminder.dueAt.getTime(),
    rawDueAt: reminder.dueAt.getTime(),
    automatic: false,
    ...(reminder.note === undefined ? {} : { note: reminder.note }),
    ...(reminder.assignee === undefined ? {} : { assignee: reminder.assignee }),
  };
}

/**
 * The follow-ups of one contact at `now`, due and held back. {@link dueFollowUps} is its `due` half;
 * this also says, for every follow-up whose time has come but that is not due, why (quiet hours with
 * when they end, opt-out, missing consent, channel, open item, attempts).
 *
 * Rules, in order:
 * 1. **Triggers** (when automatic follow-ups are on): a promise (due at its time less `remindBefore`,
 *    or `delay` after it was made); each custom trigger; an undecided prospect; a disengaged customer
 *    (ghosting). Their delay comes from `delayByIntent` for the conversation's latest intent, else the
 *    trigger's own, which may be `by_temperature` (`timing`: hot, warm, cold). Reminders people set are
 *    due at their time whether automatic follow-ups are on or not.
 * 2. **Already made**: a follow-up whose key is among `existing` is skipped.
 * 3. **Channel and consent**: not on a channel the workspace left out (automatic only), the contact
 *    opted out of, or whose consent purpose the contact did not grant.
 * 4. **One at a time**: at most one open item per conversation; the first by priority wins.
 * 5. **Attempts** (automatic only): unanswered attempts stay within `maxAttempts` per conversation and
 *    per contact; items still open count.
 * 6. **Quiet hours**: in the contact's time zone, else the workspace's, a follow-up is never due inside
 *    them: its due time moves to their end, and while they last nothing is due.
 * 7. **Service window**: outside the channel's window (WhatsApp: 24 hours after the customer's last
 *    message) the follow-up says `templateOnly`, or is held when the channel allows no template.
 *
 * Pure: the same facts, settings, items and `now` give the same result.
 *
 * @example
 * ```ts
 * const { due, held } = evaluateFollowUps(facts, DEFAULT_FOLLOW_UP_SETTINGS, now);
 * held[0] // { reason: 'ghosting', hold: 'quiet_hours', until: <08:00 in the contact's zone>, … }
 * ```
 */
export function evaluateFollowUps(
  facts: FollowUpContactFacts,
  settings: FollowUpSettings,
  now: Date,
  options: EvaluateOptions = {},
): FollowUpEvaluation {
  const t = now.getTime();
  const candidates: Candidate[] = [];
  for (const reminder of facts.reminders ?? []) {
    if (reminder.dueAt.getTime() <= t) candidates.push(reminderCandidate(reminder, facts));
  }
  if (settings.enabled) {
    for (const conversation of facts.conversations) {
      for (const c of conversationCandidates(conversation, facts, settings)) {
        if (c.rawDueAt <= t) candidates.push(c);
      }
    }
  }
  if (candidates.length === 0) return { due: [], held: [] };

  const existingKeys = new Set<string>();
  const openByConversation = new Map<string, number>();
  let openForContact = 0;
  for (const item of options.existing ?? []) {
    existingKeys.add(item.key);
    if (OPEN_FOLLOW_UP_STATUSES.includes(item.status)) {
      openForContact++;
      const group = item.conversationId ?? '';
      openByConversation.set(group, (openByConversation.get(group) ?? 0) + 1);
    }
  }

  const due: DueFollowUp[] = [];
  const held: HeldFollowUp[] = [];
  const hold = (c: Candidate, reason: HoldReason, until?: number) =>
    held.push({
      key: c.key,
      contactId: facts.contactId,
      ...(c.conversation === undefined ? {} : { conversationId: c.conversation.conversationId }),
      reason: c.reason,
      ...(c.rule === undefined ? {} : { rule: c.rule }),
      hold: reason,
      ...(until === undefined ? {} : { until: new Date(until) }),
    });

  const fresh = candidates
    .filter((c) => !existingKeys.has(c.key))
    .sort((a, b) => PRIORITY[a.reason] - PRIORITY[b.reason] || a.rawDueAt - b.rawDueAt);
  if (fresh.length === 0) return { due, held };

  const timeZone =
    facts.timezone !== undefined && isValidTimeZone(facts.timezone) ? facts.timezone : settings.timezone;
  if (isQuietAt(t, timeZone, settings.quietHours)) {
    const until = nextAllowedInstant(t, timeZone, settings.quietHours);
    for (const c of fresh) hold(c, 'quiet_hours', until);
    return { due, held };
  }

  const { perConversation, perContact } = settings.maxAttempts;
  const contactAttempts =
    facts.attemptsSinceReply ?? facts.conversations.reduce((sum, c) => sum + c.attemptsSinceReply, 0);
  let underWay = openForContact;
  const taken = new Set<string>();
  for (const c of fresh) {
    const group = c.conversation?.conversationId ?? '';
    const channel = c.channel;
    if (channel === undefined) {
      hold(c, 'no_channel');
      continue;
    }
    if (c.automatic && settings.channels !== 'all' && !settings.channels.includes(channel)) {
      hold(c, 'channel_off');
      continue;
    }
    const consent = consentHold(facts, channel, [
      channelRule(settings, channel)?.consentPurpose,
      c.consentPurpose,
    ]);
    if (consent !== undefined) {
      hold(c, consent);
      continue;
    }
    const window = serviceWindow(settings, channel, c.conversation, t);
    if (window.templateOnly && channelRule(settings, channel)?.outsideWindow === 'block') {
      hold(c, 'window_closed');
      continue;
    }
    if ((openByConversation.get(group) ?? 0) > 0) {
      hold(c, 'item_open');
      continue;
    }
    if (taken.has(group)) {
      hold(c, 'superseded');
      continue;
    }
    const conversationAttempts = c.conversation?.attemptsSinceReply ?? contactAttempts;
    if (c.automatic && conversationAttempts >= perConversation) {
      hold(c, 'max_attempts_conversation');
      continue;
    }
    if (c.automatic && contactAttempts + underWay >= perContact) {
      hold(c, 'max_attempts_contact');
      continue;
    }
    taken.add(group);
    underWay++;
    due.push({
      key: c.key,
      contactId: facts.contactId,
      ...(c.conversation === undefined ? {} : { conversationId: c.conversation.conversationId }),
      reason: c.reason,
      ...(c.rule === undefined ? {} : { rule: c.rule }),
      channel,
      dueAt: new Date(nextAllowedInstant(c.rawDueAt, timeZone, settings.quietHours)),
      anchorAt: new Date(c.anchorAt),
      templateOnly: window.templateOnly,
      ...(window.closesAt === undefined ? {} : { windowClosesAt: window.closesAt }),
      attempt: conversationAttempts + 1,
      ...(c.note === undefined ? {} : { note: c.note }),
      ...(c.assignee === undefined ? {} : { assignee: c.assignee }),
    });
  }
  return { due, held };
}

/**
 * The follow-ups due for one contact at `now`, each with its reason, channel, due time and whether
 * only a template may be sent. See {@link evaluateFollowUps} for the rules, and for why a follow-up
 * whose time has come is held back.
 *
 * @example
 * ```ts
 * dueFollowUps(facts, parseFollowUpSettings({ preset: 'sales' }), now)
 * // [{ reason: 'ghosting', channel: 'whatsapp', dueAt, templateOnly: true, attempt: 1, key, … }]
 * ```
 */
export function dueFollowUps(
  facts: FollowUpContactFacts,
  settings: FollowUpSettings,
  now: Date,
  options: EvaluateOptions = {},
): DueFollowUp[] {
  return evaluateFollowUps(facts, settings, now, options).due;
}
