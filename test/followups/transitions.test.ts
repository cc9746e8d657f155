import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../src/errors/errors.js';
import { applyMessage } from '../../src/followups/apply-message.js';
import { dueFollowUps } from '../../src/followups/due.js';
import { attributeOrder, cancelOnReply, expireNoResponse } from '../../src/followups/outcomes.js';
import {
  approveFollowUp,
  assignFollowUp,
  canMoveFollowUp,
  dismissFollowUp,
  editFollowUp,
  type FollowUpAction,
  markFollowUpConverted,
  markFollowUpNoResponse,
  markFollowUpReplied,
  markFollowUpSent,
  openFollowUp,
  suggestFollowUpDraft,
} from '../../src/followups/transitions.js';
import { ActivitySchema } from '../../src/model/activity.js';
import { DomainEventSchema } from '../../src/model/domain-event.js';
import {
  FOLLOW_UP_STATUSES,
  type FollowUpItem,
  FollowUpItemSchema,
  type FollowUpStatus,
} from '../../src/model/follow-up.js';
import { contact, conversation, DAY, ghostingOnly, HOUR, MINUTE, NOW, settings } from './support.js';

const later = (ms: number) => new Date(NOW.getTime() + ms);
const person = { kind: 'user' as const, id: 'u_1', name: 'Ana' };

function pending(overrides: Partial<FollowUpItem> = {}): FollowUpItem {
  const [due] = dueFollowUps(contact(), ghostingOnly(), NOW);
  return {
    ...openFollowUp(due!, { workspaceId: 'acme', id: 'fu_1', now: NOW, draft: 'Still keen on Porto?' }).item,
    ...overrides,
  };
}
const inStatus = (status: FollowUpStatus): FollowUpItem =>
  pending({
    status,
    ...(['sent', 'replied', 'converted', 'no_response'].includes(status) ? { sentAt: NOW } : {}),
  });

