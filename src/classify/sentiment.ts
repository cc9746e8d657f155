import type {
  SentimentLevel,
  SentimentState,
  SentimentSummary,
  SentimentTrend,
} from '../model/classification.js';
import type { SentimentConfig } from './config.js';

const clamp = (x: number) => Math.max(-1, Math.min(1, x));
const round3 = (x: number) => Math.round(x * 1000) / 1000 || 0;

/**
 * Adds one message's sentiment score (in [-1, 1], as the host scored it) to a contact's running
 * sentiment: the count, the running mean, and two exponential moving averages, a fast one that
 * follows the latest messages and a slow one over a longer run. Messages are taken in the order they
 * are recorded. A score that is not a finite number leaves the state as it was. Pure.
 *
 * @example
 * ```ts
 * let s = recordSentiment(null, -0.8, at, config.sentiment);
 * s = recordSentiment(s, 0.4, later, config.sentiment);
 * s.mean // -0.2
 * ```
 */
export function recordSentiment(
  state: SentimentState | null | undefined,
  score: number,
  at: Date,
  config: Pick<SentimentConfig, 'recentSmoothing' | 'longSmoothing'>,
): SentimentState | null {
  if (!Number.isFinite(score)) return state ?? null;
  const s = clamp(score);
  const atMs = at.getTime();
  if (state == null || state.count === 0) return { count: 1, mean: s, fast: s, slow: s, lastAtMs: atMs };
  const count = state.count + 1;
  return {
    count,
    mean: clamp(state.mean + (s - state.mean) / count),
    fast: clamp(state.fast + config.recentSmoothing * (s - state.fast)),
    slow: clamp(state.slow + config.longSmoothing * (s - state.slow)),
    lastAtMs: Math.max(state.lastAtMs, atMs),
  };
}

/**
 * The level of a sentiment figure: very negative at or below `veryNegativeAtMost`, negative at or
 * below `negativeAtMost`, very positive at or above `veryPositiveAtLeast`, positive at or above
 * `positiveAtLeast`, neutral in between.
 *
 * @example
 * ```ts
 * sentimentLevel(-0.2, DEFAULT_CLASSIFICATION_CONFIG.sentiment) // 'negative'
 * ```
 */
export function sentimentLevel(value: number, config: SentimentConfig): SentimentLevel {
  if (value <= config.veryNegativeAtMost) return 'very_negative';
  if (value <= config.negativeAtMost) return 'negative';
  if (value >= config.veryPositiveAtLeast) return 'very_positive';
  return value >= config.positiveAtLeast ? 'positive' : 'neutral';
}

/**
 * Whether a contact's sentiment is improving, steady or worsening: the fast average against the slow
 * one, a difference of at least `trendThreshold` either way. Steady with fewer than
 * `trendMinMessages` scored messages.
 *
 * @example
 * ```ts
 * sentimentTrend({ count: 5, mean: 0, fast: 0.3, slow: 0, lastAtMs: 0 }, config.sentiment) // 'improving'
 * ```
 */
export function sentimentTrend(state: SentimentState, config: SentimentConfig): SentimentTrend {
  if (state.count < config.trendMinMessages) return 'steady';
  const change = state.fast - state.slow;
  if (change >= config.trendThreshold) return 'improving';
  return change <= -config.trendThreshold ? 'worsening' : 'steady';
}

/**
 * The sentiment figures stored on a contact: level, the figure it comes from, mean and trend
 * (rounded to three decimals); null before any scored message.
 *
 * @example
 * ```ts
 * summarizeSentiment(state, config.sentiment)
 * // { level: 'negative', value: -0.35, mean: -0.35, trend: 'worsening', messages: 4 }
 * ```
 */
export function summarizeSentiment(
  state: SentimentState | null | undefined,
  config: SentimentConfig,
): SentimentSummary | null {
  if (state == null || state.count === 0) return null;
  const value = round3(config.levelFrom === 'mean' ? state.mean : state.fast);
  return {
    level: sentimentLevel(value, config),
    value,
    mean: round3(state.mean),
    trend: sentimentTrend(state, config),
    messages: state.count,
  };
}
