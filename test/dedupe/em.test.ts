import { describe, expect, it } from 'vitest';
import { estimateM } from '../../src/dedupe/em.js';
import { seededRng } from '../../src/dedupe/prng.js';
import { estimateLambda } from '../../src/dedupe/training.js';

/** Draws comparison vectors from a known two-class model and collapses them into patterns. */
function simulate(m: number[][], u: number[][], lambda: number, pairs: number) {
  const rng = seededRng(7);
  const draw = (probs: number[]) => {
    let r = rng();
    for (let l = 0; l < probs.length; l++) {
      r -= probs[l]!;
      if (r < 0) return l + 1;
    }
    return probs.length;
  };
  const counts = new Map<string, number>();
  for (let p = 0; p < pairs; p++) {
    const match = rng() < lambda;
    const key = (match ? m : u).map((probs) => draw(probs)).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()];
  return {
    levelCounts: m.map((levels) => levels.length),
    vectors: Uint8Array.from(keys.flatMap((k) => k.split(',').map(Number))),
    counts: Float64Array.from(keys.map((k) => counts.get(k)!)),
  };
}

describe('expectation–maximisation of the m probabilities', () => {
  it('recovers m and the share of matches from unlabelled comparison vectors', () => {
    const m = [
      [0.85, 0.1, 0.05],
      [0.7, 0.2, 0.1],
      [0.9, 0.1],
      [0.6, 0.3, 0.1],
    ];
    const u = [
      [0.01, 0.04, 0.95],
      [0.02, 0.08, 0.9],
      [0.05, 0.95],
      [0.1, 0.1, 0.8],
    ];
    const patterns = simulate(m, u, 0.2, 100_000);
    const fit = estimateM(patterns, u, { maxIterations: 500, tolerance: 1e-8 });
    expect(fit.converged).toBe(true);
    expect(fit.lambda).toBeCloseTo(0.2, 2);
    fit.m.forEach((levels, f) => {
      levels.forEach((p, l) => {
        expect(Math.abs(p - m[f]![l]!)).toBeLessThan(0.02);
      });
    });
  });

  it('ignores missing values (level 0) for both classes', () => {
    const patterns = {
      levelCounts: [2, 2],
      vectors: Uint8Array.of(1, 0, 2, 0, 1, 1, 2, 2),
      counts: Float64Array.of(100, 100, 100, 100),
    };
    const fit = estimateM(
      patterns,
      [
        [0.01, 0.99],
        [0.01, 0.99],
      ],
      { maxIterations: 200, tolerance: 1e-9 },
    );
    for (const levels of fit.m) expect(levels[0]! + levels[1]!).toBeCloseTo(1, 9);
    expect(fit.m[0]![0]!).toBeGreaterThan(0.9);
  });
});

describe('the prior: probability that two random records match', () => {
  it('counts strong pairs as matches and weak ones as not, over all pairs', () => {
    const weights = Float64Array.from([...Array(50).fill(30), ...Array(1000).fill(-10)]);
    // 1000 records: 499,500 pairs, of which the 50 strong ones match.
    expect(estimateLambda(weights, 1000)).toBeCloseTo(50 / 499_500, 7);
  });
});
