import type { SentimentState } from '../model/classification.js';
import type { Contact, FieldOrigin, ProfileField } from '../model/contact.js';
import type { CustomFields } from '../model/custom-field.js';
import { ownValue } from '../model/primitives.js';
import type { SpendTotals } from '../model/spend.js';
import { mergeConsentInForce } from '../privacy/consent-state.js';
import { mergeScoreStates } from '../scoring/merge-states.js';

/**
 * Survivorship: whose non-empty value a field keeps.
 * - `primary-first` (default): the primary's; gaps filled from the others, most recently seen first.
 * - `most-recent`: the most recently seen contact's, whoever it is.
 */
export type Survivorship = 'primary-first' | 'most-recent';

/** How {@link planMerge} chooses values. */
export interface MergePolicy {
  readonly survivorship?: Survivorship;
}

/** A merge worked out field by field, before anything is stored. */
export interface MergePlan {
  readonly primaryId: string;
  /** The contacts folded into the primary, which cease to exist. */
  readonly absorbedIds: readonly string[];
  /** The merged contact (the primary's id and version; the store bumps the version). */
  readonly contact: Contact;
  /**
   * Where each kept value came from: `profile.<field>` and `customFields.<key>` → contact id. Values the
   * primary already had are included, so the plan explains every field.
   */
  readonly provenance: Readonly<Record<string, string>>;
}

/** Per-currency totals of several contacts, each currency summed apart, in the order first seen. */
function sumSpend(all: readonly Contact[]): SpendTotals | undefined {
  const totals = new Map<string, SpendTotals[number]>();
  for (const c of all) {
    for (const t of c.stats.spend ?? []) {
      const had = totals.get(t.currency);
      totals.set(
        t.currency,
        had
          ? {
              currency: t.currency,
              orders: had.orders + t.orders,
              amount: cents(had.amount + t.amount),
              ordersViaAssistant: had.ordersViaAssistant + t.ordersViaAssistant,
              amountViaAssistant: cents(had.amountViaAssistant + t.amountViaAssistant),
            }
          : t,
      );
    }
  }
  return totals.size > 0 ? [...totals.values()] : undefined;
}

/** Two running sentiments as one: counts and means weighted, the moving averages of the latest. */
function sumSentiment(
  a: SentimentState | undefined,
  b: SentimentState | undefined,
): SentimentState | undefined {
  if (!a || !b) return a ?? b;
  const count = a.count + b.count;
  const latest = b.lastAtMs > a.lastAtMs ? b : a;
  return { ...latest, count, mean: (a.mean * a.count + b.mean * b.count) / count };
}

const latestOf = (dates: ReadonlyArray<Date | undefined>) =>
  dates.reduce<Date | undefined>(
    (a, b) => (b !== undefined && (a === undefined || b > a) ? b : a),
    undefined,
  );
const earliestOf = (dates: ReadonlyArray<Date | undefined>) =>
  dates.reduce<Date | undefined>(
    (a, b) => (b !== undefined && (a === undefined || b < a) ? b : a),
    undefined,
  );

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const unique = <T>(items: readonly T[]) => [...new Set(items)];
const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Plans the merge of `others` into `primary`. Pure: nothing is stored, inputs are not mutated.
 * Keeps the primary's non-empty values and fills gaps from the others, most recently seen first (or
 * prefers the most recent, per policy); unions tags and channels; sums stats (spend per currency) and
 * the scoring and sentiment states (their ledgers move together); keeps the earliest first seen and
 * creation, and the first touch's source; a customer anywhere makes a customer; the consent in force
 * is the latest per purpose of all (see `mergeConsentInForce`: a caller holding the consent records
 * folds them instead). The classification stays the primary's until the caller classifies the merged
 * contact again.
 *
 * @example
 * ```ts
 * const plan = planMerge(known, [anonymousLead]);
 * plan.contact.stats.messages // known's + the lead's
 * plan.provenance['profile.company'] // 'lead-id' when only the lead knew the company
 * ```
 */
