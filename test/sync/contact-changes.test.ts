import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/model/domain-event.js';
import { contactChanges } from '../../src/sync/contact-changes.js';
import { NOW } from '../webhooks/support.js';

let position = 0;
const ev = (
  type: DomainEvent['type'],
  contactId: string,
  payload: DomainEvent['payload'] = {},
): DomainEvent => ({
  id: `e${++position}`,
  workspaceId: 'acme',
  type,
  contactId,
  at: NOW,
  payload: { contactId, ...payload },
  position,
});
const net = (events: DomainEvent[]) =>
  contactChanges(events).map((c) => [c.contactId, c.kind, ...(c.into ? [c.into] : [])]);

describe('what changed for a sync', () => {
  it('nets each contact’s events: made then updated is created', () => {
    expect(net([ev('contact.created', 'a'), ev('contact.updated', 'a'), ev('order.placed', 'b')])).toEqual([
      ['a', 'created'],
      ['b', 'updated'],
    ]);
  });

  it('says which contact went into which on a merge', () => {
    expect(net([ev('contact.created', 'b'), ev('contact.merged', 'a', { mergedIds: ['b', 'c'] })])).toEqual([
      ['b', 'merged', 'a'],
      ['c', 'merged', 'a'],
      ['a', 'updated'],
    ]);
  });

  it('brings contacts an undone merge restores back as created', () => {
    expect(
      net([
        ev('contact.merged', 'a', { mergedIds: ['b'] }),
        ev('contact.unmerged', 'a', { restoredIds: ['b'] }),
      ]),
    ).toEqual([
      ['b', 'created'],
      ['a', 'updated'],
    ]);
  });

  it('ends with a deletion or an erasure, whatever came before', () => {
    expect(
      net([
        ev('contact.updated', 'a'),
        ev('contact.erased', 'a'),
        ev('contact.created', 'b'),
        ev('contact.deleted', 'b'),
      ]),
    ).toEqual([
      ['a', 'erased'],
      ['b', 'deleted'],
    ]);
  });

  it('leaves out what changes no contact record, ordering by each contact’s last change', () => {
    expect(
      net([
        ev('contact.updated', 'a'),
        ev('note.added', 'b'),
        ev('follow_up.created', 'b'),
        ev('contact.status_changed', 'c'),
        ev('consent.changed', 'a'),
      ]),
    ).toEqual([
      ['c', 'updated'],
      ['a', 'updated'],
    ]);
    const last = contactChanges([ev('contact.updated', 'a'), ev('contact.grade_changed', 'a')])[0]!;
    expect(last.position).toBe(position);
  });
});
