import { describe, expect, it } from 'vitest';
import { applyProfileUpdate, mayOverwrite } from '../../src/contact/profile-policy.js';

describe('profile updates follow who set each value', () => {
  const state = {
    profile: { name: 'Ana', company: 'Acme' },
    fieldOrigins: { name: 'manual', company: 'bot' },
  } as const;

  it('the bot only fills gaps', () => {
    const r = applyProfileUpdate(state, { name: 'Anna', company: 'Other', jobTitle: 'CTO' }, 'bot');
    expect(r.profile).toEqual({ name: 'Ana', company: 'Acme', jobTitle: 'CTO' });
    expect(r.changed).toEqual(['jobTitle']);
    expect(r.fieldOrigins.jobTitle).toBe('bot');
  });

  it('the host overwrites, even a manual value, and takes over its origin', () => {
    const r = applyProfileUpdate(state, { company: 'Acme Corp' }, 'host');
    expect(r.profile.company).toBe('Acme Corp');
    expect(r.fieldOrigins.company).toBe('host');
  });

  it('an import overwrites bot and import values, never manual or host ones', () => {
    expect(mayOverwrite('import', 'bot')).toBe(true);
    expect(mayOverwrite('import', 'import')).toBe(true);
    expect(mayOverwrite('import', 'manual')).toBe(false);
    expect(mayOverwrite('import', 'host')).toBe(false);
    expect(mayOverwrite('bot', undefined)).toBe(false);
  });

  it('normalizes what comes in, splits full names, and ignores empty values', () => {
    const r = applyProfileUpdate(
      { profile: {}, fieldOrigins: {} },
      { name: '  joão   silva ', company: '   ' },
      'host',
    );
    expect(r.profile).toEqual({ name: 'João Silva', firstName: 'João', lastName: 'Silva' });
    expect(r.changed.sort()).toEqual(['firstName', 'lastName', 'name']);
  });

  it('fills gaps inside an address from the bot without overwriting what is there', () => {
    const r = applyProfileUpdate(
      { profile: { address: { city: 'Porto' } }, fieldOrigins: { address: 'host' } },
      { address: { city: 'Lisboa', country: 'pt' } },
      'bot',
    );
    expect(r.profile.address).toEqual({ city: 'Porto', country: 'PT' });
  });

  it('does not mutate its input and reports no change for the same values', () => {
    const copy = structuredClone(state);
    const r = applyProfileUpdate(state, { name: 'Ana' }, 'manual');
    expect(state).toEqual(copy);
    expect(r.changed).toEqual([]);
  });
});
