import { describe, expect, it } from 'vitest';
import {
  type ExtrasContext,
  planImportExtras,
  type RowExtras,
} from '../../src/csv/import/rows/plan-import-extras.js';
import type { ConsentRecord } from '../../src/model/consent.js';
import { DEFAULT_WORKSPACE_CONFIG } from '../../src/model/workspace-config.js';
import { makeContact } from '../../src/testing/fixtures.js';

const AT = new Date('2026-06-01T10:00:00Z');
const NOW = new Date('2026-06-01T10:05:00Z');

function context(): ExtrasContext {
  let n = 0;
  return {
    workspaceId: 'ws',
    config: DEFAULT_WORKSPACE_CONFIG,
    at: AT,
    now: NOW,
    source: 'import:mailchimp',
    newId: () => `id${++n}`,
    identityHeader: (type) => `${type} 2`,
    statsHeader: 'Total Orders',
  };
}

const row = (over: Partial<RowExtras>): RowExtras => ({
  index: 0,
  row: 2,
  contactId: 'c1',
  claims: [],
  consents: [],
  notes: [],
  ...over,
});

const claim = (value: string) => ({
  type: 'email',
  value,
  key: `email:${value}`,
  raw: value,
  verified: false,
  sourceChannel: 'import',
  strength: 80,
});

describe('planImportExtras', () => {
  it('adds identities nobody holds, and warns, naming the column, for one another contact holds', () => {
    const plan = planImportExtras(
      [row({ claims: [claim('second@example.com'), claim('theirs@example.com')] as never })],
      {
        holders: new Map([['email:theirs@example.com', 'c9']]),
        consentsOf: () => [],
        notesOf: () => [],
        contactOf: () => undefined,
      },
      context(),
    );
    expect(plan.identities.map((i) => [i.contactId, i.value, i.sourceChannel])).toEqual([
      ['c1', 'second@example.com', 'import'],
    ]);
    expect(plan.warnings).toEqual([
      {
        row: 2,
        column: 'email 2',
        reason: 'this email belongs to another contact; it was not added to this one',
      },
    ]);
    expect([...plan.changed]).toEqual([0]);
  });

  it('records a consent or a note once, on the timeline too; the same again changes nothing', () => {
    const granted: ConsentRecord = {
      workspaceId: 'ws',
      id: 'k0',
      contactId: 'c1',
      purpose: 'email_marketing',
      status: 'granted',
      at: new Date('2026-01-01T00:00:00Z'),
      source: 'chat_widget',
    };
    const plan = planImportExtras(
      [
        row({
          consents: [
            {
              purpose: 'email_marketing',
              channel: 'email',
              status: 'granted',
              evidence: 'Mailchimp: subscribed',
            },
          ],
          notes: ['VIP since 2020', ' VIP since 2020 '],
        }),
        row({
          index: 1,
          row: 3,
          consents: [
            { purpose: 'sms_marketing', channel: 'sms', status: 'revoked', evidence: 'SMS: unsubscribed' },
          ],
        }),
      ],
      { holders: new Map(), consentsOf: () => [granted], notesOf: () => [], contactOf: () => undefined },
      context(),
    );
    expect(plan.consents.map((c) => [c.purpose, c.status, c.source])).toEqual([
      ['sms_marketing', 'revoked', 'import:mailchimp'],
    ]);
    expect(plan.notes.map((n) => n.text)).toEqual(['VIP since 2020']);
    expect(plan.log.map((e) => e.activity?.type)).toEqual(['note.added', 'consent.changed']);
    expect(plan.log.every((e) => e.activity?.actor?.kind === 'import')).toBe(true);
    expect([...plan.changed].sort()).toEqual([0, 1]);
  });

  it("sets the contact's consent in force from its records and the new ones, without classifying it again", () => {
    const stored: ConsentRecord = {
      workspaceId: 'ws',
      id: 'k0',
      contactId: 'c1',
      purpose: 'email_marketing',
      status: 'granted',
      at: new Date('2026-01-01T00:00:00Z'),
      source: 'chat_widget',
    };
    const contact = makeContact('ws', 'c1', {
      version: 3,
      consent: [{ purpose: 'email_marketing', status: 'granted', at: stored.at }],
    });
    const sms = { purpose: 'sms_marketing', channel: 'sms', status: 'granted', evidence: 'yes' } as const;
    const plan = planImportExtras(
      [row({ consents: [sms] }), row({ index: 1, consents: [{ ...sms, status: 'revoked' }] })],
      { holders: new Map(), consentsOf: () => [stored], notesOf: () => [], contactOf: () => contact },
      context(),
    );
    expect(plan.contacts).toHaveLength(1);
    expect(plan.contacts[0]).toMatchObject({ version: 4, updatedAt: NOW });
    // Both rows' records are at the import's time: the later one (by id) is in force.
    expect(plan.contacts[0]?.consent).toEqual([
      { purpose: 'email_marketing', status: 'granted', at: stored.at },
      { purpose: 'sms_marketing', status: 'revoked', at: AT },
    ]);
    expect(plan.contacts[0]?.classification).toEqual(contact.classification);
    expect(plan.log.map((e) => e.activity?.type)).toEqual(['consent.changed', 'consent.changed']);

    // The same consent again: no record, and the contact is not written.
    const again = planImportExtras(
      [row({ consents: [{ ...sms, purpose: 'email_marketing' }] })],
      { holders: new Map(), consentsOf: () => [stored], notesOf: () => [], contactOf: () => contact },
      context(),
    );
    expect(again.consents).toEqual([]);
    expect(again.contacts).toEqual([]);
  });

  it('raises totals, never lowers them, and classifies the contact again', () => {
    const contact = makeContact('ws', 'c1', { version: 4 });
    const plan = planImportExtras(
      [
        row({ stats: { orders: 3, amountSpent: 120 } }),
        row({ index: 1, stats: { orders: 1, amountSpent: 10 } }),
      ],
      { holders: new Map(), consentsOf: () => [], notesOf: () => [], contactOf: () => contact },
      context(),
    );
    expect(plan.contacts).toHaveLength(1);
    expect(plan.contacts[0]).toMatchObject({
      version: 5,
      updatedAt: NOW,
      stats: { orders: 3, amountSpent: 120 },
    });
    expect(plan.contacts[0]?.classification?.classifiedAt).toEqual(NOW);
    expect([...plan.changed]).toEqual([0]);
  });

  it('warns instead of writing totals for a contact deleted meanwhile', () => {
    const plan = planImportExtras(
      [row({ stats: { orders: 2 } })],
      { holders: new Map(), consentsOf: () => [], notesOf: () => [], contactOf: () => undefined },
      context(),
    );
    expect(plan.contacts).toEqual([]);
    expect(plan.warnings[0]).toMatchObject({ row: 2, column: 'Total Orders' });
  });
});
