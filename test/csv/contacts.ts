import type { ExportRecord } from '../../src/csv/export/columns.js';
import type { Contact } from '../../src/model/contact.js';

const at = new Date('2024-01-02T03:04:05Z');

/** A stored contact with its identities, as a repository would hand it to the export writers. */
export function exportRecord(
  n: number,
  overrides: Partial<Contact> = {},
  identities: ExportRecord['identities'] = [
    { type: 'email', value: `user${n}@example.com` },
    { type: 'phone', value: `+1415555${String(n).padStart(4, '0')}` },
  ],
): ExportRecord {
  return {
    contact: {
      id: `c${n}`,
      workspaceId: 'w1',
      kind: 'lead',
      profile: { name: `User ${n}`, firstName: 'User', lastName: String(n) },
      fieldOrigins: {},
      tags: ['vip'],
      customFields: {},
      source: 'import',
      channels: ['web'],
      stats: { conversations: 1, messages: 3, firstSeenAt: at, lastSeenAt: at, orders: 0, amountSpent: 0 },
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...overrides,
    },
    identities,
  };
}
