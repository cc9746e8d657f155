import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEventMix } from '../../bench/support/event-mix.js';
import { ChatEventSchema } from '../../src/model/chat-event.js';
import { safeParseChatEvent } from '../../src/model/parse-chat-event.js';

/** Keys in order, all the way down: the quick path must build the schema's shape, not only its values. */
function keyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return typeof value;
  if (Array.isArray(value)) return value.map(keyOrder);
  return Object.entries(value).map(([key, v]) => [key, keyOrder(v)]);
}

function expectSameAsSchema(input: unknown): void {
  const quick = safeParseChatEvent(input);
  const schema = ChatEventSchema.safeParse(input);
  expect(quick.success).toBe(schema.success);
  if (quick.success && schema.success) {
    expect(quick.data).toStrictEqual(schema.data);
    expect(keyOrder(quick.data)).toEqual(keyOrder(schema.data));
  } else {
    expect(quick.error?.issues).toEqual(schema.error?.issues);
  }
}

// Text the store policy refuses or changes (primitives.ts): NUL, unpaired surrogates, non-NFC, and
// characters that are fine but unusual (non-characters, a pair, a combining mark already composed).
const UNUSUAL_TEXT = [
  'x\u0000',
  '\u0000',
  'sur\uD800',
  '\uDC00x',
  'Jose\u0301',
  'Jos\u00e9',
  '\uFFFE\uFDD0',
  '\u{1F600}',
  'a\u200Bb',
  '\uFEFFx',
];
const unusual = fc.string({
  unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(...UNUSUAL_TEXT)),
  maxLength: 6,
});
// Values near every edge the schema has: lengths, trims, types, enums, dates, unknown keys, undefined.
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: 8 }),
    unusual,
    fc.constantFrom('', ' ', ' padded ', 'x '.repeat(3), '\tx', 'x'.repeat(max), 'x'.repeat(max + 1)),
    fc.constantFrom(...UNUSUAL_TEXT),
    fc.constantFrom(undefined, null, 42, true, {}),
  );
