import { describe, expect, it } from 'vitest';
import { dueFollowUps, evaluateFollowUps } from '../../src/followups/due.js';
import type { FollowUpContactFacts } from '../../src/followups/facts.js';
import { followUpKey } from '../../src/followups/item-key.js';
import { isQuietAt } from '../../src/followups/quiet-hours.js';
import {
  ago,
  at,
  contact,
  conversation,
  DAY,
  ghostingOnly,
  HOUR,
  MINUTE,
  NOW,
  quietConversation,
  settings,
} from './support.js';

const later = (ms: number, from: Date = NOW) => new Date(from.getTime() + ms);

describe('disengaged customer (ghosting)', () => {
  const base = conversation();
  const anchor = base.lastOutbound!.at;

  it('is due 24 hours after the business wrote last, as attempt 1 on the conversation’s channel', () => {
    expect(dueFollowUps(contact(), ghostingOnly(), NOW)).toEqual([
      {
        key: followUpKey({ reason: 'ghosting', conversationId: 'conv_1', anchorAt: anchor }),
        contactId: 'c_1',
        conversationId: 'conv_1',
        reason: 'ghosting',
        channel: 'web',
        dueAt: later(DAY, anchor),
        anchorAt: anchor,
        templateOnly: false,
        attempt: 1,
      },
    ]);
  });

  it.each([
    [
      'not yet 24 hours after the business wrote',
      { lastOutbound: { at: ago(23 * HOUR), role: 'ai', question: true } },
    ],
    [
      'the customer wrote last',
      {
        lastCustomer: { at: ago(30 * HOUR) },
        lastOutbound: { at: ago(31 * HOUR), role: 'ai', question: true },
      },
    ],
    ['the customer never wrote', { lastCustomer: undefined }],
    ['the conversation is resolved', { status: 'resolved' }],
    ['the conversation is closed', { status: 'closed' }],
  ] as const)('is not due when %s', (_, overrides) => {
    const c = conversation(overrides as never);
    expect(dueFollowUps(contact({ conversations: [c] }), ghostingOnly(), NOW)).toEqual([]);
  });

  it('with onlyAfterQuestion, only after a question', () => {
    const s = ghostingOnly({ triggers: { disengaged: { onlyAfterQuestion: true } } });
    expect(dueFollowUps(contact(), s, NOW)).toHaveLength(1);
    const noQuestion = conversation({ lastOutbound: { at: anchor, role: 'ai', question: false } });
    expect(dueFollowUps(contact({ conversations: [noQuestion] }), s, NOW)).toEqual([]);
  });

  it('nothing automatic when follow-ups are off, or the trigger is', () => {
    expect(dueFollowUps(contact(), settings({ preset: 'off' }), NOW)).toEqual([]);
    expect(
      dueFollowUps(contact(), ghostingOnly({ triggers: { disengaged: { enabled: false } } }), NOW),
    ).toEqual([]);
  });

  it('timed by temperature: hot within 24 hours, warm 7 days, cold 30 days', () => {
    const s = ghostingOnly({ triggers: { disengaged: { delay: 'by_temperature' } } });
    const c = conversation({
      lastCustomer: { at: ago(10 * DAY) },
      lastOutbound: { at: ago(8 * DAY), role: 'ai', question: false },
    });
    const due = (temperature?: 'hot' | 'warm' | 'cold') =>
      dueFollowUps(contact({ conversations: [c], ...(temperature ? { temperature } : {}) }), s, NOW).map(
        (d) => d.dueAt,
      );
    expect(due('hot')).toEqual([later(DAY, c.lastOutbound!.at)]);
    expect(due('warm')).toEqual([later(7 * DAY, c.lastOutbound!.at)]);
    expect(due()).toEqual([later(7 * DAY, c.lastOutbound!.at)]);
    expect(due('cold')).toEqual([]);
  });

  it('a delay set for the conversation’s intent wins over the trigger’s', () => {
    const s = ghostingOnly({ delayByIntent: { booking: { hours: 2 } } });
    const c = conversation({
      intent: { name: 'booking', at: ago(4 * HOUR) },
      lastCustomer: { at: ago(4 * HOUR) },
      lastOutbound: { at: ago(3 * HOUR), role: 'ai', question: true },
    });
    expect(dueFollowUps(contact({ conversations: [c] }), s, NOW).map((d) => d.dueAt)).toEqual([ago(HOUR)]);
  });
});

