import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../src/model/consent.js';
import type { Contact } from '../../src/model/contact.js';
import { mergeConsentInForce, withConsent } from '../../src/privacy/consent-state.js';
import { consentInForce, consentState, hasConsent } from '../../src/privacy/index.js';

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

describe('the consent in force a contact carries', () => {
  const jan = '2026-01-01T00:00:00Z';
  const mar = '2026-03-01T00:00:00Z';

  it('is one entry per purpose, the latest record, sorted by purpose', () => {
    const records = [
      record('r3', 'sms', 'granted', jan),
      record('r2', 'email', 'revoked', mar),
      record('r1', 'email', 'granted', jan),
      record('r4', '__proto__', 'granted', jan),
    ];
    expect(consentInForce(records)).toEqual([
      { purpose: '__proto__', status: 'granted', at: new Date(jan) },
      { purpose: 'email', status: 'revoked', at: new Date(mar) },
      { purpose: 'sms', status: 'granted', at: new Date(jan) },
    ]);
    expect(consentInForce([])).toEqual([]);
  });

  it('is what consentState gives for the records in the order stores list them, whatever order they come in', () => {
    const records = [
      record('b', 'email', 'revoked', jan),
      record('a', 'email', 'granted', jan),
      record('c', 'sms', 'granted', jan),
      record('d', 'sms', 'revoked', mar),
    ];
    const listed = [...records].sort((x, y) => x.at.getTime() - y.at.getTime() || (x.id < y.id ? -1 : 1));
    const state = consentState(listed);
    const expected = Object.values(state)
      .map(({ purpose, status, at }) => ({ purpose, status, at }))
      .sort((x, y) => (x.purpose < y.purpose ? -1 : 1));
    expect(consentInForce(records)).toEqual(expected);
    expect(consentInForce([...records].reverse())).toEqual(expected);
    // At the same instant, the greater id: the record a store lists last.
    expect(consentInForce(records)[0]).toMatchObject({ purpose: 'email', status: 'revoked' });
  });

  it('agrees with consentState of the listed records for any records in any order (property)', () => {
    const records = fc
      .uniqueArray(
        fc.record({
          id: fc.string({ minLength: 1, maxLength: 3 }),
          purpose: fc.constantFrom('email', 'sms', '__proto__', 'toString'),
          status: fc.constantFrom('granted', 'revoked'),
          day: fc.integer({ min: 1, max: 4 }),
        }),
        { selector: (r) => r.id, maxLength: 12 },
      )
      .map((rs) => rs.map((r) => record(r.id, r.purpose, r.status, `2026-01-0${r.day}T00:00:00Z`)));
    fc.assert(
      fc.property(records, (rs) => {
        const listed = [...rs].sort((x, y) => x.at.getTime() - y.at.getTime() || (x.id < y.id ? -1 : 1));
        const state = consentState(listed);
        const inForce = consentInForce(rs);
        expect(inForce.map((c) => c.purpose)).toEqual(Object.keys(state).sort());
        for (const c of inForce) {
          const r = state[c.purpose]!;
          expect(c).toEqual({ purpose: r.purpose, status: r.status, at: r.at });
          expect(hasConsent(state, c.purpose)).toBe(c.status === 'granted');
        }
      }),
    );
  });

  it('of merged contacts is the latest entry per purpose; at the same instant a revocation wins', () => {
    const a = consentInForce([record('1', 'email', 'granted', mar), record('2', 'sms', 'granted', jan)]);
    const b = consentInForce([record('3', 'email', 'revoked', jan), record('4', 'sms', 'revoked', jan)]);
    const both = [
      { purpose: 'email', status: 'granted', at: new Date(mar) },
      { purpose: 'sms', status: 'revoked', at: new Date(jan) },
    ];
    expect(mergeConsentInForce([a, b])).toEqual(both);
    expect(mergeConsentInForce([b, a])).toEqual(both);
    expect(mergeConsentInForce([undefined, a])).toEqual(a);
    expect(mergeConsentInForce([undefined, undefined])).toBeUndefined();
  });

  it('is set on a contact only when it changes, and left out when empty', () => {
    const contact = { id: 'c1' } as Contact;
    const consent = consentInForce([record('1', 'email', 'granted', jan)]);
    const next = withConsent(contact, consent);
    expect(next).toEqual({ id: 'c1', consent });
    expect(withConsent(next, consentInForce([record('1', 'email', 'granted', jan)]))).toBe(next);
    expect(withConsent(contact, [])).toBe(contact);
    expect(withConsent(next, [])).toEqual({ id: 'c1' });
    expect(contact).toEqual({ id: 'c1' });
  });
});
