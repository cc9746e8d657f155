import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/model/contact.js';
import {
  buildSubjectExport,
  SubjectExportSchema,
  scoresOf,
  subjectExportToJson,
} from '../../src/privacy/index.js';

const at = new Date('2026-06-01T00:00:00Z');
const contact: Contact = {
  id: 'c1',
  workspaceId: 'ws',
  kind: 'customer',
  profile: { email: 'ana@example.com' },
  fieldOrigins: {},
  tags: [],
  customFields: {},
  source: 'api',
  channels: [],
  stats: { conversations: 0, messages: 0, firstSeenAt: at, lastSeenAt: at, orders: 0, amountSpent: 0 },
  createdAt: at,
  updatedAt: at,
  version: 1,
};

describe('subject export', () => {
  it('puts consent in force next to the records and validates against its schema', () => {
    const consents = [
      {
        workspaceId: 'ws',
        id: 'k1',
        contactId: 'c1',
        purpose: 'email',
        status: 'granted' as const,
        at,
        source: 'api',
      },
    ];
    const doc = buildSubjectExport(
      {
        contact,
        identities: [],
        timeline: [],
        consents,
        merges: [],
        conversations: [],
        orders: [],
        notes: [],
        flowRuns: [],
        scoreLedger: [],
        followUps: [],
        reviewItems: [],
        reminders: [],
      },
      at,
    );
    expect(doc.consent.inForce.email?.id).toBe('k1');
    expect(doc.workspaceId).toBe('ws');
    expect(SubjectExportSchema.safeParse(doc).success).toBe(true);
    expect(JSON.parse(subjectExportToJson(doc)).contact.createdAt).toBe('2026-06-01T00:00:00.000Z');
  });

  it('scores hold the kind, the stored classification and a stage set by hand, as JSON', () => {
    expect(scoresOf(contact)).toEqual({ kind: 'customer' });
    const scored = {
      ...contact,
      manualStage: 'closing',
      classification: { grade: 'A', score: 42, classifiedAt: at },
    } as unknown as Contact;
    expect(scoresOf(scored)).toEqual({
      kind: 'customer',
      classification: { grade: 'A', score: 42, classifiedAt: at.toISOString() },
      manualStage: 'closing',
    });
  });
});
