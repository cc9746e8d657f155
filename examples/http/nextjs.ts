/**
 * The contactkit API as a Next.js (App Router) route handler. Save this file as
 * `app/api/v1/[...path]/route.ts` in your Next.js app: Next calls each exported method with the web
 * `Request`, which is exactly what the handler takes. Next.js is not a dependency of contactkit, and this
 * file needs nothing from it; contactkit's tests call its exports the way Next does.
 *
 * In your own project the imports are `contactkit`, `contactkit/http` and a store adapter; build the kit
 * once per process (a module-level constant, as here), not per request.
 */
import { MemoryStore } from '../../adapters/memory/index.js';
import { apiKeyAuthenticator, createHttpHandler, parseApiKeys } from '../../src/http/index.js';
import { createContactkit } from '../../src/service/index.js';

// node: the SQLite and Postgres adapters, and the import spool, need Node's APIs.
export const runtime = 'nodejs';
// Every answer depends on the request: never cache or prerender it.
export const dynamic = 'force-dynamic';

const handler = createHttpHandler(createContactkit({ store: new MemoryStore() }), {
  authenticate: apiKeyAuthenticator(parseApiKeys(process.env.CONTACTKIT_API_KEYS ?? '')),
});

export const GET = handler;
export const POST = handler;
export const PATCH = handler;
export const PUT = handler;
export const DELETE = handler;
export const HEAD = handler;
