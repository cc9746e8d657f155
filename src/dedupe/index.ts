export {
  type BlockingOptions,
  type CandidatePairs,
  countPairs,
  type KeyIds,
  type OversizedBlock,
} from './blocking.js';
export { type ClusterResult, clusterPairs, type ScoredEdges } from './clustering.js';
export { type Comparison, comparisonFor } from './comparisons/index.js';
export {
  BLOCKING_TRANSFORMS,
  type BlockingKeyPart,
  BlockingKeyPartSchema,
  type BlockingRule,
  BlockingRuleSchema,
  type Clustering,
  ClusteringSchema,
  FIELD_KINDS,
  type FieldKind,
  FieldKindSchema,
  type MatchConfig,
  type MatchConfigInput,
  MatchConfigSchema,
  type MatchField,
  MatchFieldSchema,
  parseMatchConfig,
} from './config.js';
export { CONTACT_MATCH_CONFIG, contactMatchRecords, contactToMatchRecord } from './contact-record.js';
export { type ComparisonPatterns, type EmOptions, type EmResult, estimateM } from './em.js';
export {
  type DedupeOptions,
  type DedupePreparedOptions,
  type DedupeProgress,
  type DedupeResult,
  type DedupeStage,
  type DedupeStats,
  dedupe,
  dedupePrepared,
} from './engine.js';
export { identifierMatchRate } from './identifiers.js';
export {
  type ColumnDecision,
  type InferOptions,
  type InferredConfig,
  type InferredFields,
  inferBlockingRules,
  inferFields,
  inferMatchConfig,
} from './infer-config.js';
export { canonicalGivenName } from './nicknames.js';
export { handleAsName, isPlaceholderName, looksLikeHandle } from './placeholders.js';
export {
  IDENTIFIER_KINDS,
  NEAR_MISS_MARGIN_BITS,
  PRIOR_EXACT_U,
  PRIOR_IDENTIFIER_MATCH_RATE,
  PRIOR_IDENTIFIER_PAIRS,
  PRIOR_LAMBDA_PAIRS,
  PRIOR_TF_RECORDS,
  PRIOR_U_PAIRS,
  priorLambda,
  priorU,
} from './priors.js';
export type { Rng } from './prng.js';
export {
  compareRecords,
  fieldLevel,
  type MatchRecord,
  type PreparedField,
  type PreparedRecords,
  preparedValue,
  prepareRecords,
  RecordsBuilder,
} from './records.js';
export {
  buildModel,
  explainPair,
  type FieldContribution,
  type MatchModel,
  type PairExplanation,
  PLACE_KINDS,
  probabilityToWeight,
  type SharedIdentifiers,
  scorePair,
  weightToProbability,
} from './scoring.js';
export {
  editDistance,
  jaroWinkler,
  sortedTokenJaccard,
  sortedTokens,
  soundex,
  tokenJaccard,
  withinEdits,
  withinOneEdit,
} from './string-similarity.js';
export {
  exactAgreementRate,
  type IndexedValues,
  sharedIdentifierAdjustment,
  type TermFrequencies,
  termFrequencyAdjustment,
} from './term-frequency.js';
export { estimateLambda, estimateMByRule } from './training.js';
export { estimateU } from './u-probabilities.js';
