import type { JourneyStage } from '../model/classification.js';
import { type LedgerEntry, MANUAL_RULE_ID, type ScoreState } from '../model/score-ledger.js';
import { type AwardRule, award, draftOf, emptyScoreState } from './award.js';
import type { ScoringConfig, ScoringRule } from './config.js';
import { type CompiledRuleSet, compileRuleSet } from './rule-set.js';
import type { ScoreSignal } from './signals.js';

/** Who the awards are for, and when they are made. */
export interface AwardContext {
  readonly workspaceId: string;
  readonly contactId: string;
  /** The time of the award; a signal dated later is recorded at `now` (clocks disagree). */
  readonly now: Date;
  /** Makes a ledger entry's id from its `seq`. Default: `<contactId>:<seq>`, unique per workspace. */
  readonly entryId?: (seq: number) => string;
}

/** The result of {@link applySignals}: the new state, and the ledger entries to append. */
export interface ScoringOutcome {
  readonly state: ScoreState;
  /** New ledger entries, in `seq` order. Store them with the state, in the same transaction. */
  readonly entries: LedgerEntry[];
}

/** A rule that matched a signal, with what it matched. */
interface Hit {
  readonly rule: AwardRule & Partial<Pick<ScoringRule, 'buyingIntent' | 'stage' | 'kind'>>;
  readonly matched?: string;
  readonly note?: string;
  readonly weight?: number;
}

// A switch rather than a pattern match: intake runs this for every signal of every event, and the
// match cost a tenth of intake's time on the memory store.
function hitsOf(signal: ScoreSignal, rules: CompiledRuleSet): Hit[] {
  switch (signal.kind) {
    case 'message': {
      if (rules.keywordRules.length === 0) return [];
      const found = rules.matchKeywords(signal.text);
      const hits: Hit[] = [];
      rules.keywordRules.forEach((rule, i) => {
        const phrase = found[i];
        if (phrase === undefined || rule.kind !== 'keyword') return;
        if (rule.direction === 'any' || rule.direction === signal.direction)
          hits.push({ rule, matched: phrase });
      });
      return hits;
    }
    case 'intent':
      return (rules.byIntent.get(signal.intent) ?? [])
        .filter((rule) => rule.kind === 'intent' && signal.confidence >= rule.minConfidence)
        .map((rule) => ({ rule, matched: signal.intent }));
    case 'action': {
      const matching = rules.byAction.get(signal.action);
      return matching === undefined ? [] : matching.map((rule) => ({ rule, matched: signal.action }));
    }
    case 'manual':
      return [
        {
          rule: manualRule(signal.points, signal.category),
          weight: 1,
          ...(signal.note === undefined ? {} : { note: signal.note }),
        },
      ];
    case 'stage':
      return [];
  }
}

/** A manual adjustment as a rule of its own: its points as given, never capped, never decaying. */
export function manualRule(points: number, category: string): AwardRule {
  return { id: MANUAL_RULE_ID, category, points, cap: null, once: false, halfLifeDays: null };
}

/**
 * Scores signals for one contact: every rule a signal matches awards its points (× the category
 * weight, within its cap, once only if so marked), each award a new ledger entry; rules marked
 * `buyingIntent` or with a `stage` record the signal's time and stage in the state, whether or not
 * their points were capped. Signals are taken in the order given; rules in configuration order. Pure:
 * `state` is not changed.
 *
 * @example
 * ```ts
 * const { state, entries } = applySignals(contact.scoreState, [
 *   { kind: 'message', at, text: '¿Cuánto cuesta el plan anual?', direction: 'inbound' },
 *   { kind: 'intent', at, intent: 'purchase', confidence: 0.9 },
 * ], scoringConfig, { workspaceId: 'acme', contactId: 'c1', now });
 * // store `state` on the contact and append `entries` to its ledger, in one transaction
 * ```
 */
export function applySignals(
  state: ScoreState | null | undefined,
  signals: readonly ScoreSignal[],
  config: ScoringConfig,
  context: AwardContext,
): ScoringOutcome {
  const rules = compileRuleSet(config);
  const draft = draftOf(state ?? emptyScoreState(rules.version));
  const entries: LedgerEntry[] = [];
  const nowMs = context.now.getTime();
  const entryId = context.entryId ?? ((seq: number) => `${context.contactId}:${seq}`);
  for (const signal of signals) {
    const atMs = Math.min(signal.at.getTime(), nowMs);
    if (signal.kind === 'stage') recordStage(draft, signal.stage, atMs);
    for (const hit of hitsOf(signal, rules)) {
      if (hit.rule.buyingIntent) {
        draft.buyingIntentAtMs = Math.max(draft.buyingIntentAtMs ?? atMs, atMs);
      }
      if (hit.rule.stage) recordStage(draft, hit.rule.stage, atMs);
      const values = award(draft, hit.rule, hit.weight ?? rules.weightOf(hit.rule.category), atMs);
      if (values === undefined) continue;
      const seq = draft.nextSeq;
      draft.nextSeq += 1;
      entries.push({
        workspaceId: context.workspaceId,
        id: entryId(seq),
        contactId: context.contactId,
        seq,
        ruleSetVersion: rules.version,
        kind: hit.rule.kind ?? 'manual',
        ...(signal.eventId === undefined ? {} : { eventId: signal.eventId }),
        at: new Date(atMs),
        ...values,
        ...(hit.matched === undefined ? {} : { matched: hit.matched.slice(0, 200) }),
        ...(hit.note === undefined ? {} : { note: hit.note }),
      });
    }
  }
  // A state that already holds awards of another version keeps that version, so the sweep that
  // re-applies the new rule set (see reapplyRules) still sees that it needs doing.
  if ((state?.nextSeq ?? 0) === 0) draft.ruleSetVersion = rules.version;
  return { state: draft, entries };
}

/** The latest stage signal wins; on a tie in time, the later one in the order given. */
function recordStage(draft: ScoreState, stage: JourneyStage, atMs: number): void {
  if (draft.stageSignal === null || atMs >= draft.stageSignal.atMs) draft.stageSignal = { stage, atMs };
}
