import { describe, expect, it } from 'vitest';
import { globMatches, isBlocked } from '../../src/identity/blocked.js';
import { extractClaims, type IdentityClaim } from '../../src/identity/claims.js';
import type { TypedValue } from '../../src/identity/limits.js';
import { decideResolution, type SurvivorFacts, survivorOf } from '../../src/identity/resolve.js';
import { type WorkspaceConfigInput, WorkspaceConfigSchema } from '../../src/model/workspace-config.js';

const config = (input: WorkspaceConfigInput = {}) => WorkspaceConfigSchema.parse(input);
const claims = (identities: Record<string, string>, cfg = config()): IdentityClaim[] =>
  extractClaims(identities, cfg, { channel: 'web', country: 'US' }).claims;
const day = (n: number) => new Date(Date.UTC(2026, 0, n));

/** Contacts with their identities, kind and age, as the resolver sees them. */
function world(contacts: Record<string, { ids: TypedValue[]; kind?: 'lead' | 'customer'; created: number }>) {
  const holders = new Map<string, string>();
  for (const [id, c] of Object.entries(contacts))
    for (const i of c.ids) holders.set(`${i.type}:${i.value}`, id);
  return {
    holders,
    identitiesOf: (id: string) => contacts[id]?.ids ?? [],
    contactOf: (id: string): SurvivorFacts => ({
      kind: contacts[id]?.kind ?? 'lead',
      createdAt: day(contacts[id]!.created),
    }),
  };
}

describe('survivorship: ids that hosts store stay stable', () => {
  it('a visitor whose cookie meets an older known phone contact is folded into it, not the other way', () => {
    const w = world({
      visitor: { ids: [{ type: 'cookie', value: 'ck' }], created: 9 },
      known: { ids: [{ type: 'phone', value: '+14155552671' }], created: 1 },
    });
    // The phone outranks the cookie, but it is the older contact that lives on either way.
    const d = decideResolution({
      claims: claims({ cookie: 'ck', phone: '+14155552671' }),
      ...w,
      config: config(),
    });
    expect(d).toMatchObject({ target: 'known', merge: ['visitor'] });
  });

  it('the contact with a userId survives, then a customer over a lead, then the oldest', () => {
    const w = world({
      old: { ids: [{ type: 'cookie', value: 'a' }], created: 1 },
      customer: { ids: [{ type: 'cookie', value: 'b' }], kind: 'customer', created: 5 },
      user: { ids: [{ type: 'userId', value: 'u1' }], created: 9 },
    });
    const cfg = config();
    expect(survivorOf(['old', 'customer', 'user'], w.identitiesOf, w.contactOf, cfg)).toBe('user');
    expect(survivorOf(['old', 'customer'], w.identitiesOf, w.contactOf, cfg)).toBe('customer');
    expect(
      survivorOf(['customer', 'old'], w.identitiesOf, (id) => ({ ...w.contactOf(id), kind: 'lead' }), cfg),
    ).toBe('old');
  });

  it('a workspace may choose priority survivorship: the holder of the strongest identity lives on', () => {
    const w = world({
      visitor: { ids: [{ type: 'email', value: 'a@x.com' }], created: 9 },
      known: { ids: [{ type: 'cookie', value: 'ck' }], created: 1 },
    });
    const d = decideResolution({
      claims: claims({ cookie: 'ck', email: 'a@x.com' }),
      ...w,
      config: config({ identity: { survivorship: 'priority' } }),
    });
    expect(d).toMatchObject({ target: 'visitor', merge: ['known'] });
  });
});

describe('a visitor logs in with a new userId whose email another user holds', () => {
  it("keeps the visitor's own contact, gives it the userId, and refuses the email naming its holder", () => {
    const w = world({
      other: {
        ids: [
          { type: 'userId', value: 'u1' },
          { type: 'email', value: 'shared@x.com' },
        ],
        created: 1,
      },
      visitor: { ids: [{ type: 'cookie', value: 'ck' }], created: 5 },
    });
    const d = decideResolution({
      claims: claims({ userId: 'u2', email: 'shared@x.com', cookie: 'ck' }),
      ...w,
      config: config(),
    });
    expect(d.target).toBe('visitor');
    expect(d.merge).toEqual([]);
    expect(d.attach.map((c) => `${c.type}:${c.value}`)).toEqual(['userId:u2']);
    expect(d.conflicts).toEqual([
      { type: 'email', value: 'shared@x.com', heldBy: 'other', reason: 'both hold a different userId' },
    ]);
  });

  it('without a contact of their own, gets a new one with the userId, the email still refused', () => {
    const w = world({
      other: {
        ids: [
          { type: 'userId', value: 'u1' },
          { type: 'email', value: 'shared@x.com' },
        ],
        created: 1,
      },
    });
    const d = decideResolution({
      claims: claims({ userId: 'u2', email: 'shared@x.com' }),
      ...w,
      config: config(),
    });
    expect(d.target).toBeUndefined();
    expect(d.attach.map((c) => c.type)).toEqual(['userId']);
    expect(d.conflicts[0]).toMatchObject({ type: 'email', heldBy: 'other' });
  });
});

