import { describe, expect, it } from 'vitest';
import { clusterPairs } from '../../src/dedupe/clustering.js';

function edges(list: [number, number, number][]) {
  return {
    left: Int32Array.from(list.map((e) => e[0])),
    right: Int32Array.from(list.map((e) => e[1])),
    weight: Float64Array.from(list.map((e) => e[2])),
    count: list.length,
  };
}

/** Probabilities for any pair, from a table; pairs not listed are clearly different people. */
function table(entries: Record<string, number>) {
  return (i: number, j: number) => entries[`${Math.min(i, j)}-${Math.max(i, j)}`] ?? 0.01;
}

describe('clustering matched pairs', () => {
  it('gives every record a cluster, singletons their own', () => {
    const result = clusterPairs(4, edges([[0, 1, 10]]), table({ '0-1': 0.99 }), {
      maxClusterSize: 100,
      minAverageProbability: 0.5,
    });
    expect(result.clusterCount).toBe(3);
    expect(result.clusterOf[0]).toBe(result.clusterOf[1]);
    expect(new Set(result.clusterOf).size).toBe(3);
  });

  it('joins a tight group whose members all resemble each other', () => {
    const p = table({ '0-1': 0.99, '1-2': 0.98, '0-2': 0.9 });
    const result = clusterPairs(
      3,
      edges([
        [0, 1, 10],
        [1, 2, 9],
      ]),
      p,
      { maxClusterSize: 100, minAverageProbability: 0.5 },
    );
    expect(result.clusterCount).toBe(1);
    expect(result.guardedLinks).toBe(0);
  });

  it('refuses a chain: A–B and B–C match, but A and C are different people', () => {
    // A long chain 0–1–2–3–4 where only neighbours resemble each other.
    const p = table({ '0-1': 0.99, '1-2': 0.99, '2-3': 0.99, '3-4': 0.99 });
    const chain = edges([
      [0, 1, 12],
      [1, 2, 11],
      [2, 3, 10],
      [3, 4, 9],
    ]);
    const guarded = clusterPairs(5, chain, p, { maxClusterSize: 100, minAverageProbability: 0.5 });
    expect(guarded.clusterCount).toBeGreaterThan(1);
    expect(guarded.guardedLinks).toBeGreaterThan(0);
    expect(guarded.clusterOf[0]).not.toBe(guarded.clusterOf[4]);
    // Without the guard, plain connected components chain them all.
    const plain = clusterPairs(5, chain, p, { maxClusterSize: 100, minAverageProbability: 0 });
    expect(plain.clusterCount).toBe(1);
  });

  it('bounds the work of the guard: sampled cross pairs, and a refusal is remembered', () => {
    // Two tight groups of 40 (0–39 and 40–79) and 40 strong-looking links between them.
    const list: [number, number, number][] = [];
    for (let i = 1; i < 40; i++) list.push([0, i, 20], [40, 40 + i, 20]);
    for (let i = 0; i < 40; i++) list.push([i, 40 + i, 10]);
    let calls = 0;
    const result = clusterPairs(
      80,
      edges(list),
      (i, j) => {
        calls++;
        return i < 40 === j < 40 ? 0.99 : 0.01;
      },
      { maxClusterSize: 100, minAverageProbability: 0.5 },
    );
    expect(result.clusterCount).toBe(2);
    expect(result.guardedLinks).toBe(40);
    // Growing each group one record at a time costs 2 + 3 + … + 39 per group; the refused joins
    // between them cost one sample of 400 in all (every pair would be 40 × 1,600).
    expect(calls).toBeLessThanOrEqual(2 * ((39 * 40) / 2 - 1) + 400);
  });

  it('caps the cluster size', () => {
    const all = table({ '0-1': 1, '0-2': 1, '1-2': 1, '0-3': 1, '1-3': 1, '2-3': 1 });
    const result = clusterPairs(
      4,
      edges([
        [0, 1, 9],
        [1, 2, 8],
        [2, 3, 7],
      ]),
      all,
      {
        maxClusterSize: 2,
        minAverageProbability: 0,
      },
    );
    expect(
      Math.max(
        ...Array.from(
          { length: result.clusterCount },
          (_, c) => result.clusterOf.filter((x) => x === c).length,
        ),
      ),
    ).toBe(2);
  });
});
