import { BUILTIN_BLOCKED_VALUES } from '../model/workspace-config.js';
import { foldText } from '../normalize/text.js';

const BUILTIN = new Set<string>(BUILTIN_BLOCKED_VALUES);
// All zeros, with or without punctuation or a leading +: placeholder phones and ids.
const ALL_ZEROS = /^[+\s\-().]*0[0\s\-().]*$/;

/**
 * Whether an identity value must never be matched on: placeholders such as `null`, `undefined`,
 * `0000…` and `test@test.com`, or a value the workspace listed (e.g. a shared office cookie).
 * Compared case- and accent-insensitively.
 *
 * @example
 * ```ts
 * isBlockedValue('NULL', []) // true
 * isBlockedValue('ck_office', ['ck_office']) // true
 * ```
 */
export function isBlockedValue(value: string, workspaceList: readonly string[]): boolean {
  if (ALL_ZEROS.test(value)) return true;
  const blocked = blockedSet(workspaceList);
  // Folding is the costly part of intake's hot path; a value longer than every blocked one cannot match.
  if (value.length > blocked.longest * 2) return false;
  return blocked.values.has(foldText(value));
}

interface BlockedSet {
  readonly values: ReadonlySet<string>;
  readonly longest: number;
}

// Workspace lists are parsed once per workspace config and reused, so caching by identity is safe.
const cache = new WeakMap<readonly string[], BlockedSet>();

function blockedSet(workspaceList: readonly string[]): BlockedSet {
  let set = cache.get(workspaceList);
  if (!set) {
    const values = new Set([...BUILTIN, ...workspaceList.map(foldText)]);
    set = { values, longest: Math.max(...[...values].map((v) => v.length)) };
    cache.set(workspaceList, set);
  }
  return set;
}
