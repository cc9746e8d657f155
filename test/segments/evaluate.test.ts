import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/errors.js';
import type { Contact } from '../../src/model/contact.js';
import {
  BUILTIN_SEGMENTS,
  MAX_SEGMENT_DEPTH,
  matchesSegment,
  parseSegmentFilter,
  type SegmentFilter,
  SegmentRefSchema,
  segmentFilterOf,
} from '../../src/segments/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c1',
    workspaceId: 'ws',
    kind: 'lead',
    profile: { name: 'José Álvarez', email: 'jose@example.com', phone: '+14155552671', company: 'Acme Ltd' },
    fieldOrigins: {},
    tags: ['VIP', 'newsletter'],
    customFields: { plan: 'pro', seats: 12, renewal: new Date('2026-09-01T00:00:00Z'), langs: ['en', 'pt'] },
    source: 'chat_widget',
    channels: ['web', 'whatsapp'],
    stats: {
      conversations: 1,
      messages: 3,
      firstSeenAt: daysAgo(200),
      lastSeenAt: daysAgo(100),
      orders: 0,
      amountSpent: 0,
    },
    createdAt: daysAgo(200),
    updatedAt: daysAgo(100),
    version: 1,
    ...overrides,
  };
}

const match = (filter: unknown, c = contact()) => matchesSegment(c, parseSegmentFilter(filter), NOW);

describe('built-in lists', () => {
  it('all holds everyone, leads and customers split by kind', () => {
    const lead = contact();
    const customer = contact({ kind: 'customer' });
    expect([lead, customer].map((c) => matchesSegment(c, BUILTIN_SEGMENTS.all, NOW))).toEqual([true, true]);
    expect([lead, customer].map((c) => matchesSegment(c, BUILTIN_SEGMENTS.leads, NOW))).toEqual([
      true,
      false,
    ]);
    expect([lead, customer].map((c) => matchesSegment(c, BUILTIN_SEGMENTS.customers, NOW))).toEqual([
      false,
      true,
    ]);
  });
});

describe('segment references', () => {
  it('a built-in name stands for its filter; a filter stands for itself; unknown names are refused', () => {
    expect(segmentFilterOf(SegmentRefSchema.parse('customers'))).toEqual({ type: 'kind', is: 'customer' });
    const filter = { type: 'text', query: 'acme' } as const;
    expect(segmentFilterOf(SegmentRefSchema.parse(filter))).toEqual(filter);
    expect(SegmentRefSchema.safeParse('vips').success).toBe(false);
  });
});

describe('relative dates are measured from now', () => {
  it('older than 90 days matches a contact last seen 100 days ago, not one seen 80 days ago', () => {
    const f = { type: 'date', field: 'lastSeenAt', olderThanDays: 90 };
    expect(match(f)).toBe(true);
    const recent = contact({ stats: { ...contact().stats, lastSeenAt: daysAgo(80) } });
    expect(match(f, recent)).toBe(false);
  });

  it('the same contact moves out of "within 120 days" as now advances', () => {
    const filter = parseSegmentFilter({ type: 'date', field: 'lastSeenAt', withinDays: 120 });
    expect(matchesSegment(contact(), filter, NOW)).toBe(true);
    expect(matchesSegment(contact(), filter, new Date(NOW.getTime() + 30 * 86_400_000))).toBe(false);
  });

  it('absolute bounds take ISO strings and form a range; a missing date matches nothing', () => {
    const range = {
      type: 'date',
      field: 'createdAt',
      after: '2025-10-01T00:00:00Z',
      before: '2026-01-01T00:00:00Z',
    };
    expect(match(range)).toBe(true); // created 200 days before 2026-06-01: mid November 2025
    expect(match({ ...range, before: '2025-11-01T00:00:00Z' })).toBe(false);
    expect(match({ type: 'date', field: 'lastOrderAt', olderThanDays: 1 })).toBe(false);
    expect(match({ type: 'not', filter: { type: 'date', field: 'lastOrderAt', olderThanDays: 1 } })).toBe(
      true,
    );
  });
});