describe('limits: one shared address cannot gather a blob contact', () => {
  it('by default a contact holds at most one userId and five of every other type; more is a conflict', () => {
    const emails = Array.from({ length: 5 }, (_, i) => ({ type: 'email', value: `e${i}@x.com` }));
    const w = world({ blob: { ids: [{ type: 'cookie', value: 'ck' }, ...emails], created: 1 } });
    const d = decideResolution({
      claims: claims({ cookie: 'ck', email: 'sixth@x.com' }),
      ...w,
      config: config(),
    });
    expect(d.target).toBe('blob');
    expect(d.attach).toEqual([]);
    expect(d.conflicts).toEqual([
      {
        type: 'email',
        value: 'sixth@x.com',
        reason: 'the contact already holds as many email identities as the workspace allows',
      },
    ]);
    // A workspace may lift the default for a type, or for all.
    const lifted = decideResolution({
      claims: claims({ cookie: 'ck', email: 'sixth@x.com' }),
      ...w,
      config: config({ identity: { limits: { userId: 1, email: 10 } } }),
    });
    expect(lifted.attach.map((c) => c.value)).toEqual(['sixth@x.com']);
  });

  it('two contacts whose identities together break a limit are not merged', () => {
    const three = (p: string) => Array.from({ length: 3 }, (_, i) => ({ type: 'cookie', value: `${p}${i}` }));
    const w = world({
      a: { ids: [{ type: 'email', value: 'a@x.com' }, ...three('a')], created: 1 },
      b: { ids: three('b'), created: 2 },
    });
    const d = decideResolution({
      claims: claims({ email: 'a@x.com', cookie: 'b0' }),
      ...w,
      config: config(),
    });
    expect(d.merge).toEqual([]);
    expect(d.conflicts[0]).toMatchObject({
      type: 'cookie',
      heldBy: 'b',
      reason: 'both hold a different cookie',
    });
  });
});

describe('blocked values', () => {
  const rules = (blocked: WorkspaceConfigInput['identity']) => config({ identity: blocked }).identity;

  it('an entry may be limited to one type, and may be a glob pattern', () => {
    const r = rules({
      blocked: [
        { value: 'ck_office', type: 'cookie' },
        { pattern: '*@mailinator.com', type: 'email' },
        'nobody',
      ],
    });
    expect(isBlocked('cookie', 'ck_office', r)).toBe(true);
    expect(isBlocked('userId', 'ck_office', r)).toBe(false);
    expect(isBlocked('email', 'temp123@mailinator.com', r)).toBe(true);
    expect(isBlocked('email', 'temp123@mailinator.com.evil', r)).toBe(false);
    expect(isBlocked('userId', 'NOBODY', r)).toBe(true);
  });

  it('the built-in list can be switched off', () => {
    expect(isBlocked('email', 'test@test.com', rules({}))).toBe(true);
    expect(isBlocked('email', 'test@test.com', rules({ builtinBlocked: false }))).toBe(false);
    expect(isBlocked('phone', '+10000000000', rules({ builtinBlocked: false }))).toBe(false);
  });

  it('patterns match in linear time whatever they are: no catastrophic backtracking', () => {
    const glob = `${'*a'.repeat(60)}*b`;
    const text = 'a'.repeat(1024);
    const start = performance.now();
    expect(globMatches(text, glob)).toBe(false);
    // A backtracking regex for this pattern would not finish; |text| × |glob| steps take milliseconds.
    expect(performance.now() - start).toBeLessThan(500);
    expect(globMatches('ck_office_7', 'ck_office_?')).toBe(true);
    expect(globMatches('ck_office_77', 'ck_office_?')).toBe(false);
    expect(globMatches('', '*')).toBe(true);
  });

  it('a pattern longer than the bound is refused when the configuration is parsed', () => {
    expect(() => config({ identity: { blocked: [{ pattern: 'x'.repeat(201) }] } })).toThrow();
  });
});
