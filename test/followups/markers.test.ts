import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKER_RULES,
  detectMarkers,
  MarkerRulesSchema,
  MessageMarkersSchema,
} from '../../src/followups/markers.js';
import { MAX_SCANNED_CHARS } from '../../src/followups/phrases.js';
import { DAY, HOUR, NOW } from './support.js';

const detect = (text: string) => detectMarkers(text, DEFAULT_MARKER_RULES, NOW);

describe('keyword markers', () => {
  it.each([
    ['Shall I book it for you?', true],
    ['¿Te lo reservo?', true],
    ['Let me know if that works.', true],
    ['LET  ME   KNOW when you can', true],
    ['Here is your receipt.', false],
    ['Please let me knowledge-base this', false],
  ])('question in %j: %s', (text, question) => {
    expect(detect(text).question).toBe(question);
  });

  it.each([
    ["I'll get back to you tomorrow.", { dueAt: new Date(NOW.getTime() + DAY) }],
    ['I’ll GET BACK to you', {}],
    ['We will follow up next week with the invoice', { dueAt: new Date(NOW.getTime() + 7 * DAY) }],
    ['Let me check with the kitchen, back in an hour', { dueAt: new Date(NOW.getTime() + HOUR) }],
    ['Tomorrow we open at nine.', undefined],
    ['I forgot to get back to youtube', undefined],
  ])('promise in %j', (text, promise) => {
    expect(detect(text).promise).toEqual(promise);
  });

  it.each([
    ['How much is the blue one?', 'pricing'],
    ['QUANTO CUSTA? what are your prices', 'pricing'],
    ['I want to book a table for two', 'booking'],
    ['Can I cancel my order and get a refund?', 'cancellation'],
    ['I’d like to buy two', 'purchase'],
    ['Where is my order?', undefined],
    ['Is it expensive?', undefined],
    ['my facebook profile', undefined],
  ])('intent in %j: %s', (text, intent) => {
    expect(detect(text).intent).toBe(intent);
  });

  it('ignores case and accents, and matches whole words with a trailing * as a prefix', () => {
    const rules = MarkerRulesSchema.parse({
      intents: [
        { intent: 'Reclamação', keywords: ['reclamação', 'Insatisfeit*'] },
        { intent: 'pricing', keywords: ['preço'] },
      ],
    });
    expect(detectMarkers('Quero fazer uma RECLAMACAO', rules, NOW).intent).toBe('reclamação');
    expect(detectMarkers('estou insatisfeitíssimo', rules, NOW).intent).toBe('reclamação');
    expect(detectMarkers('qual o PRECO?', rules, NOW).intent).toBe('pricing');
    expect(detectMarkers('os preçosão', rules, NOW).intent).toBeUndefined();
  });

  it('the first intent rule that matches wins, wherever its keyword is in the text', () => {
    const rules = MarkerRulesSchema.parse({
      intents: [
        { intent: 'complaint', keywords: ['broken'] },
        { intent: 'pricing', keywords: ['price'] },
      ],
    });
    expect(detectMarkers('price? also it arrived broken', rules, NOW).intent).toBe('complaint');
  });

  it('reads only the start of a very long text', () => {
    const long = `${'word '.repeat(MAX_SCANNED_CHARS / 5)} how much`;
    expect(detect(long).intent).toBeUndefined();
  });

  it('switched off, finds nothing', () => {
    const off = MarkerRulesSchema.parse({ enabled: false });
    expect(detectMarkers("How much? I'll get back to you", off, NOW)).toEqual({ question: false });
  });

  it('refuses unbounded rule sets and empty phrases', () => {
    expect(MarkerRulesSchema.safeParse({ promises: Array(201).fill('x') }).success).toBe(false);
    expect(MarkerRulesSchema.safeParse({ questions: ['?!'] }).error?.issues[0]?.path).toEqual([
      'questions',
      0,
    ]);
    expect(
      MarkerRulesSchema.safeParse({ questions: ['one two three four five six seven eight nine'] }).success,
    ).toBe(false);
  });
});

describe('host markers', () => {
  it('parse a promise given as true, as false or with a due time, and lower-case the intent', () => {
    expect(MessageMarkersSchema.parse({ promise: true })).toEqual({ promise: {} });
    expect(MessageMarkersSchema.parse({ promise: false })).toEqual({ promise: false });
    expect(
      MessageMarkersSchema.parse({ promise: { dueAt: '2026-01-16T09:00:00Z' }, intent: 'Pricing' }),
    ).toEqual({
      promise: { dueAt: new Date('2026-01-16T09:00:00Z') },
      intent: 'pricing',
    });
    expect(MessageMarkersSchema.safeParse({ promise: { dueAt: 'tomorrow' } }).success).toBe(false);
    expect(MessageMarkersSchema.safeParse({ mood: 'sad' }).success).toBe(false);
  });
});
