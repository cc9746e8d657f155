import { IllegalTransitionError } from '../errors/errors.js';
import type { Actor } from '../model/activity.js';
import type { FollowUpItem, FollowUpStatus } from '../model/follow-up.js';
import type { FollowUpEventType } from '../model/follow-up-events.js';
import type { JsonValue } from '../model/primitives.js';
import type { DueFollowUp } from './due.js';
import { type ChangeRecords, changeRecords } from './records.js';

/**
 * One change to a follow-up item: the item as it now is, and what the contact's timeline and the outbox
 * record about it. The service stores all three in one transaction (the item with a version check).
 */
export interface FollowUpChange extends ChangeRecords {
  readonly item: FollowUpItem;
}

/** What can be done to a follow-up item. */
export type FollowUpAction =
  | 'draft'
  | 'assign'
  | 'approve'
  | 'edit'
  | 'dismiss'
  | 'send'
  | 'reply'
  | 'convert'
  | 'expire';

interface Move {
  readonly from: readonly FollowUpStatus[];
  /** The status it leads to; absent: the status stays. */
  readonly to?: FollowUpStatus;
  readonly type: FollowUpEventType;
}

/**
 * Which action may be taken from which status, and where it leads:
 * `pending → approved | edited | dismissed → sent → replied | converted | no_response`. A customer reply
 * moves any item not yet settled to `replied`; a late order converts an item that was sent, even after
 * its reply or its `no_response`.
 */
export const FOLLOW_UP_MOVES: Readonly<Record<FollowUpAction, Move>> = {
  draft: { from: ['pending'], type: 'follow_up.drafted' },
  assign: { from: ['pending', 'approved', 'edited'], type: 'follow_up.assigned' },
  approve: { from: ['pending'], to: 'approved', type: 'follow_up.approved' },
  edit: { from: ['pending', 'approved', 'edited'], to: 'edited', type: 'follow_up.edited' },
  dismiss: { from: ['pending', 'approved', 'edited'], to: 'dismissed', type: 'follow_up.dismissed' },
  send: { from: ['approved', 'edited'], to: 'sent', type: 'follow_up.sent' },
  reply: {
    from: ['pending', 'approved', 'edited', 'sent', 'no_response'],
    to: 'replied',
    type: 'follow_up.replied',
  },
  convert: { from: ['sent', 'replied', 'no_response'], to: 'converted', type: 'follow_up.converted' },
  expire: { from: ['sent'], to: 'no_response', type: 'follow_up.no_response' },
};

/**
 * Whether `action` may be taken on an item in `status`.
 *
 * @example
 * ```ts
 * canMoveFollowUp('pending', 'send') // false: approve or edit it first
 * ```
 */
export function canMoveFollowUp(status: FollowUpStatus, action: FollowUpAction): boolean {
  return FOLLOW_UP_MOVES[action].from.includes(status);
}

const SYSTEM: Actor = { kind: 'system' };

function recordsOf(
  item: FollowUpItem,
  type: FollowUpEventType,
  at: Date,
  actor: Actor,
  extra: Record<string, JsonValue>,
): ChangeRecords {
  return changeRecords(item, type, at, actor, {
    followUpId: item.id,
    key: item.key,
    reason: item.reason,
    status: item.status,
    channel: item.channel,
    dueAt: item.dueAt.toISOString(),
    attempt: item.attempt,
    ...(item.conversationId === undefined ? {} : { conversationId: item.conversationId }),
    ...(item.rule === undefined ? {} : { rule: item.rule }),
    ...extra,
  });
}

function move(
  item: FollowUpItem,
  action: FollowUpAction,
  at: Date,
  actor: Actor,
  patch: Partial<FollowUpItem>,
  extra: Record<string, JsonValue> = {},
): FollowUpChange {
  const rule = FOLLOW_UP_MOVES[action];
  if (!rule.from.includes(item.status)) {
    throw new IllegalTransitionError('follow_up', item.id, item.status, action);
  }
  const next: FollowUpItem = {
    ...item,
    ...patch,
    status: rule.to ?? item.status,
    updatedAt: at,
    version: item.version + 1,
  };
  return { item: next, ...recordsOf(next, rule.type, at, actor, { from: item.status, ...extra }) };
}