describe('a follow-up item', () => {
  it('opens pending with its key, draft, attempt and a created entry for the timeline and the outbox', () => {
    const [due] = dueFollowUps(contact(), ghostingOnly(), NOW);
    const change = openFollowUp(due!, { workspaceId: 'acme', id: 'fu_1', now: NOW, draft: 'Hi!' });
    expect(FollowUpItemSchema.parse(change.item)).toEqual(change.item);
    expect(change.item).toMatchObject({
      status: 'pending',
      key: due!.key,
      draft: 'Hi!',
      attempt: 1,
      version: 1,
    });
    expect(change.activity).toMatchObject({
      type: 'follow_up.created',
      contactId: 'c_1',
      actor: { kind: 'system' },
    });
    expect(change.activity.data).toMatchObject({
      followUpId: 'fu_1',
      reason: 'ghosting',
      status: 'pending',
      templateOnly: false,
    });
    expect(change.event).toMatchObject({
      type: 'follow_up.created',
      contactId: 'c_1',
      payload: { contactId: 'c_1', followUpId: 'fu_1' },
    });
    expect(ActivitySchema.parse({ id: 'a', ...change.activity })).toBeTruthy();
    expect(DomainEventSchema.parse({ id: 'e', ...change.event })).toBeTruthy();
  });

  it('moves pending → approved → sent → replied, recording who acted and when', () => {
    let item = pending();
    item = approveFollowUp(item, { at: later(MINUTE), by: person }).item;
    expect(item).toMatchObject({
      status: 'approved',
      decidedBy: person,
      decidedAt: later(MINUTE),
      text: 'Still keen on Porto?',
      version: 2,
    });
    const sent = markFollowUpSent(item, { at: later(2 * MINUTE) });
    expect(sent.item).toMatchObject({
      status: 'sent',
      sentAt: later(2 * MINUTE),
      sentBy: { kind: 'host' },
      sentAsTemplate: false,
    });
    expect(sent.activity).toMatchObject({
      type: 'follow_up.sent',
      data: { from: 'approved', status: 'sent', template: false },
    });
    const replied = markFollowUpReplied(sent.item, { at: later(HOUR) }).item;
    expect(replied).toMatchObject({ status: 'replied', outcomeAt: later(HOUR), version: 4 });
  });

  it('moves pending → edited (text changed) → sent; dismissed is final', () => {
    const edited = editFollowUp(pending(), { at: later(MINUTE), by: person, text: 'Porto is on!' }).item;
    expect(edited).toMatchObject({ status: 'edited', text: 'Porto is on!', draft: 'Still keen on Porto?' });
    expect(markFollowUpSent(edited, { at: later(2 * MINUTE) }).item.text).toBe('Porto is on!');
    const dismissed = dismissFollowUp(pending(), { at: later(MINUTE), by: person, note: 'on holiday' });
    expect(dismissed.item.status).toBe('dismissed');
    expect(dismissed.activity.data).toMatchObject({ note: 'on holiday' });
    expect(() => approveFollowUp(dismissed.item, { at: later(2 * MINUTE), by: person })).toThrow(
      IllegalTransitionError,
    );
  });

  it('takes a draft and an assignee without changing its status', () => {
    const drafted = suggestFollowUpDraft(pending(), {
      at: later(MINUTE),
      by: { kind: 'ai' },
      text: 'New draft',
    });
    expect(drafted.item).toMatchObject({ status: 'pending', draft: 'New draft' });
    expect(drafted.activity.type).toBe('follow_up.drafted');
    const assigned = assignFollowUp(drafted.item, { at: later(MINUTE), by: person, assignee: 'u_2' });
    expect(assigned.item).toMatchObject({ status: 'pending', assignee: 'u_2' });
  });

  it('refuses every move its status does not lead to, with a typed error naming both, and changes nothing', () => {
    const allowed: Record<FollowUpAction, FollowUpStatus[]> = {
      draft: ['pending'],
      assign: ['pending', 'approved', 'edited'],
      approve: ['pending'],
      edit: ['pending', 'approved', 'edited'],
      dismiss: ['pending', 'approved', 'edited'],
      send: ['approved', 'edited'],
      reply: ['pending', 'approved', 'edited', 'sent', 'no_response'],
      convert: ['sent', 'replied', 'no_response'],
      expire: ['sent'],
    };
    const act: Record<FollowUpAction, (item: FollowUpItem) => unknown> = {
      draft: (i) => suggestFollowUpDraft(i, { at: NOW, by: person, text: 'x' }),
      assign: (i) => assignFollowUp(i, { at: NOW, by: person, assignee: 'u' }),
      approve: (i) => approveFollowUp(i, { at: NOW, by: person }),
      edit: (i) => editFollowUp(i, { at: NOW, by: person, text: 'x' }),
      dismiss: (i) => dismissFollowUp(i, { at: NOW, by: person }),
      send: (i) => markFollowUpSent(i, { at: NOW }),
      reply: (i) => markFollowUpReplied(i, { at: NOW }),
      convert: (i) => markFollowUpConverted(i, { at: NOW, orderId: 'o' }),
      expire: (i) => markFollowUpNoResponse(i, { at: NOW }),
    };
    for (const [action, from] of Object.entries(allowed) as [FollowUpAction, FollowUpStatus[]][]) {
      for (const status of FOLLOW_UP_STATUSES) {
        const item = inStatus(status);
        const before = structuredClone(item);
        expect(canMoveFollowUp(status, action), `${action} from ${status}`).toBe(from.includes(status));
        if (from.includes(status)) expect(() => act[action](item)).not.toThrow();
        else {
          const error = (() => {
            try {
              act[action](item);
            } catch (e) {
              return e;
            }
          })();
          expect(error, `${action} from ${status}`).toBeInstanceOf(IllegalTransitionError);
          expect(error).toMatchObject({
            code: 'ILLEGAL_TRANSITION',
            entity: 'follow_up',
            from: status,
            action,
          });
        }
        expect(item).toEqual(before);
      }
    }
  });

  it('outside the service window, may only be sent as a template', () => {
    const templateOnly = pending({ status: 'approved', templateOnly: true });
    expect(() => markFollowUpSent(templateOnly, { at: NOW })).toThrow(/only a template/);
    expect(markFollowUpSent(templateOnly, { at: NOW, template: true }).item.sentAsTemplate).toBe(true);
    const closing = pending({ status: 'approved', templateOnly: false, windowClosesAt: later(HOUR) });
    expect(markFollowUpSent(closing, { at: later(30 * MINUTE) }).item.status).toBe('sent');
    expect(() => markFollowUpSent(closing, { at: later(HOUR) })).toThrow(IllegalTransitionError);
  });

  it('converts only when it was sent', () => {
    const moot = pending({ status: 'replied' });
    expect(() => markFollowUpConverted(moot, { at: NOW, orderId: 'o_1' })).toThrow(/never sent/);
  });
});

