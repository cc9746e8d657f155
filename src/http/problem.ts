import { z } from 'zod';
import { ContactkitError, type Issue, ValidationError } from '../errors/errors.js';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One refused piece of input, as a problem document lists it. */
export const ProblemIssueSchema = z.object({
  /** Dotted path of the field in the request body (`profile.email`), or `query.limit`, `path.contactId`. */
  field: z.string(),
  reason: z.string(),
  /** 1-based data row of an uploaded file (the header is row 0). */
  row: z.number().int().optional(),
  /** Column header of an uploaded file. */
  column: z.string().optional(),
  /** The value as received, when it is a short scalar (never an object, never more than 200 characters). */
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});
export type ProblemIssue = z.infer<typeof ProblemIssueSchema>;

/**
 * An RFC 9457 problem document: what every error response of `contactkit/http` carries, with the typed
 * error's stable `code` and, for refused input, where (`field`, and for files `row` and `column`).
 */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    /** The request path. */
    instance: z.string().optional(),
    /** Stable and safe to switch on: `VALIDATION`, `NOT_FOUND`, `BAD_JSON`, `BODY_TOO_LARGE`… */
    code: z.string(),
    /** The `x-request-id` of the response, to quote in a support request. */
    requestId: z.string().optional(),
    field: z.string().optional(),
    row: z.number().int().optional(),
    column: z.string().optional(),
    issues: z.array(ProblemIssueSchema).optional(),
  })
  .catchall(z.unknown());
export type Problem = z.infer<typeof ProblemSchema>;

/**
 * An error of the HTTP layer itself (bad JSON, a body too large, an unknown route…), thrown where it is
 * found and written as a problem document. `extra` adds members (`limit`, `allow`); `headers` adds
 * response headers (`Allow`, `WWW-Authenticate`).
 *
 * @example
 * ```ts
 * throw new HttpProblem(413, 'BODY_TOO_LARGE', 'the body is over the 4194304-byte limit', { limit: 4194304 });
 * ```
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** The status each typed error of the library is answered with; anything else is a 500. */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  // A record of another workspace is answered exactly as a missing one: never 403, never its data.
  WORKSPACE_MISMATCH: 404,
  IDENTITY_TAKEN: 409,
  IDENTITY_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  CONCURRENT_UPDATE: 409,
  TRANSACTION_CONFLICT: 409,
  OPEN_CONVERSATIONS: 409,
  MERGE_NOT_UNDOABLE: 409,
  ILLEGAL_TRANSITION: 409,
  STALE_VERSION: 409,
  STORE_UNAVAILABLE: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The problem type URI of a code: `VALIDATION` → `urn:contactkit:problem:validation`. */
export function problemType(code: string): string {
  return `urn:contactkit:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** The status a typed error is answered with. */
export function statusOfError(error: unknown): number {
  if (error instanceof HttpProblem) return error.status;
  if (error instanceof ContactkitError) return STATUS_OF_CODE[error.code] ?? 500;
  return 500;
}

/** A received value as a problem may echo it: short scalars only. */
function echo(value: unknown): ProblemIssue['value'] {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.length <= 200) return value;
  return undefined;
}

function issueOf(issue: Issue): ProblemIssue {
  const value = echo(issue.value);
  return {
    field: issue.field,
    reason: issue.reason,
    ...(issue.row === undefined ? {} : { row: issue.row }),
    ...(issue.column === undefined ? {} : { column: issue.column }),
    ...(value === undefined ? {} : { value }),
  };
}

/** Members a typed error adds to its problem: what a client needs to act, never another workspace's data. */
function membersOf(error: ContactkitError): Record<string, unknown> {
  const e = error as unknown as Record<string, unknown>;
  switch (error.code) {
    case 'NOT_FOUND':
      return { entity: e.entity, id: e.id };
    case 'IDENTITY_TAKEN':
    case 'IDENTITY_CONFLICT':
      return {
        identity: { type: e.type, value: e.value },
        ...(e.heldBy === undefined ? {} : { heldBy: e.heldBy }),
      };
    case 'OPEN_CONVERSATIONS':
      return { conversations: e.conversations };
    case 'MERGE_NOT_UNDOABLE':
      return { mergeId: e.mergeId, reason: e.reason, blockedBy: e.detail };
    case 'ILLEGAL_TRANSITION':
      return { from: e.from, action: e.action };
    case 'STALE_VERSION':
      return { expectedVersion: e.expectedVersion, actualVersion: e.actualVersion };
    default:
      return {};
  }
}

/**
 * The problem document for an error: a typed contactkit error keeps its `code`, message and, for refused
 * input, every issue with its field (row and column for files); an {@link HttpProblem} keeps its own; any
 * other error is a 500 that says nothing of its cause (the host's `onError` hook sees it).
 *
 * @example
 * ```ts
 * problemOf(new NotFoundError('contact', 'acme', 'c_9')).status // 404
 * ```
 */
export function problemOf(error: unknown, instance?: string): Problem {
  const status = statusOfError(error);
  const base = (code: string, detail: string): Problem => ({
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance === undefined ? {} : { instance }),
  });
  if (error instanceof HttpProblem) return { ...base(error.code, error.detail), ...error.extra };
  if (error instanceof ContactkitError && status !== 500) {
    // Its message names the other workspace: answered as any record that is not there.
    if (error.code === 'WORKSPACE_MISMATCH') return base('NOT_FOUND', 'not found in this workspace');
    const problem = { ...base(error.code, error.message), ...membersOf(error) };
    if (!(error instanceof ValidationError)) return problem;
    const issues = error.issues.map(issueOf);
    const first = issues[0];
    return {
      ...problem,
      ...(first ? { field: first.field } : {}),
      ...(first?.row === undefined ? {} : { row: first.row }),
      ...(first?.column === undefined ? {} : { column: first.column }),
      issues,
    };
  }
  return base(
    'INTERNAL',
    'the server failed to handle the request; the request id identifies it in its logs',
  );
}

/** A problem as a response, with the request id and any extra headers. */
export function problemResponse(
  problem: Problem,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify({ ...problem, requestId }), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, 'x-request-id': requestId, ...headers },
  });
}

/** A problem for refused input found by the HTTP layer (a query parameter, a path segment). */
export function invalid(field: string, value: unknown, reason: string): ValidationError {
  return new ValidationError({ field, value, reason });
}
