import { ValidationError } from '../errors/errors.js';
import { IdSchema } from '../model/primitives.js';
import type { Authenticate } from './options.js';

/** API keys and the workspace each one opens, as {@link parseApiKeys} reads them. */
export type ApiKeys = ReadonlyMap<string, string>;

/**
 * Reads API keys written as `key1=workspaceA,key2=workspaceB` (the form of `CONTACTKIT_API_KEYS`).
 * A key may itself contain `=` (base64 padding): the workspace is what follows the last `=`. White space
 * around entries is ignored; an empty list gives no keys.
 *
 * @throws {@link contactkit!ValidationError} naming the entry, for an entry without `=`, an empty key, a bad
 * workspace id, or a key given twice.
 *
 * @example
 * ```ts
 * parseApiKeys('k_live_1=acme, k_live_2=globex').get('k_live_2') // 'globex'
 * ```
 */
export function parseApiKeys(text: string): ApiKeys {
  const keys = new Map<string, string>();
  text
    .split(',')
    .map((entry) => entry.trim())
    .forEach((entry, index) => {
      if (entry === '') return;
      const at = entry.lastIndexOf('=');
      const key = at < 0 ? '' : entry.slice(0, at).trim();
      const workspace = at < 0 ? '' : entry.slice(at + 1).trim();
      const field = `CONTACTKIT_API_KEYS[${index}]`;
      // The entry itself is never echoed: it holds a secret.
      if (key === '' || workspace === '')
        throw new ValidationError({ field, value: undefined, reason: 'expected key=workspace' });
      if (!IdSchema.safeParse(workspace).success)
        throw new ValidationError({ field, value: undefined, reason: 'the workspace id is not valid' });
      if (keys.has(key))
        throw new ValidationError({ field, value: undefined, reason: 'the key is listed twice' });
      keys.set(key, workspace);
    });
  return keys;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** Whether two digests of equal length are equal, in time that does not depend on where they differ. */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

/** The bearer token of a request, or undefined: `Authorization: Bearer <token>`, the scheme in any case. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header === null ? null : /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
  return match?.[1];
}

/**
 * An `authenticate` hook for {@link createHttpHandler} over fixed API keys sent as
 * `Authorization: Bearer <key>`. The presented key is hashed and compared with the hash of every known
 * key, each in constant time and all of them every time, so neither the timing of a comparison nor the
 * number of comparisons tells an attacker how much of a key was right.
 *
 * @example
 * ```ts
 * const handler = createHttpHandler(kit, {
 *   authenticate: apiKeyAuthenticator(parseApiKeys(process.env.CONTACTKIT_API_KEYS ?? '')),
 * });
 * ```
 */
export function apiKeyAuthenticator(keys: ApiKeys): Authenticate {
  let known: Promise<Array<{ digest: Uint8Array; workspaceId: string }>> | undefined;
  return async (request) => {
    known ??= Promise.all(
      [...keys].map(async ([key, workspaceId]) => ({ digest: await sha256(key), workspaceId })),
    );
    const token = bearerToken(request);
    if (token === undefined) return null;
    const presented = await sha256(token);
    let match: string | null = null;
    for (const { digest, workspaceId } of await known) {
      if (sameDigest(presented, digest)) match = workspaceId;
    }
    return match;
  };
}
