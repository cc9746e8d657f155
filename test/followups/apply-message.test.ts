import { describe, expect, it } from 'vitest';
import {
  applyConversationUpdate,
  applyMessage,
  newConversationFacts,
  recordFollowUpSent,
} from '../../src/followups/apply-message.js';
import { ConversationFactsSchema } from '../../src/followups/facts.js';
import { DEFAULT_MARKER_RULES, MessageMarkersSchema } from '../../src/followups/markers.js';
import { DAY, HOUR, MINUTE, NOW } from './support.js';

const t = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);
const start = () => newConversationFacts({ conversationId: 'conv_1', channel: 'whatsapp', startedAt: t(0) });

describe('conversation facts kept from messages', () => {
  it('keep the last customer message, the last outbound one, the intent and the exchanges', () => {
    let facts = start();
    facts = applyMessage(
      facts,
      { at: t(1), role: 'customer', text: 'How much is it?', sentiment: 0.2 },
      DEFAULT_MARKER_RULES,
    );
    facts = applyMessage(facts, { at: t(2), role: 'customer', text: 'for two people' }, DEFAULT_MARKER_RULES);
    facts = applyMessage(
      facts,
      { at: t(3), role: 'ai', text: 'It is 40 €. Shall I book it?' },
      DEFAULT_MARKER_RULES,
    );
    expect(facts).toEqual({
      conversationId: 'conv_1',
      channel: 'whatsapp',
      status: 'open',
      startedAt: t(0),
      lastCustomer: { at: t(2), text: 'for two people' },
      lastOutbound: { at: t(3), role: 'ai', question: true },
      intent: { name: 'pricing', at: t(1) },
      exchanges: 1,
      attemptsSinceReply: 0,
    });
    facts = applyMessage(facts, { at: t(4), role: 'customer', text: 'ok' }, DEFAULT_MARKER_RULES);
    expect(facts.exchanges).toBe(2);
    expect(ConversationFactsSchema.parse(facts)).toEqual(facts);
  });

  it('record a promise with the due time the words give, and a human agent’s message', () => {
    const facts = applyMessage(
      start(),
      { at: t(5), role: 'agent', text: "I'll get back to you tomorrow" },
      DEFAULT_MARKER_RULES,
    );
    expect(facts.promise).toEqual({
      madeAt: t(5),
      dueAt: new Date(t(5).getTime() + DAY),
      by: 'agent',
      text: "I'll get back to you tomorrow",
    });
    expect(facts.lastAgentAt).toEqual(t(5));
    expect(facts.lastOutbound).toEqual({ at: t(5), role: 'agent', question: false });
  });

  it('let the host’s markers win over the keyword rules, marker by marker', () => {
    const markers = MessageMarkersSchema.parse({ question: false, promise: { dueAt: t(600).toISOString() } });
    const facts = applyMessage(
      start(),
      { at: t(5), role: 'ai', text: "Any questions? I'll get back to you tomorrow", markers },
      DEFAULT_MARKER_RULES,
    );
    expect(facts.lastOutbound?.question).toBe(false);
    expect(facts.promise?.dueAt).toEqual(t(600));
    const denied = applyMessage(
      start(),
      {
        at: t(5),
        role: 'ai',
        text: "I'll get back to you",
        markers: MessageMarkersSchema.parse({ promise: false }),
      },
      DEFAULT_MARKER_RULES,
    );
    expect(denied.promise).toBeUndefined();
    const customer = applyMessage(
      start(),
      { at: t(5), role: 'customer', text: 'how much?', markers: { intent: 'complaint' } },
      DEFAULT_MARKER_RULES,
    );
    expect(customer.intent?.name).toBe('complaint');
  });

  it('without keyword rules, use only the host’s markers', () => {
    const facts = applyMessage(start(), { at: t(5), role: 'ai', text: "How much? I'll get back to you" });
    expect(facts.lastOutbound?.question).toBe(false);
    expect(facts.promise).toBeUndefined();
  });

  it('a customer message resets the attempts and makes an open promise moot', () => {
    let facts = applyMessage(start(), { at: t(1), role: 'customer', text: 'hi' });
    facts = applyMessage(facts, { at: t(2), role: 'ai', text: 'x', markers: { promise: {} } });
    facts = recordFollowUpSent(facts, { at: t(60) });
    expect(facts.attemptsSinceReply).toBe(1);
    facts = applyMessage(facts, { at: t(61), role: 'customer', text: 'still here' });
    expect(facts.attemptsSinceReply).toBe(0);
    expect(facts.promise).toBeUndefined();
  });

  it('system messages and messages older than the latest of their side change nothing', () => {
    let facts = applyMessage(start(), { at: t(10), role: 'customer', text: 'new' });
    facts = applyMessage(facts, { at: t(11), role: 'ai', text: 'answer' });
    expect(applyMessage(facts, { at: t(12), role: 'system', text: 'assigned to Ana' })).toBe(facts);
    expect(applyMessage(facts, { at: t(5), role: 'customer', text: 'old' })).toBe(facts);
    expect(applyMessage(facts, { at: t(5), role: 'ai', text: 'old' })).toBe(facts);
  });

  it('keep only the start of a long customer message', () => {
    const facts = applyMessage(start(), { at: t(1), role: 'customer', text: 'x'.repeat(5000) });
    expect(facts.lastCustomer?.text).toHaveLength(1000);
  });

  it('do not change the facts they are given', () => {
    const facts = start();
    const copy = structuredClone(facts);
    applyMessage(facts, { at: t(1), role: 'customer', text: 'How much?' }, DEFAULT_MARKER_RULES);
    applyConversationUpdate(facts, { at: t(1), escalated: true, status: 'resolved' });
    recordFollowUpSent(facts, { at: t(1) });
    expect(facts).toEqual(copy);
  });
});

