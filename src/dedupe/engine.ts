import { ValidationError } from '../errors/errors.js';
import { candidatePairs, type OversizedBlock } from './blocking.js';
import { clusterPairs, type ScoredEdges } from './clustering.js';
import { type MatchConfig, type MatchConfigInput, parseMatchConfig } from './config.js';
import { identifierMatchRate } from './identifiers.js';
import { type ColumnDecision, inferBlockingRules, inferFields } from './infer-config.js';
import {
  IDENTIFIER_KINDS,
  PRIOR_EXACT_U,
  PRIOR_IDENTIFIER_MATCH_RATE,
  PRIOR_LAMBDA_PAIRS,
  priorLambda,
} from './priors.js';
import { seededRng } from './prng.js';
import { compareRecords, type MatchRecord, type PreparedRecords, prepareRecords } from './records.js';
import {
  buildModel,
  explainPair,
  fieldContribution,
  identifyingValues,
  type MatchModel,
  type PairExplanation,
  PLACE_KINDS,
  priorWeight,
  probabilityToWeight,
  scorePair,
  weightToProbability,
} from './scoring.js';
import { type TermFrequencies, termFrequencies } from './term-frequency.js';
import { collectPatterns, estimateLambda, estimateMByRule } from './training.js';
import { estimateU } from './u-probabilities.js';

/** The stages of a run, in order, as reported to `onProgress`. */
export type DedupeStage = 'prepare' | 'block' | 'compare' | 'train' | 'score' | 'cluster';

/** Progress of a run: `done` of `total` units of the current stage. */
export interface DedupeProgress {
  readonly stage: DedupeStage;
  readonly done: number;
  readonly total: number;
}

/** Options for {@link dedupe}. */
export interface DedupeOptions {
  /** The match configuration; inferred from the records' columns and values when absent. */
  readonly config?: MatchConfigInput | undefined;
  /** Columns never compared when the configuration is inferred (ids, ground truth). */
  readonly exclude?: readonly string[] | undefined;
  /** Seed of the random pairs that estimate the u probabilities (default 1). */
  readonly seed?: number | undefined;
  /**
   * Which pairs to return with explanations: `true` (the default) those at or above the threshold,
   * `'all'` every candidate pair, `false` none (for millions of records, when only clusters matter).
   */
  readonly explain?: boolean | 'all' | undefined;
  readonly onProgress?: ((progress: DedupeProgress) => void) | undefined;
}

/** Options for {@link dedupePrepared}: those of {@link dedupe} that apply once records are prepared. */
export type DedupePreparedOptions = Pick<DedupeOptions, 'seed' | 'explain' | 'onProgress'>;

/** Counts describing a run. */
export interface DedupeStats {
  readonly records: number;
  readonly candidatePairs: number;
  readonly pairsAboveThreshold: number;
  readonly clusters: number;
  /** Records in clusters of two or more. */
  readonly recordsInDuplicateClusters: number;
  /** Links the chain guard refused. */
  readonly guardedLinks: number;
  readonly pairsPerRule: readonly number[];
  /** Blocks too large to compare pair by pair (see `oversized`). */
  readonly oversizedBlocks: number;
  readonly emIterations: number;
}

/** The result of {@link dedupe}. */
export interface DedupeResult {
  /** The configuration used (inferred, or the one given with defaults filled in). */
  readonly config: MatchConfig;
  /** How each column was treated, when the configuration was inferred. */
  readonly columns: readonly ColumnDecision[] | null;
  readonly model: MatchModel;
  /** Cluster id of each record, in input order: the id of the cluster's first record. */
  readonly clusterIds: readonly string[];
  /** Pairs with their explanations: those at or above the threshold, all candidates, or none (see `explain`). */
  readonly pairs: readonly PairExplanation[];
  /** Record ids in input order: what the indices of `links` refer to. */
  readonly ids: readonly string[];
  /**
   * The pairs at or above the threshold as record indices and match weights, unexplained: for callers
   * that rank and page millions of them and explain only those they keep (see `explainAt`).
   */
  readonly links: ScoredEdges;
  readonly stats: DedupeStats;
  /**
   * The largest blocks that were too large to compare pair by pair, compared in windows of neighbours
   * or skipped (as Splink warns of them): a key so common (a placeholder email, a shared company
   * number, few distinct names) that pairing all its records would cost more than it finds.
   */
  readonly oversized: readonly OversizedBlock[];
  /** Explains any two records by id, candidates or not. */
  explain(leftId: string, rightId: string): PairExplanation;
  /** Explains any two records by index (see `ids`). */
  explainAt(left: number, right: number): PairExplanation;
}