describe('a customer reply', () => {
  it('landing between the item coming due and being sent cancels it: the host can no longer send it', () => {
    // Due at 10:01, approved at 11:00; the customer writes at 11:30, before the host sends at 11:45.
    let facts = conversation();
    const [due] = dueFollowUps(contact({ conversations: [facts] }), ghostingOnly(), NOW);
    const approved = approveFollowUp(openFollowUp(due!, { workspaceId: 'acme', id: 'fu_1', now: NOW }).item, {
      at: later(MINUTE),
      by: person,
    }).item;
    const replyAt = later(30 * MINUTE);
    facts = applyMessage(facts, { at: replyAt, role: 'customer', text: 'yes please!' });
    const [change, ...rest] = cancelOnReply([approved], { conversationId: 'conv_1', at: replyAt });
    expect(rest).toEqual([]);
    expect(change?.item).toMatchObject({ status: 'replied', outcomeAt: replyAt });
    expect(change?.item.sentAt).toBeUndefined();
    expect(change?.activity.data).toMatchObject({ from: 'approved', sent: false });
    expect(() => markFollowUpSent(change!.item, { at: later(45 * MINUTE) })).toThrow(IllegalTransitionError);
    // And the facts no longer make a follow-up: the customer wrote last.
    expect(dueFollowUps(contact({ conversations: [facts] }), ghostingOnly(), later(45 * MINUTE))).toEqual([]);
  });

  it('answers a sent item and leaves settled items and other conversations alone', () => {
    const items = [
      inStatus('sent'),
      { ...inStatus('pending'), id: 'fu_2' },
      { ...inStatus('dismissed'), id: 'fu_3' },
      { ...inStatus('converted'), id: 'fu_4' },
      { ...inStatus('pending'), id: 'fu_5', conversationId: 'other' },
    ];
    const changes = cancelOnReply(items, { conversationId: 'conv_1', at: later(HOUR) });
    expect(changes.map((c) => [c.item.id, c.item.status])).toEqual([
      ['fu_1', 'replied'],
      ['fu_2', 'replied'],
    ]);
  });
});

describe('outcomes', () => {
  const sentAt = (id: string, at: Date, status: FollowUpStatus = 'sent') => ({
    ...inStatus(status),
    id,
    sentAt: at,
  });

  it('an order within the attribution window converts the last follow-up sent before it', () => {
    const items = [
      sentAt('a', later(-3 * DAY)),
      sentAt('b', later(-1 * DAY), 'replied'),
      sentAt('c', later(HOUR)),
    ];
    const [change, ...rest] = attributeOrder(items, { orderId: 'o_1', placedAt: NOW }, settings());
    expect(rest).toEqual([]);
    expect(change?.item).toMatchObject({ id: 'b', status: 'converted', orderId: 'o_1', outcomeAt: NOW });
    expect(change?.event.payload).toMatchObject({ orderId: 'o_1' });
  });

  it('an order after the window converts nothing', () => {
    expect(
      attributeOrder([sentAt('a', later(-8 * DAY))], { orderId: 'o_1', placedAt: NOW }, settings()),
    ).toEqual([]);
  });

  it('a sent follow-up with no reply in time becomes no_response', () => {
    const items = [
      sentAt('old', later(-7 * DAY)),
      sentAt('new', later(-6 * DAY)),
      { ...sentAt('r', later(-9 * DAY), 'replied') },
    ];
    expect(expireNoResponse(items, settings(), NOW).map((c) => [c.item.id, c.item.status])).toEqual([
      ['old', 'no_response'],
    ]);
  });
});
