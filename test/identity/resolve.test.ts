import { describe, expect, it } from 'vitest';
import { extractClaims, type IdentityClaim } from '../../src/identity/claims.js';
import type { TypedValue } from '../../src/identity/limits.js';
import { decideResolution } from '../../src/identity/resolve.js';
import { type WorkspaceConfigInput, WorkspaceConfigSchema } from '../../src/model/workspace-config.js';

const config = (input: WorkspaceConfigInput = {}) => WorkspaceConfigSchema.parse(input);

/** Claims for `{ type: value }`, normalized and ranked as intake does. */
const claims = (identities: Record<string, string>, cfg = config()): IdentityClaim[] =>
  extractClaims(identities, cfg, { channel: 'web', country: 'US' }).claims;

/** The world as the resolver sees it: who holds which `type:value`. */
function world(contacts: Record<string, TypedValue[]>) {
  const holders = new Map<string, string>();
  for (const [id, list] of Object.entries(contacts))
    for (const i of list) holders.set(`${i.type}:${i.value}`, id);
  return { holders, identitiesOf: (id: string) => contacts[id] ?? [] };
}

describe('resolution decides which contact an event belongs to', () => {
  it('makes a new contact when nobody holds any claim', () => {
    const d = decideResolution({
      claims: claims({ email: 'a@x.com', cookie: 'ck' }),
      ...world({}),
      config: config(),
    });
    expect(d).toEqual({ target: undefined, merge: [], attach: expect.any(Array), conflicts: [] });
    expect(d.attach.map((c) => c.type)).toEqual(['email', 'cookie']);
  });

  it('picks the holder of the strongest claim and merges a weaker, safe holder into it', () => {
    const w = world({
      known: [{ type: 'email', value: 'a@x.com' }],
      anon: [{ type: 'cookie', value: 'ck' }],
    });
    const d = decideResolution({
      claims: claims({ cookie: 'ck', email: 'A@X.com' }),
      ...w,
      config: config(),
    });
    expect(d).toMatchObject({ target: 'known', merge: ['anon'], attach: [], conflicts: [] });
  });

  it('starts a new person when a stronger unheld claim cannot join the holder (a second userId)', () => {
    const w = world({
      c1: [
        { type: 'userId', value: 'u1' },
        { type: 'email', value: 'e@x.com' },
      ],
    });
    const d = decideResolution({
      claims: claims({ userId: 'u2', email: 'e@x.com' }),
      ...w,
      config: config(),
    });
    expect(d.target).toBeUndefined();
    expect(d.attach.map((c) => `${c.type}:${c.value}`)).toEqual(['userId:u2']);
    expect(d.conflicts).toEqual([expect.objectContaining({ type: 'email', value: 'e@x.com', heldBy: 'c1' })]);
  });

  it('keeps a weaker unheld claim off the holder when it breaks a limit, and says why', () => {
    const cfg = config({ identity: { limits: { userId: 1, email: 1 } } });
    const w = world({
      c1: [
        { type: 'userId', value: 'u1' },
        { type: 'email', value: 'old@x.com' },
      ],
    });
    const d = decideResolution({
      claims: claims({ userId: 'u1', email: 'new@x.com' }, cfg),
      ...w,
      config: cfg,
    });
    expect(d.target).toBe('c1');
    expect(d.attach).toEqual([]);
    expect(d.conflicts).toEqual([
      {
        type: 'email',
        value: 'new@x.com',
        reason: 'the contact already holds as many email identities as the workspace allows',
      },
    ]);
  });

  it('never merges two holders of different userIds, and reports each refused holder once', () => {
    const w = world({
      a: [{ type: 'userId', value: 'u1' }],
      b: [
        { type: 'userId', value: 'u2' },
        { type: 'email', value: 'b@x.com' },
        { type: 'cookie', value: 'ckb' },
      ],
    });
    const d = decideResolution({
      claims: claims({ userId: 'u1', email: 'b@x.com', cookie: 'ckb' }),
      ...w,
      config: config(),
    });
    expect(d.target).toBe('a');
    expect(d.merge).toEqual([]);
    expect(d.conflicts.map((c) => `${c.type}>${c.heldBy}`)).toEqual(['email>b', 'cookie>b']);
    expect(d.conflicts[0]?.reason).toMatch(/different userId/);
  });

  it("under 'anonymous' merges only contacts without userId, email or phone", () => {
    const cfg = config({ identity: { autoMerge: 'anonymous' } });
    const w = world({
      a: [{ type: 'email', value: 'a@x.com' }],
      b: [{ type: 'phone', value: '+14155552671' }],
      c: [{ type: 'cookie', value: 'ck' }],
    });
    const d = decideResolution({
      claims: claims({ email: 'a@x.com', phone: '+14155552671', cookie: 'ck' }, cfg),
      ...w,
      config: cfg,
    });
    expect(d.merge).toEqual(['c']);
    expect(d.conflicts.map((c) => c.heldBy)).toEqual(['b']);
  });

  it('is a pure function: same input, same decision, inputs untouched', () => {
    const w = world({ known: [{ type: 'email', value: 'a@x.com' }] });
    const input = { claims: claims({ email: 'a@x.com', cookie: 'ck' }), ...w, config: config() };
    const frozen = JSON.stringify(input.claims);
    expect(decideResolution(input)).toEqual(decideResolution(input));
    expect(JSON.stringify(input.claims)).toBe(frozen);
  });
});

describe('claims', () => {
  it('rank by the workspace priority, make WhatsApp ids phones, and report what they leave out', () => {
    const { claims: list, ignored } = extractClaims(
      {
        cookie: 'ck',
        whatsapp: '447700900123',
        userId: 'u',
        email: 'nope',
        custom: { shopify_customer: '88' },
      },
      config(),
      { channel: 'whatsapp' },
    );
    expect(list.map((c) => `${c.type}:${c.value}`)).toEqual([
      'userId:u',
      'phone:+447700900123',
      'cookie:ck',
      'shopify_customer:88',
    ]);
    expect(list.find((c) => c.type === 'phone')?.sourceChannel).toBe('whatsapp');
    expect(ignored).toEqual([{ type: 'email', raw: 'nope', reason: 'missing @' }]);
  });

  it('give the same claims with and without the normalization cache', () => {
    const cache = new Map();
    const input = { phone: '(415) 555-2671', email: 'A@x.com', cookie: 'null' };
    const plain = extractClaims(input, config(), { channel: 'web', country: 'US' });
    extractClaims(input, config(), { channel: 'web', country: 'US', cache });
    expect(extractClaims(input, config(), { channel: 'web', country: 'US', cache })).toEqual(plain);
  });
});
