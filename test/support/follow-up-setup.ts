import { MemoryStore } from '../../adapters/memory/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactkit } from '../../src/service/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
// A Monday, 09:00 UTC: outside the default quiet hours (21:00–08:00, UTC).
export const T0 = Date.UTC(2026, 5, 1, 9);

/** A kit whose clock a test moves, on the given store (memory by default). */
export function followUpSetup(config: WorkspaceConfigInput = {}, store: ContactStore = new MemoryStore()) {
  let now = new Date(T0);
  let seq = 0;
  const kit = createContactkit({ store, config, clock: () => now });
  const send = (e: Partial<ChatEventInput>) =>
    kit.contacts.ingest({
      workspaceId: 'ws',
      eventId: `e${++seq}`,
      occurredAt: now,
      channel: 'web',
      identities: { email: 'ana@example.com' },
      ...e,
    } as ChatEventInput);
  const customer = (conversationId: string, text = 'hi', extra: Partial<ChatEventInput> = {}) =>
    send({ conversation: { id: conversationId }, message: { text }, ...extra });
  const ai = (conversationId: string, text = 'Shall I reserve it for you?', question = true) =>
    send({ conversation: { id: conversationId }, message: { text, role: 'ai', markers: { question } } });
  const at = (ms: number) => {
    now = new Date(T0 + ms);
    return now;
  };
  const timeline = async (contactId: string) =>
    (await kit.contacts.listTimeline('ws', contactId, { limit: 200 })).items.map((a) => a.type);
  const outbox = () => store.transaction('ws', (tx) => tx.log.events({ limit: 1000 }));
  return { kit, store, send, customer, ai, at, timeline, outbox };
}
