/**
 * The contactkit API on plain node:http: `@hono/node-server` turns the fetch-style handler into a
 * request listener. Run it with `npx tsx examples/http/node-http.ts`, then:
 *
 *   curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8080/api/v1/openapi.json
 *
 * In your own project the imports are `contactkit`, `contactkit/http` and `contactkit/sqlite` (or
 * `contactkit/postgres`); the memory store here keeps nothing once the process ends.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { MemoryStore } from '../../adapters/memory/index.js';
import { apiKeyAuthenticator, createHttpHandler, parseApiKeys } from '../../src/http/index.js';
import { createContactkit } from '../../src/service/index.js';

/** Starts the API on `port` (0: any free port) with `keys` (`key=workspace,…`); resolves once it listens. */
export async function start(
  port = 8080,
  keys = process.env.CONTACTKIT_API_KEYS,
): Promise<{ server: Server; url: string; key: string }> {
  // A key made up for this run when none is given: never ship a fixed one.
  const key = keys ? '' : randomBytes(24).toString('base64url');
  const kit = createContactkit({ store: new MemoryStore() });
  const handler = createHttpHandler(kit, {
    authenticate: apiKeyAuthenticator(parseApiKeys(keys ?? `${key}=demo`)),
  });
  const server = createServer(getRequestListener(handler));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return { server, url, key };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url, key } = await start();
  console.log(`contactkit API on ${url}/api/v1 (reference: ${url}/api/v1/docs)`);
  if (key) console.log(`workspace "demo", key: ${key}`);
}
