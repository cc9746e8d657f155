import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLASSIFICATION_CONFIG,
  recordSentiment,
  SentimentConfigSchema,
  sentimentLevel,
  sentimentTrend,
  summarizeSentiment,
} from '../../src/classify/index.js';
import type { SentimentLevel, SentimentState } from '../../src/model/classification.js';

const config = DEFAULT_CLASSIFICATION_CONFIG.sentiment;
const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000);
const run = (scores: readonly number[], c = config): SentimentState | null =>
  scores.reduce<SentimentState | null>((s, score, i) => recordSentiment(s, score, at(i), c), null);

describe('sentiment levels', () => {
  it.each([
    [-1, 'very_negative'],
    [-0.6, 'very_negative'],
    [-0.599, 'negative'],
    [-0.2, 'negative'],
    [-0.199, 'neutral'],
    [0, 'neutral'],
    [0.199, 'neutral'],
    [0.2, 'positive'],
    [0.599, 'positive'],
    [0.6, 'very_positive'],
    [1, 'very_positive'],
  ] as [number, SentimentLevel][])('%d is %s', (value, level) => {
    expect(sentimentLevel(value, config)).toBe(level);
  });

  it('uses the workspace’s thresholds', () => {
    const strict = SentimentConfigSchema.parse({ negativeAtMost: -0.05, positiveAtLeast: 0.05 });
    expect(sentimentLevel(-0.1, strict)).toBe('negative');
    expect(sentimentLevel(0.1, config)).toBe('neutral');
  });
});

describe('running sentiment', () => {
  it('starts from the first score and keeps the running mean', () => {
    expect(run([0.5])).toEqual({ count: 1, mean: 0.5, fast: 0.5, slow: 0.5, lastAtMs: at(0).getTime() });
    expect(run([-0.8, 0.4])?.mean).toBeCloseTo(-0.2, 12);
  });

  it('the mean is the mean of every score, however many', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (scores) => {
          const state = run(scores)!;
          const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
          expect(state.count).toBe(scores.length);
          expect(Math.abs(state.mean - mean)).toBeLessThan(1e-9);
          expect(state.mean).toBeGreaterThanOrEqual(-1);
          expect(state.mean).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('ignores a score that is not a number, and holds one outside [-1, 1] to the range', () => {
    const state = run([0.5])!;
    expect(recordSentiment(state, Number.NaN, at(9), config)).toBe(state);
    expect(recordSentiment(null, Number.POSITIVE_INFINITY, at(9), config)).toBeNull();
    expect(recordSentiment(null, -3, at(9), config)?.mean).toBe(-1);
  });

  it('is worsening when recent messages turn harsher than the longer run, improving when kinder', () => {
    expect(sentimentTrend(run([0.6, 0.6, 0.6, 0.6, -0.8, -0.9])!, config)).toBe('worsening');
    expect(sentimentTrend(run([-0.6, -0.6, -0.6, 0.5, 0.8])!, config)).toBe('improving');
    expect(sentimentTrend(run([0.2, 0.25, 0.2, 0.22, 0.2])!, config)).toBe('steady');
  });

  it('is steady with fewer scored messages than the trend needs', () => {
    expect(sentimentTrend(run([0.9, -0.9])!, config)).toBe('steady');
    expect(sentimentTrend(run([0.9, -0.9])!, { ...config, trendMinMessages: 2 })).toBe('worsening');
  });

  it('summarizes level, value, mean and trend; from the recent average when configured', () => {
    const state = run([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, -0.9, -0.9, -0.9])!;
    expect(summarizeSentiment(state, config)).toEqual({
      level: 'positive',
      value: 0.3,
      mean: 0.3,
      trend: 'worsening',
      messages: 9,
    });
    const recent = SentimentConfigSchema.parse({ levelFrom: 'recent' });
    expect(summarizeSentiment(state, recent)).toMatchObject({ level: 'negative', value: -0.283, mean: 0.3 });
    expect(summarizeSentiment(null, config)).toBeNull();
  });
});
