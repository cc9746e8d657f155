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
  const folded = foldText(value);
  if (BUILTIN.has(folded) || ALL_ZEROS.test(folded)) return true;
  return workspaceList.some((blocked) => foldText(blocked) === folded);
}
