import { describe, expect, it } from 'vitest';
import {
  ClassificationConfigSchema,
  DEFAULT_CLASSIFICATION_CONFIG,
  parseClassificationConfig,
} from '../../src/classify/index.js';
import { ValidationError } from '../../src/errors/index.js';

function refusal(input: unknown): ValidationError {
  try {
    parseClassificationConfig(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('classification configuration', () => {
  it('parses {} into a complete configuration', () => {
    const config = ClassificationConfigSchema.parse({});
    expect(config).toEqual(DEFAULT_CLASSIFICATION_CONFIG);
    expect(config.status).toEqual({
      inactiveAfterDays: 30,
      churnAfterDays: 90,
      activeMinMessages: 3,
      newWithinDays: 7,
      qualifiedTags: ['qualified'],
    });
    expect(config.spend.currency).toBeUndefined();
  });

  it.each([
    [{ status: { inactiveAfterDays: -1 } }, 'classification.status.inactiveAfterDays', /.+/],
    [{ status: { churnAfterDays: 0 } }, 'classification.status.churnAfterDays', /.+/],
    [{ status: { newWithinDays: -7 } }, 'classification.status.newWithinDays', /.+/],
    [{ status: { activeMinMessages: 0 } }, 'classification.status.activeMinMessages', /.+/],
    [{ status: { activeMinMessages: 2.5 } }, 'classification.status.activeMinMessages', /.+/],
    [{ stage: { followUpAfterDays: -2 } }, 'classification.stage.followUpAfterDays', /.+/],
    [
      { sentiment: { negativeAtMost: -0.7 } },
      'classification.sentiment.negativeAtMost',
      /overlaps veryNegativeAtMost/,
    ],
    [
      { sentiment: { positiveAtLeast: -0.3 } },
      'classification.sentiment.positiveAtLeast',
      /overlaps negativeAtMost/,
    ],
    [{ sentiment: { veryPositiveAtLeast: 1.5 } }, 'classification.sentiment.veryPositiveAtLeast', /.+/],
    [
      { sentiment: { recentSmoothing: 0.1, longSmoothing: 0.2 } },
      'classification.sentiment.longSmoothing',
      /below recentSmoothing/,
    ],
    [
      { atRisk: { churnRiskAfterDays: 120 } },
      'classification.atRisk.churnRiskAfterDays',
      /no sooner than churn/,
    ],
    [{ vip: { minSpend: 1000 } }, 'classification.vip.minSpend', /workspace currency/],
    [{ vip: { grades: ['S'] } }, 'classification.vip.grades.0', /.+/],
    [{ completeness: { fields: {} } }, 'classification.completeness.fields', /at least one/],
    [{ completeness: { fields: { email: 0 } } }, 'classification.completeness.fields.email', /.+/],
    [{ spend: { currency: 'dollars' } }, 'classification.spend.currency', /ISO 4217/],
    [{ spend: { horizonDays: 0 } }, 'classification.spend.horizonDays', /.+/],
  ])('refuses %j, naming %s', (input, field, reason) => {
    const error = refusal(input);
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
  });

  it('accepts a minimum spend with a workspace currency, upper-casing the code', () => {
    const config = parseClassificationConfig({ vip: { minSpend: 1000 }, spend: { currency: 'usd' } });
    expect(config.spend.currency).toBe('USD');
  });
});