describe('promises', () => {
  const promised = (promise: NonNullable<FollowUpContactFacts['conversations'][number]['promise']>) =>
    contact({ conversations: [quietConversation({ promise })] });

  it('a promise with a time is due at it, less remindBefore', () => {
    const p = { madeAt: ago(2 * DAY), dueAt: ago(HOUR), by: 'agent' as const, text: "I'll send the quote" };
    expect(dueFollowUps(promised(p), settings(), NOW)).toMatchObject([
      { reason: 'promise', dueAt: ago(HOUR), anchorAt: p.madeAt, note: "I'll send the quote" },
    ]);
    const early = settings({ triggers: { promise: { remindBefore: { hours: 2 } } } });
    expect(dueFollowUps(promised(p), early, NOW)).toMatchObject([{ dueAt: ago(3 * HOUR) }]);
  });

  it('a promise with no time is due the promise delay after it was made', () => {
    const p = { madeAt: ago(25 * HOUR), by: 'ai' as const };
    expect(dueFollowUps(promised(p), settings(), NOW)).toMatchObject([
      { reason: 'promise', dueAt: ago(HOUR) },
    ]);
    expect(dueFollowUps(promised({ madeAt: ago(23 * HOUR), by: 'ai' }), settings(), NOW)).toEqual([]);
  });

  it('comes first when ghosting is due on the same conversation, which waits (superseded)', () => {
    const c = conversation({ promise: { madeAt: ago(30 * HOUR), by: 'ai' } });
    const { due, held } = evaluateFollowUps(contact({ conversations: [c] }), settings(), NOW);
    expect(due.map((d) => d.reason)).toEqual(['promise']);
    expect(held).toMatchObject([{ reason: 'ghosting', hold: 'superseded' }]);
  });
});

describe('undecided prospect', () => {
  const undecided = (overrides: Partial<FollowUpContactFacts> = {}, daysAgo = 8) =>
    contact({
      conversations: [
        conversation({
          status: 'resolved',
          intent: { name: 'pricing', at: ago(daysAgo * DAY) },
          lastCustomer: { at: ago(daysAgo * DAY), text: 'how much?', intent: 'pricing' },
          lastOutbound: { at: ago(daysAgo * DAY - MINUTE), role: 'ai', question: false },
        }),
      ],
      ...overrides,
    });
  const onlyUndecided = settings({
    triggers: { promise: { enabled: false }, disengaged: { enabled: false } },
  });

  it('a warm lead that asked the price and did not order is due 7 days after the last message', () => {
    const facts = undecided();
    const last = facts.conversations[0]!.lastOutbound!.at;
    expect(dueFollowUps(facts, onlyUndecided, NOW)).toMatchObject([
      { reason: 'undecided', anchorAt: last, dueAt: later(7 * DAY, last), note: 'intent: pricing' },
    ]);
    expect(dueFollowUps(undecided({}, 6), onlyUndecided, NOW)).toEqual([]);
  });

  it('a hot lead within 24 hours', () => {
    expect(dueFollowUps(undecided({ temperature: 'hot' }, 2), onlyUndecided, NOW)).toHaveLength(1);
  });

  it('not after an order placed since the intent, nor for intents not listed', () => {
    expect(dueFollowUps(undecided({ lastOrderAt: ago(7 * DAY) }), onlyUndecided, NOW)).toEqual([]);
    expect(dueFollowUps(undecided({ lastOrderAt: ago(30 * DAY) }), onlyUndecided, NOW)).toHaveLength(1);
    const other = settings({
      triggers: {
        promise: { enabled: false },
        disengaged: { enabled: false },
        undecided: { intents: ['booking'] },
      },
    });
    expect(dueFollowUps(undecided(), other, NOW)).toEqual([]);
  });

  it('needs the consent purpose the workspace names for it', () => {
    const s = settings({
      triggers: {
        promise: { enabled: false },
        disengaged: { enabled: false },
        undecided: { consentPurpose: 'marketing' },
      },
    });
    expect(evaluateFollowUps(undecided(), s, NOW).held).toMatchObject([{ hold: 'no_consent' }]);
    expect(dueFollowUps(undecided({ consents: ['marketing'] }), s, NOW)).toHaveLength(1);
  });
});

