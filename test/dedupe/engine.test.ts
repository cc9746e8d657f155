import { describe, expect, it } from 'vitest';
import { type DedupeStage, dedupe } from '../../src/dedupe/engine.js';
import { ValidationError } from '../../src/errors/errors.js';
import { generateContacts, toDedupeRecords } from './support/synthetic-contacts.js';

const records = toDedupeRecords(generateContacts(1500, 3));

describe('the dedupe engine', () => {
  it('reports progress stage by stage, in order', () => {
    const seen: DedupeStage[] = [];
    dedupe(records, {
      onProgress: (p) => {
        if (seen.at(-1) !== p.stage) seen.push(p.stage);
        expect(p.done).toBeLessThanOrEqual(p.total);
      },
    });
    expect(seen).toEqual(['prepare', 'block', 'compare', 'train', 'score', 'cluster']);
  });

  it('keeps its counts consistent with its output', () => {
    const result = dedupe(records);
    expect(result.clusterIds).toHaveLength(records.length);
    expect(new Set(result.clusterIds).size).toBe(result.stats.clusters);
    expect(result.pairs).toHaveLength(result.stats.pairsAboveThreshold);
    expect(result.stats.pairsPerRule.reduce((s, n) => s + n, 0)).toBe(result.stats.candidatePairs);
    // A cluster's id is the id of one of its records.
    const ids = new Set(records.map((r) => r.id));
    for (const c of result.clusterIds) expect(ids.has(c)).toBe(true);
    expect(result.columns?.map((c) => c.column)).toEqual([
      'first_name',
      'last_name',
      'email',
      'phone',
      'city',
    ]);
  });

  it('uses a given configuration as is, and does not touch its input', () => {
    const copy = structuredClone(records);
    const result = dedupe(records, {
      config: {
        fields: [
          { name: 'email', kind: 'email' },
          { name: 'phone', kind: 'phone' },
        ],
        blocking: [
          { keys: [{ field: 'email' }] },
          { keys: [{ field: 'phone', transform: 'suffix', length: 7 }] },
        ],
      },
    });
    expect(result.columns).toBeNull();
    expect(result.model.fields.map((f) => f.name)).toEqual(['email', 'phone']);
    expect(records).toEqual(copy);
  });

  it('refuses records without an id or with a repeated one', () => {
    expect(() =>
      dedupe([
        { id: 'a', values: { name: 'x' } },
        { id: 'a', values: { name: 'y' } },
      ]),
    ).toThrow(ValidationError);
    expect(() => dedupe([{ id: '', values: { name: 'x' } }])).toThrow(ValidationError);
  });
});