const PROGRESS_EVERY = 1 << 17;

/**
 * Finds duplicate records, the Fellegi–Sunter way (as Splink does): blocking rules propose candidate
 * pairs; each field is compared into levels; u probabilities come from random pairs and m probabilities
 * from expectation–maximisation, without labels; exact agreement is adjusted for how common the value
 * is; pairs at or above the threshold are clustered with a guard against chains. Pure and
 * deterministic for a given seed.
 *
 * @throws {@link contactkit!ValidationError} for a bad configuration, missing or repeated ids, or no comparable column.
 *
 * @example
 * ```ts
 * const result = dedupe([
 *   { id: '1', values: { name: 'Robert Smith', email: 'bob@x.com' } },
 *   { id: '2', values: { name: 'Bob Smith', email: 'bob@x.com' } },
 *   { id: '3', values: { name: 'Ana Lima', email: 'ana@y.org' } },
 * ]);
 * result.clusterIds; // ['1', '1', '3']
 * result.pairs[0].fields; // what name and email each contributed
 * ```
 */
export function dedupe(records: readonly MatchRecord[], options: DedupeOptions = {}): DedupeResult {
  const seed = options.seed ?? 1;
  const progress = options.onProgress;
  const n = records.length;

  progress?.({ stage: 'prepare', done: 0, total: n });
  let config: MatchConfig;
  let columns: readonly ColumnDecision[] | null = null;
  let prepared: PreparedRecords;
  if (options.config === undefined) {
    const inferred = inferFields(records, { exclude: options.exclude ?? [], seed });
    columns = inferred.columns;
    prepared = prepareRecords(records, inferred.fields);
    const blocking = inferBlockingRules(prepared, seededRng(seed));
    config = parseMatchConfig({ fields: inferred.fields, blocking });
  } else {
    config = parseMatchConfig(options.config);
    prepared = prepareRecords(records, config.fields);
  }
  progress?.({ stage: 'prepare', done: n, total: n });
  return { ...dedupePrepared(prepared, config, options), columns };
}

/**
 * {@link dedupe} over records already prepared (by `prepareRecords` or a `RecordsBuilder` fed page by
 * page), with a parsed configuration: the pipeline from blocking to clusters. `columns` is null.
 *
 * @example
 * ```ts
 * const builder = new RecordsBuilder(CONTACT_MATCH_CONFIG.fields);
 * for (const record of page) builder.add(record);
 * const result = dedupePrepared(builder.build(), CONTACT_MATCH_CONFIG, { explain: true });
 * ```
 */
