/**
 * The HTTP API of contactkit: a fetch-style handler over the services, with the OpenAPI document
 * generated from the same zod schemas and every error as an RFC 9457 problem document.
 *
 * @packageDocumentation
 * @module contactkit/http
 */
export { type ApiKeys, apiKeyAuthenticator, bearerToken, parseApiKeys } from './api-keys.js';
export { fileSpool } from './file-spool.js';
export { createHttpApp, createHttpHandler, type HttpEnv, type HttpHandler } from './handler.js';
export { buildOpenApiDocument, type DocumentInfo, type OpenApiDocument } from './openapi.js';
export {
  type Authenticate,
  type AuthenticateResult,
  DEFAULT_BODY_LIMIT,
  DEFAULT_IMPORT_LIMIT,
  DEFAULT_MAX_BATCH,
  type HttpOptions,
} from './options.js';
export {
  HttpProblem,
  PROBLEM_MEDIA_TYPE,
  type Problem,
  type ProblemIssue,
  ProblemSchema,
  problemOf,
} from './problem.js';
export { REQUEST_ID_HEADER } from './request-id.js';
export {
  type AnyRoute,
  API_BASE,
  defineRoute,
  type HttpMethod,
  type Reply,
  type ResponseSpec,
  type Route,
  type RouteDeps,
  type RouteInput,
} from './route.js';
export { apiRoutes, ROUTE_MODULES } from './routes/index.js';
export { type ImportSpool, memorySpool } from './spool.js';
