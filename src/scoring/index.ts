export { type AwardContext, applySignals, type ScoringOutcome } from './apply-signals.js';
export { emptyScoreState } from './award.js';
export {
  ActionRuleSchema,
  DEFAULT_SCORING_CONFIG,
  DEFAULT_SCORING_RULES,
  type GradeThresholds,
  GradeThresholdsSchema,
  IntentRuleSchema,
  type KeywordRule,
  KeywordRuleSchema,
  parseScoringConfig,
  SCORING_LIMITS,
  type ScoringConfig,
  type ScoringConfigInput,
  ScoringConfigSchema,
  type ScoringRule,
  type ScoringRuleInput,
  ScoringRuleSchema,
  type TemperatureThresholds,
  TemperatureThresholdsSchema,
} from './config.js';
export { decayFactor } from './decay.js';
export { createKeywordMatcher, foldForKeywords, matchesPhrase } from './keywords.js';
export { mergeScoreStates } from './merge-states.js';
export { needsReapply, type Reapplication, reapplyRules } from './reapply.js';
export { type CompiledRuleSet, compileRuleSet } from './rule-set.js';
export {
  explainScore,
  gradeFor,
  ledgerScore,
  roundScore,
  type ScoreContribution,
  type ScoreExplanation,
  scoreAt,
  temperatureFor,
} from './score.js';
export {
  ActionSignalSchema,
  IntentSignalSchema,
  ManualSignalSchema,
  MessageSignalSchema,
  SCORE_ACTIONS,
  type ScoreSignal,
  type ScoreSignalInput,
  ScoreSignalSchema,
  StageSignalInputSchema,
} from './signals.js';
