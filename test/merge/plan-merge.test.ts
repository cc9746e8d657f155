import { describe, expect, it } from 'vitest';
import { planMerge } from '../../src/merge/plan-merge.js';
import { makeContact } from '../../src/testing/fixtures.js';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe('planning a merge keeps everything and says where each value came from', () => {
  const primary = makeContact('ws', 'p', {
    kind: 'lead',
    profile: { name: 'Ana Lima', company: '' },
    fieldOrigins: { name: 'host' },
    tags: ['vip'],
    customFields: { plan: 'pro' },
    source: 'chat_widget',
    channels: ['web'],
    stats: {
      conversations: 1,
      messages: 4,
      firstSeenAt: at(5),
      lastSeenAt: at(10),
      orders: 1,
      amountSpent: 10.1,
    },
    createdAt: at(5),
  });
  const older = makeContact('ws', 'o', {
    kind: 'customer',
    profile: { name: 'A. Lima', company: 'Old Co' },
    fieldOrigins: { company: 'import' },
    tags: ['trial', 'vip'],
    customFields: { plan: 'free', seats: 2 },
    source: 'import',
    channels: ['email'],
    stats: {
      conversations: 2,
      messages: 1,
      firstSeenAt: at(1),
      lastSeenAt: at(3),
      orders: 0,
      amountSpent: 0,
    },
    createdAt: at(1),
  });
  const recent = makeContact('ws', 'r', {
    profile: { company: 'New Co', jobTitle: 'CTO' },
    channels: ['whatsapp', 'web'],
    stats: {
      conversations: 0,
      messages: 2,
      firstSeenAt: at(7),
      lastSeenAt: at(20),
      orders: 2,
      amountSpent: 20.2,
      lastOrderAt: at(19),
    },
    createdAt: at(7),
  });

  it('keeps the primary, fills gaps most recent first, and records provenance', () => {
    const plan = planMerge(primary, [older, recent]);
    expect(plan.contact.profile).toEqual({ name: 'Ana Lima', company: 'New Co', jobTitle: 'CTO' });
    expect(plan.provenance).toMatchObject({
      'profile.name': 'p',
      'profile.company': 'r',
      'profile.jobTitle': 'r',
      'customFields.plan': 'p',
      'customFields.seats': 'o',
    });
    expect(plan.contact.customFields).toEqual({ plan: 'pro', seats: 2 });
    expect(plan.absorbedIds).toEqual(['o', 'r']);
  });

  it('unions tags and channels, sums stats, keeps the earliest first seen and the first touch', () => {
    const { contact } = planMerge(primary, [older, recent]);
    expect(contact.tags).toEqual(['vip', 'trial']);
    expect(contact.channels).toEqual(['web', 'email', 'whatsapp']);
    expect(contact.stats).toEqual({
      conversations: 3,
      messages: 7,
      firstSeenAt: at(1),
      lastSeenAt: at(20),
      orders: 3,
      amountSpent: 30.3,
      lastOrderAt: at(19),
    });
    expect(contact.source).toBe('import');
    expect(contact.createdAt).toEqual(at(1));
    expect(contact.kind).toBe('customer');
    expect(contact.id).toBe('p');
  });

  it("with 'most-recent' survivorship, the most recently seen contact's values win", () => {
    const { contact } = planMerge(primary, [older, recent], { survivorship: 'most-recent' });
    expect(contact.profile.company).toBe('New Co');
    expect(contact.profile.name).toBe('Ana Lima');
  });

  it('does not mutate its inputs', () => {
    const before = structuredClone([primary, older, recent]);
    planMerge(primary, [older, recent]);
    expect([primary, older, recent]).toEqual(before);
  });
});

describe('custom fields named like Object.prototype members (issue 12, item 6)', () => {
  it('fill the primary’s gaps like any other field', () => {
    const primary = makeContact('ws', 'p', { customFields: {} });
    const other = makeContact('ws', 'o', { customFields: { constructor: 'x', toString: 'y' } });
    const plan = planMerge(primary, [other]);
    expect(plan.contact.customFields).toEqual({ constructor: 'x', toString: 'y' });
    expect(plan.provenance['customFields.constructor']).toBe('o');
  });
});

describe('the consent in force of merged contacts', () => {
  it('is the latest entry per purpose of any of them; none when none has any', () => {
    const primary = makeContact('ws', 'p', {
      consent: [
        { purpose: 'email', status: 'revoked', at: at(2) },
        { purpose: 'sms', status: 'granted', at: at(1) },
      ],
    });
    const other = makeContact('ws', 'o', {
      consent: [
        { purpose: '__proto__', status: 'granted', at: at(1) },
        { purpose: 'email', status: 'granted', at: at(3) },
      ],
    });
    expect(planMerge(primary, [other]).contact.consent).toEqual([
      { purpose: '__proto__', status: 'granted', at: at(1) },
      { purpose: 'email', status: 'granted', at: at(3) },
      { purpose: 'sms', status: 'granted', at: at(1) },
    ]);
    expect(planMerge(makeContact('ws', 'a'), [makeContact('ws', 'b')]).contact).not.toHaveProperty('consent');
  });
});
