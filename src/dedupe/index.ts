export { blockingKeyIds, type CandidatePairs, candidatePairs, countPairs, type KeyIds } from './blocking.js';
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
  type DedupeProgress,
  type DedupeResult,
  type DedupeStage,
  type DedupeStats,
  dedupe,
} from './engine.js';
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
export { type Rng, randomInt, seededRng } from './prng.js';
export {
  compareRecords,
  fieldLevel,
  type MatchRecord,
  type PreparedField,
  type PreparedRecords,
  prepareRecords,
} from './records.js';
export {
  buildModel,
  explainPair,
  type FieldContribution,
  type MatchModel,
  type PairExplanation,
  probabilityToWeight,
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
  withinOneEdit,
} from './string-similarity.js';
export {
  exactAgreementRate,
  type IndexedValues,
  indexValues,
  type TermFrequencies,
  termFrequencies,
  termFrequencyAdjustment,
} from './term-frequency.js';
export { estimateLambda, estimateMByRule } from './training.js';
export { estimateU } from './u-probabilities.js';
