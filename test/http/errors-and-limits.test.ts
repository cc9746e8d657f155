import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors/errors.js';
import { apiRoutes, createHttpHandler, defineRoute } from '../../src/http/index.js';
import { type Api, message, startApi } from './api-server.js';

let api: Api;
beforeAll(async () => {
  api = await startApi({
    bodyLimit: 64 * 1024,
    importLimit: 32 * 1024,
    requestId: () => 'generated-id',
  });
});
afterAll(async () => {
  await api.close();
});

const json = { 'content-type': 'application/json' };

/** A body that arrives in chunks with no declared length. */
function chunked(size: number, chunk = 8 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(chunk, size - sent);
      controller.enqueue(new Uint8Array(n).fill(0x61));
      sent += n;
    },
  });
}

describe('bad bodies', () => {
  it('answers 400 BAD_JSON for a body that is not JSON, empty, or not UTF-8', async () => {
    for (const body of ['{"eventId":', '', '   ', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]) {
      const answer = await api.call('POST', '/api/v1/events', { body, headers: json });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json).toMatchObject({
        code: 'BAD_JSON',
        type: 'urn:contactkit:problem:bad-json',
        title: 'Bad Request',
      });
    }
  });

  it('answers 415 for a JSON route sent another media type', async () => {
    const answer = await api.call('POST', '/api/v1/contacts', {
      body: 'name=ana',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.json.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const vendor = await api.call('POST', '/api/v1/contacts', {
      body: '{}',
      headers: { 'content-type': 'application/vnd.acme+json; charset=utf-8' },
    });
    expect(vendor.status).toBe(201);
  });

  it('answers 422 naming the field, with every issue', async () => {
    const answer = await api.call('POST', '/api/v1/contacts', {
      json: { profile: { name: 42 }, identities: { email: 7 }, tags: 'vip' },
    });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({
      code: 'VALIDATION',
      title: 'Unprocessable Content',
      field: expect.any(String),
    });
    const fields = answer.json.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual(['identities.email', 'profile.name', 'tags']);
    expect(answer.json.issues.find((i: { field: string }) => i.field === 'profile.name').value).toBe(42);
  });

  it('refuses a __proto__ key anywhere in a body, even written with escapes (422)', async () => {
    for (const body of [
      '{"profile":{"__proto__":{"name":"x"}}}',
      '{"customFields":{"\\u005f_proto__":{"polluted":true}}}',
      '{"events":[{"__proto__":{}}]}',
    ]) {
      const answer = await api.call('POST', '/api/v1/contacts', { body, headers: json });
      expect(answer.status, body).toBe(422);
      expect(answer.json.issues[0].reason).toMatch(/__proto__/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('size limits', () => {
  it('answers 413 for a declared length over the limit, and for a chunked body as it passes it', async () => {
    const declared = await api.call('POST', '/api/v1/events', { body: 'x'.repeat(65 * 1024), headers: json });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ code: 'BODY_TOO_LARGE', limit: 64 * 1024 });
    const streamed = await api.call('POST', '/api/v1/events', { body: chunked(200 * 1024), headers: json });
    expect(streamed.status).toBe(413);
    expect(streamed.json.code).toBe('BODY_TOO_LARGE');
  });

  it('counts a CSV upload against its own limit as it streams, and imports nothing', async () => {
    const header = new TextEncoder().encode('Email\n');
    let sent = 0;
    const rows = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(header);
      },
      pull(controller) {
        if (sent > 64 * 1024) return controller.close();
        const line = new TextEncoder().encode(`big${sent}@example.com\n`);
        sent += line.byteLength;
        controller.enqueue(line);
      },
    });
    const answer = await api.call('POST', '/api/v1/imports', {
      body: rows,
      headers: { 'content-type': 'text/csv' },
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ code: 'BODY_TOO_LARGE', limit: 32 * 1024 });
    expect(answer.json.detail).toMatch(/CSV upload/);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await api.kit.contacts.findByIdentity('A', 'email', 'big0@example.com')).toBeNull();
  });

  it('takes a body under the limit', async () => {
    const answer = await api.call('POST', '/api/v1/events', { json: message('small', { cookie: 'ck' }) });
    expect(answer.status).toBe(200);
  });
});

describe('routes and methods', () => {
  it('answers 404 ROUTE_NOT_FOUND for an unknown path, before asking for credentials', async () => {
    for (const path of [
      '/api/v1/nope',
      '/api/v2/contacts',
      '/',
      '/api/v1/contacts/a/b/c',
      '/api/v1/contacts/',
    ]) {
      const answer = await api.call('GET', path, { key: null });
      expect(answer.status, path).toBe(404);
      expect(answer.json).toMatchObject({ code: 'ROUTE_NOT_FOUND', instance: path });
    }
  });

  it('answers 405 with Allow for a known path asked with another method', async () => {
    const answer = await api.call('PUT', '/api/v1/contacts/c1');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, PATCH, DELETE, HEAD');
    expect(answer.json).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      allow: ['GET', 'PATCH', 'DELETE', 'HEAD'],
    });
    const events = await api.call('GET', '/api/v1/events');
    expect(events.status).toBe(405);
    expect(events.headers.get('allow')).toBe('POST');
  });

  it('answers HEAD like GET, without a body', async () => {
    const answer = await api.call('HEAD', '/api/v1/openapi.json', { key: null });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });
});

