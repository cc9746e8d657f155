export {
  type ClassifyContext,
  classificationChanges,
  classifyContact,
  type Reclassification,
  reclassify,
} from './classify.js';
export {
  type AtRiskConfig,
  AtRiskConfigSchema,
  type ClassificationConfig,
  type ClassificationConfigInput,
  ClassificationConfigSchema,
  type ClassificationRules,
  type CompletenessConfig,
  CompletenessConfigSchema,
  DEFAULT_CLASSIFICATION_CONFIG,
  parseClassificationConfig,
  type SentimentConfig,
  SentimentConfigSchema,
  type SpendConfig,
  SpendConfigSchema,
  type StageConfig,
  StageConfigSchema,
  type StatusConfig,
  StatusConfigSchema,
  type VipConfig,
  VipConfigSchema,
} from './config.js';
export type { ContactFacts } from './facts.js';
export {
  type AtRiskInput,
  completenessOf,
  decideAtRisk,
  decideVip,
  filledFields,
  type VipInput,
} from './flags.js';
export { classificationLogEntries } from './log-entries.js';
export { contactFacts, reclassifyContact } from './of-contact.js';
export { recordSentiment, sentimentLevel, sentimentTrend, summarizeSentiment } from './sentiment.js';
export { addOrderToSpend, convertAmounts, type ExchangeRates, predictSpend } from './spend.js';
export { decideStage, type StageDecision } from './stage.js';
export { decideStatus, lastActiveMs, type StatusDecision } from './status.js';
export { elapsedDays } from './time.js';
