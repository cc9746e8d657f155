import { type Context, Hono } from 'hono';
import { parseInput } from '../model/parse.js';
import { IdSchema } from '../model/primitives.js';
import type { Contactkit } from '../service/contactkit.js';
import { readJson } from './body.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';
import { type HttpOptions, type ResolvedHttpOptions, resolveOptions } from './options.js';
import { HttpProblem, problemOf, problemResponse, statusOfError } from './problem.js';
import { queryObject } from './query.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import { type AnyRoute, API_BASE, type JsonReply, pathPattern, type RouteDeps } from './route.js';
import { apiRoutes } from './routes/index.js';

/** The Hono environment of the app: the request id every handler and error answer carries. */
export type HttpEnv = { Variables: { requestId: string } };

/** A fetch-style handler of the API, with the Hono app and the OpenAPI document it serves. */
export interface HttpHandler {
  (request: Request): Promise<Response>;
  /** The Hono app, for a host that mounts it in its own (`host.route('/', handler.app)`). */
  readonly app: Hono<HttpEnv>;
  /** The OpenAPI 3.1 document served at `/api/v1/openapi.json`. */
  readonly document: OpenApiDocument;
  /** Every route, as declared: what the document and the app were built from. */
  readonly routes: readonly AnyRoute[];
}

function respond(reply: JsonReply): Response {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined)
    return new Response(null, { status: reply.status, headers });
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** Checks a JSON answer against the schema the document gives for its status. */
function checkReply(route: AnyRoute, reply: JsonReply): void {
  const schema = route.responses[reply.status]?.schema;
  if (reply.body === undefined && schema === undefined) return;
  const result = schema?.safeParse(reply.body);
  if (result?.success) return;
  const issues = result?.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
  throw new HttpProblem(
    500,
    'RESPONSE_MISMATCH',
    `${route.operationId} answered ${reply.status} with a body its documented schema refuses: ${
      schema ? issues.join('; ') : 'no schema is documented for this status'
    }`,
  );
}

/** One route as a Hono handler: authenticate, check the path, query and body, run, answer. */
function handlerOf(route: AnyRoute, deps: RouteDeps) {
  const { options } = deps;
  return async (c: Context<HttpEnv>): Promise<Response> => {
    const request = c.req.raw;
    const requestId = c.get('requestId');
    let workspaceId = '';
    if (!route.public) {
      const answer = await options.authenticate(request);
      if (answer instanceof Response) return answer;
      if (answer === null || answer === undefined) {
        throw new HttpProblem(
          401,
          'UNAUTHENTICATED',
          'no credentials, or credentials that open no workspace: send Authorization: Bearer <key>',
          {},
          { 'www-authenticate': 'Bearer realm="contactkit"' },
        );
      }
      if (!IdSchema.safeParse(answer).success)
        throw new Error('authenticate returned an invalid workspace id');
      workspaceId = answer;
    }
    const params = route.params ? parseInput(route.params, c.req.param(), 'path') : {};
    const query = route.query ? parseInput(route.query, queryObject(new URL(request.url)), 'query') : {};
    let body: unknown;
    if (route.body) {
      body = await readJson(request, options.bodyLimit, route.body.optional === true);
      if (route.body.validate !== false) parseInput(route.body.schema, body);
    }
    const reply = await route.handle({ workspaceId, params, query, body, request, requestId }, deps);
    if (reply instanceof Response) return reply;
    if (options.checkResponses) checkReply(route, reply);
    return respond(reply);
  };
}

/**
 * Sets the request id on the response in place; a response whose headers cannot change (a fetched one)
 * is copied first. In place, not copied, when it can: assigning `c.res` again makes Hono rebuild the
 * response, and under `@hono/node-server` the rebuilt one keeps the headers it was created with.
 */
function setRequestId(c: Context<HttpEnv>, requestId: string): void {
  try {
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
  } catch {
    const copy = new Response(c.res.body, c.res);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    c.res = copy;
  }
}

/**
 * Builds the Hono app of the API over a kit: every route of `routes` (default: all of
 * {@link apiRoutes}), the OpenAPI document, the reference page, and the answers every route shares (the
 * request id, problems for errors, 404 for an unknown route, 405 with `Allow` for a known path asked
 * with another method).
 *
 * @example
 * ```ts
 * const app = createHttpApp(kit, { authenticate: () => 'acme' });
 * host.route('/', app);
 * ```
 */
export function createHttpApp(
  kit: Contactkit,
  options: HttpOptions,
  routes: readonly AnyRoute[] = apiRoutes(),
): { app: Hono<HttpEnv>; document: OpenApiDocument; options: ResolvedHttpOptions } {
  const resolved = resolveOptions(options);
  const document = buildOpenApiDocument(routes);
  const deps: RouteDeps = { kit, options: resolved, document };
  const app = new Hono<HttpEnv>();
  app.use('*', async (c, next) => {
    const requestId = requestIdOf(c.req.raw, resolved.requestId);
    c.set('requestId', requestId);
    await next();
    setRequestId(c, requestId);
  });
  for (const route of routes) {
    app.on(route.method.toUpperCase(), `${API_BASE}${route.path}`, handlerOf(route, deps));
  }
  const patterns = routes.map((route) => ({
    method: route.method.toUpperCase(),
    pattern: pathPattern(route.path),
  }));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const allowed = [...new Set(patterns.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    const requestId = c.get('requestId');
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD');
      const allow = allowed.join(', ');
      return problemResponse(
        problemOf(
          new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here; use ${allow}`, {
            allow: allowed,
          }),
          path,
        ),
        requestId,
        { allow },
      );
    }
    return problemResponse(
      problemOf(
        new HttpProblem(404, 'ROUTE_NOT_FOUND', `no route ${path}; see ${API_BASE}/openapi.json`),
        path,
      ),
      requestId,
    );
  });
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? resolved.requestId();
    const path = new URL(c.req.url).pathname;
    if (statusOfError(error) >= 500) resolved.onError(error, c.req.raw, requestId);
    return problemResponse(
      problemOf(error, path),
      requestId,
      error instanceof HttpProblem ? error.headers : {},
    );
  });
  return { app, document, options: resolved };
}

/**
 * The API as one fetch-style handler, `(request: Request) => Promise<Response>`, over a kit: what
 * node:http (through `@hono/node-server`), Bun, Deno, workers and Next.js route handlers all call. The
 * Hono app is `handler.app`, the OpenAPI document `handler.document`.
 *
 * @example
 * ```ts
 * import { createContactkit } from 'contactkit';
 * import { apiKeyAuthenticator, createHttpHandler, parseApiKeys } from 'contactkit/http';
 *
 * const handler = createHttpHandler(createContactkit({ store }), {
 *   authenticate: apiKeyAuthenticator(parseApiKeys('k_live_1=acme')),
 * });
 * const response = await handler(new Request('http://localhost/api/v1/contacts/c_1', {
 *   headers: { authorization: 'Bearer k_live_1' },
 * }));
 * ```
 */
export function createHttpHandler(
  kit: Contactkit,
  options: HttpOptions,
  routes: readonly AnyRoute[] = apiRoutes(),
): HttpHandler {
  const { app, document } = createHttpApp(kit, options, routes);
  const handler = (request: Request) => Promise.resolve(app.fetch(request));
  return Object.assign(handler, { app, document, routes });
}