export function planMerge(primary: Contact, others: readonly Contact[], policy: MergePolicy = {}): MergePlan {
  const byRecency = [...others].sort((a, b) => b.stats.lastSeenAt.getTime() - a.stats.lastSeenAt.getTime());
  const order =
    policy.survivorship === 'most-recent'
      ? [primary, ...others].sort((a, b) => b.stats.lastSeenAt.getTime() - a.stats.lastSeenAt.getTime())
      : [primary, ...byRecency];
  const provenance: Record<string, string> = {};

  const profile: Record<string, unknown> = {};
  const fieldOrigins: Partial<Record<ProfileField, FieldOrigin>> = {};
  for (const source of order) {
    for (const [key, value] of Object.entries(source.profile) as Array<[ProfileField, unknown]>) {
      if (isEmpty(value) || !isEmpty(profile[key])) continue;
      profile[key] = value;
      provenance[`profile.${key}`] = source.id;
      const origin = source.fieldOrigins[key];
      if (origin) fieldOrigins[key] = origin;
    }
  }
  const customFields: CustomFields = {};
  for (const source of order) {
    for (const [key, value] of Object.entries(source.customFields)) {
      if (isEmpty(value) || !isEmpty(ownValue(customFields, key))) continue;
      customFields[key] = value;
      provenance[`customFields.${key}`] = source.id;
    }
  }

  const all = [primary, ...others];
  const firstTouch = all.reduce((a, b) =>
    b.stats.firstSeenAt.getTime() < a.stats.firstSeenAt.getTime() ? b : a,
  );
  const sum = (pick: (c: Contact) => number) => all.reduce((n, c) => n + pick(c), 0);
  const spend = sumSpend(all);
  const bookings = sum((c) => c.stats.bookings ?? 0);
  const dated = {
    lastInboundAt: latestOf(all.map((c) => c.stats.lastInboundAt)),
    firstOrderAt: earliestOf(all.map((c) => c.stats.firstOrderAt)),
    lastOrderAt: latestOf(all.map((c) => c.stats.lastOrderAt)),
    lastBookingAt: latestOf(all.map((c) => c.stats.lastBookingAt)),
  };
  const scoreState = all.reduce<Contact['scoreState'] | null>(
    (state, c) => mergeScoreStates(state, c.scoreState),
    null,
  );
  const sentimentState = all.reduce<SentimentState | undefined>(
    (state, c) => sumSentiment(state, c.sentimentState),
    undefined,
  );
  const manualStage = order.find((c) => c.manualStage !== undefined)?.manualStage;
  const consent = mergeConsentInForce(all.map((c) => c.consent));
  const {
    scoreState: _s,
    sentimentState: _m,
    manualStage: _g,
    preferences: _p,
    consent: _c,
    ...rest
  } = primary;
  const preferences = order.find((c) => c.preferences !== undefined)?.preferences;
  const contact: Contact = {
    ...rest,
    kind: all.some((c) => c.kind === 'customer') ? 'customer' : 'lead',
    profile,
    fieldOrigins,
    tags: unique(all.flatMap((c) => c.tags)),
    customFields,
    source: firstTouch.source,
    channels: unique(all.flatMap((c) => c.channels)),
    stats: {
      conversations: sum((c) => c.stats.conversations),
      messages: sum((c) => c.stats.messages),
      firstSeenAt: firstTouch.stats.firstSeenAt,
      lastSeenAt: new Date(Math.max(...all.map((c) => c.stats.lastSeenAt.getTime()))),
      orders: sum((c) => c.stats.orders),
      // Summed as each stored it: the caller's next classification converts currencies again.
      amountSpent: cents(sum((c) => c.stats.amountSpent)),
      ...(spend ? { spend } : {}),
      ...(bookings > 0 ? { bookings } : {}),
      ...Object.fromEntries(Object.entries(dated).filter(([, d]) => d !== undefined)),
    },
    ...(scoreState ? { scoreState } : {}),
    ...(sentimentState ? { sentimentState } : {}),
    ...(manualStage ? { manualStage } : {}),
    ...(preferences ? { preferences } : {}),
    ...(consent ? { consent } : {}),
    createdAt: new Date(Math.min(...all.map((c) => c.createdAt.getTime()))),
  };
  return { primaryId: primary.id, absorbedIds: others.map((o) => o.id), contact, provenance };
}
