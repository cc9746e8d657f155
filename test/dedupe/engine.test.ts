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

  it('links four records of one name and company in a list of six, on documented priors', () => {
    const result = dedupe([
      { id: '1', values: { name: 'Robert Hartley', company: 'Hartley Consulting' } },
      { id: '2', values: { name: 'Robert Hartley', company: 'Hartley Consulting' } },
      { id: '3', values: { name: 'Robert Hartley', company: 'Hartley Consulting' } },
      { id: '4', values: { name: 'Robert Hartley', company: 'Hartley Consulting' } },
      { id: '5', values: { name: 'Ana Lima', company: 'Globex' } },
      { id: '6', values: { name: 'Kwame Mensah', company: 'Initech' } },
    ]);
    expect(result.clusterIds).toEqual(['1', '1', '1', '1', '5', '6']);
  });

  it('links sparse records on a strong identifier alone, and counts different emails against a match', () => {
    const people = toDedupeRecords(generateContacts(2000, 8)).map((r) => ({
      id: r.id,
      values: {
        name: `${r.values.first_name} ${r.values.last_name}`,
        email: r.values.email,
        phone: r.values.phone,
      },
    }));
    const result = dedupe([
      ...people,
      // One Gmail mailbox written two ways, with nothing else: placeholders are no names.
      { id: 'v1', values: { name: 'Visitor 22989', email: 'mark.lim84@gmail.com' } },
      { id: 'v2', values: { name: 'Guest', email: 'MarkLim84+shop@googlemail.com' } },
      // One number, written nationally and internationally.
      { id: 'w1', values: { phone: '00 44 7911 123456' } },
      { id: 'w2', values: { name: 'mark', phone: '07911 123456' } },
    ]);
    const cluster = (id: string) => result.clusterIds[result.ids.indexOf(id)];
    expect(cluster('v1')).toBe(cluster('v2'));
    expect(cluster('w1')).toBe(cluster('w2'));
    const same = result.explain('v1', 'v2');
    expect(same.fields.find((f) => f.field === 'name')).toMatchObject({ level: 'missing', weight: 0 });
    // The same name with two different addresses: the emails weigh against.
    const a = result.explain(people[0]!.id, people[1]!.id);
    const email = a.fields.find((f) => f.field === 'email')!;
    if (email.level === 'different') expect(email.weight).toBeLessThan(0);
  });
});
