import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import {
  DEFAULT_SCORING_CONFIG,
  parseScoringConfig,
  SCORING_LIMITS,
  ScoringConfigSchema,
} from '../../src/scoring/index.js';

/** The ValidationError parsing `input` throws. */
function refusal(input: unknown): ValidationError {
  try {
    parseScoringConfig(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'price',
  kind: 'keyword',
  phrases: ['price'],
  points: 5,
  ...over,
});

describe('scoring configuration', () => {
  it('parses {} into a complete configuration with the default rules and a version', () => {
    const config = ScoringConfigSchema.parse({});
    expect(config.rules.map((r) => r.id)).toEqual([
      'form-submitted',
      'pricing-interest',
      'buying-intent',
      'booking-attempt',
      'purchase',
    ]);
    expect(config.grades).toEqual({ A: 80, B: 60, C: 40, D: 20, E: 10 });
    expect(config.version).toMatch(/^auto-[0-9a-f]{8}$/);
    expect(config).toEqual(DEFAULT_SCORING_CONFIG);
  });

  it('names a rule set by a digest of its rules and weights unless it is given a version', () => {
    const a = parseScoringConfig({ rules: [rule()] });
    expect(parseScoringConfig({ rules: [rule()] }).version).toBe(a.version);
    expect(parseScoringConfig({ rules: [rule({ points: 6 })] }).version).not.toBe(a.version);
    expect(parseScoringConfig({ rules: [rule()], categoryWeights: { general: 2 } }).version).not.toBe(
      a.version,
    );
    expect(parseScoringConfig({ rules: [rule()], categoryWeights: { a: 1, b: 2 } }).version).toBe(
      parseScoringConfig({ rules: [rule()], categoryWeights: { b: 2, a: 1 } }).version,
    );
    expect(parseScoringConfig({ version: 'spring-2026', rules: [rule()] }).version).toBe('spring-2026');
  });

  it.each([
    [{ grades: { B: 85 } }, 'scoring.grades.B', /overlaps grade A/],
    [{ grades: { A: 50, B: 50 } }, 'scoring.grades.B', /overlaps grade A/],
    [{ grades: { D: 5 } }, 'scoring.grades.E', /overlaps grade D/],
    [{ temperature: { hotAtLeast: 10, warmAtLeast: 20 } }, 'scoring.temperature.warmAtLeast', /overlaps hot/],
    [{ rules: [rule({ halfLifeDays: -3 })] }, 'scoring.rules.0.halfLifeDays', /.+/],
    [{ rules: [rule({ cap: 0 })] }, 'scoring.rules.0.cap', /.+/],
    [{ rules: [rule({ points: Number.NaN })] }, 'scoring.rules.0.points', /.+/],
    [{ rules: [rule(), rule()] }, 'scoring.rules.1.id', /already used by rules\.0/],
    [{ rules: [rule({ id: 'manual' })] }, 'scoring.rules.0.id', /reserved/],
    [{ rules: [rule({ id: 'has space' })] }, 'scoring.rules.0.id', /letters, digits/],
    [{ rules: [rule({ id: '__proto__' })] }, 'scoring.rules.0.id', /starting with a letter or digit/],
    [{ rules: [rule({ phrases: ['ok', '!!!'] })] }, 'scoring.rules.0.phrases.1', /letter or digit/],
    [{ rules: [rule({ phrases: ['a*b'] })] }, 'scoring.rules.0.phrases.0', /may only end/],
    [{ rules: [rule({ phrases: [] })] }, 'scoring.rules.0.phrases', /.+/],
    [{ rules: [rule({ phrases: ['x'.repeat(201)] })] }, 'scoring.rules.0.phrases.0', /.+/],
    [{ rules: [rule({ kind: 'mood' })] }, 'scoring.rules.0.kind', /.+/],
    [{ categoryWeights: { intent: -1 } }, 'scoring.categoryWeights.intent', /.+/],
    [{ scanChars: 0 }, 'scoring.scanChars', /.+/],
  ])('refuses %j, naming %s', (input, field, reason) => {
    const error = refusal(input);
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
  });

  it('bounds the rule set so that matching stays cheap', () => {
    const many = Array.from({ length: 11 }, (_, i) =>
      rule({ id: `r${i}`, phrases: Array.from({ length: 200 }, (_, j) => `w${i}x${j}`) }),
    );
    const error = refusal({ rules: many });
    expect(error.field).toBe('scoring.rules');
    expect(error.reason).toContain(`at most ${SCORING_LIMITS.phrases}`);
    expect(refusal({ rules: [rule({ phrases: Array(201).fill('a') })] }).field).toBe(
      'scoring.rules.0.phrases',
    );
  });
});