const timestamp = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(
    '2026-05-01T10:00:00Z',
    '2026-05-01T10:00:00.123+02:00',
    '2026-05-01T10:00:00',
    '2026-05-01',
    'yesterday',
    // The event window's edges (1970-01-01 to 2200-01-01, exclusive).
    '9999-12-31T00:00:00Z',
    '2199-12-31T23:59:59.999Z',
    '2200-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    Date.UTC(2200, 0, 1),
    Date.UTC(2200, 0, 1) - 1,
    new Date(Date.UTC(2200, 0, 1)),
    new Date(-1),
    0,
    1_700_000_000_000,
    -1,
    1.5,
    9e15,
    Number.NaN,
    null,
    new Date(Number.NaN),
  ),
);
const identities = fc.oneof(
  fc.record(
    {
      userId: text(1024),
      email: fc.oneof(text(1024), fc.constant('Ana@Example.com')),
      phone: fc.constantFrom('+1 415-555-2671', '(415) 555-2671', 7),
      cookie: text(1024),
      whatsapp: fc.constantFrom('14155552671', ''),
      telegram: text(1024),
      custom: fc.constantFrom({ shopify_customer: '8812' }, { 'bad key': 'x' }, 'x'),
      extra: fc.constant('stripped'),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, 'cookie', [], { cookie: 'c' }),
);
const conversation = fc.oneof(
  fc.record(
    {
      id: text(200),
      inbox: text(200),
      status: fc.constantFrom('open', 'resolved', 'closed', 'snoozed', undefined),
      escalated: fc.constantFrom(true, false, 'yes'),
      extra: fc.constant(1),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, 'conv_1', { id: 'conv_1' }),
);
const message = fc.oneof(
  fc.record(
    {
      id: text(200),
      text: fc.oneof(fc.string({ maxLength: 20 }), unusual, fc.constant('x'.repeat(100_001))),
      direction: fc.constantFrom('inbound', 'outbound', 'sideways', undefined),
      sentiment: fc.constantFrom(-1, 0.5, 1, 1.01, Number.NaN, Number.POSITIVE_INFINITY, '0.5'),
      // Fields the quick path hands to their own schemas; once dropped by it, silently.
      role: fc.constantFrom('customer', 'agent', 'ai', 'system', 'robot', undefined),
      markers: fc.constantFrom(
        { question: true },
        { promise: { dueAt: '2026-05-02T10:00:00Z' } },
        { promise: true, intent: 'pricing' },
        { question: 'yes' },
        { unknown: 1 },
        undefined,
      ),
      extra: fc.constant(1),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, { text: 'Hi' }, {}),
);
/** Mostly a valid value, sometimes an edge: so that most events get past the other fields. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: edge, weight: 1 });
const event = fc
  .record(
    {
      workspaceId: mostly(fc.constant('ws'), text(200)),
      eventId: mostly(fc.constantFrom('evt_1', 'x'.repeat(200)), text(200)),
      occurredAt: mostly(fc.constant(new Date('2026-05-01T10:00:00Z')), timestamp),
      type: fc.constantFrom('message', 'identify', 'order', 'profile', 'chat', undefined, 3),
      channel: mostly(fc.constantFrom('web', 'x'.repeat(64)), text(64)),
      identities: mostly(fc.constant({ cookie: 'ck_1' }), identities),
      country: fc.constantFrom('us', 'BR', ' gb ', 'USA', 1),
      profile: fc.constantFrom({ name: 'Ana' }, { email: 'a@b.co', company: 'Acme' }, { name: 7 }, 'Ana'),
      profileOrigin: fc.constantFrom('host', 'bot', 'import', 'manual', undefined),
      source: fc.constantFrom('chat_widget', 'import', 'fax'),
      tags: fc.constantFrom([' vip ', 'trial'], [''], ['x'.repeat(101)], 'vip', ['a\u0000'], ['\u200B']),
      customFields: fc.constantFrom({ plan: 'pro', seats: 3 }, { 'bad key': 1 }, { when: new Date(0) }),
      conversation,
      message,
      order: fc.constantFrom(
        { orderId: 'o1', amount: 10, currency: 'usd' },
        { orderId: 'o1', amount: -1, currency: 'USD' },
        { orderId: 'o1', amount: 5, currency: 'EURO', viaAssistant: true },
      ),
      unknownKey: fc.constant('stripped'),
      // Sometimes a required field is missing.
      drop: fc.constantFrom(undefined, undefined, undefined, undefined, 'workspaceId', 'identities'),
    },
    { requiredKeys: ['workspaceId', 'eventId', 'occurredAt', 'channel', 'identities', 'drop'] },
  )
  .map(({ drop, ...input }) => {
    if (drop) delete (input as Record<string, unknown>)[drop];
    return input;
  });

describe('safeParseChatEvent', () => {
  it('gives what ChatEventSchema.safeParse gives, on generated input, valid or not', () => {
    fc.assert(
      fc.property(event, (input) => expectSameAsSchema(input)),
      { numRuns: 3000 },
    );
  });

  it('gives the same when one field of a valid event is at an edge, field by field', () => {
    const base = {
      workspaceId: 'ws',
      eventId: 'evt_1',
      occurredAt: new Date('2026-05-01T10:00:00Z'),
      channel: 'web',
      identities: { cookie: 'ck_1', email: 'ana@example.com' },
      conversation: { id: 'conv_1', inbox: 'site', status: 'open', escalated: false },
      message: {
        id: 'm1',
        text: 'Hi',
        direction: 'outbound',
        sentiment: 0.5,
        role: 'ai',
        markers: { question: true },
      },
    };
    const edges = {
      workspaceId: text(200),
      eventId: text(200),
      occurredAt: timestamp,
      type: fc.constantFrom('message', 'identify', 'chat', undefined, 3),
      channel: text(64),
      country: fc.constantFrom('us', ' gb ', 'USA', 1),
      profileOrigin: fc.constantFrom('bot', 'manual'),
      unknownKey: fc.constant('stripped'),
    };
    const nested = {
      identities: {
        userId: text(1024),
        email: text(1024),
        custom: fc.constantFrom({ a: '1' }, 'x'),
        extra: fc.constant(1),
      },
      conversation: {
        id: text(200),
        inbox: text(200),
        status: fc.constantFrom('resolved', 'snoozed', undefined),
        escalated: fc.constantFrom(true, 'yes', undefined),
        extra: fc.constant(1),
      },
      message: {
        id: text(200),
        text: fc.oneof(text(100_000), fc.constant('x'.repeat(100_001))),
        direction: fc.constantFrom('inbound', 'sideways', undefined),
        sentiment: fc.constantFrom(-1, 1, 1.01, -1.5, Number.NaN, Number.POSITIVE_INFINITY, '0.5', undefined),
        extra: fc.constant(1),
      },
    };
    const top = fc
      .constantFrom(...(Object.keys(edges) as Array<keyof typeof edges>))
      .chain((key) => (edges[key] as fc.Arbitrary<unknown>).map((value) => ({ ...base, [key]: value })));
    const inner = fc.constantFrom(...(Object.keys(nested) as Array<keyof typeof nested>)).chain((outer) => {
      const fields = nested[outer] as Record<string, fc.Arbitrary<unknown>>;
      return fc
        .constantFrom(...Object.keys(fields))
        .chain((key) =>
          fields[key]!.map((value) => ({ ...base, [outer]: { ...base[outer], [key]: value } })),
        );
    });
    const dropped = fc
      .constantFrom('workspaceId', 'eventId', 'occurredAt', 'channel', 'identities', 'message')
      .map((key) => {
        const copy: Record<string, unknown> = { ...base };
        delete copy[key];
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(top, inner, dropped), (input) => expectSameAsSchema(input)),
      { numRuns: 4000 },
    );
  });

  it('gives the same on the common shapes, where the quick path decides alone', () => {
    // Mostly valid events: the required fields always there and well formed.
    const common = fc.record(
      {
        workspaceId: fc.constantFrom('ws', 'acme'),
        eventId: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0),
        occurredAt: fc.oneof(fc.date({ noInvalidDate: true }), fc.constant('2026-05-01T10:00:00Z')),
        channel: fc.constantFrom('web', 'whatsapp'),
        identities: fc.record(
          { cookie: fc.string({ maxLength: 10 }), email: fc.string({ maxLength: 10 }) },
          { requiredKeys: [] },
        ),
        type: fc.constantFrom('message', 'identify'),
        conversation: fc.record(
          { id: fc.constantFrom('c1', 'c2'), status: fc.constant('open') },
          { requiredKeys: ['id'] },
        ),
        message: fc.record(
          { text: fc.string({ maxLength: 10 }), sentiment: fc.double({ min: -1, max: 1, noNaN: true }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['workspaceId', 'eventId', 'occurredAt', 'channel', 'identities'] },
    );
    fc.assert(
      fc.property(common, (input) => expectSameAsSchema(input)),
      { numRuns: 2000 },
    );
    for (const input of generateEventMix(2000)) expectSameAsSchema(input);
  });

  it("keeps the schema's Date, and its errors word for word", () => {
    const at = new Date('2026-05-01T10:00:00Z');
    const ok = safeParseChatEvent({
      workspaceId: 'w',
      eventId: 'e',
      occurredAt: at,
      channel: 'web',
      identities: {},
    });
    expect(ok.success && ok.data.occurredAt).toBe(at);
    const bad = safeParseChatEvent({
      workspaceId: ' ',
      eventId: 'e',
      occurredAt: at,
      channel: 'web',
      identities: {},
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['workspaceId']);
  });
});
