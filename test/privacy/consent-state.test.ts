import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../src/model/consent.js';
import { consentState, hasConsent } from '../../src/privacy/index.js';

const record = (id: string, purpose: string, status: ConsentRecord['status'], at: string): ConsentRecord => ({
  workspaceId: 'ws',
  id,
  contactId: 'c1',
  purpose,
  status,
  at: new Date(at),
  source: 'api',
});

describe('consent in force', () => {
  it('is the latest record per purpose by time, whatever the order they were appended in', () => {
    const records = [
      record('r2', 'email', 'revoked', '2026-03-01T00:00:00Z'),
      record('r1', 'email', 'granted', '2026-01-01T00:00:00Z'),
      record('r3', 'sms', 'granted', '2026-02-01T00:00:00Z'),
    ];
    const state = consentState(records);
    expect(state.email?.id).toBe('r2');
    expect(state.sms?.id).toBe('r3');
    expect(hasConsent(state, 'email')).toBe(false);
    expect(hasConsent(state, 'sms')).toBe(true);
  });

  it('on a tie in time, the record appended last wins', () => {
    const at = '2026-01-01T00:00:00Z';
    const state = consentState([record('a', 'email', 'granted', at), record('b', 'email', 'revoked', at)]);
    expect(state.email?.id).toBe('b');
  });

  it('a purpose never recorded, or named like a prototype key, is not granted', () => {
    const state = consentState([record('p', '__proto__', 'granted', '2026-01-01T00:00:00Z')]);
    expect(hasConsent(state, 'email')).toBe(false);
    expect(hasConsent(state, 'toString')).toBe(false);
    expect(hasConsent(state, '__proto__')).toBe(true);
    expect(hasConsent(consentState([]), 'email')).toBe(false);
  });
});
