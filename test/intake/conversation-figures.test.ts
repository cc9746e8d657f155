import { describe, expect, it } from 'vitest';
import {
  type ConversationFigures,
  type FigureMessage,
  NEW_CONVERSATION_FIGURES,
  recordMessageFigures,
} from '../../src/intake/conversation-figures.js';

const T0 = new Date('2026-06-01T10:00:00.000Z').getTime();
const t = (minutes: number) => new Date(T0 + minutes * 60_000);
const play = (messages: readonly FigureMessage[], from: ConversationFigures = NEW_CONVERSATION_FIGURES) =>
  messages.reduce(recordMessageFigures, from);

describe('conversation figures kept from messages', () => {
  it('time the first reply, agent or AI, from the first customer message, once', () => {
    const figures = play([
      { at: t(0), role: 'customer' },
      { at: t(1), role: 'customer' },
      { at: t(3), role: 'ai' },
      { at: t(4), role: 'customer' },
      { at: t(9), role: 'agent' },
    ]);
    expect(figures).toEqual({
      firstInboundAt: t(0),
      firstResponseMs: 3 * 60_000,
      sentimentSum: 0,
      sentimentCount: 0,
    });
  });

  it('count a reply in the same millisecond as zero, and a person’s reply like the AI’s', () => {
    expect(
      play([
        { at: t(0), role: 'customer' },
        { at: t(0), role: 'agent' },
      ]).firstResponseMs,
    ).toBe(0);
  });

  it('do not count a greeting the business sent before the customer wrote, nor system notices', () => {
    const figures = play([
      { at: t(0), role: 'ai' },
      { at: t(2), role: 'customer' },
      { at: t(3), role: 'system' },
      { at: t(7), role: 'ai' },
    ]);
    expect(figures.firstInboundAt).toEqual(t(2));
    expect(figures.firstResponseMs).toBe(5 * 60_000);
  });

  it('have no first response while only the customer wrote, or only the business', () => {
    expect(play([{ at: t(0), role: 'customer' }]).firstResponseMs).toBeUndefined();
    expect(
      play([
        { at: t(0), role: 'ai' },
        { at: t(1), role: 'agent' },
      ]),
    ).toEqual(NEW_CONVERSATION_FIGURES);
  });

  it('move the first customer message back when an earlier one arrives late, until the reply is recorded', () => {
    const beforeReply = play([
      { at: t(5), role: 'customer' },
      { at: t(1), role: 'customer' },
      { at: t(6), role: 'ai' },
    ]);
    expect(beforeReply).toMatchObject({ firstInboundAt: t(1), firstResponseMs: 5 * 60_000 });
    // Once recorded, the figure stands: a customer message arriving later, though written earlier,
    // does not revise it.
    const afterReply = play([{ at: t(0), role: 'customer' }], beforeReply);
    expect(afterReply).toBe(beforeReply);
  });

  it('time a reply that arrived before the message it answers from the next reply instead', () => {
    const figures = play([
      { at: t(2), role: 'ai' },
      { at: t(1), role: 'customer' },
      { at: t(8), role: 'ai' },
    ]);
    expect(figures.firstResponseMs).toBe(7 * 60_000);
  });

  it('sum the sentiment the host gave the customer’s messages, in any order, and never the business’s', () => {
    const figures = play([
      { at: t(3), role: 'customer', sentiment: -0.5 },
      { at: t(1), role: 'customer', sentiment: 0.25 },
      { at: t(2), role: 'ai', sentiment: 1 },
      { at: t(4), role: 'customer' },
      { at: t(5), role: 'customer', sentiment: 1 },
    ]);
    expect(figures.sentimentSum).toBeCloseTo(0.75, 12);
    expect(figures.sentimentCount).toBe(3);
  });

  it('leave a conversation stored before the figures were kept as it is', () => {
    const old: ConversationFigures = {};
    expect(
      play(
        [
          { at: t(0), role: 'customer', sentiment: 0.5 },
          { at: t(1), role: 'ai' },
        ],
        old,
      ),
    ).toBe(old);
  });

  it('return the figures given when a message changes nothing, and never change them', () => {
    const given: ConversationFigures = Object.freeze({
      firstInboundAt: t(0),
      firstResponseMs: 1000,
      sentimentSum: 0.5,
      sentimentCount: 1,
    });
    expect(recordMessageFigures(given, { at: t(9), role: 'customer' })).toBe(given);
    expect(recordMessageFigures(given, { at: t(9), role: 'ai' })).toBe(given);
    const next = recordMessageFigures(given, { at: t(9), role: 'customer', sentiment: -1 });
    expect(next).toEqual({
      firstInboundAt: t(0),
      firstResponseMs: 1000,
      sentimentSum: -0.5,
      sentimentCount: 2,
    });
    expect(given.sentimentCount).toBe(1);
  });
});
