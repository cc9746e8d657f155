import type { Activity } from '../model/activity.js';
import type { Contact } from '../model/contact.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { Identity } from '../model/identity.js';

/** A fixed instant, so fixtures are the same on every run. */
export const FIXTURE_TIME = new Date('2026-01-15T10:00:00.000Z');

/** A valid contact with every required field; override what a test cares about. */
export function makeContact(workspaceId: string, id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    workspaceId,
    kind: 'lead',
    profile: { name: `Person ${id}` },
    fieldOrigins: { name: 'host' },
    tags: [],
    customFields: {},
    source: 'chat_widget',
    channels: ['web'],
    stats: {
      conversations: 0,
      messages: 0,
      firstSeenAt: FIXTURE_TIME,
      lastSeenAt: FIXTURE_TIME,
      orders: 0,
      amountSpent: 0,
    },
    createdAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    version: 1,
    ...overrides,
  };
}

/** A valid identity of a contact. */
export function makeIdentity(
  workspaceId: string,
  contactId: string,
  type: string,
  value: string,
  overrides: Partial<Identity> = {},
): Identity {
  return {
    workspaceId,
    contactId,
    type,
    value,
    raw: value,
    verified: false,
    firstSeenAt: FIXTURE_TIME,
    ...overrides,
  };
}

/** A valid activity entry. */
export function makeActivity(
  workspaceId: string,
  contactId: string,
  id: string,
  overrides: Partial<Activity> = {},
): Activity {
  return { id, workspaceId, contactId, type: 'message', at: FIXTURE_TIME, data: {}, ...overrides };
}

/** A valid outbox event. */
export function makeDomainEvent(
  workspaceId: string,
  contactId: string,
  id: string,
  overrides: Partial<DomainEvent> = {},
): DomainEvent {
  return {
    id,
    workspaceId,
    contactId,
    type: 'contact.created',
    at: FIXTURE_TIME,
    payload: { contactId },
    ...overrides,
  };
}