export function dedupePrepared(
  prepared: PreparedRecords,
  config: MatchConfig,
  options: DedupePreparedOptions = {},
): DedupeResult {
  const seed = options.seed ?? 1;
  const progress = options.onProgress;
  const n = prepared.ids.length;

  const rules = config.blocking.length;
  progress?.({ stage: 'block', done: 0, total: rules });
  const pairs = candidatePairs(prepared, config.blocking, {
    maxBlockSize: config.maxBlockSize,
    pairsPerRecord: config.pairsPerRecord,
    oversizedBlocks: config.oversizedBlocks,
    blockWindow: config.blockWindow,
    maxPairs: config.maxCandidatePairs,
    onRule: (r) => progress?.({ stage: 'block', done: r + 1, total: rules }),
  });

  // Comparison levels of every candidate pair, one byte per field.
  const F = config.fields.length;
  const P = pairs.count;
  const levels = new Uint8Array(P * F);
  for (let p = 0; p < P; p++) {
    compareRecords(prepared, pairs.left[p]!, pairs.right[p]!, levels, p * F);
    if ((p & (PROGRESS_EVERY - 1)) === 0) progress?.({ stage: 'compare', done: p, total: P });
  }
  progress?.({ stage: 'compare', done: P, total: P });

  progress?.({ stage: 'train', done: 0, total: 1 });
  const rng = seededRng(seed);
  const isIdentifier = config.fields.map((field) => IDENTIFIER_KINDS.has(field.kind));
  const tfs: TermFrequencies[] = prepared.fields.map((f) =>
    termFrequencies(f.valueIds, f.distinctValues.length, PRIOR_EXACT_U[f.field.kind]),
  );
  const u = prepared.fields.map((f, k) => estimateU(f, tfs[k]!, rng, config.uSamplePairs));
  const levelCounts = prepared.fields.map((f) => f.comparison.levels.length);
  const trained = estimateMByRule(
    levels,
    pairs,
    config.blocking,
    config.fields.map((f) => f.name),
    levelCounts,
    u,
    config.em,
    config.fields.map((f) => f.m),
  );
  const modelOf = (lambda: number, shared: Parameters<typeof buildModel>[6] = null) =>
    buildModel(
      config.fields,
      prepared.fields.map((f) => f.comparison.levels),
      trained.m,
      u,
      lambda,
      config.fields.map((field, k) =>
        (field.termFrequency ?? field.kind !== 'id') || isIdentifier[k] ? tfs[k]! : null,
      ),
      shared,
    );
  // An identifier shared by two records is evidence on its own, worth what the pairs sharing it show:
  // the share of them that are one person, which their other fields tell.
  const identifying = identifyingValues(prepared, isIdentifier);
  const matchRates: (number | null)[] = config.fields.map((field, k) => {
    if (!isIdentifier[k]) return null;
    const sharing: number[] = [];
    const values = prepared.fields[k]!.valueIds;
    for (let p = 0; p < P; p++) {
      if (levels[p * F + k] === 1 && identifying[k]![values[pairs.left[p]!]!] === 1) sharing.push(p);
    }
    // Where people sharing a number or a mailbox live or work says nothing of whether they are one
    // person (a household's landline, a hotel's switchboard): only the other fields are read.
    const ignored = new Set([k, ...config.fields.flatMap((f, x) => (PLACE_KINDS.has(f.kind) ? [x] : []))]);
    const patterns = collectPatterns(levels, sharing, levelCounts, ignored);
    const prior = PRIOR_IDENTIFIER_MATCH_RATE[field.kind] ?? 0.9;
    return identifierMatchRate(patterns, trained.m, u, prior, config.em);
  });
  const anyShared = matchRates.some((rate) => rate !== null);
  progress?.({ stage: 'train', done: 1, total: 1 });

  // Bayes factors first (prior 1:1), then the share of matches λ they imply, then the final weights.
  const lambdaPrior = { lambda: priorLambda(n), pairs: PRIOR_LAMBDA_PAIRS };
  const weights = new Float64Array(P);
  const identifierFields = config.fields.flatMap((_, k) => (matchRates[k] !== null ? [k] : []));
  // Whether each pair shares an identifier, and what its other fields say of it, do not change from
  // round to round: read them once.
  const sharing = new Uint8Array(P);
  for (const k of identifierFields) {
    const values = prepared.fields[k]!.valueIds;
    for (let p = 0; p < P; p++) {
      if (levels[p * F + k] === 1 && identifying[k]![values[pairs.left[p]!]!] === 1) sharing[p] = 1;
    }
  }
  const others = new Float64Array(P);
  const plainModel = modelOf(0.5);
  for (let p = 0; p < P; p++) {
    const i = pairs.left[p]!;
    const j = pairs.right[p]!;
    const shared = sharing[p] === 1;
    let w = 0;
    for (let f = 0; f < F; f++) {
      if (matchRates[f] === null)
        w += fieldContribution(plainModel, prepared, f, levels[p * F + f]!, i, j, shared);
    }
    others[p] = w;
  }
  const scoreAll = (model: MatchModel) => {
    for (let p = 0; p < P; p++) {
      const i = pairs.left[p]!;
      const j = pairs.right[p]!;
      let w = others[p]!;
      for (const k of identifierFields) {
        w += fieldContribution(model, prepared, k, levels[p * F + k]!, i, j, sharing[p] === 1);
      }
      weights[p] = w;
    }
  };
  const shared = (lambda: number) => (anyShared ? { matchRates, lambda, identifying } : null);
  scoreAll(plainModel);
  let lambda = estimateLambda(weights, n, lambdaPrior);
  // A shared identifier's weight is set against λ, and λ is estimated from the weights: a few rounds,
  // the last read with the final λ.
  for (let round = 0; anyShared && round < 3; round++) {
    scoreAll(modelOf(0.5, shared(lambda)));
    lambda = estimateLambda(weights, n, lambdaPrior);
  }
  const model = modelOf(lambda, shared(lambda));
  if (anyShared) scoreAll(modelOf(0.5, shared(lambda)));
  progress?.({ stage: 'score', done: 0, total: P });

  const threshold = probabilityToWeight(config.threshold);
  const prior = priorWeight(model);
  let above = 0;
  for (let p = 0; p < P; p++) {
    weights[p]! += prior;
    if (weights[p]! >= threshold) above++;
  }
  progress?.({ stage: 'score', done: P, total: P });

  const edges = {
    left: new Int32Array(above),
    right: new Int32Array(above),
    weight: new Float64Array(above),
    count: above,
  };
  for (let p = 0, k = 0; p < P; p++) {
    if (weights[p]! < threshold) continue;
    edges.left[k] = pairs.left[p]!;
    edges.right[k] = pairs.right[p]!;
    edges.weight[k] = weights[p]!;
    k++;
  }
  progress?.({ stage: 'cluster', done: 0, total: 1 });
  // The chain guard judges the pairs across two groups at half the prior's log-odds: chained through
  // a third record, they are likelier than strangers to be one person, so two records with nothing to
  // compare (one has only an email, the other only a phone) do not undo the chain, while different
  // names do.
  const clusters = clusterPairs(
    n,
    edges,
    (i, j) => weightToProbability(scorePair(model, prepared, i, j) - prior / 2),
    config.clustering,
  );
  progress?.({ stage: 'cluster', done: 1, total: 1 });

  const firstOf = new Int32Array(clusters.clusterCount).fill(-1);
  const sizes = new Int32Array(clusters.clusterCount);
  const clusterIds: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = clusters.clusterOf[i]!;
    if (firstOf[c] === -1) firstOf[c] = i;
    sizes[c]!++;
    clusterIds[i] = prepared.ids[firstOf[c]!]!;
  }
  let recordsInDuplicateClusters = 0;
  for (const size of sizes) if (size > 1) recordsInDuplicateClusters += size;

  const explained =
    options.explain === false
      ? []
      : options.explain === 'all'
        ? Array.from({ length: P }, (_, p) => explainPair(model, prepared, pairs.left[p]!, pairs.right[p]!))
        : Array.from({ length: above }, (_, k) =>
            explainPair(model, prepared, edges.left[k]!, edges.right[k]!),
          );
  const indexById = new Map<string, number>();
  const indexOf = (id: string): number => {
    if (indexById.size === 0) {
      for (let i = 0; i < n; i++) indexById.set(prepared.ids[i]!, i);
    }
    const i = indexById.get(id);
    if (i === undefined)
      throw new ValidationError({ field: 'id', value: id, reason: 'no record has this id' });
    return i;
  };
  return {
    config,
    columns: null,
    model,
    clusterIds,
    pairs: explained,
    ids: prepared.ids,
    links: edges,
    stats: {
      records: n,
      candidatePairs: P,
      pairsAboveThreshold: above,
      clusters: clusters.clusterCount,
      recordsInDuplicateClusters,
      guardedLinks: clusters.guardedLinks,
      pairsPerRule: pairs.pairsPerRule,
      oversizedBlocks: pairs.oversizedBlocks,
      emIterations: trained.iterations,
    },
    oversized: pairs.oversized,
    explain: (leftId, rightId) => explainPair(model, prepared, indexOf(leftId), indexOf(rightId)),
    explainAt: (left, right) => explainPair(model, prepared, left, right),
  };
}
