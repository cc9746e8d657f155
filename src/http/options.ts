import { type ImportSpool, memorySpool } from './spool.js';

/**
 * What `authenticate` may answer: the workspace the request acts in; `null` (or `undefined`) to refuse it
 * with a 401 problem; or a `Response` of the host's own (a 403 for a revoked key, a 429…), sent as it is.
 */
export type AuthenticateResult = string | null | undefined | Response;

/** The host's check of who is calling, run on every request to the API (not on the reference pages). */
export type Authenticate = (request: Request) => AuthenticateResult | Promise<AuthenticateResult>;

/** How {@link createHttpHandler} serves the API. */
export interface HttpOptions {
  /**
   * Says which workspace a request acts in, or refuses it. Every record a request reads or writes is
   * scoped to that workspace: another workspace's records answer 404, as if they did not exist.
   * `apiKeyAuthenticator` is one, over fixed bearer keys.
   */
  readonly authenticate: Authenticate;
  /** Largest JSON request body, in bytes (default 4 MiB: a batch of 1,000 chat events fits). */
  readonly bodyLimit?: number;
  /** Largest CSV upload to `POST /api/v1/imports`, in bytes, counted as it streams (default 64 MiB). */
  readonly importLimit?: number;
  /** Most events in one `POST /api/v1/events` batch (default 1,000). */
  readonly maxBatch?: number;
  /** Where an upload waits while it is imported (default {@link memorySpool}). */
  readonly spool?: () => ImportSpool;
  /** Makes the id of a request that came without a usable `x-request-id` (default `crypto.randomUUID`). */
  readonly requestId?: () => string;
  /**
   * Told of every error answered with a 500, with the request and its id: the response says nothing of
   * the cause, so this is where a host logs it. Default: `console.error`.
   */
  readonly onError?: (error: unknown, request: Request, requestId: string) => void;
  /** Serve the interactive reference at `/api/v1/docs` (default true). */
  readonly docs?: boolean;
  /**
   * Check every JSON response against the schema the OpenAPI document gives for it, answering a 500
   * (`RESPONSE_MISMATCH`) when it does not fit. For tests and development: it parses every response.
   */
  readonly checkResponses?: boolean;
}

/** {@link HttpOptions} with every default filled in. */
export interface ResolvedHttpOptions extends Required<Omit<HttpOptions, 'onError'>> {
  readonly onError: NonNullable<HttpOptions['onError']>;
}

/** The default largest JSON body, in bytes: 4 MiB. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
/** The default largest CSV upload, in bytes: 64 MiB. */
export const DEFAULT_IMPORT_LIMIT = 64 * 1024 * 1024;
/** The default most events in one batch. */
export const DEFAULT_MAX_BATCH = 1000;

/** Fills in the defaults of {@link HttpOptions}. */
export function resolveOptions(options: HttpOptions): ResolvedHttpOptions {
  if (typeof options?.authenticate !== 'function') {
    throw new TypeError('createHttpHandler: options.authenticate must be a function');
  }
  const positive = (name: string, value: number | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new TypeError(`createHttpHandler: options.${name} must be a positive integer`);
    return value;
  };
  return {
    authenticate: options.authenticate,
    bodyLimit: positive('bodyLimit', options.bodyLimit, DEFAULT_BODY_LIMIT),
    importLimit: positive('importLimit', options.importLimit, DEFAULT_IMPORT_LIMIT),
    maxBatch: positive('maxBatch', options.maxBatch, DEFAULT_MAX_BATCH),
    spool: options.spool ?? memorySpool,
    requestId: options.requestId ?? (() => crypto.randomUUID()),
    onError:
      options.onError ??
      ((error, request, requestId) => {
        console.error(
          `contactkit/http: ${request.method} ${request.url} failed (request ${requestId})`,
          error,
        );
      }),
    docs: options.docs ?? true,
    checkResponses: options.checkResponses ?? false,
  };
}
