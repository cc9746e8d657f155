import { ValidationError } from '../errors/errors.js';
import { HttpProblem } from './problem.js';

/** Whether a content type is JSON: `application/json`, or any `+json` type, with any parameters. */
export function isJsonType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * The 413 problem. The rest of the body is never read, so the connection is closed after the answer
 * (`Connection: close`): a client must not send its next request on a socket still holding this one.
 */
function tooLarge(limit: number, what: string): HttpProblem {
  return new HttpProblem(
    413,
    'BODY_TOO_LARGE',
    `the ${what} is larger than the ${limit}-byte limit`,
    { limit },
    { connection: 'close' },
  );
}

/**
 * How much more than its limit a refused body is read (and thrown away) before the 413 is sent. A client
 * still sending when the answer comes may not read it (Node's fetch fails with EPIPE): a body a little too
 * large is drained so the client hears why; one far too large is cut off with the connection.
 */
export const DRAIN_LIMIT = 16 * 1024 * 1024;

/** Reads and drops what is left of a refused body, up to {@link DRAIN_LIMIT} bytes. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let drained = 0;
  while (drained <= DRAIN_LIMIT) {
    const { done, value } = await reader.read();
    if (done) return;
    drained += value.byteLength;
  }
}

/**
 * The chunks of a request body as they arrive, counted: past `limit` bytes the reading stops with a 413
 * problem, whatever the request declared (a chunked body declares nothing). A declared length over the
 * limit is refused before any of it is kept.
 *
 * @throws {@link HttpProblem} 413 `BODY_TOO_LARGE`.
 */
export async function* limitedChunks(
  request: Request,
  limit: number,
  what = 'request body',
): AsyncGenerator<Uint8Array, void, undefined> {
  if (request.body === null) return;
  const reader = request.body.getReader();
  const declared = request.headers.get('content-length');
  try {
    if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
      if (Number(declared) <= limit + DRAIN_LIMIT) await drain(reader);
      throw tooLarge(limit, what);
    }
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > limit) {
        await drain(reader);
        throw tooLarge(limit, what);
      }
      yield value;
    }
  } finally {
    // Stops the body where it is: the rest is never read (the connection closes after the answer).
    await reader.cancel().catch(() => {});
  }
}

/** The whole body, at most `limit` bytes, as one buffer. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of limitedChunks(request, limit)) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  if (parts.length === 1) return parts[0]!;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.byteLength;
  }
  return whole;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

interface Visit {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Visit | undefined;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) keys.unshift(at.key);
  return keys.join('.');
}

/**
 * Where an own `__proto__` key sits in a parsed JSON value, as a dotted path, or undefined. `JSON.parse`
 * makes it a plain property, but code that copies objects with assignment would turn it into a prototype:
 * such a body is refused at the door rather than trusted to every copy after it. Iterative, so a deeply
 * nested body cannot exhaust the stack.
 *
 * @example
 * ```ts
 * protoKeyPath(JSON.parse('{"profile":{"__proto__":{"x":1}}}')) // 'profile.__proto__'
 * ```
 */
export function protoKeyPath(value: unknown): string | undefined {
  const stack: Visit[] = [{ value, key: '', parent: undefined }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const current = visit.value;
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      current.forEach((item, i) => {
        stack.push({ value: item, key: String(i), parent: visit });
      });
      continue;
    }
    for (const key of Object.keys(current)) {
      const child: Visit = { value: (current as Record<string, unknown>)[key], key, parent: visit };
      if (key === '__proto__') return pathOf(child);
      stack.push(child);
    }
  }
  return undefined;
}

/**
 * Reads a JSON request body: `application/json` (or a `+json` type), at most `limit` bytes, UTF-8, one
 * JSON value, no `__proto__` key anywhere.
 *
 * @throws {@link HttpProblem} 415 `UNSUPPORTED_MEDIA_TYPE`, 413 `BODY_TOO_LARGE`, 400 `BAD_JSON`.
 * @throws {@link contactkit!ValidationError} (422) naming the `__proto__` key.
 */
export async function readJson(request: Request, limit: number, optional = false): Promise<unknown> {
  const type = request.headers.get('content-type');
  if (optional && type === null) {
    // No body at all stands for {}; bytes without a content type are still refused below.
    if ((await readLimited(request, limit)).byteLength === 0) return {};
  }
  if (!isJsonType(type)) {
    throw new HttpProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `the body must be application/json, not ${request.headers.get('content-type') ?? 'unlabelled'}`,
    );
  }
  const bytes = await readLimited(request, limit);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpProblem(400, 'BAD_JSON', 'the body is not valid UTF-8');
  }
  if (text.trim() === '')
    throw new HttpProblem(400, 'BAD_JSON', 'the body is empty; a JSON value is required');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, 'BAD_JSON', `the body is not JSON: ${(error as Error).message}`);
  }
  // The walk runs only for bodies that could hold the key (written out, or behind an escape).
  if (text.includes('__proto__') || text.includes('\\u')) {
    const at = protoKeyPath(value);
    if (at !== undefined)
      throw new ValidationError({
        field: at,
        value: undefined,
        reason: 'the key "__proto__" is not accepted',
      });
  }
  return value;
}
