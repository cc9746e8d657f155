import { describe, expect, it } from 'vitest';
import { identifierMatchRate } from '../../src/dedupe/identifiers.js';

const options = { maxIterations: 200, tolerance: 1e-9 };
// One other field (a name): exact or different.
const m = [[0.9, 0.1]];
const u = [[0.01, 0.99]];
const patterns = (agree: number, differ: number, unknown: number) => ({
  levelCounts: [2],
  vectors: Uint8Array.of(1, 2, 0),
  counts: Float64Array.of(agree, differ, unknown),
});

describe('the share of pairs sharing an identifier that are one person', () => {
  it('is the prior when no pair shares one (a small workspace)', () => {
    expect(identifierMatchRate(patterns(0, 0, 0), m, u, 0.97, options)).toBe(0.97);
  });

  it('is high when the pairs sharing one agree on their other fields, and pairs with nothing else follow', () => {
    expect(identifierMatchRate(patterns(200, 2, 300), m, u, 0.97, options)).toBeGreaterThan(0.97);
  });

  it('falls when many pairs sharing one disagree on their names (a household’s landline)', () => {
    expect(identifierMatchRate(patterns(100, 100, 0), m, u, 0.95, options)).toBeLessThan(0.7);
  });
});
