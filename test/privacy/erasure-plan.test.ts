import { describe, expect, it } from 'vitest';
import { WorkspaceConfigSchema } from '../../src/model/workspace-config.js';
import { erasedEntry, planErasure } from '../../src/privacy/index.js';

describe('erasure plan', () => {
  it('by default keeps conversations and flow runs, unlinked, and erases every other row', () => {
    const plan = planErasure(['c1', 'c1', 'c2'], WorkspaceConfigSchema.parse({}));
    expect(plan).toEqual({ contactIds: ['c1', 'c2'], unlink: ['conversations', 'flowRuns'] });
  });

  it('follows the workspace: conversations deleted, flow runs not kept', () => {
    const config = WorkspaceConfigSchema.parse({
      privacy: { conversationsOnErasure: 'delete' },
      retention: { keepFlowRunsOnDelete: false },
    });
    expect(planErasure(['c1'], config).unlink).toEqual([]);
  });

  it('the erased entry is published with the opaque id and the time only, and is on no timeline', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const entry = erasedEntry({ id: 'e1', workspaceId: 'ws', contactId: 'c1', at });
    expect(entry).toEqual({
      id: 'e1',
      workspaceId: 'ws',
      contactId: 'c1',
      at,
      recordedAt: at,
      event: { type: 'contact.erased', payload: { contactId: 'c1', erasedAt: '2026-06-01T00:00:00.000Z' } },
    });
  });
});
