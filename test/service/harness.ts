import { MemoryStore } from '../../adapters/memory/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import { createContactkit } from '../../src/service/index.js';

/**
 * Every service over a fresh memory store with a fixed clock and counting ids, so runs are repeatable.
 * `service` is intake; `kit` has the others on the same context. `event` makes a message event, with a
 * message unless the test says otherwise (`message: undefined` for an event that carries none).
 */
export function setup(config: WorkspaceConfigInput = {}) {
  const store = new MemoryStore();
  let n = 0;
  const kit = createContactkit({
    store,
    config,
    clock: () => new Date('2026-06-01T12:00:00Z'),
    ids: () => `id${String(++n).padStart(6, '0')}`,
  });
  const service = kit.contacts;
  let seq = 0;
  const event = (overrides: Partial<ChatEventInput> & Pick<ChatEventInput, 'identities'>): ChatEventInput => {
    seq++;
    const type = overrides.type ?? 'message';
    return {
      workspaceId: 'ws',
      eventId: `evt-${seq}`,
      occurredAt: new Date(Date.UTC(2026, 4, 1, 10, 0, seq)),
      channel: 'web',
      type,
      ...(type === 'message' && !('message' in overrides) ? { message: { text: `message ${seq}` } } : {}),
      ...overrides,
    };
  };
  const read = (id: string) => service.getContact('ws', id);
  return { store, service, kit, event, read };
}