describe('scheduled reminders', () => {
  const reminder = { id: 'rem_1', dueAt: ago(HOUR), note: 'call about the renewal', assignee: 'u_7' };

  it('come due at their time in the conversation they name, with note and assignee', () => {
    const facts = contact({
      conversations: [quietConversation()],
      reminders: [{ ...reminder, conversationId: 'conv_1' }],
    });
    expect(dueFollowUps(facts, settings(), NOW)).toEqual([
      {
        key: followUpKey({
          reason: 'scheduled',
          rule: 'rem_1',
          conversationId: 'conv_1',
          anchorAt: reminder.dueAt,
        }),
        contactId: 'c_1',
        conversationId: 'conv_1',
        reason: 'scheduled',
        rule: 'rem_1',
        channel: 'web',
        dueAt: reminder.dueAt,
        anchorAt: reminder.dueAt,
        templateOnly: false,
        attempt: 1,
        note: 'call about the renewal',
        assignee: 'u_7',
      },
    ]);
  });

  it('without a conversation, go out in the latest one, or on their own channel', () => {
    const older = quietConversation({
      conversationId: 'old',
      channel: 'email',
      lastCustomer: { at: ago(9 * DAY) },
      lastOutbound: { at: ago(10 * DAY), role: 'ai', question: false },
    });
    const facts = contact({ conversations: [quietConversation(), older], reminders: [reminder] });
    expect(dueFollowUps(facts, settings(), NOW)).toMatchObject([
      { conversationId: 'conv_1', channel: 'web' },
    ]);
    const alone = contact({ conversations: [], reminders: [{ ...reminder, channel: 'sms' }] });
    const [due] = dueFollowUps(alone, settings(), NOW);
    expect(due).toMatchObject({ channel: 'sms', attempt: 1 });
    expect(due?.conversationId).toBeUndefined();
  });

  it('are held with no channel to go out on', () => {
    const { held } = evaluateFollowUps(
      contact({ conversations: [], reminders: [reminder] }),
      settings(),
      NOW,
    );
    expect(held).toMatchObject([{ reason: 'scheduled', hold: 'no_channel' }]);
  });

  it('are a person’s decision: due with automatic follow-ups off and attempts used up, not before their time', () => {
    const worn = contact({
      conversations: [quietConversation({ attemptsSinceReply: 9 })],
      reminders: [reminder],
    });
    expect(dueFollowUps(worn, settings({ preset: 'off' }), NOW)).toHaveLength(1);
    const future = contact({
      reminders: [{ ...reminder, dueAt: later(MINUTE) }],
      conversations: [quietConversation()],
    });
    expect(dueFollowUps(future, settings(), NOW)).toEqual([]);
  });

  it('still honour opt-outs and quiet hours', () => {
    const facts = contact({ conversations: [quietConversation()], reminders: [reminder], optedOut: ['web'] });
    expect(evaluateFollowUps(facts, settings(), NOW).held).toMatchObject([{ hold: 'opted_out' }]);
    const night = at('2026-01-15T23:00:00Z');
    const late = contact({
      conversations: [quietConversation()],
      reminders: [{ ...reminder, dueAt: ago(HOUR, night) }],
    });
    expect(evaluateFollowUps(late, settings(), night).held).toMatchObject([{ hold: 'quiet_hours' }]);
  });
});

