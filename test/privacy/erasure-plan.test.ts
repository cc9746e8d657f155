import { describe, expect, it } from 'vitest';
import { WorkspaceConfigSchema } from '../../src/model/workspace-config.js';
import { ERASED_TABLES, erasedEvent, planErasure } from '../../src/privacy/index.js';

describe('erasure plan', () => {
  it('by default keeps conversations and flow runs unlinked and deletes every other table, contacts last', () => {
    const plan = planErasure(['c1', 'c1', 'c2'], WorkspaceConfigSchema.parse({}));
    expect(plan.contactIds).toEqual(['c1', 'c2']);
    expect(plan.conversations).toBe('unlink');
    expect(plan.flowRuns).toBe('unlink');
    expect(plan.delete.at(-1)).toBe('contacts');
    expect([...plan.delete].sort()).toEqual(
      [
        'activities',
        'consents',
        'contacts',
        'identities',
        'merges',
        'notes',
        'orders',
        'outbox',
        'processedEvents',
        'suggestions',
      ].sort(),
    );
    expect(plan.delete).toEqual(ERASED_TABLES);
  });

  it('follows the workspace: conversations deleted, flow runs not kept', () => {
    const config = WorkspaceConfigSchema.parse({
      privacy: { conversationsOnErasure: 'delete' },
      retention: { keepFlowRunsOnDelete: false },
    });
    expect(planErasure(['c1'], config)).toMatchObject({ conversations: 'delete', flowRuns: 'delete' });
  });

  it('the erased event holds the opaque id and the time only', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const event = erasedEvent({ id: 'e1', workspaceId: 'ws', contactId: 'c1', at });
    expect(event).toEqual({
      id: 'e1',
      workspaceId: 'ws',
      type: 'contact.erased',
      contactId: 'c1',
      at,
      payload: { contactId: 'c1', erasedAt: '2026-06-01T00:00:00.000Z' },
    });
  });
});
