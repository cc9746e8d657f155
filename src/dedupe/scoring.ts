import { comparisonFor } from './comparisons/index.js';
import type { MatchField } from './config.js';
import { NEAR_MISS_MARGIN_BITS } from './priors.js';
import { compareRecords, type PreparedRecords } from './records.js';
import {
  sharedIdentifierAdjustment,
  type TermFrequencies,
  termFrequencyAdjustment,
} from './term-frequency.js';

/** A fitted Fellegi–Sunter model: the m and u probabilities of every level of every field. */
export interface MatchModel {
  readonly fields: readonly MatchField[];
  /** Level labels per field, best first. */
  readonly levels: readonly (readonly string[])[];
  readonly m: readonly (readonly number[])[];
  readonly u: readonly (readonly number[])[];
  /** Share of candidate pairs that are matches (the prior). */
  readonly lambda: number;
  /** log2(m/u) per field and level; an identifier's exact level: see `matchRates`. */
  readonly weights: readonly (readonly number[])[];
  /**
   * Value counts of the fields with term-frequency adjustment (and of identifier fields, whose shared
   * values count less); null for the others.
   */
  readonly termFrequencies: readonly (TermFrequencies | null)[];
  /**
   * Per identifier field (email, phone, handle, id), the share of pairs sharing one of its values that
   * are one person; null for other fields. Sharing such a value is evidence on its own, worth log2 of
   * those odds over the prior odds, so sparse records link on it; near misses are capped below it.
   */
  readonly matchRates: readonly (number | null)[];
  /**
   * Per identifier field, by value id, 1 when sharing the value identifies a person on its own (a phone
   * number of at least 9 digits); null for other fields.
   */
  readonly identifying: readonly (Uint8Array | null)[];
  /** log2(m/u) of exact agreement per field: an identifier's value that does not identify is worth this. */
  readonly plainExact: readonly number[];
}

/**
 * Per field, which values identify a person when two records share them: for identifier fields (email,
 * phone, handle, id), each distinct value asked of its comparison; null for other fields.
 *
 * @example
 * ```ts
 * identifyingValues(prepared, [false, true])[1]; // Uint8Array: 1 for phones of 9 digits or more
 * ```
 */
export function identifyingValues(
  records: PreparedRecords,
  isIdentifier: readonly boolean[],
): (Uint8Array | null)[] {
  return records.fields.map((f, k) => {
    if (!isIdentifier[k]) return null;
    const identifies = f.comparison.identifies;
    const out = new Uint8Array(f.distinctValues.length).fill(1);
    if (identifies) {
      f.distinctValues.forEach((v, id) => {
        if (!identifies(v)) out[id] = 0;
      });
    }
    return out;
  });
}

/** What one field contributed to a pair's match weight. */
export interface FieldContribution {
  readonly field: string;
  /** The comparison level's label, or `missing`. */
  readonly level: string;
  /** Bits of evidence: positive for a match, negative against, 0 when missing. */
  readonly weight: number;
  /** The part of `weight` that is the term-frequency adjustment (0 when none). */
  readonly termFrequencyAdjustment: number;
}

/** A scored pair with the reasons for its score. */
export interface PairExplanation {
  /** Record ids. */
  readonly left: string;
  readonly right: string;
  /** Total match weight in bits: the prior plus every field's contribution. */
  readonly weight: number;
  readonly probability: number;
  /** log2(λ/(1−λ)): the weight of a pair about which nothing is known. */
  readonly prior: number;
  readonly fields: readonly FieldContribution[];
}

/** What the pairs sharing identifiers showed (see {@link MatchModel.matchRates}). */
export interface SharedIdentifiers {
  /** Per field, the share of pairs sharing a value that are one person; null for other fields. */
  readonly matchRates: readonly (number | null)[];
  /** The λ an identifier's exact weight is set against (the estimated one). */
  readonly lambda: number;
  /** Per identifier field, the values that identify (see `identifyingValues`). */
  readonly identifying: readonly (Uint8Array | null)[];
}

