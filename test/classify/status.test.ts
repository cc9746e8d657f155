import { describe, expect, it } from 'vitest';
import { classifyStatus } from '../../src/classify/index.js';
import { DEFAULT_WORKSPACE_CONFIG, WorkspaceConfigSchema } from '../../src/model/workspace-config.js';
import { makeContact } from '../../src/testing/fixtures.js';

const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const contact = (stats: { messages?: number; orders?: number; lastSeen?: number }, tags: string[] = []) =>
  makeContact('ws', 'c', {
    tags,
    stats: {
      conversations: 1,
      messages: stats.messages ?? 0,
      orders: stats.orders ?? 0,
      amountSpent: 0,
      firstSeenAt: daysAgo(200),
      lastSeenAt: daysAgo(stats.lastSeen ?? 0),
    },
  });
const rules = DEFAULT_WORKSPACE_CONFIG.status;

describe('contact status follows the rules in order', () => {
  it('an order makes a contact converted, and silence past the churn window churned', () => {
    expect(classifyStatus(contact({ orders: 1, lastSeen: 10 }), rules, now)).toBe('converted');
    expect(classifyStatus(contact({ orders: 1, lastSeen: 90 }), rules, now)).toBe('churned');
    expect(classifyStatus(contact({ orders: 1, lastSeen: 89 }), rules, now)).toBe('converted');
  });

  it('a buying-intent tag qualifies a contact that has not ordered', () => {
    expect(classifyStatus(contact({ messages: 1 }, ['qualified']), rules, now)).toBe('qualified');
    expect(classifyStatus(contact({ orders: 2 }, ['qualified']), rules, now)).toBe('converted');
  });

  it('recent contacts are active with enough messages and new before that; silent ones inactive', () => {
    expect(classifyStatus(contact({ messages: 3, lastSeen: 2 }), rules, now)).toBe('active');
    expect(classifyStatus(contact({ messages: 2, lastSeen: 2 }), rules, now)).toBe('new');
    expect(classifyStatus(contact({ messages: 50, lastSeen: 30 }), rules, now)).toBe('inactive');
  });

  it('uses the workspace thresholds', () => {
    const custom = WorkspaceConfigSchema.parse({
      status: { inactiveAfterDays: 7, activeMinMessages: 1, churnAfterDays: 14, qualifiedTags: ['hot'] },
    }).status;
    expect(classifyStatus(contact({ messages: 1, lastSeen: 6 }), custom, now)).toBe('active');
    expect(classifyStatus(contact({ messages: 1, lastSeen: 7 }), custom, now)).toBe('inactive');
    expect(classifyStatus(contact({ orders: 1, lastSeen: 14 }), custom, now)).toBe('churned');
    expect(classifyStatus(contact({}, ['hot']), custom, now)).toBe('qualified');
  });
});