describe('custom triggers', () => {
  const rule = {
    id: 'abandoned-cart',
    name: 'Cart left behind',
    keywords: ['cart', 'checkout'],
    lastMessageBy: 'customer' as const,
    delay: { hours: 6 },
  };
  const s = settings({
    triggers: { promise: { enabled: false }, disengaged: { enabled: false }, undecided: { enabled: false } },
    customTriggers: [rule],
  });
  const cartConversation = (text: string) =>
    conversation({
      lastCustomer: { at: ago(7 * HOUR), text },
      lastOutbound: { at: ago(8 * HOUR), role: 'ai', question: false },
    });

  it('fire on a keyword in the customer’s last message, the rule’s delay after it', () => {
    const facts = contact({ conversations: [cartConversation('My CART is full but checkout fails')] });
    expect(dueFollowUps(facts, s, NOW)).toMatchObject([
      {
        reason: 'custom',
        rule: 'abandoned-cart',
        note: 'Cart left behind',
        dueAt: ago(HOUR),
        anchorAt: ago(7 * HOUR),
      },
    ]);
  });

  it.each([
    ['no keyword in the message', { conversations: [cartConversation('hello')] }, {}],
    [
      'the business wrote last',
      {
        conversations: [
          conversation({
            lastCustomer: { at: ago(9 * HOUR), text: 'cart' },
            lastOutbound: { at: ago(8 * HOUR), role: 'ai', question: false },
          }),
        ],
      },
      {},
    ],
    [
      'a grade it does not list',
      { grade: 'C', conversations: [cartConversation('cart')] },
      { grades: ['A'] },
    ],
    ['a channel it does not list', { conversations: [cartConversation('cart')] }, { channels: ['whatsapp'] }],
    ['an intent it does not list', { conversations: [cartConversation('cart')] }, { intents: ['booking'] }],
    [
      'a temperature it does not list',
      { temperature: 'cold', conversations: [cartConversation('cart')] },
      { temperatures: ['hot'] },
    ],
    ['a status it does not list', { conversations: [{ ...cartConversation('cart'), status: 'closed' }] }, {}],
    ['it is switched off', { conversations: [cartConversation('cart')] }, { enabled: false }],
  ] as const)('do not fire on %s', (_, facts, ruleChanges) => {
    const custom = settings({
      triggers: {
        promise: { enabled: false },
        disengaged: { enabled: false },
        undecided: { enabled: false },
      },
      customTriggers: [{ ...rule, ...ruleChanges } as never],
    });
    expect(dueFollowUps(contact(facts as Partial<FollowUpContactFacts>), custom, NOW)).toEqual([]);
  });
});

