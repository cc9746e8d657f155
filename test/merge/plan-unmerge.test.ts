import { describe, expect, it } from 'vitest';
import { MergeNotUndoableError } from '../../src/errors/index.js';
import { mergeLimitBreach } from '../../src/merge/merge-limits.js';
import { planMerge } from '../../src/merge/plan-merge.js';
import { planUnmerge, type UnmergeInput, whyNotUndoable } from '../../src/merge/plan-unmerge.js';
import type { Contact } from '../../src/model/contact.js';
import type { MergeRecord } from '../../src/model/merge-record.js';
import { makeContact, makeIdentity } from '../../src/testing/fixtures.js';

const day = (d: number) => new Date(Date.UTC(2026, 0, d));
const now = day(30);

const primary = makeContact('ws', 'p', {
  profile: { name: 'Ana Lima' },
  fieldOrigins: { name: 'host' },
  tags: ['vip'],
  customFields: { plan: 'pro' },
  channels: ['web'],
  stats: {
    conversations: 1,
    messages: 2,
    firstSeenAt: day(5),
    lastSeenAt: day(10),
    orders: 0,
    amountSpent: 0,
  },
  createdAt: day(5),
  version: 4,
});
const absorbed = makeContact('ws', 'a', {
  kind: 'customer',
  profile: { name: 'A. Lima', company: 'Acme' },
  fieldOrigins: { company: 'import' },
  tags: ['trial', 'vip'],
  customFields: { seats: 3 },
  source: 'import',
  channels: ['whatsapp'],
  stats: {
    conversations: 2,
    messages: 3,
    firstSeenAt: day(1),
    lastSeenAt: day(20),
    orders: 1,
    amountSpent: 9.99,
    lastOrderAt: day(19),
  },
  createdAt: day(1),
});
const phone = makeIdentity('ws', 'a', 'phone', '+447700900123');

/** The record a merge of `absorbed` into `primary` keeps, and the primary as stored right after. */
function merged(): { record: MergeRecord; after: Contact } {
  const plan = planMerge(primary, [absorbed]);
  const record: MergeRecord = {
    workspaceId: 'ws',
    id: 'm1',
    primaryId: 'p',
    absorbedIds: ['a'],
    reason: 'manual',
    at: day(21),
    primaryBefore: primary,
    absorbedBefore: [absorbed],
    rows: [
      {
        contactId: 'a',
        identities: [phone],
        logIds: ['act-a'],
        rows: { conversations: ['conv-a'], orders: ['o-a'], processedEvents: ['e-a'] },
      },
    ],
    provenance: { ...plan.provenance },
  };
  return { record, after: { ...plan.contact, version: primary.version + 1 } };
}

function input(overrides: Partial<UnmergeInput> = {}): UnmergeInput {
  const { record, after } = merged();
  return {
    record,
    primary: after,
    primaryIdentities: [makeIdentity('ws', 'p', 'email', 'ana@example.com'), { ...phone, contactId: 'p' }],
    related: [record],
    holders: [{ ...phone, contactId: 'p' }],
    existing: [],
    now,
    ...overrides,
  };
}

describe('planning an unmerge gives the primary its own values back and keeps what came later', () => {
  it('subtracts what the absorbed contact brought from the stats, and reverts dates it set', () => {
    const plan = planUnmerge(input());
    expect(plan.primary.stats).toEqual(primary.stats);
    expect(plan.primary.version).toBe(primary.version + 2);
    expect(plan.primary.updatedAt).toEqual(now);
  });

  it('keeps messages, orders and dates that arrived after the merge', () => {
    const { after } = merged();
    const later: Contact = {
      ...after,
      stats: {
        ...after.stats,
        messages: after.stats.messages + 4,
        orders: after.stats.orders + 1,
        amountSpent: after.stats.amountSpent + 5,
        lastSeenAt: day(25),
        lastOrderAt: day(25),
      },
    };
    const { primary: back } = planUnmerge(input({ primary: later }));
    expect(back.stats).toEqual({
      conversations: 1,
      messages: 6,
      firstSeenAt: day(5),
      lastSeenAt: day(25),
      orders: 1,
      amountSpent: 5,
      lastOrderAt: day(25),
    });
  });

  it('reverts values, tags, channels, source and kind the merge brought, but not values edited since', () => {
    const { after } = merged();
    const edited: Contact = { ...after, customFields: { ...after.customFields, seats: 10 } };
    const plan = planUnmerge(input({ primary: edited }));
    expect(plan.primary.profile).toEqual(primary.profile);
    expect(plan.primary.fieldOrigins).toEqual(primary.fieldOrigins);
    expect(plan.primary.customFields).toEqual({ plan: 'pro', seats: 10 });
    expect(plan.primary.tags).toEqual(['vip']);
    expect(plan.primary.channels).toEqual(['web']);
    expect(plan.primary.source).toBe(primary.source);
    expect(plan.primary.createdAt).toEqual(primary.createdAt);
    expect(plan.primary.kind).toBe('lead');
    expect(plan.reverted).toEqual(expect.arrayContaining(['profile.company', 'tags', 'channels', 'kind']));
    expect(plan.reverted).not.toContain('customFields.seats');
  });

  it('a primary identified with its own userId since stays a customer', () => {
    const base = input();
    const plan = planUnmerge({
      ...base,
      primaryIdentities: [...base.primaryIdentities, makeIdentity('ws', 'p', 'userId', 'u-1')],
    });
    expect(plan.primary.kind).toBe('customer');
  });

  it('restores the absorbed contact as it was, with the rows it brought', () => {
    const plan = planUnmerge(input());
    expect(plan.restored).toHaveLength(1);
    expect(plan.restored[0]?.contact).toEqual({ ...absorbed, updatedAt: now, version: 1 });
    expect(plan.restored[0]?.rows.logIds).toEqual(['act-a']);
  });

  it('does not mutate its inputs', () => {
    const given = input();
    const copy = structuredClone(given);
    planUnmerge(given);
    expect(given).toEqual(copy);
  });
});