describe('and, or, not', () => {
  it('combine predicates with their boolean meaning', () => {
    const lead = { type: 'kind', is: 'lead' };
    const customer = { type: 'kind', is: 'customer' };
    expect(match({ type: 'and', filters: [lead, { type: 'tags', has: 'any', values: ['vip'] }] })).toBe(true);
    expect(match({ type: 'and', filters: [lead, customer] })).toBe(false);
    expect(match({ type: 'or', filters: [customer, { type: 'source', any: ['chat_widget'] }] })).toBe(true);
    expect(match({ type: 'or', filters: [customer, { type: 'source', any: ['import'] }] })).toBe(false);
    expect(match({ type: 'not', filter: customer })).toBe(true);
    expect(match({ type: 'not', filter: { type: 'or', filters: [customer, lead] } })).toBe(false);
    expect(match({ type: 'and', filters: [] })).toBe(true);
    expect(match({ type: 'or', filters: [] })).toBe(false);
  });
});

describe('predicates', () => {
  it('tags: any, all and none, case-insensitively', () => {
    expect(match({ type: 'tags', has: 'all', values: ['vip', 'Newsletter'] })).toBe(true);
    expect(match({ type: 'tags', has: 'all', values: ['vip', 'churned'] })).toBe(false);
    expect(match({ type: 'tags', has: 'none', values: ['churned'] })).toBe(true);
    expect(match({ type: 'tags', has: 'none', values: ['VIP'] })).toBe(false);
  });

  it('channel matches any channel the contact has used', () => {
    expect(match({ type: 'channel', any: ['telegram', 'WhatsApp'] })).toBe(true);
    expect(match({ type: 'channel', any: ['telegram'] })).toBe(false);
  });

  it('custom fields compare by type: text, numbers, dates, lists', () => {
    expect(match({ type: 'custom', key: 'plan', op: 'eq', value: 'PRO' })).toBe(true);
    expect(match({ type: 'custom', key: 'plan', op: 'neq', value: 'pro' })).toBe(false);
    expect(match({ type: 'custom', key: 'seats', op: 'gte', value: 12 })).toBe(true);
    expect(match({ type: 'custom', key: 'seats', op: 'gt', value: 12 })).toBe(false);
    expect(match({ type: 'custom', key: 'renewal', op: 'lt', value: '2026-10-01T00:00:00Z' })).toBe(true);
    expect(match({ type: 'custom', key: 'renewal', op: 'lt', value: '2026-08-01T00:00:00Z' })).toBe(false);
    expect(match({ type: 'custom', key: 'langs', op: 'contains', value: 'pt' })).toBe(true);
    expect(match({ type: 'custom', key: 'langs', op: 'contains', value: 'es' })).toBe(false);
    expect(match({ type: 'custom', key: 'missing', op: 'exists' })).toBe(false);
    expect(match({ type: 'custom', key: 'plan', op: 'exists' })).toBe(true);
  });

  it('free text searches name, email, phone and company, ignoring case, accents and phone spacing', () => {
    expect(match({ type: 'text', query: 'jose alvarez' })).toBe(true);
    expect(match({ type: 'text', query: 'ACME' })).toBe(true);
    expect(match({ type: 'text', query: '@example.com' })).toBe(true);
    expect(match({ type: 'text', query: '(415) 555-2671' })).toBe(true);
    expect(match({ type: 'text', query: 'maria' })).toBe(false);
    expect(match({ type: 'text', query: '555 9999' })).toBe(false);
  });
});