describe('quiet hours', () => {
  // The AI wrote at `anchor`; the follow-up would come due 24 hours later.
  const at24 = (anchor: string, timezone?: string): FollowUpContactFacts =>
    contact({
      ...(timezone === undefined ? {} : { timezone }),
      conversations: [
        conversation({
          lastCustomer: { at: ago(MINUTE, at(anchor)) },
          lastOutbound: { at: at(anchor), role: 'ai', question: true },
        }),
      ],
    });

  it.each([
    ['due at 20:30, before quiet hours: unchanged', '2026-01-14T20:30:00Z', '2026-01-15T20:30:00.000Z'],
    ['due at 21:00, as they start: the next morning', '2026-01-14T21:00:00Z', '2026-01-16T08:00:00.000Z'],
    ['due at 23:30, before midnight: the next morning', '2026-01-14T23:30:00Z', '2026-01-16T08:00:00.000Z'],
    ['due at 03:00, after midnight: the same morning', '2026-01-14T03:00:00Z', '2026-01-15T08:00:00.000Z'],
    ['due at 08:00, as they end: unchanged', '2026-01-14T08:00:00Z', '2026-01-15T08:00:00.000Z'],
  ])('across midnight (UTC, 21:00–08:00): %s', (_, anchor, expected) => {
    const facts = at24(anchor);
    const now = later(10 * MINUTE, at(expected));
    const [due] = dueFollowUps(facts, ghostingOnly(), now);
    expect(due?.dueAt.toISOString()).toBe(expected);
  });

  it.each([
    [
      'New York, clocks spring forward that night: 08:00 EDT',
      'America/New_York',
      '2026-03-07T04:00:00Z', // 23:00 EST on 6 March → due 23:00 EST on 7 March
      '2026-03-08T12:00:00.000Z',
    ],
    [
      'New York, clocks fall back that night: 08:00 EST',
      'America/New_York',
      '2026-10-31T03:00:00Z', // 23:00 EDT on 30 October
      '2026-11-01T13:00:00.000Z',
    ],
    [
      'Berlin, clocks spring forward that night: 08:00 CEST',
      'Europe/Berlin',
      '2026-03-28T01:00:00Z', // 02:00 CET on 28 March
      '2026-03-29T06:00:00.000Z',
    ],
    [
      'Sydney, clocks go back that night (southern autumn): 08:00 AEST',
      'Australia/Sydney',
      '2026-04-04T12:00:00Z', // 23:00 AEDT on 4 April
      '2026-04-05T22:00:00.000Z',
    ],
  ])('across a daylight-saving change, in the contact’s zone: %s', (_, zone, anchor, expected) => {
    const facts = at24(anchor, zone);
    const [due] = dueFollowUps(facts, ghostingOnly(), later(HOUR, at(expected)));
    expect(due?.dueAt.toISOString()).toBe(expected);
    expect(isQuietAt(due!.dueAt.getTime(), zone, ghostingOnly().quietHours)).toBe(false);
  });

  it('while they last in the contact’s zone, nothing is due: held until they end', () => {
    const facts = at24('2026-01-13T12:00:00Z', 'Asia/Tokyo'); // due since noon UTC on the 14th
    const now = at('2026-01-15T13:00:00Z'); // 22:00 in Tokyo
    const { due, held } = evaluateFollowUps(facts, ghostingOnly(), now);
    expect(due).toEqual([]);
    expect(held).toMatchObject([{ hold: 'quiet_hours', until: at('2026-01-15T23:00:00Z') }]); // 08:00 JST
  });

  it('a contact with no zone, or one the runtime does not know, follows the workspace’s', () => {
    const s = ghostingOnly({ timezone: 'Asia/Tokyo' });
    const now = at('2026-01-15T13:00:00Z');
    expect(dueFollowUps(at24('2026-01-13T12:00:00Z'), s, now)).toEqual([]);
    expect(dueFollowUps(at24('2026-01-13T12:00:00Z', 'Not/AZone'), s, now)).toEqual([]);
    expect(dueFollowUps(at24('2026-01-13T12:00:00Z', 'Europe/Lisbon'), s, now)).toHaveLength(1);
  });
});

describe('maximum attempts', () => {
  it.each([
    [0, 1],
    [2, 1],
    [3, 0],
    [7, 0],
  ])('with %i unanswered attempts in the conversation (max 3): %i due', (attempts, expected) => {
    const facts = contact({ conversations: [conversation({ attemptsSinceReply: attempts })] });
    const { due, held } = evaluateFollowUps(facts, ghostingOnly(), NOW);
    expect(due).toHaveLength(expected);
    if (expected === 1) expect(due[0]?.attempt).toBe(attempts + 1);
    else expect(held).toMatchObject([{ hold: 'max_attempts_conversation' }]);
  });

  it('across conversations, stay within the contact’s maximum, counting items still open', () => {
    const conversations = ['a', 'b', 'c', 'd'].map((id) => conversation({ conversationId: id }));
    const s = ghostingOnly({ maxAttempts: { perConversation: 3, perContact: 5 } });
    const facts = contact({ conversations, attemptsSinceReply: 2 });
    const open = [{ key: 'k', contactId: 'c_1', conversationId: 'a', status: 'approved' as const }];
    const { due, held } = evaluateFollowUps(facts, s, NOW, { existing: open });
    expect(due.map((d) => d.conversationId)).toEqual(['b', 'c']);
    expect(held.map((h) => [h.conversationId, h.hold])).toEqual([
      ['a', 'item_open'],
      ['d', 'max_attempts_contact'],
    ]);
  });

  it('the contact’s count defaults to the sum over its conversations', () => {
    const conversations = ['a', 'b'].map((id) => conversation({ conversationId: id, attemptsSinceReply: 2 }));
    const s = ghostingOnly({ maxAttempts: { perConversation: 3, perContact: 5 } });
    expect(dueFollowUps(contact({ conversations }), s, NOW).map((d) => d.conversationId)).toEqual(['a']);
  });
});

