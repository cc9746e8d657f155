import type { Clustering } from './config.js';

// Cross pairs compared per join at most: beyond that an even sample says as much.
const MAX_CROSS_PAIRS = 400;

/** Mean match probability over the pairs across two groups (an even sample of them when many). */
function meanProbability(
  a: readonly number[],
  b: readonly number[],
  probabilityOf: (i: number, j: number) => number,
): number {
  const total = a.length * b.length;
  const step = Math.max(1, Math.floor(total / MAX_CROSS_PAIRS));
  let sum = 0;
  let count = 0;
  for (let k = 0; k < total; k += step) {
    sum += probabilityOf(a[Math.floor(k / b.length)]!, b[k % b.length]!);
    count++;
  }
  return sum / count;
}

/** Scored pairs above the threshold, as parallel arrays. */
export interface ScoredEdges {
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Match weight in bits. */
  readonly weight: Float64Array;
  readonly count: number;
}

/** What clustering found. */
export interface ClusterResult {
  /** Cluster index of each record, 0..clusterCount−1; singletons get their own. */
  readonly clusterOf: Int32Array;
  readonly clusterCount: number;
  /** Links refused because they would have chained groups that do not belong together. */
  readonly guardedLinks: number;
}

/**
 * Clusters records from their matching pairs: connected components, built strongest link first, with a
 * guard against chains. Two groups of records are joined only if the result stays within
 * `maxClusterSize` and the mean match probability over every pair across the two groups reaches
 * `minAverageProbability`, so one strong link between A and C via B cannot make A and C one person when
 * they have nothing else in common. Joining two single records only needs their own link.
 *
 * @param probabilityOf - match probability of any two records (compared on demand).
 *
 * @example
 * ```ts
 * const { clusterOf } = clusterPairs(3, edges, (i, j) => probability(i, j), {
 *   maxClusterSize: 100,
 *   minAverageProbability: 0.5,
 * });
 * ```
 */
export function clusterPairs(
  n: number,
  edges: ScoredEdges,
  probabilityOf: (i: number, j: number) => number,
  options: Clustering,
): ClusterResult {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const members: (number[] | undefined)[] = new Array(n);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const membersOf = (root: number): number[] => members[root] ?? [root];

  const order = Array.from({ length: edges.count }, (_, k) => k);
  order.sort((a, b) => edges.weight[b]! - edges.weight[a]! || a - b);

  let guardedLinks = 0;
  const refused = new Set<string>();
  for (const k of order) {
    const ra = find(edges.left[k]!);
    const rb = find(edges.right[k]!);
    if (ra === rb) continue;
    const a = membersOf(ra);
    const b = membersOf(rb);
    if (a.length + b.length > options.maxClusterSize) {
      guardedLinks++;
      continue;
    }
    if (a.length > 1 || b.length > 1) {
      // A group is known by its root and size (groups only grow), so a refusal stands until one grows.
      const key = ra < rb ? `${ra}/${a.length}|${rb}/${b.length}` : `${rb}/${b.length}|${ra}/${a.length}`;
      if (refused.has(key) || meanProbability(a, b, probabilityOf) < options.minAverageProbability) {
        refused.add(key);
        guardedLinks++;
        continue;
      }
    }
    const [small, bigRoot, smallRoot] = a.length >= b.length ? [b, ra, rb] : [a, rb, ra];
    parent[smallRoot] = bigRoot;
    const merged = members[bigRoot] ?? [bigRoot];
    for (const x of small) merged.push(x);
    members[bigRoot] = merged;
    members[smallRoot] = undefined;
  }

  const clusterOf = new Int32Array(n).fill(-1);
  let clusterCount = 0;
  const indexOfRoot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (indexOfRoot[root] === -1) indexOfRoot[root] = clusterCount++;
    clusterOf[i] = indexOfRoot[root]!;
  }
  return { clusterOf, clusterCount, guardedLinks };
}
