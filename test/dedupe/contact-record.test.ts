import { describe, expect, it } from 'vitest';
import {
  CONTACT_MATCH_CONFIG,
  contactMatchRecords,
  contactToMatchRecord,
} from '../../src/dedupe/contact-record.js';
import { dedupe } from '../../src/dedupe/engine.js';
import { preparedValue, prepareRecords } from '../../src/dedupe/records.js';
import { ValidationError } from '../../src/errors/errors.js';
import type { Contact } from '../../src/model/contact.js';
import type { Identity } from '../../src/model/identity.js';
import { generateContacts } from './support/synthetic-contacts.js';

const NOW = new Date('2026-01-01T00:00:00Z');

function contact(id: string, profile: Contact['profile']): Contact {
  return {
    id,
    workspaceId: 'ws',
    kind: 'lead',
    profile,
    fieldOrigins: {},
    tags: [],
    customFields: {},
    source: 'chat_widget',
    channels: [],
    stats: { conversations: 0, messages: 0, firstSeenAt: NOW, lastSeenAt: NOW, orders: 0, amountSpent: 0 },
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
  };
}

function identity(contactId: string, type: string, value: string, verified = false): Identity {
  return { workspaceId: 'ws', contactId, type, value, raw: value, verified, firstSeenAt: NOW };
}

describe('matching the library’s own contacts', () => {
  it('turns a contact and its identities into a match record, identities first', () => {
    const record = contactToMatchRecord(
      contact('c1', {
        name: 'Robert  Smith',
        email: 'old@x.com',
        company: 'Acme',
        address: { city: 'Porto', postcode: '4000' },
      }),
      [
        identity('c1', 'email', 'bob@x.com'),
        identity('c1', 'email', 'robert@x.com', true),
        identity('c1', 'phone', '+14155552671'),
      ],
    );
    expect(record).toEqual({
      id: 'c1',
      values: {
        first_name: 'Robert',
        last_name: 'Smith',
        email: 'robert@x.com',
        phone: '+14155552671',
        company: 'Acme',
        address: undefined,
        city: 'Porto',
        postcode: '4000',
      },
    });
  });

  it('takes the user id, the first channel account and a handle that spells a name', () => {
    const record = contactToMatchRecord(contact('c1', { name: 'Visitor 22989' }), [
      identity('c1', 'userId', 'u-7'),
      identity('c1', 'cookie', 'ck-1'),
      { ...identity('c1', 'telegram', 'mark_lim'), raw: '@mark_lim' },
    ]);
    expect(record.values).toMatchObject({
      user_id: 'u-7',
      channel_id: 'telegram:mark_lim',
      handle: '@mark_lim',
    });
    // The placeholder name gives way to the handle's.
    const prepared = prepareRecords([record], CONTACT_MATCH_CONFIG.fields);
    expect(preparedValue(prepared.fields[0]!, 0)).toBe('mark');
    expect(preparedValue(prepared.fields[1]!, 0)).toBe('lim');
    // A numeric channel id is no handle for a name.
    const numeric = contactToMatchRecord(contact('c2', {}), [identity('c2', 'messenger', '88120311')]);
    expect(numeric.values.handle).toBeUndefined();
  });

  it('refuses an identity of another contact', () => {
    expect(() => contactToMatchRecord(contact('c1', {}), [identity('c2', 'email', 'a@x.com')])).toThrow(
      ValidationError,
    );
  });

  it('pairs identities with their contacts, inside one workspace only', () => {
    const a = contact('a', { name: 'Ana Lima' });
    const b = contact('b', { name: 'Ana Lima' });
    const records = contactMatchRecords(
      [a, b],
      [identity('b', 'email', 'ana@x.com'), identity('a', 'phone', '+351912345678')],
    );
    expect(records.map((r) => [r.id, r.values.email, r.values.phone])).toEqual([
      ['a', undefined, '+351912345678'],
      ['b', 'ana@x.com', undefined],
    ]);
    const other = { ...contact('c', {}), workspaceId: 'other' };
    expect(() => contactMatchRecords([a, other], [])).toThrow(
      expect.objectContaining({ field: 'workspaceId' }),
    );
    expect(() => contactMatchRecords([a], [identity('zzz', 'email', 'z@x.com')])).toThrow(ValidationError);
  });

  it('finds duplicate contacts with the default contact configuration', () => {
    const people = generateContacts(3000, 21);
    const contacts = people.map((p) =>
      contact(p.id, {
        firstName: p.first_name,
        lastName: p.last_name,
        ...(p.email ? { email: p.email } : {}),
        ...(p.phone ? { phone: p.phone } : {}),
        ...(p.city ? { address: { city: p.city } } : {}),
      }),
    );
    const result = dedupe(
      contacts.map((c) => contactToMatchRecord(c, [])),
      { config: CONTACT_MATCH_CONFIG, explain: false },
    );
    const person = new Map(people.map((p) => [p.id, p.person]));
    let correct = 0;
    let predicted = 0;
    const groups = new Map<string, string[]>();
    result.clusterIds.forEach((cluster, i) => {
      groups.set(cluster, [...(groups.get(cluster) ?? []), people[i]!.id]);
    });
    for (const g of groups.values()) {
      for (let a = 0; a < g.length; a++) {
        for (let b = a + 1; b < g.length; b++) {
          predicted++;
          if (person.get(g[a]!) === person.get(g[b]!)) correct++;
        }
      }
    }
    expect(predicted).toBeGreaterThan(500);
    expect(correct / predicted).toBeGreaterThan(0.98);
  });
});
