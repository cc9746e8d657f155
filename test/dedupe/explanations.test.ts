import { describe, expect, it } from 'vitest';
import { dedupe } from '../../src/dedupe/engine.js';
import { ValidationError } from '../../src/errors/errors.js';
import { generateContacts, toDedupeRecords } from './support/synthetic-contacts.js';

const contacts = generateContacts(2000, 11);
const records = toDedupeRecords(contacts);
const result = dedupe(records);

describe('explanations of scored pairs', () => {
  it('comes with every pair above the threshold', () => {
    expect(result.pairs.length).toBe(result.stats.pairsAboveThreshold);
    expect(result.pairs.length).toBeGreaterThan(0);
    for (const pair of result.pairs) expect(pair.probability).toBeGreaterThanOrEqual(result.config.threshold);
  });

  it('adds up: the prior plus each field’s part is the total weight', () => {
    for (const pair of result.pairs.slice(0, 50)) {
      const sum = pair.prior + pair.fields.reduce((s, f) => s + f.weight, 0);
      expect(sum).toBeCloseTo(pair.weight, 9);
      expect(pair.fields.map((f) => f.field)).toEqual(['first_name', 'last_name', 'email', 'phone', 'city']);
      expect(pair.probability).toBeCloseTo(1 / (1 + 2 ** -pair.weight), 12);
    }
  });

  it('says what each field found: agreement adds evidence, disagreement removes it, missing is neutral', () => {
    const a = records.findIndex((r) => r.values.email !== '' && r.values.phone !== '');
    const same = { ...records[a]!, id: 'copy' };
    const stranger = {
      id: 'stranger',
      values: { first_name: 'Zebedee', last_name: 'Quux', email: '', phone: '999 111 2222', city: '' },
    };
    const run = dedupe([...records, same, stranger]);
    const twin = run.explain(records[a]!.id, 'copy');
    expect(
      twin.fields.every((f) => f.level === 'exact' || f.level === 'same number' || f.level === 'missing'),
    ).toBe(true);
    expect(twin.fields.find((f) => f.field === 'email')!.weight).toBeGreaterThan(5);
    const apart = run.explain(records[a]!.id, 'stranger');
    expect(apart.fields.find((f) => f.field === 'email')!).toMatchObject({ level: 'missing', weight: 0 });
    expect(apart.fields.find((f) => f.field === 'last_name')!.weight).toBeLessThan(0);
    expect(apart.probability).toBeLessThan(0.01);
  });

  it('explains every candidate pair on request, and none when asked for none', () => {
    const slice = records.slice(0, 500);
    const all = dedupe(slice, { explain: 'all' });
    expect(all.pairs).toHaveLength(all.stats.candidatePairs);
    expect(all.pairs.filter((p) => p.probability >= all.config.threshold)).toHaveLength(
      all.stats.pairsAboveThreshold,
    );
    expect(dedupe(slice, { explain: false }).pairs).toEqual([]);
  });

  it('refuses to explain an unknown id, naming it', () => {
    expect(() => result.explain('c0', 'nobody')).toThrow(ValidationError);
  });
});
