/**
 * The contactkit API inside an Express app. Express is not a dependency of contactkit: install it in
 * your app (`npm install express`), and this file runs as it is (`npx tsx examples/http/express.ts`).
 * It is not run by contactkit's tests, and only its `express` import is unchecked by the type checker.
 *
 * `getRequestListener` (from `@hono/node-server`) turns the fetch-style handler into Express
 * middleware. Mount it before any body parser (`express.json()` would read the body first), and at the
 * root: the API's own paths start with /api/v1.
 *
 * In your own project the imports are `contactkit`, `contactkit/http` and a store adapter.
 */
import { getRequestListener } from '@hono/node-server';
// @ts-expect-error -- express is not installed in contactkit itself; it is in your app.
import express from 'express';
import { MemoryStore } from '../../adapters/memory/index.js';
import { apiKeyAuthenticator, createHttpHandler, parseApiKeys } from '../../src/http/index.js';
import { createContactkit } from '../../src/service/index.js';

const kit = createContactkit({ store: new MemoryStore() });
const contactkit = createHttpHandler(kit, {
  authenticate: apiKeyAuthenticator(parseApiKeys(process.env.CONTACTKIT_API_KEYS ?? '')),
});

const app = express();
// Requests under /api/v1 go to contactkit; everything else falls through to your routes.
const listener = getRequestListener(contactkit);
app.use('/api/v1', (req: { originalUrl: string; url: string }, res: unknown) => {
  // Express strips the mount path from req.url; the API wants the whole path back.
  req.url = req.originalUrl;
  return listener(req as never, res as never);
});
app.get('/health', (_req: unknown, res: { json(body: unknown): void }) => res.json({ ok: true }));
app.listen(8080, '127.0.0.1', () => console.log('Express with contactkit on http://127.0.0.1:8080/api/v1'));
