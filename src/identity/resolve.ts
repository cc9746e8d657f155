import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { IdentityClaim } from './claims.js';
import { limitClash, limitOf, mergeBlocker, type TypedValue } from './limits.js';

/** An identity the event carried that stays with another contact, or could not be attached, and why. */
export interface IdentityConflict {
  readonly type: string;
  readonly value: string;
  /** The contact that holds it; absent when nobody does but attaching it would break a limit. */
  readonly heldBy?: string;
  readonly reason: string;
}

/** What survivorship needs to know of a contact. */
export interface SurvivorFacts {
  readonly kind: 'lead' | 'customer';
  readonly createdAt: Date;
}

/** What the resolver needs to know about the contacts an event's identities point to. */
export interface ResolutionInput {
  /** The event's claims, strongest first (as {@link extractClaims} returns them). */
  readonly claims: readonly IdentityClaim[];
  /** Who holds each claimed identity now, by `type:value` key (a `Map`, or anything that looks one up). */
  readonly holders: Pick<ReadonlyMap<string, string>, 'get'>;
  /** Every identity of each holder contact. */
  readonly identitiesOf: (contactId: string) => readonly TypedValue[];
  /** Kind and age of each holder contact, for `stable` survivorship (see {@link survivorOf}). */
  readonly contactOf?: (contactId: string) => SurvivorFacts;
  readonly config: WorkspaceConfig;
}

/** The resolver's decision. `target` undefined means: a new contact. */
export interface ResolutionDecision {
  /** The contact the event goes to, which survives every merge the event makes. */
  readonly target: string | undefined;
  /** Contacts to merge into the target, in order. */
  readonly merge: readonly string[];
  /** Claims nobody holds that go to the target. */
  readonly attach: readonly IdentityClaim[];
  readonly conflicts: readonly IdentityConflict[];
}

/**
 * Of contacts about to be merged, the one whose id lives on, by the workspace's survivorship:
 * `stable` (default) the one holding a userId, else a customer over a lead, else the oldest (then the
 * lowest id), so that ids hosts store stay valid; `priority` the first of `ids` (the holder of the
 * event's strongest identity). Pure.
 *
 * @example
 * ```ts
 * survivorOf(['c_visitor', 'c_known'], identitiesOf, contactOf, config) // 'c_known' (older, or has a userId)
 * ```
 */
export function survivorOf(
  ids: readonly string[],
  identitiesOf: (contactId: string) => readonly TypedValue[],
  contactOf: ((contactId: string) => SurvivorFacts) | undefined,
  config: WorkspaceConfig,
): string {
  if (ids.length === 1 || config.identity.survivorship === 'priority' || !contactOf) return ids[0]!;
  const hasUserId = (id: string) => identitiesOf(id).some((i) => i.type === 'userId');
  let best = ids[0]!;
  for (const id of ids.slice(1)) {
    const a = contactOf(best);
    const b = contactOf(id);
    const better =
      hasUserId(id) !== hasUserId(best)
        ? hasUserId(id)
        : a.kind !== b.kind
          ? b.kind === 'customer'
          : a.createdAt.getTime() !== b.createdAt.getTime()
            ? b.createdAt < a.createdAt
            : id < best;
    if (better) best = id;
  }
  return best;
}

/**
 * Decides which contact an event belongs to. Pure: the same input gives the same decision.
 *
 * 1. The event goes to the holder of its strongest claim that can also take every stronger claim
 *    nobody holds of a type limited to one per contact (a userId: a different one is a different
 *    person). A visitor who logs in with a new userId whose email another user holds keeps their own
 *    contact and gains the userId; the email stays with its holder, as a conflict. When no holder can,
 *    the event is a new person and gets a new contact.
 * 2. Claims held by other contacts merge those contacts with it when that is safe
 *    ({@link mergeBlocker}); otherwise they stay where they are and are reported as conflicts.
 * 3. Claims nobody holds attach to it unless that breaks a limit (reported as a conflict).
 * 4. Of the contacts merged, the survivor is chosen by {@link survivorOf}: priority decides what
 *    matches and what conflicts, not whose id lives on.
 *
 * @example
 * ```ts
 * // Contact c1 has userId u1 and email e; visitor v has cookie k. v logs in as u2 typing e:
 * decideResolution({ claims: [u2, e, k], holders, identitiesOf, contactOf, config })
 * // → { target: 'v', merge: [], attach: [u2],
 * //     conflicts: [{ type: 'email', value: e, heldBy: 'c1', reason: 'both hold a different userId' }] }
 * ```
 */
export function decideResolution(input: ResolutionInput): ResolutionDecision {
  const { claims, holders, identitiesOf, config } = input;
  const rules = config.identity;
  // Each claim's holder, looked up once: every event goes through here.
  const holderOf = claims.map((c) => holders.get(c.key));

  // The common case, a returning visitor: every claim held by one contact. Nothing to decide.
  const first = holderOf[0];
  if (first !== undefined && holderOf.every((h) => h === first)) {
    return { target: first, merge: [], attach: [], conflicts: [] };
  }

  let target: string | undefined;
  for (let i = 0; i < claims.length && target === undefined; i++) {
    const candidate = holderOf[i];
    if (candidate === undefined) continue;
    const own = identitiesOf(candidate);
    // A type limited to one per contact (userId) names one person: a different one is someone else.
    // Other limits only cap how many a contact gathers; a claim over the cap is a conflict below.
    const takesStronger = claims.every(
      (c, j) =>
        j >= i ||
        holderOf[j] !== undefined ||
        limitOf(c.type, rules) !== 1 ||
        !limitClash(own, c.type, c.value, rules),
    );
    if (takesStronger) target = candidate;
  }

  const held: TypedValue[] = target === undefined ? [] : [...identitiesOf(target)];
  const merge: string[] = [];
  const refused = new Map<string, string>();
  const attach: IdentityClaim[] = [];
  const conflicts: IdentityConflict[] = [];

  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i]!;
    const holder = holderOf[i];
    if (holder !== undefined && holder === target) continue;
    if (holder === undefined) {
      const clash = limitClash(held, claim.type, claim.value, rules);
      if (clash) {
        conflicts.push({
          type: claim.type,
          value: claim.value,
          reason: `the contact already holds as many ${claim.type} identities as the workspace allows`,
        });
      } else {
        attach.push(claim);
        held.push(claim);
      }
      continue;
    }
    if (merge.includes(holder)) continue;
    const known = refused.get(holder);
    const blocker = known ?? mergeBlocker(held, identitiesOf(holder), config);
    if (blocker === undefined) {
      merge.push(holder);
      held.push(...identitiesOf(holder));
    } else {
      refused.set(holder, blocker);
      conflicts.push({ type: claim.type, value: claim.value, heldBy: holder, reason: blocker });
    }
  }
  if (merge.length === 0) return { target, merge, attach, conflicts };
  // A new person whose claims fold known contacts together: under stable survivorship one of those
  // lives on (the new contact would be the youngest of them), taking what the event brings.
  if (target === undefined && rules.survivorship === 'priority') return { target, merge, attach, conflicts };
  const together = target === undefined ? merge : [target, ...merge];
  const survivor = survivorOf(together, identitiesOf, input.contactOf, config);
  if (survivor === target) return { target, merge, attach, conflicts };
  return { target: survivor, merge: together.filter((id) => id !== survivor), attach, conflicts };
}
