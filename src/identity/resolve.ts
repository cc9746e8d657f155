import { identityKeyString } from '../model/identity.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { IdentityClaim } from './claims.js';
import { rankOf } from './claims.js';
import { limitClash, mergeBlocker, type TypedValue } from './limits.js';

/** An identity the event carried that stays with another contact, or could not be attached, and why. */
export interface IdentityConflict {
  readonly type: string;
  readonly value: string;
  /** The contact that holds it; absent when nobody does but attaching it would break a limit. */
  readonly heldBy?: string;
  readonly reason: string;
}

/** What the resolver needs to know about the contacts an event's identities point to. */
export interface ResolutionInput {
  /** The event's claims, strongest first (as {@link extractClaims} returns them). */
  readonly claims: readonly IdentityClaim[];
  /** Who holds each claimed identity now, by `type:value` key (a `Map`, or anything that looks one up). */
  readonly holders: Pick<ReadonlyMap<string, string>, 'get'>;
  /** Every identity of each holder contact. */
  readonly identitiesOf: (contactId: string) => readonly TypedValue[];
  readonly config: WorkspaceConfig;
}

/** The resolver's decision. `target` undefined means: a new contact. */
export interface ResolutionDecision {
  readonly target: string | undefined;
  /** Contacts to merge into the target, in order. */
  readonly merge: readonly string[];
  /** Claims nobody holds that go to the target. */
  readonly attach: readonly IdentityClaim[];
  readonly conflicts: readonly IdentityConflict[];
}

/**
 * Decides which contact an event belongs to. Pure: the same input gives the same decision.
 *
 * 1. The target is the contact holding the strongest claim, unless a stronger claim nobody holds
 *    cannot join it (a second `userId`): then the event is a new person, and gets a new contact.
 * 2. Claims held by other contacts merge those contacts into the target when that is safe
 *    ({@link mergeBlocker}); otherwise they stay where they are and are reported as conflicts.
 * 3. Claims nobody holds attach to the target unless that breaks a limit (reported as a conflict).
 *
 * @example
 * ```ts
 * // Contact c1 has userId u1 and email e. An event from userId u2 typing email e:
 * decideResolution({ claims: [u2, e], holders: new Map([['email:e', 'c1']]), identitiesOf, config })
 * // → { target: undefined (new contact for u2), merge: [], attach: [u2],
 * //     conflicts: [{ type: 'email', value: e, heldBy: 'c1', reason: 'both hold a different userId' }] }
 * ```
 */
export function decideResolution(input: ResolutionInput): ResolutionDecision {
  const { claims, holders, identitiesOf, config } = input;
  const rank = rankOf(config.identity.priority);
  const limits = config.identity.limits;
  // Each claim's holder, looked up once: every event goes through here.
  const holderOf = claims.map((c) => holders.get(identityKeyString(c)));

  let target: string | undefined;
  let targetRank = 0;
  for (let i = 0; i < claims.length; i++) {
    if (holderOf[i] !== undefined) {
      target = holderOf[i];
      targetRank = rank(claims[i]!.type);
      break;
    }
  }
  if (target !== undefined) {
    const targetIdentities = identitiesOf(target);
    const outranked = claims.some(
      (c, i) =>
        holderOf[i] === undefined &&
        rank(c.type) < targetRank &&
        limitClash(targetIdentities, c.type, c.value, limits),
    );
    if (outranked) target = undefined;
  }

  // The common case, a returning visitor: every claim already held by the target. Nothing to decide.
  if (target !== undefined && holderOf.every((h) => h === target)) {
    return { target, merge: [], attach: [], conflicts: [] };
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
      const clash = limitClash(held, claim.type, claim.value, limits);
      if (clash) {
        conflicts.push({
          type: claim.type,
          value: claim.value,
          reason: `the contact already has ${claim.type} ${clash.value}`,
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
  return { target, merge, attach, conflicts };
}
