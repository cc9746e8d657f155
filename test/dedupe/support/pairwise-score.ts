/** Pairwise precision, recall and F1 of a clustering against the truth. */
export interface PairwiseScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
}

function pairsOf(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const group = groups.get(label);
    if (group) group.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

/**
 * Scores predicted cluster labels against true ones: true pairs are all pairs inside a true cluster,
 * predicted pairs all pairs inside a predicted cluster.
 */
export function pairwiseScore(truth: readonly string[], predicted: readonly string[]): PairwiseScore {
  const predictedGroups = pairsOf(predicted);
  let truePairs = 0;
  for (const g of pairsOf(truth).values()) truePairs += (g.length * (g.length - 1)) / 2;
  let predictedPairs = 0;
  let correct = 0;
  for (const g of predictedGroups.values()) {
    predictedPairs += (g.length * (g.length - 1)) / 2;
    // Count correct pairs by true label inside each predicted cluster: no set of pairs needed.
    const byTruth = new Map<string, number>();
    for (const i of g) byTruth.set(truth[i]!, (byTruth.get(truth[i]!) ?? 0) + 1);
    for (const c of byTruth.values()) correct += (c * (c - 1)) / 2;
  }
  const precision = predictedPairs === 0 ? 1 : correct / predictedPairs;
  const recall = truePairs === 0 ? 1 : correct / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs };
}