describe('request ids', () => {
  it('keeps a sane incoming x-request-id and replaces anything else, on every kind of answer', async () => {
    const kept = await api.call('GET', '/api/v1/contacts/nobody', {
      headers: { 'x-request-id': 'trace-01HZX.abc:42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('trace-01HZX.abc:42');
    expect(kept.json.requestId).toBe('trace-01HZX.abc:42');
    for (const given of ['has space', 'x'.repeat(201), '<script>', '']) {
      const answer = await api.call('GET', '/api/v1/openapi.json', {
        key: null,
        headers: { 'x-request-id': given },
      });
      expect(answer.headers.get('x-request-id'), given).toBe('generated-id');
    }
    const answers = await Promise.all([
      api.call('GET', '/api/v1/contacts/nobody', { key: null }),
      api.call('POST', '/api/v1/contacts', { json: {} }),
      api.call('DELETE', '/api/v1/reminders/none'),
      api.call('POST', '/api/v1/exports', { json: { format: 'csv' } }),
      api.call('GET', '/api/v1/docs', { key: null }),
      api.call('PUT', '/api/v1/events'),
    ]);
    for (const answer of answers) expect(answer.headers.get('x-request-id')).toBe('generated-id');
  });
});

describe('unexpected errors', () => {
  it('answers 500 without the cause and tells onError; 503 when the store is away', async () => {
    const seen: unknown[] = [];
    const failing = (path: string, error: Error) =>
      defineRoute({
        method: 'get',
        path,
        operationId: path.slice(1),
        tag: 'test',
        summary: 'Fails',
        responses: { 200: { description: 'never' } },
        handle: async () => {
          throw error;
        },
      });
    const handler = createHttpHandler(
      api.kit,
      { authenticate: () => 'A', onError: (error) => seen.push(error) },
      [
        ...apiRoutes(),
        failing('/boom', new Error('secret connection string postgres://u:p@db')),
        failing('/away', new StoreUnavailableError('connection lost (57P01)')),
      ],
    );
    expect(handler.document.paths['/api/v1/boom']).toBeDefined();
    const boom = await handler(new Request('http://x/api/v1/boom'));
    expect(boom.status).toBe(500);
    const body = await boom.text();
    expect(body).not.toMatch(/secret|postgres/);
    expect(JSON.parse(body)).toMatchObject({ code: 'INTERNAL', status: 500 });
    expect(seen).toEqual([expect.objectContaining({ message: expect.stringMatching(/secret/) })]);
    const away = await handler(new Request('http://x/api/v1/away'));
    expect(away.status).toBe(503);
    expect(await away.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
