import type { Classification, ClassificationChange } from '../model/classification.js';
import { gradeFor, roundScore, scoreAt, temperatureFor } from '../scoring/score.js';
import type { ClassificationRules } from './config.js';
import type { ContactFacts } from './facts.js';
import { completenessOf, decideAtRisk, decideVip } from './flags.js';
import { summarizeSentiment } from './sentiment.js';
import { convertAmounts, type ExchangeRates, predictSpend } from './spend.js';
import { decideStage } from './stage.js';
import { decideStatus, lastActiveMs } from './status.js';
import { elapsedDays } from './time.js';

/** The moment to classify at, and what the host supplies for it. */
export interface ClassifyContext {
  readonly now: Date;
  /** Exchange rates into the workspace currency (see {@link ExchangeRates}). */
  readonly rates?: ExchangeRates | undefined;
}

/**
 * Everything derived about a contact at `now`: status, stage, score, grade, temperature, sentiment,
 * VIP and at-risk flags, completeness, spend in the workspace currency and predicted spend. Pure: the
 * same facts, rules and context give an equal result, which is what makes the stored copy trustworthy.
 *
 * @example
 * ```ts
 * const rules = { classification: DEFAULT_CLASSIFICATION_CONFIG, scoring: DEFAULT_SCORING_CONFIG };
 * const c = classifyContact(facts, rules, { now: new Date() });
 * c.status; c.grade; c.predictedSpend.byCurrency
 * ```
 */
export function classifyContact(
  facts: ContactFacts,
  rules: ClassificationRules,
  context: ClassifyContext,
): Classification {
  const config = rules.classification;
  const { now } = context;
  const status = decideStatus(facts, config.status, now);
  const stage = decideStage(facts, config.stage, now);
  const score = roundScore(scoreAt(facts.score, now));
  const grade = gradeFor(score, rules.scoring.grades);
  const sentiment = summarizeSentiment(facts.sentiment, config.sentiment);
  let orders = 0;
  for (let i = 0; i < facts.spend.length; i++) orders += facts.spend[i]!.orders;
  const spentTotal =
    config.spend.currency === undefined
      ? null
      : convertAmounts(facts.spend, config.spend.currency, context.rates);
  const vip = decideVip({ grade, orders, spent: spentTotal, tags: facts.tags }, config.vip);
  const atRisk = decideAtRisk(
    { sentiment, status: status.status, silentDays: elapsedDays(lastActiveMs(facts), now) },
    config.atRisk,
  );
  return {
    status: status.status,
    statusReason: status.reason,
    stage: stage.stage,
    stageReason: stage.reason,
    stageSetByHand: stage.setByHand,
    score,
    grade,
    temperature: temperatureFor(score, rules.scoring.temperature),
    sentiment,
    vip: vip.length > 0,
    atRisk: atRisk.length > 0,
    flagReasons: { vip, atRisk },
    completeness: completenessOf(facts.filledFields, config.completeness),
    spentTotal,
    predictedSpend: predictSpend(facts, config.spend, status.status === 'churned', now, context.rates),
    ruleSetVersion: facts.score?.ruleSetVersion ?? null,
    classifiedAt: now,
  };
}

/** The result of {@link reclassify}. */
export interface Reclassification {
  readonly classification: Classification;
  /** Status, stage and grade changes since `before`, with reasons: for the timeline and the outbox. */
  readonly changes: ClassificationChange[];
}

/**
 * Classifies a contact again and says what changed since its stored classification: the status, stage
 * and grade changes, each with the reason, that become timeline entries and outbox events. A contact
 * never classified (`before` null) reports each as a change from null. The new classification depends
 * only on the facts, rules and context, never on `before`. Pure.
 *
 * @example
 * ```ts
 * const { classification, changes } = reclassify(contact.classification, facts, rules, { now });
 * // changes: [{ field: 'status', from: 'active', to: 'inactive', reason: 'silent' }]
 * ```
 */
export function reclassify(
  before: Classification | null | undefined,
  facts: ContactFacts,
  rules: ClassificationRules,
  context: ClassifyContext,
): Reclassification {
  const after = classifyContact(facts, rules, context);
  return { classification: after, changes: classificationChanges(before ?? null, after) };
}

/**
 * The status, stage and grade changes from one classification to another, with the reasons of the new
 * one; empty when none of the three changed.
 *
 * @example
 * ```ts
 * classificationChanges(before, after)
 * // [{ field: 'grade', from: 'C', to: 'B', reason: 'score_rose', score: { from: 45, to: 61.5 } }]
 * ```
 */
export function classificationChanges(
  before: Classification | null,
  after: Classification,
): ClassificationChange[] {
  const changes: ClassificationChange[] = [];
  if (before?.status !== after.status) {
    changes.push({
      field: 'status',
      from: before?.status ?? null,
      to: after.status,
      reason: after.statusReason,
    });
  }
  if (before === null || before.stage !== after.stage) {
    if (before !== null || after.stage !== null) {
      changes.push({
        field: 'stage',
        from: before?.stage ?? null,
        to: after.stage,
        reason: after.stageReason,
      });
    }
  }
  if (before?.grade !== after.grade) {
    const from = before?.score ?? null;
    changes.push({
      field: 'grade',
      from: before?.grade ?? null,
      to: after.grade,
      reason:
        from === null
          ? 'first_classification'
          : after.score > from
            ? 'score_rose'
            : after.score < from
              ? 'score_fell'
              : 'thresholds_changed',
      score: { from, to: after.score },
    });
  }
  return changes;
}
