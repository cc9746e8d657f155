import { z } from 'zod';
import type { Contactkit } from '../service/contactkit.js';
import type { OpenApiDocument } from './openapi.js';
import type { ResolvedHttpOptions } from './options.js';

/** The prefix of every route of the API. */
export const API_BASE = '/api/v1';

/** The methods routes are declared with. */
export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** One documented response of a route. */
export interface ResponseSpec {
  readonly description: string;
  /** The JSON body (its output side: what the server writes). Absent for an empty body. */
  readonly schema?: z.ZodType;
  /** A body that is not JSON (an export file): the media types it may have. */
  readonly media?: readonly string[];
  /** Headers the response carries, by name, with what they say. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a route's handler is given: the workspace, and the request's checked parts. */
export interface RouteInput<P, Q, B> {
  /** The workspace the request acts in, as `authenticate` said; empty for a public route. */
  readonly workspaceId: string;
  /** Path parameters, parsed by the route's `params` schema. */
  readonly params: P;
  /** Query parameters, parsed by the route's `query` schema. */
  readonly query: Q;
  /**
   * The JSON body as received, checked against the route's `body` schema (unless `validate` is false):
   * the services take their input unparsed and parse it themselves, once more, at their own door.
   */
  readonly body: B;
  readonly request: Request;
  readonly requestId: string;
}

/** What handlers share: the services, the handler's options, the document it serves. */
export interface RouteDeps {
  readonly kit: Contactkit;
  readonly options: ResolvedHttpOptions;
  readonly document: OpenApiDocument;
}

/** A JSON answer: a status, a body to serialise (absent for 204), extra headers. */
export interface JsonReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler returns: a JSON answer, or a whole `Response` (a streamed export, a page). */
export type Reply = JsonReply | Response;

/**
 * One route of the API, declared once: its method, path, schemas and responses make both its checks and
 * its entry in the OpenAPI document, so the two cannot drift apart.
 */
export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** Under {@link API_BASE}, with `:name` parameters: `/contacts/:contactId`. */
  readonly path: string;
  readonly operationId: string;
  /** The area it belongs to (one route module each): `contacts`, `events`… */
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: P;
  readonly query?: Q;
  /**
   * A JSON body. `validate: false` leaves every check to the service (events, for per-event outcomes);
   * `optional: true` takes a request without a body as `{}` (an undo that names no actor).
   */
  readonly body?: {
    readonly schema: B;
    readonly description?: string;
    readonly validate?: boolean;
    readonly optional?: boolean;
  };
  /** A body that is not JSON, read by the handler itself as a stream (a CSV upload). */
  readonly upload?: { readonly media: readonly string[]; readonly description: string };
  /** The answers it gives besides the problems every route may give. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Statuses of problems this route gives beyond the common ones (404, 409…), with when. */
  readonly problems?: Readonly<Record<number, string>>;
  /** Served without `authenticate` (the OpenAPI document and the reference page). */
  readonly public?: boolean;
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.input<B>>, deps: RouteDeps): Promise<Reply>;
}

/** A route of any schemas, as route lists hold them. */
export type AnyRoute = Route<z.ZodType, z.ZodType, z.ZodType>;

/**
 * Declares a route, keeping its schemas' types for the handler.
 *
 * @example
 * ```ts
 * export const getThing = defineRoute({
 *   method: 'get', path: '/things/:id', operationId: 'getThing', tag: 'things', summary: 'A thing',
 *   params: z.object({ id: IdSchema }),
 *   responses: { 200: { description: 'The thing', schema: ThingSchema } },
 *   handle: async ({ workspaceId, params }, { kit }) => ({ status: 200, body: await read(workspaceId, params.id) }),
 * });
 * ```
 */
export function defineRoute<
  P extends z.ZodType = z.ZodObject<Record<never, never>>,
  Q extends z.ZodType = z.ZodObject<Record<never, never>>,
  B extends z.ZodType = z.ZodUndefined,
>(route: Route<P, Q, B>): AnyRoute {
  return route as unknown as AnyRoute;
}

/** `/contacts/:contactId` → `/contacts/{contactId}`, as OpenAPI writes paths. */
export function openApiPath(path: string): string {
  return `${API_BASE}${path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A matcher of a route's full path, parameters matching one segment each. */
export function pathPattern(path: string): RegExp {
  const source = `${API_BASE}${path}`
    .split(/(:[A-Za-z0-9_]+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** A JSON answer with status 200. */
export const ok = (body: unknown, headers?: Record<string, string>): JsonReply => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

/** A JSON answer with status 201 and the new record's `Location`. */
export const created = (body: unknown, location: string): JsonReply => ({
  status: 201,
  body,
  headers: { location: `${API_BASE}${location}` },
});

/** An empty answer with status 204. */
export const noContent = (): JsonReply => ({ status: 204 });

/** The empty object schema of a route without parameters. */
export const NoInput = z.object({});
