import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/model/contact.js';
import { planRetention, retentionDue } from '../../src/privacy/index.js';
import { makeContact } from '../../src/testing/fixtures.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const policy = { archiveAfterInactiveDays: 365, purgeAfterDeletedDays: 30 };

function contact(id: string, lastSeenDaysAgo: number, extra: Partial<Contact> = {}): Contact {
  const base = makeContact('ws', id, {
    profile: {},
    fieldOrigins: {},
    createdAt: ago(800),
    updatedAt: ago(lastSeenDaysAgo),
  });
  return {
    ...base,
    stats: { ...base.stats, firstSeenAt: ago(800), lastSeenAt: ago(lastSeenDaysAgo) },
    ...extra,
  };
}

describe('retention at now', () => {
  it('archives contacts inactive past the window, not those seen within it', () => {
    const plan = planRetention([contact('old', 366), contact('recent', 364)], policy, NOW);
    expect(plan).toEqual({ archive: ['old'], unarchive: [], purge: [] });
  });

  it('purges deleted contacts only after the grace period, and never archives them', () => {
    const plan = planRetention(
      [
        contact('in-grace', 500, { deletedAt: ago(29) }),
        contact('due', 500, { deletedAt: ago(31) }),
        contact('exactly', 10, { deletedAt: ago(30) }),
      ],
      policy,
      NOW,
    );
    expect(plan).toEqual({ archive: [], unarchive: [], purge: ['due', 'exactly'] });
  });

  it('unarchives an archived contact seen since it was archived; leaves one still quiet', () => {
    expect(retentionDue(contact('back', 5, { archivedAt: ago(10) }), policy, NOW)).toBe('unarchive');
    expect(retentionDue(contact('quiet', 400, { archivedAt: ago(10) }), policy, NOW)).toBeUndefined();
  });

  it('null windows switch archiving or purging off', () => {
    const off = { archiveAfterInactiveDays: null, purgeAfterDeletedDays: null };
    const plan = planRetention(
      [contact('old', 5000), contact('gone', 1, { deletedAt: ago(5000) })],
      off,
      NOW,
    );
    expect(plan).toEqual({ archive: [], unarchive: [], purge: [] });
  });

  it('the same contact becomes due as now advances', () => {
    const c = contact('c', 300);
    expect(retentionDue(c, policy, NOW)).toBeUndefined();
    expect(retentionDue(c, policy, new Date(NOW.getTime() + 70 * DAY))).toBe('archive');
  });
});