/** Who did something, and when. */
export interface Acting {
  readonly at: Date;
  readonly by: Actor;
}

/**
 * A new `pending` item for a due follow-up, with its `follow_up.created` timeline entry and outbox
 * event. The service gives it an id; `draft` is the message the host's model suggested, if any yet.
 *
 * @example
 * ```ts
 * const { item, activity, event } = openFollowUp(due, { workspaceId: 'acme', id: newId(), now });
 * ```
 */
export function openFollowUp(
  due: DueFollowUp,
  ctx: { readonly workspaceId: string; readonly id: string; readonly now: Date; readonly draft?: string },
): FollowUpChange {
  const item: FollowUpItem = {
    workspaceId: ctx.workspaceId,
    id: ctx.id,
    key: due.key,
    contactId: due.contactId,
    ...(due.conversationId === undefined ? {} : { conversationId: due.conversationId }),
    reason: due.reason,
    ...(due.rule === undefined ? {} : { rule: due.rule }),
    channel: due.channel,
    dueAt: due.dueAt,
    anchorAt: due.anchorAt,
    templateOnly: due.templateOnly,
    ...(due.windowClosesAt === undefined ? {} : { windowClosesAt: due.windowClosesAt }),
    attempt: due.attempt,
    status: 'pending',
    ...(ctx.draft === undefined ? {} : { draft: ctx.draft }),
    ...(due.note === undefined ? {} : { note: due.note }),
    ...(due.assignee === undefined ? {} : { assignee: due.assignee }),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 1,
  };
  const extra: Record<string, JsonValue> = { templateOnly: item.templateOnly };
  if (item.windowClosesAt) extra.windowClosesAt = item.windowClosesAt.toISOString();
  return { item, ...recordsOf(item, 'follow_up.created', ctx.now, SYSTEM, extra) };
}

/**
 * Records the message the host's model suggests for a pending item. The status stays `pending`.
 *
 * @example
 * ```ts
 * suggestFollowUpDraft(item, { at: now, by: { kind: 'ai' }, text: 'Hi Ana, still thinking about the blue one?' })
 * ```
 */
export function suggestFollowUpDraft(
  item: FollowUpItem,
  draft: Acting & { readonly text: string },
): FollowUpChange {
  return move(item, 'draft', draft.at, draft.by, { draft: draft.text });
}

/**
 * Gives an item not yet sent to a person to act on. The status stays.
 *
 * @example
 * ```ts
 * assignFollowUp(item, { at: now, by: { kind: 'user', id: 'u_1' }, assignee: 'u_2' })
 * ```
 */
export function assignFollowUp(
  item: FollowUpItem,
  assign: Acting & { readonly assignee: string },
): FollowUpChange {
  return move(
    item,
    'assign',
    assign.at,
    assign.by,
    { assignee: assign.assignee },
    { assignee: assign.assignee },
  );
}

/**
 * A person approves a pending item as drafted: `pending → approved`.
 *
 * @example
 * ```ts
 * approveFollowUp(item, { at: now, by: { kind: 'user', id: 'u_1' } }).item.status // 'approved'
 * ```
 */
export function approveFollowUp(item: FollowUpItem, acting: Acting): FollowUpChange {
  const text = item.text ?? item.draft;
  return move(item, 'approve', acting.at, acting.by, {
    decidedBy: acting.by,
    decidedAt: acting.at,
    ...(text === undefined ? {} : { text }),
  });
}

/**
 * A person rewrites the message of an item not yet sent: `pending | approved | edited → edited`.
 *
 * @example
 * ```ts
 * editFollowUp(item, { at: now, by, text: 'Hi Ana — the blue one is back in stock.' }).item.text
 * ```
 */
