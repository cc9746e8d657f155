import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { createHttpHandler } from '../../src/http/index.js';
import { createContactkit } from '../../src/service/index.js';
import { type Api, message, startApi } from './api-server.js';

/*
 * Whatever a client sends, the API answers: a success, or a 4xx problem document. Never a 500, never a
 * crash, never a prototype polluted. Bodies are fuzzed with fast-check against every route that takes
 * one, in process (fast), and the large ones go over the real server.
 */

const errors: unknown[] = [];
const kit = createContactkit({ store: new MemoryStore() });
const handler = createHttpHandler(kit, {
  authenticate: () => 'fuzz',
  checkResponses: true,
  bodyLimit: 256 * 1024,
  onError: (error) => errors.push(error),
});
let contactId = '';
let api: Api;

beforeAll(async () => {
  contactId = (await kit.contacts.createContact('fuzz', { identities: { email: 'fuzz@example.com' } })).id;
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

/** A concrete path for a route: its parameters filled with a live contact's id, or a word. */
function pathOf(path: string): string {
  return `/api/v1${path.replace(':contactId', contactId).replace(/:[A-Za-z]+/g, 'x')}`;
}

const bodyRoutes = handler.routes.filter((r) => r.body !== undefined);

/** Keys that have bitten JavaScript servers, and keys the API reads. */
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'events',
  'eventId',
  'occurredAt',
  'channel',
  'identities',
  'email',
  'profile',
  'name',
  'tags',
  'add',
  'customFields',
  'type',
  'value',
  'format',
  'columns',
  'segment',
  'primaryId',
  'otherIds',
  'text',
  'version',
  'by',
  'kind',
  'purpose',
  'status',
  'source',
  'key',
  'label',
  'options',
];

/** JSON text of objects whose keys come from {@link KEYS}, nested, `__proto__` written out as a key. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    tie('object'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  ),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('value')), {
      maxLength: 6,
    })
    .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).value;

/** A valid event with one field replaced by anything JSON can hold. */
const mutatedEvent = fc
  .tuple(
    fc.constantFrom(
      'eventId',
      'occurredAt',
      'channel',
      'identities',
      'message',
      'profile',
      'tags',
      'customFields',
      'order',
      'conversation',
      'type',
    ),
    fc.jsonValue({ maxDepth: 3 }),
  )
  .map(([field, value]) => JSON.stringify({ ...message('m', { email: 'm@example.com' }), [field]: value }));

/** Bytes that are not JSON at all. */
const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder('latin1').decode(b)),
);

async function send(method: string, path: string, body: string, contentType = 'application/json') {
  const response = await handler(
    new Request(`http://fuzz.test${path}`, { method, body, headers: { 'content-type': contentType } }),
  );
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
}

/** The property every answer keeps: no 5xx; a 4xx is a problem document saying its own status. */
function checkAnswer(answer: { status: number; type: string | null; text: string }, what: string) {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.type, what).toBe('application/problem+json');
    const problem = JSON.parse(answer.text) as { status: number; code: string };
    expect(problem.status, what).toBe(answer.status);
    expect(problem.code, what).toEqual(expect.any(String));
  }
}

describe('fuzzed bodies', () => {
  it('answer every JSON route with a success or a 4xx problem, whatever the JSON', async () => {
    const seen = new Map<number, number>();
    const routes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        fc.oneof(jsonText, mutatedEvent),
        async (route, body) => {
          const answer = await send(route.method.toUpperCase(), pathOf(route.path), body);
          checkAnswer(answer, `${route.operationId} ${body}`);
          seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
          routes.add(route.operationId);
        },
      ),
      { numRuns: 400 },
    );
    expect(errors).toEqual([]);
    // The runs reached the routes and their handlers, not only the door: some passed, most were refused.
    expect(routes.size).toBeGreaterThan(bodyRoutes.length / 2);
    expect([...seen.keys()].some((s) => s < 300)).toBe(true);
    expect(seen.get(422)).toBeGreaterThan(50);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('name');
  });

  it('answer text that is not JSON, in any media type, with a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        garbage,
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/ld+json',
        ),
        async (route, body, type) => {
          const answer = await send(route.method.toUpperCase(), pathOf(route.path), body, type);
          checkAnswer(answer, `${route.operationId} ${type} ${JSON.stringify(body)}`);
        },
      ),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
  });

  it('answer fuzzed query strings on every route with a success or a 4xx problem', async () => {
    const queryRoutes = handler.routes.filter((r) => r.query !== undefined);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...queryRoutes),
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'limit',
              'cursor',
              'status',
              'force',
              'dryRun',
              'map',
              '__proto__',
              'constructor',
              'contactId',
              'reason',
            ),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 5 },
        ),
        async (route, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const response = await handler(
            new Request(`http://fuzz.test${pathOf(route.path)}?${query}`, {
              method: route.method.toUpperCase(),
              ...(route.body ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
              ...(route.upload
                ? { body: 'Email\nq@example.com\n', headers: { 'content-type': 'text/csv' } }
                : {}),
            }),
          );
          checkAnswer(
            {
              status: response.status,
              type: response.headers.get('content-type'),
              text: await response.text(),
            },
            `${route.operationId} ?${query}`,
          );
        },
      ),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
  });
});

describe('large and hostile bodies over the real server', () => {
  it('answers a 10 MB body with 413, declared or chunked, on every route that reads a body', async () => {
    const big = `{"events":[${'"x",'.repeat(2_500_000)}"x"]}`;
    expect(big.length).toBeGreaterThan(10_000_000);
    for (const path of [
      '/api/v1/events',
      '/api/v1/contacts',
      `/api/v1/contacts/c/consent`,
      '/api/v1/exports',
    ]) {
      const answer = await api.call('POST', path, {
        body: big,
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status, path).toBe(413);
      expect(answer.json.code).toBe('BODY_TOO_LARGE');
    }
    const csv = await api.call('POST', '/api/v1/imports', {
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 80; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(0x41));
          controller.close();
        },
      }),
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(413);
    // The server is still up and answering.
    expect((await api.call('GET', '/api/v1/openapi.json', { key: null })).status).toBe(200);
    expect(api.serverErrors).toEqual([]);
  }, 60_000);

  it('answers deeply nested JSON without a stack overflow: unknown keys ignored, anything else a 4xx', async () => {
    for (const depth of [1_000, 100_000]) {
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const object = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const refused = [
        nested,
        `{"tags":${nested}}`,
        `{"__proto__":${nested}}`,
        `{"customFields":{"x":${object}}}`,
      ];
      for (const body of refused) {
        const answer = await api.call('POST', '/api/v1/contacts', {
          body,
          headers: { 'content-type': 'application/json' },
        });
        expect([400, 422], `${depth} ${body.slice(0, 30)}`).toContain(answer.status);
      }
      // An unknown key is ignored, however deep: the contact is made without it.
      const ignored = await api.call('POST', '/api/v1/contacts', {
        body: `{"unknown":${object}}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(ignored.status).toBe(201);
    }
    expect(api.serverErrors).toEqual([]);
  });
});