describe('consent by purpose', () => {
  const at = daysAgo(3);
  const consenting = contact({
    consent: [
      { purpose: '__proto__', status: 'granted', at },
      { purpose: 'email_marketing', status: 'granted', at },
      { purpose: 'sms', status: 'revoked', at },
    ],
  });

  it('matches the status in force for the purpose: granted, or revoked', () => {
    expect(match({ type: 'consent', purpose: 'email_marketing', is: 'granted' }, consenting)).toBe(true);
    expect(match({ type: 'consent', purpose: 'email_marketing', is: 'revoked' }, consenting)).toBe(false);
    expect(match({ type: 'consent', purpose: 'sms', is: 'revoked' }, consenting)).toBe(true);
    expect(match({ type: 'consent', purpose: 'sms', is: 'granted' }, consenting)).toBe(false);
  });

  it('a purpose never recorded matches neither; not granted is `not` of granted', () => {
    for (const c of [consenting, contact()]) {
      expect(match({ type: 'consent', purpose: 'whatsapp', is: 'granted' }, c)).toBe(false);
      expect(match({ type: 'consent', purpose: 'whatsapp', is: 'revoked' }, c)).toBe(false);
      expect(match({ type: 'not', filter: { type: 'consent', purpose: 'whatsapp', is: 'granted' } }, c)).toBe(
        true,
      );
    }
    expect(
      match({ type: 'not', filter: { type: 'consent', purpose: 'sms', is: 'granted' } }, consenting),
    ).toBe(true);
  });

  it('compares purposes exactly; prototype names are plain purposes', () => {
    expect(match({ type: 'consent', purpose: 'Email_Marketing', is: 'granted' }, consenting)).toBe(false);
    expect(match({ type: 'consent', purpose: '__proto__', is: 'granted' }, consenting)).toBe(true);
    expect(match({ type: 'consent', purpose: 'constructor', is: 'granted' }, consenting)).toBe(false);
  });

  it('refuses an empty, overlong or unstorable purpose, a status other than granted or revoked', () => {
    for (const bad of [
      { type: 'consent', purpose: '', is: 'granted' },
      { type: 'consent', purpose: 'x'.repeat(101), is: 'granted' },
      { type: 'consent', purpose: 'a\u0000b', is: 'granted' },
      { type: 'consent', purpose: 'sms', is: 'unknown' },
      { type: 'consent', purpose: 'sms' },
      { type: 'consent', purpose: 'sms', is: 'granted', extra: 1 },
    ]) {
      expect(() => parseSegmentFilter(bad), JSON.stringify(bad)).toThrow(ValidationError);
    }
  });
});

describe('parseSegmentFilter', () => {
  it('refuses unknown predicates, date filters without a bound, and comparisons without a value', () => {
    expect(() => parseSegmentFilter({ type: 'status', is: 'active' })).toThrow(ValidationError);
    expect(() => parseSegmentFilter({ type: 'date', field: 'lastSeenAt' })).toThrow(ValidationError);
    expect(() => parseSegmentFilter({ type: 'custom', key: 'plan', op: 'eq' })).toThrow(ValidationError);
    expect(() => parseSegmentFilter({ type: 'and', filters: [{ type: 'kind', is: 'vip' }] })).toThrow(
      ValidationError,
    );
  });

  it('refuses a filter nested deeper than the limit before it can exhaust the stack', () => {
    let deep: unknown = { type: 'all' };
    for (let i = 0; i <= MAX_SEGMENT_DEPTH; i++) deep = { type: 'not', filter: deep };
    expect(() => parseSegmentFilter(deep)).toThrow(/nested deeper/);
    let ok: unknown = { type: 'all' };
    for (let i = 0; i < 10; i++) ok = { type: 'not', filter: ok };
    expect(matchesSegment(contact(), parseSegmentFilter(ok), NOW)).toBe(true);
  });

  it('does not mutate the contact', () => {
    const c = contact();
    const before = structuredClone(c);
    const filter: SegmentFilter = { type: 'text', query: 'jose' };
    matchesSegment(c, filter, NOW);
    expect(c).toEqual(before);
  });
});

describe('custom keys named like Object.prototype members (issue 12, item 6)', () => {
  it('`exists` on constructor, toString, valueOf or hasOwnProperty matches only contacts that have one', () => {
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const filter = parseSegmentFilter({ type: 'custom', key, op: 'exists' });
      expect(matchesSegment(contact(), filter, NOW), key).toBe(false);
      expect(matchesSegment(contact({ customFields: { [key]: 'x' } }), filter, NOW), key).toBe(true);
      const eq = parseSegmentFilter({ type: 'custom', key, op: 'neq', value: 'x' });
      expect(matchesSegment(contact(), eq, NOW), key).toBe(false);
    }
  });
});