describe('conversation facts kept from updates and sent follow-ups', () => {
  it('date an escalation by its first event, and re-date it only once a person answered', () => {
    let facts = applyConversationUpdate(start(), { at: t(10), escalated: true });
    facts = applyConversationUpdate(facts, { at: t(20), escalated: true });
    expect(facts.escalatedAt).toEqual(t(10));
    facts = applyMessage(facts, { at: t(30), role: 'agent', text: 'Ana here' });
    facts = applyConversationUpdate(facts, { at: t(40), escalated: true });
    expect(facts.escalatedAt).toEqual(t(40));
    expect(applyConversationUpdate(facts, { at: t(50), escalated: false }).escalatedAt).toBeUndefined();
    expect(applyConversationUpdate(facts, { at: t(50), status: 'closed' }).status).toBe('closed');
  });

  it('a sent follow-up is the last outbound message, keeps the question, and keeps a promise it reminded of', () => {
    let facts = applyMessage(start(), { at: t(1), role: 'customer', text: 'hi' });
    facts = applyMessage(facts, {
      at: t(2),
      role: 'ai',
      text: 'Which size?',
      markers: { question: true, promise: {} },
    });
    const sent = recordFollowUpSent(facts, { at: t(2 + 24 * 60), reason: 'promise' });
    expect(sent.lastOutbound).toEqual({ at: t(2 + 24 * 60), role: 'ai', question: true });
    expect(sent.promise).toBeUndefined();
    expect(recordFollowUpSent(facts, { at: t(3), reason: 'ghosting' }).promise).toBeDefined();
    const byAgent = recordFollowUpSent(facts, { at: t(3), role: 'agent', question: false });
    expect(byAgent.lastAgentAt).toEqual(t(3));
    expect(byAgent.lastOutbound?.question).toBe(false);
    expect(recordFollowUpSent(facts, { at: new Date(NOW.getTime() - HOUR) }).lastOutbound?.at).toEqual(t(2));
  });
});
