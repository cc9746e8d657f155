import type { FieldKind } from './config.js';

/**
 * The documented priors of the engine: what it assumes before the data says otherwise. Each is blended
 * with what the data shows, weighted by how much data there is, so a workspace of four contacts runs on
 * the priors and a list of a million on its own counts. docs/merge-and-duplicates.md lists them.
 */

/**
 * How often two different people agree exactly on a field of this kind, roughly, in a contact list:
 * a first name 1 in 100, a family name 1 in 300, an email or phone almost never.
 */
export const PRIOR_EXACT_U: Readonly<Record<FieldKind, number>> = {
  name: 0.0005,
  first_name: 0.01,
  last_name: 0.003,
  email: 1e-6,
  phone: 1e-6,
  handle: 1e-6,
  id: 1e-6,
  date: 0.0003,
  postcode: 0.002,
  address: 0.0002,
  city: 0.02,
  company: 0.002,
  text: 0.01,
};

/** The prior u of a field counts as this many random pairs seen. */
export const PRIOR_U_PAIRS = 1000;

/** Term frequencies: the prior counts as this many records holding values at the prior's rate. */
export const PRIOR_TF_RECORDS = 200;

/**
 * The prior u probabilities of a kind with `levels` levels: the exact level at {@link PRIOR_EXACT_U},
 * each close level (typo, nickname, similar) at a quarter of it (two strangers' names are nicknames of
 * each other less often than they are the same), the rest "different".
 *
 * @example
 * ```ts
 * priorU('first_name', 5); // [0.01, 0.0025, 0.0025, 0.0025, 0.9825]
 * ```
 */
export function priorU(kind: FieldKind, levels: number): number[] {
  const exact = PRIOR_EXACT_U[kind];
  const u = Array.from({ length: levels }, (_, l) => (l === 0 ? exact : exact / 4));
  u[levels - 1] = 1 - exact - (exact / 4) * (levels - 2);
  return u;
}

/**
 * λ, the chance that two contacts drawn at random are one person, before any evidence: as if one record
 * in twenty were a second record of someone (λ ≈ 0.1 / records), worth {@link PRIOR_LAMBDA_PAIRS}
 * pairs. It only matters for small lists, where four contacts give six pairs to learn from.
 *
 * @example
 * ```ts
 * priorLambda(4); // 0.025
 * ```
 */
export function priorLambda(records: number): number {
  return Math.min(0.5, 0.1 / Math.max(1, records));
}

/** The prior λ counts as this many pairs. */
export const PRIOR_LAMBDA_PAIRS = 1000;

/** The kinds whose exact agreement is evidence on its own: one mailbox, one number, one account. */
export const IDENTIFIER_KINDS: ReadonlySet<FieldKind> = new Set(['email', 'phone', 'handle', 'id']);

/**
 * Of the pairs that share an identifier (the same normalized email, phone, handle or id), the share that
 * are one person, before looking: nearly all, since people rarely share a mailbox or a number (a
 * household's landline is the usual exception). Above the default suggestion threshold (0.9), so that a
 * small workspace links on an identifier alone; learned from the pairs' other fields when there are
 * enough of them.
 */
export const PRIOR_IDENTIFIER_MATCH_RATE: Readonly<Partial<Record<FieldKind, number>>> = {
  email: 0.97,
  phone: 0.95,
  handle: 0.98,
  id: 0.98,
};

/** The identifier match-rate prior counts as this many pairs. */
export const PRIOR_IDENTIFIER_PAIRS = 10;

/**
 * A near miss on an identifier (a typo'd email domain or local part, a number one digit off) is partial
 * evidence, never full: it weighs at least this many bits less than sharing the identifier itself
 * (four times less likely to be one person, on its own), whatever EM learned of it.
 */
export const NEAR_MISS_MARGIN_BITS = 2;
