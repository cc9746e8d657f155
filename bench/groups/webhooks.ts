import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { createContactkit } from '../../src/service/contactkit.js';
import {
  addRelayReports,
  createRelay,
  emptyRelayReport,
  type RelayReport,
} from '../../src/service/webhook-relay.js';
import { webhookBody } from '../../src/webhooks/signature.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';

const EVENTS = Number(process.env.CONTACTKIT_BENCH_WEBHOOK_EVENTS ?? 20_000);
const WORKSPACES = 4;
const CONTACTS = 2_000;
const CONCURRENCY = 64;

/*
 * `webhooks.deliveries_per_s`: events already in the log of a SQLite store (4 workspaces, one endpoint
 * each, 2,000 contacts), delivered by one relay to a local receiver in another process (it answers 204
 * at once): planning, ordering per contact, signing, the POSTs and the delivery log, from the first
 * claim to the last recorded attempt. The baseline sends the same number of signed POSTs (the same
 * bodies, signed with standardwebhooks) to the same receiver from a bare loop with the same
 * concurrency over keep-alive connections: what the network part alone costs.
 */

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(204); res.end(); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function startReceiver(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}/hook`, child };
}

/** Appends `EVENTS` published events, spread over workspaces and contacts. */
async function seed(store: SqliteStore, url: string): Promise<DomainEvent[]> {
  const kit = createContactkit({ store, webhooks: { allowPrivateAddresses: true } });
  const at = new Date('2026-06-01T12:00:00Z');
  for (let w = 0; w < WORKSPACES; w++) await kit.webhooks.create(`bench_${w}`, { url });
  const per = Math.ceil(EVENTS / WORKSPACES);
  for (let w = 0; w < WORKSPACES; w++) {
    const ws = `bench_${w}`;
    for (let i = 0; i < per; i += 1000) {
      const entries: LogEntry[] = [];
      for (let j = i; j < Math.min(per, i + 1000); j++) {
        const contactId = `c${j % CONTACTS}`;
        entries.push({
          workspaceId: ws,
          id: `${ws}_e${j}`,
          contactId,
          at,
          recordedAt: at,
          event: { type: 'contact.updated', payload: { contactId, changed: ['profile.firstName'], n: j } },
        });
      }
      await store.transaction(ws, (tx) => tx.log.append(entries));
    }
  }
  const events: DomainEvent[] = [];
  for (let w = 0; w < WORKSPACES; w++) {
    let after = 0;
    for (;;) {
      const page = await store.transaction(`bench_${w}`, (tx) => tx.log.events({ after, limit: 1000 }));
      if (page.length === 0) break;
      events.push(...page);
      after = page.at(-1)!.position!;
    }
  }
  return events;
}

async function relayRate(store: SqliteStore): Promise<{ rate: number; report: RelayReport }> {
  const relay = createRelay(store, {
    concurrency: CONCURRENCY,
    batchSize: 1000,
    maxChain: 50,
    roundsPerLease: 1000,
    allowPrivateAddresses: true,
  });
  const total = emptyRelayReport();
  const start = performance.now();
  for (;;) {
    const report = await relay.runOnce();
    addRelayReports(total, report);
    if (report.workspaces === 0) break;
  }
  const seconds = (performance.now() - start) / 1000;
  await relay.stop();
  if (total.delivered !== EVENTS) throw new Error(`bench: ${total.delivered} of ${EVENTS} delivered`);
  return { rate: total.delivered / seconds, report: total };
}

/** The same number of signed POSTs from a bare loop with the same concurrency. */
async function bareRate(events: readonly DomainEvent[], url: string, secret: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const signer = new Webhook(secret);
  const target = new URL(url);
  const post = (event: DomainEvent) =>
    new Promise<void>((resolve, reject) => {
      const body = webhookBody(event);
      const now = new Date();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'webhook-id': event.id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signer.sign(event.id, now, body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 204 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < events.length) await post(events[next++]!);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return events.length / seconds;
}

const group: BenchGroup = {
  name: 'webhooks',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'contactkit-bench-webhooks-'));
    const { url, child } = await startReceiver();
    const db = new Database(join(dir, 'webhooks.db'));
    try {
      const store = await SqliteStore.open(db);
      const events = await seed(store, url);
      console.error(`webhooks: ${events.length} events in ${WORKSPACES} workspaces, receiver at ${url}`);
      const bare = await bareRate(events, url, `whsec_${Buffer.alloc(32, 1).toString('base64')}`);
      const { rate } = await relayRate(store);
      return [result('webhooks.deliveries_per_s', rate, 'per_s', bare)];
    } finally {
      db.close();
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default group;
