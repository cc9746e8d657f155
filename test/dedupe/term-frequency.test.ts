import { describe, expect, it } from 'vitest';
import { dedupe } from '../../src/dedupe/engine.js';
import {
  exactAgreementRate,
  indexValues,
  termFrequencies,
  termFrequencyAdjustment,
} from '../../src/dedupe/term-frequency.js';

describe('term-frequency adjustment', () => {
  it('computes the chance that two random records agree exactly', () => {
    const tfOf = (values: (string | null)[]) => {
      const { ids, distinct } = indexValues(values);
      return termFrequencies(ids, distinct.length);
    };
    expect(exactAgreementRate(tfOf(['a', 'a', 'b', 'b', null]))).toBeCloseTo(1 / 3, 12);
    expect(exactAgreementRate(tfOf(['a', 'b', 'c']))).toBe(0);
  });

  it('counts agreement on a common value for less than on a rare one', () => {
    const values = [
      ...Array(40).fill('smith'),
      'zyx',
      'zyx',
      ...Array.from({ length: 58 }, (_, i) => `n${i}`),
    ];
    const { ids, distinct } = indexValues(values);
    const tf = termFrequencies(ids, distinct.length);
    const u = exactAgreementRate(tf);
    expect(termFrequencyAdjustment(tf, distinct.indexOf('smith'), u)).toBeLessThan(0);
    expect(termFrequencyAdjustment(tf, distinct.indexOf('zyx'), u)).toBeGreaterThan(0);
  });

  it('makes a match on "maria garcia" weigh less than a match on a rare name, all else equal', () => {
    const records = [];
    // Many different Maria Garcias, each with her own email: the name alone says little.
    for (let i = 0; i < 60; i++)
      records.push({ id: `g${i}`, values: { name: 'Maria Garcia', email: `mg${i}@x.com` } });
    for (let i = 0; i < 300; i++)
      records.push({ id: `p${i}`, values: { name: `Lee${i} Park${i % 97}`, email: `p${i}@x.com` } });
    records.push({ id: 'r1', values: { name: 'Zebulon Quist', email: 'zq1@x.com' } });
    records.push({ id: 'r2', values: { name: 'Zebulon Quist', email: 'zq2@y.com' } });
    const result = dedupe(records, {
      config: {
        fields: [
          { name: 'name', kind: 'name' },
          { name: 'email', kind: 'email' },
        ],
        blocking: [
          { keys: [{ field: 'name', transform: 'value' }] },
          { keys: [{ field: 'email', transform: 'value' }] },
        ],
      },
    });
    const common = result.explain('g0', 'g1').fields.find((f) => f.field === 'name')!;
    const rare = result.explain('r1', 'r2').fields.find((f) => f.field === 'name')!;
    expect(common.level).toBe('exact');
    expect(rare.level).toBe('exact');
    expect(common.termFrequencyAdjustment).toBeLessThan(0);
    expect(rare.termFrequencyAdjustment).toBeGreaterThan(0);
    expect(rare.weight - common.weight).toBeGreaterThan(4);
  });
});