describe('an unmerge that later activity makes impossible says why', () => {
  const reasonOf = (overrides: Partial<UnmergeInput>) => whyNotUndoable(input(overrides))?.reason;
  const { record } = merged();
  /** A merge record in which the primary took part after (or before) this one. */
  const other = (id: string, version: number, extra: Partial<MergeRecord> = {}): MergeRecord => ({
    ...record,
    id,
    absorbedIds: ['x'],
    primaryBefore: { ...primary, version },
    absorbedBefore: [makeContact('ws', 'x')],
    ...extra,
  });

  it('is undoable when nothing stands in the way', () => {
    expect(whyNotUndoable(input())).toBeNull();
  });

  it('already undone', () => {
    expect(reasonOf({ record: { ...record, undoneAt: day(22) } })).toBe('already-undone');
  });

  it('the primary was erased, or merged away into another contact', () => {
    expect(reasonOf({ primary: null })).toBe('primary-erased');
    const away = other('m2', 9, {
      primaryId: 'q',
      primaryBefore: makeContact('ws', 'q'),
      absorbedIds: ['p'],
    });
    expect(reasonOf({ primary: null, related: [record, away] })).toBe('primary-merged-away');
  });

  it('a later merge into the same contact that is not undone', () => {
    expect(reasonOf({ related: [record, other('m2', primary.version + 1)] })).toBe('later-merge');
    // An earlier merge, or a later one already undone, does not stand in the way.
    expect(reasonOf({ related: [other('m0', primary.version - 1), record] })).toBeUndefined();
    expect(
      reasonOf({ related: [record, other('m2', primary.version + 1, { undoneAt: day(23) })] }),
    ).toBeUndefined();
  });

  it('a later merge into a contact an unmerge restored (its version starts again at 1) is still later', () => {
    const restoredThenMerged = other('m2', 1, { at: day(25) });
    expect(reasonOf({ related: [record, restoredThenMerged] })).toBe('later-merge');
  });

  it('two merges seen at the same version (one intake batch) are ordered by time', () => {
    const sameBatchLater = other('m2', primary.version, { at: day(22) });
    const sameBatchEarlier = other('m0', primary.version, { at: day(20) });
    expect(reasonOf({ related: [record, sameBatchLater] })).toBe('later-merge');
    expect(reasonOf({ related: [record, sameBatchEarlier] })).toBeUndefined();
  });

  it('an identity of the absorbed contact now held by a third contact, or deleted', () => {
    expect(reasonOf({ holders: [{ ...phone, contactId: 'third' }] })).toBe('identity-taken');
    expect(whyNotUndoable(input({ holders: [{ ...phone, contactId: 'third' }] }))?.detail).toContain('third');
    expect(reasonOf({ holders: [] })).toBe('identity-removed');
  });

  it('a contact with the absorbed id exists again', () => {
    expect(reasonOf({ existing: ['a'] })).toBe('contact-exists');
  });

  it('planUnmerge throws the typed error with the reason', () => {
    const error = (() => {
      try {
        planUnmerge(input({ primary: null }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MergeNotUndoableError);
    expect(error).toMatchObject({ reason: 'primary-erased', mergeId: 'm1', code: 'MERGE_NOT_UNDOABLE' });
  });
});

describe('a merge must break no identity limit', () => {
  it('two different userIds break the default limit; two emails do not', () => {
    const ids = [
      makeIdentity('ws', 'a', 'userId', 'u1'),
      makeIdentity('ws', 'b', 'userId', 'u2'),
      makeIdentity('ws', 'a', 'email', 'a@x.com'),
      makeIdentity('ws', 'b', 'email', 'b@x.com'),
    ];
    expect(mergeLimitBreach(ids, { userId: 1 })).toEqual({ type: 'userId', count: 2, limit: 1 });
    expect(mergeLimitBreach(ids.slice(2), { userId: 1 })).toBeNull();
    expect(mergeLimitBreach(ids, { email: 2 })).toBeNull();
  });
});
