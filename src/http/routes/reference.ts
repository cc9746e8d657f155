import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { type AnyRoute, API_BASE, defineRoute } from '../route.js';

/** The files of `swagger-ui-dist` the reference page loads, with their media types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Starts Swagger UI on the document; a file of its own, so the page needs no inline script. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

/** The page: every URL in it is relative, so it works wherever the API is mounted, and offline. */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>contactkit API reference</title>
    <link rel="stylesheet" href="docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/init.js"></script>
  </body>
</html>
`;

/** Everything the page loads comes from this server: no CDN, no inline script. */
const PAGE_SECURITY = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'",
  'x-content-type-options': 'nosniff',
};

const assets = new Map<string, Promise<Uint8Array | null>>();

/**
 * A file of the `swagger-ui-dist` package, read once and kept; null when the package is not installed
 * (or the runtime has no file system): the page then says how to get it.
 */
function asset(name: string): Promise<Uint8Array | null> {
  let found = assets.get(name);
  if (!found) {
    found = (async () => {
      try {
        const [{ createRequire }, { readFile }] = await Promise.all([
          import('node:module'),
          import('node:fs/promises'),
        ]);
        const manifest = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json');
        return new Uint8Array(await readFile(manifest.replace(/package\.json$/, name)));
      } catch {
        return null;
      }
    })();
    assets.set(name, found);
  }
  return found;
}

const disabled = () =>
  new HttpProblem(
    404,
    'ROUTE_NOT_FOUND',
    `the reference page is turned off; the document is at ${API_BASE}/openapi.json`,
  );

/** The OpenAPI document and the interactive reference page, served without credentials. */
export function referenceRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      tag: 'reference',
      summary: 'The OpenAPI 3.1 document',
      description: 'Generated from the zod schemas the routes check their input with.',
      public: true,
      responses: { 200: { description: 'The document.', media: ['application/json'] } },
      handle: async (_input, { document }) =>
        new Response(JSON.stringify(document), { headers: { 'content-type': 'application/json' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'getReferencePage',
      tag: 'reference',
      summary: 'The interactive reference page',
      description: 'Swagger UI over the document, served from this server (it works offline).',
      public: true,
      responses: { 200: { description: 'The page.', media: ['text/html'] } },
      problems: { 501: 'The `swagger-ui-dist` package is not installed (`DOCS_UNAVAILABLE`).' },
      handle: async (_input, { options }) => {
        if (!options.docs) throw disabled();
        if ((await asset('swagger-ui-bundle.js')) === null) {
          throw new HttpProblem(
            501,
            'DOCS_UNAVAILABLE',
            `install swagger-ui-dist beside contactkit to serve the reference page; the document is at ${API_BASE}/openapi.json`,
          );
        }
        return new Response(PAGE, {
          headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_SECURITY },
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs/:file',
      operationId: 'getReferenceAsset',
      tag: 'reference',
      summary: 'A file of the reference page',
      public: true,
      params: z.object({ file: z.string().max(100) }),
      responses: { 200: { description: 'The file.', media: ['text/css', 'text/javascript', 'image/png'] } },
      problems: { 404: 'No such file (`ROUTE_NOT_FOUND`).' },
      handle: async ({ params }, { options }) => {
        if (!options.docs) throw disabled();
        const cache = { 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' };
        if (params.file === 'init.js')
          return new Response(INIT_SCRIPT, {
            headers: { 'content-type': 'text/javascript; charset=utf-8', ...cache },
          });
        const type = Object.hasOwn(ASSETS, params.file) ? ASSETS[params.file] : undefined;
        const bytes = type === undefined ? null : await asset(params.file);
        if (type === undefined || bytes === null)
          throw new HttpProblem(404, 'ROUTE_NOT_FOUND', `no file ${params.file} in the reference page`);
        return new Response(bytes, { headers: { 'content-type': type, ...cache } });
      },
    }),
  ];
}
