import { describe, expect, it } from 'vitest';
import { dedupe } from '../../src/dedupe/engine.js';
import { deterministicBaselines } from './support/baselines.js';
import { pairwiseScore } from './support/pairwise-score.js';
import { generateContacts, toDedupeRecords } from './support/synthetic-contacts.js';

/** Generated contacts with known duplicates: runs on every machine, with or without ../shared/data. */
describe('accuracy on generated contacts (typos, nicknames, phone formats, email variants)', () => {
  const contacts = generateContacts(10_000, 42);
  const records = toDedupeRecords(contacts);
  const truth = contacts.map((c) => String(c.person));

  it('finds the duplicates with the inferred configuration, above the deterministic rules', () => {
    const result = dedupe(records, { explain: false });
    const score = pairwiseScore(truth, result.clusterIds);
    const baselines = deterministicBaselines(records, ['email'], ['phone']);
    const sameEmail = pairwiseScore(truth, baselines.sameEmail);
    const sameEmailOrPhone = pairwiseScore(truth, baselines.sameEmailOrPhone);
    console.log(
      `synthetic 10k: P ${score.precision.toFixed(4)} R ${score.recall.toFixed(4)} F1 ${score.f1.toFixed(4)} ` +
        `(${score.truePairs} true pairs, ${result.stats.candidatePairs} candidates); ` +
        `same email F1 ${sameEmail.f1.toFixed(4)}, same email or phone F1 ${sameEmailOrPhone.f1.toFixed(4)}`,
    );
    // No email carries the person's number any more: two people may share a name-based address.
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
    expect(score.f1).toBeGreaterThan(sameEmailOrPhone.f1);
    expect(score.f1).toBeGreaterThan(sameEmail.f1);
  });

  it('is deterministic for a seed', () => {
    const a = dedupe(records.slice(0, 3000), { explain: false, seed: 3 });
    const b = dedupe(records.slice(0, 3000), { explain: false, seed: 3 });
    expect(b.clusterIds).toEqual(a.clusterIds);
    expect(b.model.m).toEqual(a.model.m);
  });

  it('does not depend on the order of the records', () => {
    const slice = records.slice(0, 3000);
    const forward = dedupe(slice, { explain: false });
    const backward = dedupe([...slice].reverse(), { explain: false });
    const partition = (ids: readonly string[], clusterIds: readonly string[]) => {
      const groups = new Map<string, string[]>();
      ids.forEach((id, i) => {
        groups.set(clusterIds[i]!, [...(groups.get(clusterIds[i]!) ?? []), id]);
      });
      return [...groups.values()].map((g) => g.sort().join(',')).sort();
    };
    const f = partition(
      slice.map((r) => r.id),
      forward.clusterIds,
    );
    const b = partition(
      [...slice].reverse().map((r) => r.id),
      backward.clusterIds,
    );
    // Sampling differs with order, so allow a handful of borderline pairs to move.
    const common = f.filter((g) => new Set(b).has(g)).length;
    expect(common / f.length).toBeGreaterThan(0.99);
  });

  it('leaves distinct people alone', () => {
    const distinct = generateContacts(2000, 9, 0);
    const result = dedupe(
      distinct.map((c) => ({
        id: c.id,
        values: { first_name: c.first_name, last_name: c.last_name, email: c.email, phone: c.phone },
      })),
      { explain: false },
    );
    expect(result.stats.clusters).toBeGreaterThanOrEqual(1990);
  });
});