describe('channels, consent and the WhatsApp window', () => {
  const whatsapp = (lastCustomerAgo: number, lastOutboundAgo: number) =>
    conversation({
      channel: 'whatsapp',
      lastCustomer: { at: ago(lastCustomerAgo) },
      lastOutbound: { at: ago(lastOutboundAgo), role: 'ai', question: true },
    });

  it('outside the 24-hour window, only a template may be sent: the follow-up says so', () => {
    const [due] = dueFollowUps(
      contact({ conversations: [whatsapp(36 * HOUR, 35 * HOUR)] }),
      ghostingOnly(),
      NOW,
    );
    expect(due).toMatchObject({ channel: 'whatsapp', templateOnly: true, windowClosesAt: ago(12 * HOUR) });
  });

  it('inside it, a free-form message, with when the window closes', () => {
    const s = ghostingOnly({ triggers: { disengaged: { delay: { hours: 2 } } } });
    const [due] = dueFollowUps(contact({ conversations: [whatsapp(4 * HOUR, 3 * HOUR)] }), s, NOW);
    expect(due).toMatchObject({ templateOnly: false, windowClosesAt: later(20 * HOUR) });
  });

  it('a channel rule of the workspace replaces the built-in one, and may block outside the window', () => {
    const none = ghostingOnly({ channelRules: { whatsapp: { serviceWindowHours: null } } });
    expect(
      dueFollowUps(contact({ conversations: [whatsapp(36 * HOUR, 35 * HOUR)] }), none, NOW),
    ).toMatchObject([{ templateOnly: false }]);
    const block = ghostingOnly({
      channelRules: { messenger: { serviceWindowHours: 24, outsideWindow: 'block' } },
    });
    const messenger = { ...whatsapp(36 * HOUR, 35 * HOUR), channel: 'messenger' };
    expect(evaluateFollowUps(contact({ conversations: [messenger] }), block, NOW).held).toMatchObject([
      { hold: 'window_closed' },
    ]);
  });

  const needsConsent = { web: { consentPurpose: 'chat_followups' } };
  it.each([
    ['opted out of the channel', { optedOut: ['web'] }, {}, 'opted_out'],
    ['opted out of everything', { optedOut: ['*'] }, {}, 'opted_out'],
    ['without the consent the channel needs', {}, needsConsent, 'no_consent'],
    ['with consent to something else', { consents: ['email_marketing'] }, needsConsent, 'no_consent'],
  ] as const)('held when %s', (_, facts, channelRules, hold) => {
    expect(evaluateFollowUps(contact(facts), ghostingOnly({ channelRules }), NOW).held).toMatchObject([
      { hold },
    ]);
  });

  it('due with the consent granted, and opted out of another channel only', () => {
    const s = ghostingOnly({ channelRules: { web: { consentPurpose: 'chat_followups' } } });
    expect(dueFollowUps(contact({ consents: ['chat_followups'], optedOut: ['sms'] }), s, NOW)).toHaveLength(
      1,
    );
  });

  it('not on a channel the workspace left out', () => {
    const s = ghostingOnly({ channels: ['whatsapp'] });
    expect(evaluateFollowUps(contact(), s, NOW).held).toMatchObject([{ hold: 'channel_off' }]);
  });
});

