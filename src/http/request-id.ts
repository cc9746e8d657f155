/** The header that carries the request id, both ways. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming request id may look like to be kept: 1 to 200 characters of letters, digits and
 * `. _ : + = @ / -` (UUIDs, W3C trace ids, ULIDs, most load balancers' ids). Anything else is replaced,
 * so a log line never carries a client's control characters or a megabyte of header.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:+=@/-]{1,200}$/;

/**
 * The id of a request: the caller's `x-request-id` when it is sane, else a fresh one from `generate`.
 *
 * @example
 * ```ts
 * requestIdOf(new Request('http://x/', { headers: { 'x-request-id': 'abc-123' } }), () => 'new') // 'abc-123'
 * requestIdOf(new Request('http://x/', { headers: { 'x-request-id': 'a b' } }), () => 'new')     // 'new'
 * ```
 */
export function requestIdOf(request: Request, generate: () => string): string {
  const given = request.headers.get(REQUEST_ID_HEADER);
  return given !== null && SANE_REQUEST_ID.test(given) ? given : generate();
}
