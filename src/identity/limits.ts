import type { WorkspaceConfig } from '../model/workspace-config.js';

/** The least an identity needs for limit checks. */
export interface TypedValue {
  readonly type: string;
  readonly value: string;
}

/** Identity types that say who someone is. A contact holding none of them is anonymous. */
export const STRONG_IDENTITY_TYPES: ReadonlySet<string> = new Set(['userId', 'email', 'phone']);

/** The most identities of `type` one contact may hold under the workspace's rules; undefined: no limit. */
export function limitOf(type: string, rules: WorkspaceConfig['identity']): number | undefined {
  return Object.hasOwn(rules.limits, type) ? rules.limits[type] : (rules.defaultLimit ?? undefined);
}

/**
 * The identity of type `type` that `held` has and that clashes with adding `value`, when the type's
 * limit is already reached (e.g. a second, different `userId`, or a sixth email). Undefined when adding
 * is fine.
 */
export function limitClash(
  held: readonly TypedValue[],
  type: string,
  value: string,
  rules: WorkspaceConfig['identity'],
): TypedValue | undefined {
  const limit = limitOf(type, rules);
  if (limit === undefined) return undefined;
  const sameType = held.filter((i) => i.type === type);
  if (sameType.some((i) => i.value === value)) return undefined;
  return sameType.length >= limit ? sameType[0] : undefined;
}

/** Why two contacts may not be merged automatically, or undefined when they may. */
export function mergeBlocker(
  target: readonly TypedValue[],
  other: readonly TypedValue[],
  config: WorkspaceConfig,
): string | undefined {
  const policy = config.identity.autoMerge;
  if (policy === 'never') return 'automatic merge is off for this workspace';
  if (policy === 'anonymous' && other.some((i) => STRONG_IDENTITY_TYPES.has(i.type))) {
    return 'only anonymous contacts are merged automatically in this workspace';
  }
  const combined = [...target];
  for (const identity of other) {
    const clash = limitClash(combined, identity.type, identity.value, config.identity);
    // No values in the reason: it is stored on the contact's timeline, and the other value is not its own.
    if (clash) return `both hold a different ${identity.type}`;
    combined.push(identity);
  }
  return undefined;
}
