import { z } from 'zod';
import { ValidationError } from '../../errors/errors.js';
import { type ImportOptions, ImportOptionsSchema } from '../../service/import-service.js';
import { limitedChunks } from '../body.js';
import { defined, queryBoolean, queryInt, queryList } from '../query.js';
import { type AnyRoute, defineRoute, ok } from '../route.js';
import { ImportReportSchema } from '../schemas.js';

const options = ImportOptionsSchema.shape;

/** The import's options as query parameters: the same names and checks as `kit.imports.importFile`. */
const ImportQuerySchema = z.object({
  importId: options.importId,
  dryRun: queryBoolean.optional(),
  duplicates: options.duplicates.unwrap().optional(),
  upsertKey: options.upsertKey,
  preset: options.preset,
  defaultCountry: options.defaultCountry,
  encoding: options.encoding,
  delimiter: options.delimiter,
  batchSize: queryInt(1, 10_000).optional(),
  /** A column mapping, `Header=field` (`Plan=custom.plan`, `Notes=ignore`); repeat it for each column. */
  map: queryList(z.string().min(3).max(1000)).optional(),
});

/** `Header=field` pairs as the import's overrides; the header is what comes before the last `=`. */
function overridesOf(pairs: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  pairs.forEach((pair, index) => {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new ValidationError({
        field: `query.map.${index}`,
        value: pair,
        reason: 'expected Header=field',
      });
    }
    Object.defineProperty(overrides, pair.slice(0, at).trim(), {
      value: pair.slice(at + 1).trim(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return overrides;
}

/** CSV import, streamed. */
export function importRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/imports',
      operationId: 'importCsv',
      tag: 'imports',
      summary: 'Import a CSV file',
      description:
        'The body is the file (Mailchimp, Klaviyo, HubSpot, Shopify, Intercom, Chatwoot exports, or any sheet with an email or phone column), streamed and counted against the import size limit as it arrives. The whole file is checked before anything is written: a bad file is refused (422, with `row` and `column`) and leaves nothing behind. A bad row never stops the others: it is listed in the report. Importing the same file again changes nothing.',
      query: ImportQuerySchema,
      upload: {
        media: ['text/csv', 'application/octet-stream'],
        description: 'The CSV file, in UTF-8, UTF-16 or Windows-1252 (detected).',
      },
      responses: { 200: { description: 'What the import did.', schema: ImportReportSchema } },
      handle: async ({ workspaceId, query, request }, { kit, options: http }) => {
        const spool = http.spool();
        try {
          for await (const chunk of limitedChunks(request, http.importLimit, 'CSV upload'))
            await spool.write(chunk);
          const { map, ...rest } = query;
          const importOptions: ImportOptions = {
            workspaceId,
            ...defined(rest),
            ...(map === undefined ? {} : { overrides: overridesOf(map) }),
          };
          return ok(await kit.imports.importFile(await spool.source(), importOptions));
        } finally {
          await spool.discard();
        }
      },
    }),
  ];
}