/**
 * Builds a model from fitted probabilities. With `shared`, an identifier's exact agreement is worth
 * log2 of its match odds over the prior odds (evidence on its own), and its near misses weigh at least
 * `NEAR_MISS_MARGIN_BITS` less: partial evidence, never full. The levels that are the same identifier
 * with a typo (an email at `gmail.co`) weigh a fixed number of bits less (the comparison's
 * `typosOfSameIdentifier`): strangers reach them too rarely for random pairs to say how rarely.
 *
 * @example
 * ```ts
 * const model = buildModel(fields, levels, m, u, 0.2, tfs);
 * model.weights[0][0]; // log2(m/u) of exact agreement on the first field
 * ```
 */
export function buildModel(
  fields: readonly MatchField[],
  levels: readonly (readonly string[])[],
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  lambda: number,
  termFrequencies: readonly (TermFrequencies | null)[],
  shared: SharedIdentifiers | null = null,
): MatchModel {
  const logit2 = (p: number) => Math.log2(p / (1 - p));
  const plain = m.map((levelsM, f) => levelsM.map((p, l) => Math.log2(p / u[f]![l]!)));
  const matchRates = fields.map((_, f) => shared?.matchRates[f] ?? null);
  const weights = plain.map((w, f) => {
    const rate = matchRates[f];
    if (rate === null || rate === undefined || !shared) return w;
    const exact = logit2(rate) - logit2(shared.lambda);
    const typos = new Map(comparisonFor(fields[f]!.kind).typosOfSameIdentifier ?? []);
    return w.map((x, l) => {
      if (l === 0) return exact;
      const below = typos.get(l);
      return below === undefined ? Math.min(x, exact - NEAR_MISS_MARGIN_BITS) : exact - below;
    });
  });
  return {
    fields,
    levels,
    m,
    u,
    lambda,
    weights,
    termFrequencies,
    matchRates,
    identifying: fields.map((_, f) => (matchRates[f] === null ? null : (shared?.identifying[f] ?? null))),
    plainExact: plain.map((w) => w[0]!),
  };
}

/**
 * Turns a match weight in bits into a match probability.
 *
 * @example
 * ```ts
 * weightToProbability(0); // 0.5
 * weightToProbability(10); // 0.999
 * ```
 */
export function weightToProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/**
 * Turns a match probability into a match weight in bits.
 *
 * @example
 * ```ts
 * probabilityToWeight(0.5); // 0
 * ```
 */
export function probabilityToWeight(probability: number): number {
  return Math.log2(probability / (1 - probability));
}

/**
 * The weight of a pair about which nothing is known: log2(λ/(1−λ)), λ being the probability that two
 * records drawn at random match.
 *
 * @example
 * ```ts
 * priorWeight(model); // about −17 for 2,000 people in 5,000 records
 * ```
 */
