import { MemoryStore } from '../../adapters/memory/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import type { ContactStore } from '../../src/ports/store.js';
import { createContactkit } from '../../src/service/contactkit.js';
import {
  addRelayReports as addReports,
  createRelay,
  emptyRelayReport as emptyReport,
  type RelayOptions,
} from '../../src/service/webhook-relay.js';
import type {
  WebhookRequest,
  WebhookResponse,
  WebhookTransport,
} from '../../src/service/webhook-transport.js';
import { NOW } from './support.js';

export {
  addRelayReports as addReports,
  emptyRelayReport as emptyReport,
} from '../../src/service/webhook-relay.js';

/**
 * A kit over a store, with a clock the test moves, counting ids, and a relay whose transport records
 * every request and answers as the test says (200 by default). `pass()` runs relay passes until one
 * finds nothing to do.
 */
export function relaySetup(options: { store?: ContactStore; relay?: RelayOptions; http?: boolean } = {}) {
  const store = options.store ?? new MemoryStore();
  let now = new Date(NOW);
  let n = 0;
  const kit = createContactkit({
    store,
    clock: () => now,
    ids: () => `id${String(++n).padStart(6, '0')}`,
    webhooks: { allowPrivateAddresses: true },
  });
  const sent: WebhookRequest[] = [];
  let answer: (request: WebhookRequest) => WebhookResponse | Promise<WebhookResponse> = () => ({
    status: 200,
  });
  const transport: WebhookTransport = async (request) => {
    sent.push(request);
    return answer(request);
  };
  const relay = createRelay(kit, {
    // Over HTTP: the default transport, to whatever the endpoints' URLs point at.
    ...(options.http ? {} : { transport }),
    random: () => 0.5,
    timeoutMs: 1000,
    leaseMs: 10_000,
    ...options.relay,
  });
  let seq = 0;
  const event = (email: string, extra: Partial<ChatEventInput> = {}): ChatEventInput => ({
    workspaceId: 'ws',
    eventId: `evt-${++seq}`,
    occurredAt: new Date(now.getTime() - 1000),
    channel: 'web',
    identities: { email },
    message: { text: `message ${seq}` },
    ...extra,
  });
  return {
    store,
    kit,
    relay,
    sent,
    event,
    now: () => now,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    answer: (fn: typeof answer) => {
      answer = fn;
    },
    /** Relay passes until one claims nothing (at most 100). */
    pass: async () => {
      const total = emptyReport();
      for (let i = 0; i < 100; i++) {
        const report = await relay.runOnce();
        addReports(total, report);
        if (report.workspaces === 0) return total;
      }
      throw new Error('the relay never ran out of work');
    },
    /** The event ids of the requests sent so far, in order. */
    sentIds: () => sent.map((r) => r.headers['webhook-id']!),
    /** The bodies sent, parsed. */
    sentBodies: () => sent.map((r) => JSON.parse(r.body) as { type: string; contactId?: string; id: string }),
  };
}
