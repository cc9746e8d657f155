import { type LedgerEntry, MANUAL_RULE_ID, type ScoreState } from '../model/score-ledger.js';
import { manualRule } from './apply-signals.js';
import { type AwardRule, award, emptyScoreState } from './award.js';
import type { ScoringConfig } from './config.js';
import { compileRuleSet } from './rule-set.js';

/** The result of {@link reapplyRules}. */
export interface Reapplication {
  /** The contact's new scoring state. */
  readonly state: ScoreState;
  /** Entries whose points, weight, category, decay or version changed: rewrite them (same id). */
  readonly updated: LedgerEntry[];
  /** Entries whose rule is gone, changed kind, or became once-only after an earlier award: delete them. */
  readonly removed: LedgerEntry[];
  /** Entries left as they were. */
  readonly unchanged: number;
}

const SAME_FIELDS = [
  'ruleSetVersion',
  'category',
  'rulePoints',
  'weight',
  'points',
  'capped',
  'halfLifeDays',
] as const satisfies readonly (keyof LedgerEntry)[];

/**
 * Whether a contact's awards were made under another rule set than `config`: the sweep re-applies the
 * rules to exactly these contacts, so after an interruption it picks up where it stopped.
 *
 * @example
 * ```ts
 * if (needsReapply(contact.scoreState, scoring)) { … reapplyRules(…) … }
 * ```
 */
export function needsReapply(state: ScoreState | null | undefined, config: ScoringConfig): boolean {
  return state != null && state.nextSeq > 0 && state.ruleSetVersion !== config.version;
}

/**
 * Re-applies a (changed) rule set to one contact's ledger: every recorded award is worked out again
 * under the new rules, in ledger order, exactly as live scoring would have (points, category weights,
 * caps, once-only, decay). Awards of removed rules go. Manual adjustments stay as they were given.
 * Returns the new state and which entries to rewrite or delete. Idempotent: re-applying the rules a
 * ledger was built with changes nothing, and re-applying twice is the same as once.
 *
 * What it cannot do: re-read messages. A changed phrase list scores new messages only; a rule's
 * matches that were never recorded (repeats of a once-only rule) stay unrecorded. The latest buying-intent
 * and stage signals are kept: they are what happened, not points.
 *
 * @example
 * ```ts
 * const { state, updated, removed } = reapplyRules(contact.scoreState, ledger, newScoring);
 * // in one transaction: rewrite `updated`, delete `removed`, store `state`
 * ```
 */
export function reapplyRules(
  state: ScoreState | null | undefined,
  ledger: readonly LedgerEntry[],
  config: ScoringConfig,
): Reapplication {
  const rules = compileRuleSet(config);
  const ordered = [...ledger].sort((a, b) => a.seq - b.seq);
  const lastSeq = ordered.length === 0 ? -1 : ordered[ordered.length - 1]!.seq;
  const draft: ScoreState = {
    ...emptyScoreState(rules.version),
    nextSeq: Math.max(state?.nextSeq ?? 0, lastSeq + 1),
    buyingIntentAtMs: state?.buyingIntentAtMs ?? null,
    stageSignal: state?.stageSignal ?? null,
  };
  const updated: LedgerEntry[] = [];
  const removed: LedgerEntry[] = [];
  let unchanged = 0;
  for (const entry of ordered) {
    const rule = ruleFor(entry, rules.byId);
    const values =
      rule === undefined
        ? undefined
        : award(
            draft,
            rule,
            entry.ruleId === MANUAL_RULE_ID ? 1 : rules.weightOf(rule.category),
            entry.at.getTime(),
          );
    if (values === undefined) {
      removed.push(entry);
      continue;
    }
    const next: LedgerEntry = { ...entry, ...values, ruleSetVersion: rules.version };
    if (SAME_FIELDS.every((f) => next[f] === entry[f])) unchanged++;
    else updated.push(next);
  }
  return { state: draft, updated, removed, unchanged };
}

/** The rule an entry is re-valued by: its own for a manual adjustment, else the rule set's of that id and kind. */
function ruleFor(entry: LedgerEntry, byId: ReturnType<typeof compileRuleSet>['byId']): AwardRule | undefined {
  if (entry.ruleId === MANUAL_RULE_ID) return manualRule(entry.rulePoints, entry.category);
  const rule = byId.get(entry.ruleId);
  return rule !== undefined && rule.kind === entry.kind ? rule : undefined;
}
