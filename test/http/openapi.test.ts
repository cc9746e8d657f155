import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { createHttpHandler } from '../../src/http/index.js';
import { createContactkit } from '../../src/service/index.js';

const handler = createHttpHandler(createContactkit({ store: new MemoryStore() }), {
  authenticate: () => 'A',
});
const document = handler.document;
// biome-ignore lint/suspicious/noExplicitAny: a test reads the generated JSON as it is.
type Loose = any;

/** `/api/v1/contacts/:contactId` → `/api/v1/contacts/{contactId}`. */
const asOpenApi = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('lists every route the app serves, with its method, and nothing else', () => {
    const served = handler.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${asOpenApi(r.path)}`)
      .sort();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(served);
    expect(served.length).toBeGreaterThanOrEqual(40);
  });

  it('validates as OpenAPI 3.1 (@readme/openapi-parser), every $ref resolving', async () => {
    const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('gives every operation a unique id, a summary, a tag, and problem answers', () => {
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(operations) as Array<[string, Record<string, unknown>]>) {
        const where = `${method} ${path}`;
        expect(ids.has(op.operationId as string), where).toBe(false);
        ids.add(op.operationId as string);
        expect(op.summary, where).toEqual(expect.any(String));
        expect((op.tags as string[]).length, where).toBe(1);
        const responses = op.responses as Record<string, { content?: Record<string, unknown> }>;
        expect(responses.default?.content?.['application/problem+json'], where).toBeDefined();
        if (!('security' in op)) expect(responses['401'], where).toBeDefined();
      }
    }
  });

  it('describes bodies and answers from the same zod schemas the routes check', () => {
    const create = document.paths['/api/v1/contacts']!.post as Loose;
    const body = create.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['profile', 'tags', 'customFields', 'identities', 'actor']),
    );
    expect(create.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Contact',
    });
    const contact = document.components.schemas.Contact as Loose;
    expect(contact.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
    const timeline = document.paths['/api/v1/contacts/{contactId}/timeline']!.get as Loose;
    expect(timeline.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:contactId',
      'query:limit',
      'query:cursor',
    ]);
    const events = document.paths['/api/v1/events']!.post as Loose;
    expect(events.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
  });

  it('documents the consent predicate of filters and the consent in force of contacts', () => {
    const filter = JSON.stringify(document.components.schemas.SegmentFilterInput);
    expect(filter).toContain(
      '{"type":{"type":"string","const":"consent"},"purpose":{"type":"string","minLength":1,"maxLength":100},"is":{"type":"string","enum":["granted","revoked"]}}',
    );
    const contact = document.components.schemas.Contact as Loose;
    expect(contact.properties.consent.items.required).toEqual(['purpose', 'status', 'at']);
  });
});

describe('docs/http.md', () => {
  it('lists every route of the document in its route table', async () => {
    const { readFileSync } = await import('node:fs');
    const guide = readFileSync(new URL('../../docs/http.md', import.meta.url), 'utf8');
    const missing = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `\`${method.toUpperCase()} ${path}\``),
      )
      .filter((route) => !guide.includes(route));
    expect(missing).toEqual([]);
  });
});
