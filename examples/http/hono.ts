/**
 * The contactkit API inside a Hono app of your own: mount its routes next to yours, and let your own
 * session decide the workspace. Run it with `npx tsx examples/http/hono.ts`.
 *
 * In your own project the imports are `contactkit`, `contactkit/http` and a store adapter.
 */
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { MemoryStore } from '../../adapters/memory/index.js';
import { bearerToken, createHttpHandler } from '../../src/http/index.js';
import { createContactkit } from '../../src/service/index.js';

/** Your own sessions: a token → the workspace it belongs to (a database lookup in a real app). */
const sessions = new Map([['session-token-of-acme', 'acme']]);

/** The host app: its own routes, and contactkit's under /api/v1. */
export function hostApp(): Hono {
  const kit = createContactkit({ store: new MemoryStore() });
  const contactkit = createHttpHandler(kit, {
    // Any check of yours: return the workspace id, or null for a 401.
    authenticate: (request) => sessions.get(bearerToken(request) ?? '') ?? null,
  });
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/', contactkit.app);
  return app;
}

/** Serves the host app on `port` (0: any free port); resolves once it listens. */
export async function start(port = 8080): Promise<{ server: Server; url: string }> {
  const app = hostApp();
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
      resolve({ server: server as Server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await start();
  console.log(`host app on ${url}: /health, and contactkit under ${url}/api/v1`);
  console.log(
    'try: curl -H "Authorization: Bearer session-token-of-acme" -X POST -H "content-type: application/json" -d "{}" ' +
      `${url}/api/v1/contacts`,
  );
}