export function editFollowUp(item: FollowUpItem, edit: Acting & { readonly text: string }): FollowUpChange {
  return move(item, 'edit', edit.at, edit.by, { text: edit.text, decidedBy: edit.by, decidedAt: edit.at });
}

/**
 * A person decides an item should not go out: `pending | approved | edited → dismissed`. Its key stays
 * taken, so the same occurrence never makes it again.
 *
 * @example
 * ```ts
 * dismissFollowUp(item, { at: now, by, note: 'customer is on holiday' }).item.status // 'dismissed'
 * ```
 */
export function dismissFollowUp(
  item: FollowUpItem,
  dismiss: Acting & { readonly note?: string },
): FollowUpChange {
  return move(
    item,
    'dismiss',
    dismiss.at,
    dismiss.by,
    { decidedBy: dismiss.by, decidedAt: dismiss.at },
    dismiss.note === undefined ? {} : { note: dismiss.note },
  );
}

/**
 * The host reports that it sent an approved or edited item: `→ sent`. `text` is what went out (default:
 * the item's text). Refused when the item may only go out as a template (or its service window had
 * closed by `at`) and `template` is not set: the channel would have refused a free-form message.
 *
 * @example
 * ```ts
 * markFollowUpSent(item, { at: now, by: { kind: 'host' }, template: item.templateOnly })
 * ```
 */
export function markFollowUpSent(
  item: FollowUpItem,
  sent: { readonly at: Date; readonly by?: Actor; readonly text?: string; readonly template?: boolean },
): FollowUpChange {
  const template = sent.template ?? false;
  const windowClosed =
    item.templateOnly || (item.windowClosesAt !== undefined && sent.at >= item.windowClosesAt);
  if (windowClosed && !template && canMoveFollowUp(item.status, 'send')) {
    throw new IllegalTransitionError(
      'follow_up',
      item.id,
      item.status,
      'send',
      'outside the channel service window only a template message may be sent',
    );
  }
  const by = sent.by ?? { kind: 'host' };
  const text = sent.text ?? item.text;
  return move(
    item,
    'send',
    sent.at,
    by,
    { sentAt: sent.at, sentBy: by, sentAsTemplate: template, ...(text === undefined ? {} : { text }) },
    { template },
  );
}

/**
 * The customer wrote in the item's conversation: an item not yet sent becomes moot and one that was sent
 * got its answer. Either way `→ replied` (an item never sent keeps no `sentAt`).
 *
 * @example
 * ```ts
 * markFollowUpReplied(item, { at: replyAt }).item.status // 'replied'
 * ```
 */
export function markFollowUpReplied(item: FollowUpItem, reply: { readonly at: Date }): FollowUpChange {
  return move(item, 'reply', reply.at, SYSTEM, { outcomeAt: reply.at }, { sent: item.sentAt !== undefined });
}

/**
 * An order was attributed to a sent item: `sent | replied | no_response → converted`. Refused for an
 * item that was never sent (a reply made it moot; the order is not its doing).
 *
 * @example
 * ```ts
 * markFollowUpConverted(item, { at: order.placedAt, orderId: order.orderId }).item.status // 'converted'
 * ```
 */
export function markFollowUpConverted(
  item: FollowUpItem,
  conversion: { readonly at: Date; readonly orderId: string },
): FollowUpChange {
  if (item.sentAt === undefined && canMoveFollowUp(item.status, 'convert')) {
    throw new IllegalTransitionError('follow_up', item.id, item.status, 'convert', 'it was never sent');
  }
  return move(
    item,
    'convert',
    conversion.at,
    SYSTEM,
    { outcomeAt: conversion.at, orderId: conversion.orderId },
    { orderId: conversion.orderId },
  );
}

/**
 * A sent item got no reply in time: `sent → no_response`.
 *
 * @example
 * ```ts
 * markFollowUpNoResponse(item, { at: now }).item.status // 'no_response'
 * ```
 */
export function markFollowUpNoResponse(item: FollowUpItem, expiry: { readonly at: Date }): FollowUpChange {
  return move(item, 'expire', expiry.at, SYSTEM, { outcomeAt: expiry.at });
}
