import type { Identity } from '../model/identity.js';

/** An identity type the merged contact would hold more of than the workspace allows. */
export interface LimitBreach {
  readonly type: string;
  /** How many distinct values of the type the merged contact would hold. */
  readonly count: number;
  readonly limit: number;
}

/**
 * Whether the contacts holding `identities` may become one: the merged contact must break no
 * per-type limit (two different userIds never may). Returns the first breach, or null when safe. Pure.
 *
 * @example
 * ```ts
 * mergeLimitBreach([...identitiesOfA, ...identitiesOfB], { userId: 1 })
 * // → { type: 'userId', count: 2, limit: 1 } when both have a userId
 * ```
 */
export function mergeLimitBreach(
  identities: readonly Identity[],
  limits: Readonly<Record<string, number>>,
): LimitBreach | null {
  const values = new Map<string, Set<string>>();
  for (const identity of identities) {
    const set = values.get(identity.type) ?? new Set<string>();
    set.add(identity.value);
    values.set(identity.type, set);
  }
  for (const [type, limit] of Object.entries(limits)) {
    const count = values.get(type)?.size ?? 0;
    if (count > limit) return { type, count, limit };
  }
  return null;
}
