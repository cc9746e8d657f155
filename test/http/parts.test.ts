import { describe, expect, it } from 'vitest';
import {
  ConcurrentUpdateError,
  IdentityConflictError,
  IllegalTransitionError,
  MergeNotUndoableError,
  NotFoundError,
  OpenConversationsError,
  StaleVersionError,
  StoreUnavailableError,
  ValidationError,
  WorkspaceMismatchError,
} from '../../src/errors/errors.js';
import { apiKeyAuthenticator, bearerToken, parseApiKeys } from '../../src/http/api-keys.js';
import { protoKeyPath } from '../../src/http/body.js';
import { HttpProblem, problemOf } from '../../src/http/problem.js';
import { queryObject } from '../../src/http/query.js';
import { requestIdOf } from '../../src/http/request-id.js';
import { pathPattern } from '../../src/http/route.js';

const withAuth = (value: string | null) =>
  new Request('http://x/', value === null ? {} : { headers: { authorization: value } });

describe('API keys', () => {
  it('reads key=workspace pairs; a key may hold "=" (the workspace follows the last one)', () => {
    const keys = parseApiKeys(' k1=acme , YWJjZA===globex,,');
    expect([...keys]).toEqual([
      ['k1', 'acme'],
      ['YWJjZA==', 'globex'],
    ]);
    expect(parseApiKeys('').size).toBe(0);
  });

  it('refuses a malformed list, naming the entry and never echoing it', () => {
    for (const text of ['secret-only', '=acme', 'secret=', 'a=x,a=y', 'k=bad\u0000id']) {
      let error: unknown;
      try {
        parseApiKeys(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toMatch(/^CONTACTKIT_API_KEYS\[\d\]$/);
      expect((error as ValidationError).message).not.toContain('secret');
    }
  });

  it('opens the workspace of the key presented, and nothing for any other', async () => {
    const authenticate = apiKeyAuthenticator(parseApiKeys('key-one-0123=acme,key-two-4567=globex'));
    expect(await authenticate(withAuth('Bearer key-two-4567'))).toBe('globex');
    expect(await authenticate(withAuth('bearer   key-one-0123'))).toBe('acme');
    for (const header of [
      null,
      'Bearer key-one-0124',
      'Bearer key-one-012',
      'Basic key-one-0123',
      'Bearer',
      'Bearer a b',
    ]) {
      expect(await authenticate(withAuth(header)), String(header)).toBeNull();
    }
    expect(await apiKeyAuthenticator(new Map())(withAuth('Bearer anything'))).toBeNull();
  });

  it('reads the bearer token', () => {
    expect(bearerToken(withAuth('Bearer abc.def-ghi'))).toBe('abc.def-ghi');
    expect(bearerToken(withAuth('Token abc'))).toBeUndefined();
  });
});

describe('request ids', () => {
  const req = (id?: string) =>
    new Request('http://x/', id === undefined ? {} : { headers: { 'x-request-id': id } });
  it('keeps a sane one and makes one otherwise', () => {
    expect(requestIdOf(req('0f8fad5b-d9cb-469f-a165-70867728950e'), () => 'new')).toBe(
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    );
    expect(requestIdOf(req('Root=1-67891233-abcdef012345678912345678'), () => 'new')).toBe(
      'Root=1-67891233-abcdef012345678912345678',
    );
    for (const bad of ['', 'a b', 'ü', '"quoted"', 'x'.repeat(201)])
      expect(requestIdOf(req(bad), () => 'new')).toBe('new');
    expect(requestIdOf(req(), () => 'new')).toBe('new');
  });
});

describe('bodies', () => {
  it('finds a __proto__ key at any depth, and only an own one', () => {
    expect(protoKeyPath(JSON.parse('{"a":[1,{"b":{"__proto__":{}}}]}'))).toBe('a.1.b.__proto__');
    expect(protoKeyPath(JSON.parse('{"__proto__":1}'))).toBe('__proto__');
    expect(protoKeyPath({ constructor: 1, prototype: { toString: 2 } })).toBeUndefined();
    expect(protoKeyPath(JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`))).toBeUndefined();
  });

  it('keeps a query parameter named __proto__ as a plain key', () => {
    const query = queryObject(new URL('http://x/?__proto__=1&status=a&status=b'));
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.hasOwn(query, '__proto__')).toBe(true);
    expect(query.status).toEqual(['a', 'b']);
  });
});

describe('problems', () => {
  it('answers each typed error with its status and the members a client acts on', () => {
    const cases: Array<[unknown, number, Record<string, unknown>]> = [
      [
        new ValidationError({ field: 'rows', value: 'x', reason: 'bad', row: 3, column: 'Email' }),
        422,
        { field: 'rows', row: 3, column: 'Email' },
      ],
      [new NotFoundError('contact', 'A', 'c1'), 404, { entity: 'contact', id: 'c1' }],
      [
        new IdentityConflictError('A', 'email', 'a@b.co', 'c2', 'held'),
        409,
        { heldBy: 'c2', identity: { type: 'email', value: 'a@b.co' } },
      ],
      [
        new OpenConversationsError('A', [{ contactId: 'c1', conversationId: 'v1' }]),
        409,
        { conversations: [{ contactId: 'c1', conversationId: 'v1' }] },
      ],
      [new MergeNotUndoableError('m1', 'later-merge', 'm2'), 409, { reason: 'later-merge', blockedBy: 'm2' }],
      [
        new IllegalTransitionError('follow_up', 'f1', 'sent', 'dismiss'),
        409,
        { from: 'sent', action: 'dismiss' },
      ],
      [new StaleVersionError('followUp', 'f1', 1, 2), 409, { expectedVersion: 1, actualVersion: 2 }],
      [new ConcurrentUpdateError('contact', 'c1', 3), 409, {}],
      [new StoreUnavailableError('down'), 503, {}],
      [new HttpProblem(413, 'BODY_TOO_LARGE', 'too big', { limit: 5 }), 413, { limit: 5 }],
      [new Error('secret'), 500, { code: 'INTERNAL' }],
      ['a thrown string', 500, { code: 'INTERNAL' }],
    ];
    for (const [error, status, members] of cases) {
      const problem = problemOf(error, '/p');
      expect(problem, String(error)).toMatchObject({ status, instance: '/p', ...members });
      expect(problem.type).toMatch(/^urn:contactkit:problem:[a-z-]+$/);
    }
    expect(problemOf(new Error('secret')).detail).not.toContain('secret');
  });

  it('answers a record of another workspace as a missing one, without naming that workspace', () => {
    const problem = problemOf(new WorkspaceMismatchError('A', 'other-tenant'));
    expect(problem).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(JSON.stringify(problem)).not.toContain('other-tenant');
  });

  it('echoes only short scalar values of refused input', () => {
    const problem = problemOf(
      new ValidationError([
        { field: 'a', value: { secret: 1 }, reason: 'r' },
        { field: 'b', value: 'x'.repeat(201), reason: 'r' },
        { field: 'c', value: 7, reason: 'r' },
      ]),
    );
    expect(problem.issues?.map((i) => i.value)).toEqual([undefined, undefined, 7]);
  });
});

describe('paths', () => {
  it('matches one segment per parameter', () => {
    const pattern = pathPattern('/contacts/:contactId/identities/:type/:value');
    expect(pattern.test('/api/v1/contacts/c1/identities/email/a%40b.co')).toBe(true);
    expect(pattern.test('/api/v1/contacts/c1/identities/email')).toBe(false);
    expect(pattern.test('/api/v1/contacts/c1/identities/email/a/b')).toBe(false);
  });
});
