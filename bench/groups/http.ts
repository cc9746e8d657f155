import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { apiKeyAuthenticator, createHttpHandler, parseApiKeys } from '../../src/http/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { createContactkit } from '../../src/service/index.js';
import { type BenchGroup, cpuSecondsSince, result } from '../harness.js';
import { generateEventMix } from '../support/event-mix.js';

/** Events per run (`CONTACTKIT_BENCH_HTTP_EVENTS` makes a quick run smaller). */
const EVENTS = Number(process.env.CONTACTKIT_BENCH_HTTP_EVENTS ?? 50_000);
const BATCH = 1_000;
const KEY = 'bench-key-0123456789abcdef';

/** The request bodies of `events`, a batch each. */
function bodiesOf(events: readonly ChatEventInput[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += BATCH)
    bodies.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
  return bodies;
}

/** Sends the bodies to `base` with `key`, one request after the other, checking every event went in. */
async function overHttp(base: string, key: string, bodies: readonly string[]): Promise<void> {
  for (const body of bodies) {
    const response = await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"ok":false'))
      throw new Error(`bench: ${response.status} ${text.slice(0, 300)}`);
  }
}

/** Times `fn`: events per wall second and per CPU-second of this process (client and server both). */
async function timed(count: number, fn: () => Promise<void>): Promise<{ rate: number; cpuRate: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  return { rate: count / ((performance.now() - start) / 1000), cpuRate: count / cpuSecondsSince(cpu) };
}

/**
 * `http.events.per_s`: the realistic event mix in batches of 1,000 through `POST /api/v1/events` on a real
 * node:http server on 127.0.0.1 (a SQLite file store, as the issue asks), the client in the
 * same process with its request bodies serialised before the clock starts (a real client pays for that
 * on its own machine). Baseline: the same batches through `kit.contacts.ingestBatch` on a fresh store of
 * the same kind, in the same run. The target is a ratio of at least 0.8.
 */
const group: BenchGroup = {
  name: 'http',
  async run() {
    const events = generateEventMix(EVENTS, { workspaceId: 'bench' });
    const warmup = generateEventMix(Math.min(EVENTS, 5_000), { workspaceId: 'warm', seed: 7 });

    const dir = mkdtempSync(join(tmpdir(), 'contactkit-bench-http-'));
    const stores: SqliteStore[] = [];
    const sqlite = async (name: string) => {
      const store = await SqliteStore.open(new Database(join(dir, `${name}.db`)));
      stores.push(store);
      return store;
    };
    const directKit = createContactkit({ store: await sqlite('direct'), batchSize: BATCH });
    const ingestAll = async (list: readonly ChatEventInput[]) => {
      for (let i = 0; i < list.length; i += BATCH) {
        const results = await directKit.contacts.ingestBatch(list.slice(i, i + BATCH));
        if (results.some((r) => !r.ok)) throw new Error('bench: an event was refused');
      }
    };
    await ingestAll(warmup);
    const direct = await timed(events.length, () => ingestAll(events));

    const kit = createContactkit({ store: await sqlite('http'), batchSize: BATCH });
    const handler = createHttpHandler(kit, {
      authenticate: apiKeyAuthenticator(parseApiKeys(`${KEY}=bench,${KEY}-warm=warm`)),
      docs: false,
    });
    const server = createAdaptorServer({ fetch: handler }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await overHttp(base, `${KEY}-warm`, bodiesOf(warmup));
      const bodies = bodiesOf(events);
      const http = await timed(events.length, () => overHttp(base, KEY, bodies));
      return [
        result('http.events.per_s', http.rate, 'events/s', direct.rate),
        result('http.events.per_cpu_s', http.cpuRate, 'events/s', direct.cpuRate),
      ];
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default group;
