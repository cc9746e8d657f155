import type {
  AtRiskReason,
  ContactStatus,
  Grade,
  SentimentSummary,
  VipReason,
} from '../model/classification.js';
import type { Profile } from '../model/contact.js';
import type { CustomFields } from '../model/custom-field.js';
import type { ConvertedAmount } from '../model/spend.js';
import type { AtRiskConfig, CompletenessConfig, VipConfig } from './config.js';
import { hasAnyTag } from './status.js';

/** What the VIP rules look at. */
export interface VipInput {
  readonly grade: Grade;
  readonly orders: number;
  /** Spend in the workspace currency (a lower bound when rates are missing); null without one. */
  readonly spent: ConvertedAmount | null;
  readonly tags: readonly string[];
}

/**
 * Which VIP rules a contact meets (empty: not a VIP): its grade is listed, it spent at least
 * `minSpend` in the workspace currency, placed at least `minOrders` orders, or carries a VIP tag.
 * Spend with missing rates counts what could be converted: if even that reaches `minSpend`, it is
 * enough.
 *
 * @example
 * ```ts
 * decideVip({ grade: 'A', orders: 0, spent: null, tags: [] }, DEFAULT_CLASSIFICATION_CONFIG.vip) // ['grade']
 * ```
 */
export function decideVip(input: VipInput, config: VipConfig): VipReason[] {
  const reasons: VipReason[] = [];
  if (config.grades.includes(input.grade)) reasons.push('grade');
  if (config.minSpend !== null && input.spent !== null && input.spent.amount >= config.minSpend) {
    reasons.push('spend');
  }
  if (config.minOrders !== null && input.orders >= config.minOrders) reasons.push('orders');
  if (hasAnyTag(input.tags, config.tags)) reasons.push('tag');
  return reasons;
}

/** What the at-risk rules look at. */
export interface AtRiskInput {
  readonly sentiment: SentimentSummary | null;
  readonly status: ContactStatus;
  /** Days since the contact's latest message, order or booking. */
  readonly silentDays: number;
}

/**
 * Which at-risk rules a contact meets (empty: not at risk): its sentiment level is listed, its
 * sentiment is worsening (when that rule is on), or it converted and has been silent for
 * `churnRiskAfterDays` (a churn risk: once it churns, the status says so instead).
 *
 * @example
 * ```ts
 * decideAtRisk({ sentiment: null, status: 'converted', silentDays: 50 }, DEFAULT_CLASSIFICATION_CONFIG.atRisk)
 * // ['churn_risk']
 * ```
 */
export function decideAtRisk(input: AtRiskInput, config: AtRiskConfig): AtRiskReason[] {
  const reasons: AtRiskReason[] = [];
  if (input.sentiment !== null) {
    if (config.sentimentLevels.includes(input.sentiment.level)) reasons.push('sentiment');
    if (config.worseningTrend && input.sentiment.trend === 'worsening') reasons.push('worsening');
  }
  if (
    config.churnRiskAfterDays !== null &&
    input.status === 'converted' &&
    input.silentDays >= config.churnRiskAfterDays
  ) {
    reasons.push('churn_risk');
  }
  return reasons;
}

/**
 * The weighted share, in [0, 1] (three decimals), of the fields the workspace cares about that are
 * filled in.
 *
 * @example
 * ```ts
 * completenessOf(['name', 'email'], { fields: { name: 1, email: 1, phone: 1, company: 0.5 } }) // 0.571
 * ```
 */
export function completenessOf(filled: readonly string[], config: CompletenessConfig): number {
  let total = 0;
  let have = 0;
  for (const field in config.fields) {
    const weight = config.fields[field]!;
    total += weight;
    if (filled.includes(field)) have += weight;
  }
  return total === 0 ? 0 : Math.round((have / total) * 1000) / 1000;
}

const present = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * The names of a contact's filled-in fields, as the completeness configuration names them: profile
 * fields (`name` counts as filled when the full name or a first or last name is), `address` when any
 * part of it is, and custom fields as `custom.<key>`.
 *
 * @example
 * ```ts
 * filledFields({ firstName: 'Ana', email: 'ana@example.com' }, { plan: 'pro' })
 * // ['name', 'firstName', 'email', 'custom.plan']
 * ```
 */
export function filledFields(profile: Profile, customFields: CustomFields = {}): string[] {
  const filled: string[] = [];
  if (present(profile.name) || present(profile.firstName) || present(profile.lastName)) filled.push('name');
  for (const field of Object.keys(profile) as (keyof Profile)[]) {
    if (field === 'name' || field === 'address') continue;
    if (present(profile[field])) filled.push(field);
  }
  if (profile.address && Object.values(profile.address).some(present)) filled.push('address');
  for (const [key, value] of Object.entries(customFields)) {
    if (present(value)) filled.push(`custom.${key}`);
  }
  return filled;
}
