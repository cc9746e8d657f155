import { API_CHANNEL, IMPORT_CHANNEL } from '../model/chat-event.js';
import type { Contact, ContactSource } from '../model/contact.js';

/** What a brand-new contact is made from. */
export interface NewContactInput {
  readonly id: string;
  readonly workspaceId: string;
  /** When the person was first seen (the event's time). */
  readonly seenAt: Date;
  /** When the record is written (the clock). */
  readonly now: Date;
  readonly source: ContactSource;
  readonly channel: string;
}

/**
 * A new lead with empty profile and zeroed stats, first and last seen at `seenAt`. Pure.
 *
 * @example
 * ```ts
 * newContact({ id: 'c1', workspaceId: 'ws', seenAt, now, source: 'chat_widget', channel: 'web' })
 * ```
 */
export function newContact(input: NewContactInput): Contact {
  return {
    id: input.id,
    workspaceId: input.workspaceId,
    kind: 'lead',
    profile: {},
    fieldOrigins: {},
    tags: [],
    customFields: {},
    source: input.source,
    channels: input.channel === API_CHANNEL ? [] : [input.channel],
    stats: {
      conversations: 0,
      messages: 0,
      firstSeenAt: input.seenAt,
      lastSeenAt: input.seenAt,
      orders: 0,
      amountSpent: 0,
    },
    createdAt: input.now,
    updatedAt: input.now,
    version: 1,
  };
}

/** The contact source an event on a channel implies, when the host does not say. */
export function sourceForChannel(channel: string): ContactSource {
  if (channel === 'email') return 'email';
  if (channel === IMPORT_CHANNEL) return 'import';
  if (channel === API_CHANNEL) return 'api';
  return 'chat_widget';
}
