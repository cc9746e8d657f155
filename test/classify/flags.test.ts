import { describe, expect, it } from 'vitest';
import {
  AtRiskConfigSchema,
  completenessOf,
  DEFAULT_CLASSIFICATION_CONFIG,
  decideAtRisk,
  decideVip,
  filledFields,
  VipConfigSchema,
} from '../../src/classify/index.js';
import type { SentimentSummary } from '../../src/model/classification.js';

describe('VIP', () => {
  const vip = VipConfigSchema.parse({ minSpend: 1000, minOrders: 5 });
  const base = { grade: 'C' as const, orders: 0, spent: null, tags: [] };

  it('says which rules make a contact a VIP', () => {
    expect(decideVip(base, vip)).toEqual([]);
    expect(decideVip({ ...base, grade: 'A' }, vip)).toEqual(['grade']);
    expect(decideVip({ ...base, spent: { currency: 'USD', amount: 1000, missingRates: [] } }, vip)).toEqual([
      'spend',
    ]);
    expect(decideVip({ ...base, spent: { currency: 'USD', amount: 999.99, missingRates: [] } }, vip)).toEqual(
      [],
    );
    expect(decideVip({ ...base, orders: 5 }, vip)).toEqual(['orders']);
    expect(decideVip({ ...base, tags: ['vip'] }, vip)).toEqual(['tag']);
    expect(decideVip({ grade: 'A', orders: 9, spent: null, tags: ['vip'] }, vip)).toEqual([
      'grade',
      'orders',
      'tag',
    ]);
  });

  it('counts spend that could be converted when rates are missing: a lower bound that may suffice', () => {
    const spent = { currency: 'USD', amount: 1200, missingRates: ['JPY'] };
    expect(decideVip({ ...base, spent }, vip)).toEqual(['spend']);
  });

  it('has no spend or order rule unless the workspace sets one', () => {
    const defaults = DEFAULT_CLASSIFICATION_CONFIG.vip;
    expect(
      decideVip(
        { ...base, orders: 1000, spent: { currency: 'USD', amount: 1e9, missingRates: [] } },
        defaults,
      ),
    ).toEqual([]);
  });
});

describe('at risk', () => {
  const sentiment = (level: SentimentSummary['level'], trend: SentimentSummary['trend'] = 'steady') => ({
    level,
    value: 0,
    mean: 0,
    trend,
    messages: 5,
  });
  const config = DEFAULT_CLASSIFICATION_CONFIG.atRisk; // very negative sentiment; churn risk at 45 days

  it('flags very negative sentiment', () => {
    expect(
      decideAtRisk({ sentiment: sentiment('very_negative'), status: 'active', silentDays: 0 }, config),
    ).toEqual(['sentiment']);
    expect(
      decideAtRisk({ sentiment: sentiment('negative'), status: 'active', silentDays: 0 }, config),
    ).toEqual([]);
  });

  it('flags a worsening trend when the workspace asks', () => {
    const input = { sentiment: sentiment('neutral', 'worsening'), status: 'active' as const, silentDays: 0 };
    expect(decideAtRisk(input, config)).toEqual([]);
    expect(decideAtRisk(input, AtRiskConfigSchema.parse({ worseningTrend: true }))).toEqual(['worsening']);
  });

  it('flags a converted contact silent to the churn-risk window’s end, until it churns', () => {
    const at = (silentDays: number, status: 'converted' | 'churned' | 'inactive' = 'converted') =>
      decideAtRisk({ sentiment: null, status, silentDays }, config);
    expect(at(44.99)).toEqual([]);
    expect(at(45)).toEqual(['churn_risk']);
    expect(at(100, 'churned')).toEqual([]);
    expect(at(100, 'inactive')).toEqual([]);
  });
});

describe('profile completeness', () => {
  const config = { fields: { name: 1, email: 1, phone: 1, company: 0.5, 'custom.plan': 0.5 } };

  it('is the weighted share of the fields the workspace cares about', () => {
    expect(completenessOf([], config)).toBe(0);
    expect(completenessOf(['name', 'email'], config)).toBe(0.5);
    expect(completenessOf(['name', 'email', 'phone', 'company', 'custom.plan', 'jobTitle'], config)).toBe(1);
    expect(completenessOf(['company'], config)).toBe(0.125);
  });

  it('names a contact’s filled fields as the configuration does', () => {
    expect(
      filledFields(
        { lastName: 'Lima', email: 'ana@example.com', phone: '', address: { city: 'Porto' } },
        { plan: 'pro', seats: null, regions: [] },
      ),
    ).toEqual(['name', 'lastName', 'email', 'address', 'custom.plan']);
  });
});