export function priorWeight(model: MatchModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

/**
 * Fields that people sharing a mailbox or a number share anyway: where they live or work (a household's
 * landline, a hotel's switchboard, a team's inbox). For a pair that shares an identifier their
 * agreement says nothing more, so they count only against (see `fieldContribution`).
 */
export const PLACE_KINDS: ReadonlySet<string> = new Set(['address', 'city', 'postcode', 'company']);

/**
 * Whether a pair shares a value of an identifier field that identifies a person (see `matchRates`).
 *
 * @example
 * ```ts
 * sharesIdentifier(model, records, levels, p * F, left[p]); // true for two records with one email
 * ```
 */
export function sharesIdentifier(
  model: MatchModel,
  records: PreparedRecords,
  levels: Uint8Array,
  offset: number,
  i: number,
): boolean {
  for (let f = 0; f < model.fields.length; f++) {
    if (model.matchRates[f] === null || levels[offset + f] !== 1) continue;
    if (model.identifying[f]?.[records.fields[f]!.valueIds[i]!] === 1) return true;
  }
  return false;
}

/**
 * The contribution of one field at a given level (1 = exact, 0 = missing) to a pair's weight, in bits.
 * With `shared` (the pair shares an identifier), a place field counts only against.
 *
 * @example
 * ```ts
 * fieldContribution(model, records, f, levels[p * F + f], left[p], right[p], false);
 * ```
 */
export function fieldContribution(
  model: MatchModel,
  records: PreparedRecords,
  f: number,
  level: number,
  i: number,
  j: number,
  shared: boolean,
): number {
  if (level === 0) return 0;
  const w =
    level === 1 && model.termFrequencies[f]
      ? contribution(model, records, f, level, i, j)[0]
      : model.weights[f]![level - 1]!;
  return shared && w > 0 && PLACE_KINDS.has(model.fields[f]!.kind) ? 0 : w;
}

/**
 * The contribution of one field at a given level (1 = exact, 0 = missing) to a pair's weight, in bits,
 * and the part of it that is the term-frequency (or shared-identifier) adjustment.
 */
function contribution(
  model: MatchModel,
  records: PreparedRecords,
  f: number,
  level: number,
  i: number,
  j: number,
): [number, number] {
  if (level === 0) return [0, 0];
  const tf = model.termFrequencies[f];
  if (level !== 1 || !tf) return [model.weights[f]![level - 1]!, 0];
  const field = records.fields[f]!;
  // Two writings at the exact level (a phone with and without its country code) take the commoner one.
  const a = field.valueIds[i]!;
  const b = field.valueIds[j]!;
  let base = model.weights[f]![0]!;
  if (model.matchRates[f] !== null) {
    if (model.identifying[f]?.[a] === 1) {
      const adjustment = sharedIdentifierAdjustment(Math.max(tf.counts[a] ?? 1, tf.counts[b] ?? 1));
      return [base + adjustment, adjustment];
    }
    // The same short number: an agreement like any other, not an identifier.
    base = model.plainExact[f]!;
  }
  const uExact = model.u[f]![0]!;
  const adjustment = Math.min(
    termFrequencyAdjustment(tf, a, uExact),
    a === b ? Number.POSITIVE_INFINITY : termFrequencyAdjustment(tf, b, uExact),
  );
  return [base + adjustment, adjustment];
}

/**
 * The match weight of a pair whose levels are known (from the engine's level matrix).
 *
 * @param levels - the pair's level per field (0 missing, 1 exact, …), read from `offset`.
 *
 * @example
 * ```ts
 * scoreLevels(model, records, levels, p * F, left[p], right[p]);
 * ```
 */
export function scoreLevels(
  model: MatchModel,
  records: PreparedRecords,
  levels: Uint8Array,
  offset: number,
  i: number,
  j: number,
): number {
  const shared = sharesIdentifier(model, records, levels, offset, i);
  let w = priorWeight(model);
  for (let f = 0; f < model.fields.length; f++) {
    w += fieldContribution(model, records, f, levels[offset + f]!, i, j, shared);
  }
  return w;
}

/**
 * The match weight of any two records, compared now (used for pairs outside the candidates, such as
 * the chain guard's cross pairs).
 *
 * @example
 * ```ts
 * weightToProbability(scorePair(model, records, 0, 1));
 * ```
 */
export function scorePair(model: MatchModel, records: PreparedRecords, i: number, j: number): number {
  const levels = new Uint8Array(model.fields.length);
  compareRecords(records, i, j, levels, 0);
  return scoreLevels(model, records, levels, 0, i, j);
}

/**
 * Explains a pair: its total weight and probability and what each field contributed, so that a person
 * can see why two records were paired.
 *
 * @example
 * ```ts
 * const why = explainPair(model, records, 0, 1);
 * why.fields.map((f) => `${f.field}: ${f.level} (${f.weight.toFixed(1)} bits)`);
 * ```
 */
export function explainPair(
  model: MatchModel,
  records: PreparedRecords,
  i: number,
  j: number,
): PairExplanation {
  const prior = priorWeight(model);
  let weight = prior;
  const levels = new Uint8Array(model.fields.length);
  compareRecords(records, i, j, levels, 0);
  const shared = sharesIdentifier(model, records, levels, 0, i);
  const fields: FieldContribution[] = model.fields.map((field, f) => {
    const level = levels[f]!;
    const w = fieldContribution(model, records, f, level, i, j, shared);
    // A place field set to 0 for a pair sharing an identifier carries no adjustment either.
    const adjustment = w === 0 ? 0 : contribution(model, records, f, level, i, j)[1];
    weight += w;
    return {
      field: field.name,
      level: level === 0 ? 'missing' : model.levels[f]![level - 1]!,
      weight: w,
      termFrequencyAdjustment: adjustment,
    };
  });
  return {
    left: records.ids[i]!,
    right: records.ids[j]!,
    weight,
    probability: weightToProbability(weight),
    prior,
    fields,
  };
}
