import { z } from 'zod';
import { ActivitySchema } from '../model/activity.js';
import { ClassificationSchema } from '../model/classification.js';
import { ContactSchema } from '../model/contact.js';
import { IdentitySchema } from '../model/identity.js';
import { MergeRecordSchema } from '../model/merge-record.js';
import { JsonValueSchema } from '../model/primitives.js';
import { SegmentFilterSchema } from '../segments/filter.js';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from './problem.js';
import { type AnyRoute, openApiPath } from './route.js';

/** A JSON Schema or OpenAPI object, as plain data. */
type Json = { [key: string]: unknown };

/** An OpenAPI 3.1 document, as plain JSON. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Record<string, Record<string, Json>>;
  readonly components: {
    readonly schemas: Record<string, Json>;
    readonly securitySchemes: Record<string, Json>;
  };
  readonly [key: string]: unknown;
}

/**
 * Names for schemas the document shows once, as components: the records that recur (a contact in many
 * responses), and the recursive ones (JSON values, segment filters), which a schema can only refer to.
 */
const NAMED = new Map<z.ZodType, string>([
  [JsonValueSchema, 'JsonValue'],
  [SegmentFilterSchema, 'SegmentFilter'],
  [ContactSchema, 'Contact'],
  [IdentitySchema, 'Identity'],
  [ActivitySchema, 'Activity'],
  [ClassificationSchema, 'Classification'],
  [MergeRecordSchema, 'MergeRecord'],
  [ProblemSchema, 'Problem'],
]);

function namesRegistry() {
  const registry = z.registry<{ id?: string }>();
  for (const [schema, id] of NAMED) registry.add(schema, { id });
  return registry;
}

/**
 * Builds JSON Schemas for one document: each schema converted by zod itself (requests on their input
 * side, responses on their output side), its `$defs` hoisted into `components.schemas` and its references
 * pointed there. Dates are written as ISO 8601 strings, which is how JSON carries them.
 */
class SchemaBook {
  readonly components: Record<string, Json> = {};
  private readonly registry = namesRegistry();
  private anonymous = 0;

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: this.registry,
      cycles: 'ref',
      reused: 'inline',
      override: (ctx) => {
        const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
        if (def.type === 'date') {
          ctx.jsonSchema.type = 'string';
          ctx.jsonSchema.format = 'date-time';
        }
      },
    }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    // A name per definition: the same name on each side, `…Input` when the input side differs.
    const renamed = new Map<string, string>();
    for (const name of Object.keys(defs)) {
      const base = name.startsWith('__schema') ? `Schema${++this.anonymous}` : name;
      renamed.set(name, io === 'input' ? `${base}Input` : base);
    }
    const repoint = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(repoint);
      if (value === null || typeof value !== 'object') return value;
      const out: Json = {};
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const name = inner.slice('#/$defs/'.length);
          out[key] = `#/components/schemas/${renamed.get(name) ?? name}`;
        } else out[key] = repoint(inner);
      }
      return out;
    };
    for (const [name, def] of Object.entries(defs)) {
      const target = renamed.get(name)!;
      const body = repoint(def) as Json;
      const existing = this.components[target];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(body)) {
        throw new Error(`openapi: two different schemas are both named ${target}`);
      }
      this.components[target] = body;
    }
    return repoint(json) as Json;
  }
}

const problemContent = { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };

/** The problems every route of its kind may answer with, besides its own. */
function commonProblems(route: AnyRoute): Record<number, string> {
  const out: Record<number, string> = {};
  const takesInput = route.params || route.query || route.body || route.upload;
  if (!route.public) out[401] = 'No credentials, or credentials `authenticate` refused.';
  if (route.body) {
    out[400] = 'The body is not JSON (`BAD_JSON`).';
    out[415] = 'The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`).';
  }
  if (route.body || route.upload) out[413] = 'The body is over the size limit (`BODY_TOO_LARGE`).';
  if (takesInput)
    out[422] = 'A field, parameter or row was refused (`VALIDATION`): see `field` and `issues`.';
  return out;
}

/** Query or path parameters from an object schema, each with its own schema and description. */
function parameters(book: SchemaBook, schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = book.convert(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** What the document says about itself. */
export interface DocumentInfo {
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
}

/**
 * The OpenAPI 3.1 document of a set of routes, generated from the same zod schemas the routes check
 * their input with and describe their output by.
 *
 * @example
 * ```ts
 * const document = buildOpenApiDocument(API_ROUTES);
 * Object.keys(document.paths); // ['/api/v1/contacts', '/api/v1/contacts/{contactId}', …]
 * ```
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[], info: DocumentInfo = {}): OpenApiDocument {
  const book = new SchemaBook();
  book.convert(ProblemSchema, 'output');
  const paths: Record<string, Record<string, Json>> = {};
  const tags = new Set<string>();
  for (const route of routes) {
    tags.add(route.tag);
    const path = openApiPath(route.path);
    const responses: Record<string, Json> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const content: Json = {};
      if (spec.schema) content['application/json'] = { schema: book.convert(spec.schema, 'output') };
      for (const media of spec.media ?? []) content[media] = { schema: {} };
      responses[status] = {
        description: spec.description,
        ...(Object.keys(content).length > 0 ? { content } : {}),
        ...(spec.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(spec.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: 'string' } },
                ]),
              ),
            }
          : {}),
      };
    }
    for (const [status, description] of Object.entries({ ...commonProblems(route), ...route.problems })) {
      responses[status] = { description, content: problemContent };
    }
    responses.default = {
      description: 'Any other problem, as an RFC 9457 document.',
      content: problemContent,
    };
    const requestBody = route.body
      ? {
          required: true,
          ...(route.body.description ? { description: route.body.description } : {}),
          content: { 'application/json': { schema: book.convert(route.body.schema, 'input') } },
        }
      : route.upload
        ? {
            required: true,
            description: route.upload.description,
            content: Object.fromEntries(
              route.upload.media.map((media) => [
                media,
                { schema: { type: 'string', contentMediaType: media } },
              ]),
            ),
          }
        : undefined;
    const params = [...parameters(book, route.params, 'path'), ...parameters(book, route.query, 'query')];
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
      ...(route.public ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'contactkit API',
      version: info.version ?? '1',
      description:
        info.description ??
        'The contacts core over HTTP. JSON bodies and fields are camelCase, as in the TypeScript API. ' +
          'Every response carries `x-request-id`; every error is an RFC 9457 problem document with a stable `code`.',
    },
    tags: [...tags].map((name) => ({ name })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: book.components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: `Authorization: Bearer <key>`.',
        },
      },
    },
  };
}