describe('items already stored', () => {
  it('a follow-up whose key is stored is not made again, whatever became of it', () => {
    const [due] = dueFollowUps(contact(), ghostingOnly(), NOW);
    for (const status of ['dismissed', 'sent', 'replied'] as const) {
      const existing = [{ key: due!.key, contactId: 'c_1', conversationId: 'conv_1', status }];
      expect(evaluateFollowUps(contact(), ghostingOnly(), NOW, { existing })).toEqual({ due: [], held: [] });
    }
  });
});

describe('quiet hours apply to every trigger', () => {
  // Each trigger's time comes at 23:00 EST on 7 March 2026 (04:00 UTC on the 8th), the night New York
  // springs forward: every one moves to 08:00 EDT (12:00 UTC), and none is due at 07:59 EDT.
  const rawDue = at('2026-03-08T04:00:00Z');
  const s = settings({
    timezone: 'America/New_York',
    quietHours: { start: '22:00', end: '08:00' },
    customTriggers: [{ id: 'cart', keywords: ['cart'], lastMessageBy: 'customer', delay: { hours: 24 } }],
  });
  const only = (reason: string) =>
    settings({
      timezone: 'America/New_York',
      quietHours: { start: '22:00', end: '08:00' },
      triggers: {
        promise: { enabled: reason === 'promise' },
        disengaged: { enabled: reason === 'ghosting' },
        undecided: { enabled: reason === 'undecided', delay: { hours: 24 } },
      },
      customTriggers: reason === 'custom' ? s.customTriggers : [],
    });
  const dayBefore = ago(DAY, rawDue);
  const cases: [string, FollowUpContactFacts][] = [
    [
      'promise',
      contact({
        conversations: [
          quietConversation({
            lastCustomer: { at: ago(DAY + 2 * HOUR, rawDue) },
            lastOutbound: { at: ago(DAY + HOUR, rawDue), role: 'agent', question: false },
            promise: { madeAt: ago(2 * DAY, rawDue), dueAt: rawDue, by: 'agent' },
          }),
        ],
      }),
    ],
    [
      'ghosting',
      contact({
        conversations: [
          conversation({
            lastCustomer: { at: ago(MINUTE, dayBefore) },
            lastOutbound: { at: dayBefore, role: 'ai', question: true },
          }),
        ],
      }),
    ],
    [
      'undecided',
      contact({
        conversations: [
          quietConversation({
            intent: { name: 'pricing', at: dayBefore },
            lastCustomer: { at: dayBefore, intent: 'pricing' },
            lastOutbound: { at: ago(MINUTE, dayBefore), role: 'ai', question: false },
          }),
        ],
      }),
    ],
    [
      'custom',
      contact({
        conversations: [
          quietConversation({
            lastCustomer: { at: dayBefore, text: 'my cart' },
            lastOutbound: { at: ago(MINUTE, dayBefore), role: 'ai', question: false },
          }),
        ],
      }),
    ],
    [
      'scheduled',
      contact({
        conversations: [
          quietConversation({
            lastCustomer: { at: dayBefore },
            lastOutbound: { at: ago(MINUTE, dayBefore), role: 'ai', question: false },
          }),
        ],
        reminders: [{ id: 'rem', dueAt: rawDue }],
      }),
    ],
  ];

  it.each(cases)('%s', (reason, facts) => {
    const settingsFor =
      reason === 'scheduled'
        ? settings({
            preset: 'off',
            timezone: 'America/New_York',
            quietHours: { start: '22:00', end: '08:00' },
          })
        : only(reason);
    const before = evaluateFollowUps(facts, settingsFor, at('2026-03-08T11:59:00Z'));
    expect(before.due).toEqual([]);
    expect(before.held).toMatchObject([{ reason, hold: 'quiet_hours', until: at('2026-03-08T12:00:00Z') }]);
    const after = dueFollowUps(facts, settingsFor, at('2026-03-08T12:00:00Z'));
    expect(after).toMatchObject([{ reason, dueAt: at('2026-03-08T12:00:00Z') }]);
  });
});
