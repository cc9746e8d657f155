import fc from 'fast-check';
import type { ConversationFacts, FollowUpContactFacts } from '../../src/followups/facts.js';
import { QuietHoursSchema, type Weekday } from '../../src/followups/quiet-hours.js';
import { type FollowUpSettings, parseFollowUpSettings } from '../../src/followups/settings.js';
import { OPEN_FOLLOW_UP_STATUSES } from '../../src/model/follow-up.js';
import { DAY } from './support.js';

/** Zones with daylight saving north and south, half- and quarter-hour offsets, and none. */
export const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Europe/London',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Santiago',
];
export const zoneArb = fc.constantFrom(...ZONES);

const timeOfDay = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

export const quietHoursInputArb = fc
  .record({
    start: timeOfDay,
    end: timeOfDay,
    days: fc.uniqueArray(fc.constantFrom('sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'), { maxLength: 3 }),
  })
  .filter((q) => q.start !== q.end);

/** Mostly absent: a value that would otherwise crowd out the cases around it. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, arb);
}
export const quietHoursArb = quietHoursInputArb.map((q) => QuietHoursSchema.parse(q));

/** 2025–2027: several daylight-saving changes in every zone that has them. */
export const instantArb = fc.integer({
  min: Date.parse('2025-01-01T00:00:00Z'),
  max: Date.parse('2027-12-31T00:00:00Z'),
});

const CHANNELS = ['web', 'whatsapp', 'sms'] as const;
const agoArb = fc.integer({ min: 0, max: 40 * DAY });

/** One conversation's facts, its times up to 40 days before `now`. */
export function conversationArb(id: string, now: number): fc.Arbitrary<ConversationFacts> {
  return fc
    .record({
      channel: fc.constantFrom(...CHANNELS),
      status: fc.constantFrom('open', 'open', 'open', 'resolved', 'closed'),
      customerAgo: fc.option(agoArb, { nil: undefined }),
      outboundAgo: fc.option(agoArb, { nil: undefined }),
      question: fc.boolean(),
      promise: rarely(
        fc.record({
          madeAgo: agoArb,
          dueIn: fc.option(fc.integer({ min: -10 * DAY, max: 3 * DAY }), { nil: undefined }),
        }),
      ),
      intent: fc.option(fc.constantFrom('pricing', 'booking', 'support'), { nil: undefined }),
      attemptsSinceReply: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 0, max: 5 })),
      text: fc.constantFrom('hello', 'my cart is stuck', 'how much?'),
    })
    .map((r) => {
      const facts: ConversationFacts = {
        conversationId: id,
        channel: r.channel,
        status: r.status,
        startedAt: new Date(now - 41 * DAY),
        exchanges: 3,
        attemptsSinceReply: r.attemptsSinceReply,
      };
      if (r.customerAgo !== undefined) {
        const at = new Date(now - r.customerAgo);
        facts.lastCustomer = { at, text: r.text, ...(r.intent === undefined ? {} : { intent: r.intent }) };
        if (r.intent !== undefined) facts.intent = { name: r.intent, at };
      }
      if (r.outboundAgo !== undefined) {
        facts.lastOutbound = { at: new Date(now - r.outboundAgo), role: 'ai', question: r.question };
      }
      if (r.promise !== undefined) {
        const madeAt = now - r.promise.madeAgo;
        facts.promise = {
          madeAt: new Date(madeAt),
          by: 'agent',
          ...(r.promise.dueIn === undefined ? {} : { dueAt: new Date(madeAt + r.promise.dueIn) }),
        };
      }
      return facts;
    });
}

function conversationsArb(now: number): fc.Arbitrary<ConversationFacts[]> {
  return fc
    .integer({ min: 0, max: 4 })
    .chain(
      (n): fc.Arbitrary<ConversationFacts[]> =>
        n === 0
          ? fc.constant([])
          : fc
              .tuple(...Array.from({ length: n }, (_, i) => conversationArb(`conv_${i}`, now)))
              .map((list) => [...list]),
    );
}

/** One contact's facts with up to four conversations and two reminders. */
export function contactArb(now: number): fc.Arbitrary<FollowUpContactFacts> {
  return fc
    .record({
      conversations: conversationsArb(now),
      timezone: fc.option(fc.oneof(zoneArb, fc.constant('Not/AZone')), { nil: undefined }),
      temperature: fc.option(fc.constantFrom('hot', 'warm', 'cold'), { nil: undefined }),
      attemptsSinceReply: rarely(fc.integer({ min: 0, max: 6 })),
      optedOut: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, fc.subarray(['web', 'sms', '*'])),
      reminders: fc.array(
        fc.record({
          dueAgo: fc.integer({ min: -2 * DAY, max: 10 * DAY }),
          conversation: fc.option(fc.constantFrom('conv_0', 'conv_1', 'nope'), { nil: undefined }),
          channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    })
    .map((r) => ({
      contactId: 'c_1',
      conversations: r.conversations,
      optedOut: r.optedOut,
      ...(r.timezone === undefined ? {} : { timezone: r.timezone }),
      ...(r.temperature === undefined ? {} : { temperature: r.temperature }),
      ...(r.attemptsSinceReply === undefined ? {} : { attemptsSinceReply: r.attemptsSinceReply }),
      reminders: r.reminders.map((m, i) => ({
        id: `rem_${i}`,
        dueAt: new Date(now - m.dueAgo),
        ...(m.conversation === undefined ? {} : { conversationId: m.conversation }),
        ...(m.channel === undefined ? {} : { channel: m.channel }),
      })),
    }));
}

/** Settings over the whole range: presets, delays, limits, quiet hours, zones, custom triggers. */
export const settingsArb: fc.Arbitrary<FollowUpSettings> = fc
  .record({
    preset: fc.constantFrom('balanced', 'balanced', 'gentle', 'sales', 'support', 'off'),
    timezone: zoneArb,
    // Random windows are quiet half the day on average; the night-time default lets more through.
    quietHours: fc.oneof(
      quietHoursInputArb,
      fc.constant({ start: '21:00', end: '08:00', days: [] as Weekday[] }),
    ),
    perConversation: fc.integer({ min: 1, max: 4 }),
    perContact: fc.integer({ min: 1, max: 6 }),
    delayHours: fc.integer({ min: 0, max: 72 }),
    custom: fc.boolean(),
  })
  .map((r) =>
    parseFollowUpSettings({
      preset: r.preset,
      timezone: r.timezone,
      quietHours: r.quietHours,
      maxAttempts: { perConversation: r.perConversation, perContact: r.perContact },
      triggers: { disengaged: { delay: { hours: r.delayHours } } },
      customTriggers: r.custom
        ? [{ id: 'cart', keywords: ['cart'], delay: { hours: r.delayHours / 2 } }]
        : [],
    }),
  );

/** Stored items of a contact: a few, open or settled, on its conversations. */
export const existingArb = fc.array(
  fc.record({
    key: fc.string({ minLength: 1, maxLength: 8 }),
    contactId: fc.constant('c_1'),
    conversationId: fc.constantFrom('conv_0', 'conv_1', 'conv_2'),
    status: fc.constantFrom(...OPEN_FOLLOW_UP_STATUSES, 'sent', 'dismissed', 'replied'),
  }),
  { maxLength: 3 },
);
