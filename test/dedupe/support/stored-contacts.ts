import type { Contact, ContactSource } from '../../../src/model/contact.js';
import type { Identity } from '../../../src/model/identity.js';
import { normalizeEmail } from '../../../src/normalize/email.js';
import type { ContactStore } from '../../../src/ports/store.js';
import type { ChatContact } from './chat-contacts.js';

/**
 * Chat-list rows as a workspace would hold them: a contact with its profile and the identities a host
 * would have stored (normalized emails, international numbers, channel accounts). Each identity is
 * unique in the workspace, as the store requires: a second row with the same one keeps it only as the
 * profile's display copy, as intake would have.
 */

const SOURCES: Readonly<Record<string, ContactSource>> = {
  web_chat: 'chat_widget',
  telegram: 'chat_widget',
  messenger: 'chat_widget',
  whatsapp: 'chat_widget',
  lead_form: 'lead_form',
  crm_import: 'import',
  mailchimp: 'import',
};

/**
 * A number as a host stores it when it can tell the country: `+` and the digits of a number written
 * internationally (`+44…`, `0044…`, `44…` of 11+ digits); null for a national number (`07…`), which
 * stays a display copy on the profile.
 */
export function storedPhone(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits.length >= 8 ? `+${digits}` : null;
  if (digits.startsWith('00')) return digits.length >= 10 ? `+${digits.slice(2)}` : null;
  if (digits.startsWith('0')) return null;
  return digits.length >= 11 ? `+${digits}` : null;
}

function storedEmail(raw: string): string | null {
  try {
    return normalizeEmail(raw).value;
  } catch {
    return null;
  }
}

/** Builds contacts and identities from rows; `taken` holds the identity keys already used in the workspace. */
export function storedContacts(
  rows: readonly ChatContact[],
  options: { readonly workspaceId: string; readonly now: Date; readonly taken?: Set<string> },
): { contacts: Contact[]; identities: Identity[] } {
  const { workspaceId, now } = options;
  const taken = options.taken ?? new Set<string>();
  const contacts: Contact[] = [];
  const identities: Identity[] = [];
  for (const row of rows) {
    const id = row.id;
    const add = (type: string, value: string | null, raw: string) => {
      if (value === null || taken.has(`${type}:${value}`)) return;
      taken.add(`${type}:${value}`);
      identities.push({ workspaceId, contactId: id, type, value, raw, verified: false, firstSeenAt: now });
    };
    if (row.email) add('email', storedEmail(row.email), row.email);
    const phone = row.phone || row.whatsapp;
    if (phone) add('phone', storedPhone(phone), phone);
    if (row.telegram) add('telegram', row.telegram.replace(/^@/, '').toLowerCase(), row.telegram);
    if (row.messenger_id) add('messenger', row.messenger_id, row.messenger_id);
    const channels =
      row.source === 'web_chat' ? ['web'] : SOURCES[row.source] === 'chat_widget' ? [row.source] : [];
    contacts.push({
      id,
      workspaceId,
      kind: 'lead',
      profile: {
        ...(row.name ? { name: row.name } : {}),
        ...(row.first_name ? { firstName: row.first_name } : {}),
        ...(row.last_name ? { lastName: row.last_name } : {}),
        ...(row.email ? { email: row.email } : {}),
        ...(phone ? { phone } : {}),
        ...(row.company ? { company: row.company } : {}),
        ...(row.city ? { address: { city: row.city } } : {}),
      },
      fieldOrigins: {},
      tags: [],
      customFields: {},
      source: SOURCES[row.source] ?? 'api',
      channels,
      stats: { conversations: 1, messages: 3, firstSeenAt: now, lastSeenAt: now, orders: 0, amountSpent: 0 },
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  }
  return { contacts, identities };
}

/**
 * Writes rows into a store through its port, `batch` contacts a transaction (contacts, then their
 * identities), as a host migrating a list would.
 */
export async function storeChatContacts(
  store: ContactStore,
  workspaceId: string,
  rows: readonly ChatContact[],
  options: { readonly now?: Date; readonly batch?: number } = {},
): Promise<void> {
  const now = options.now ?? new Date('2026-01-01T00:00:00Z');
  const batch = options.batch ?? 10_000;
  const taken = new Set<string>();
  for (let start = 0; start < rows.length; start += batch) {
    const { contacts, identities } = storedContacts(rows.slice(start, start + batch), {
      workspaceId,
      now,
      taken,
    });
    await store.transaction(workspaceId, async (tx) => {
      await tx.contacts.insertMany(contacts);
      await tx.identities.insertMany(identities);
    });
  }
}
