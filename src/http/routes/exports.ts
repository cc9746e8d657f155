import type { z } from 'zod';
import { SegmentRefSchema, segmentFilterOf } from '../../segments/filter.js';
import { type ExportFormat, ExportOptionsSchema } from '../../service/export-service.js';
import { type AnyRoute, defineRoute } from '../route.js';

/** The media type and file extension of each export format. */
const MEDIA: Readonly<Record<ExportFormat, { type: string; extension: string }>> = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { type: 'application/json', extension: 'json' },
  ndjson: { type: 'application/x-ndjson', extension: 'ndjson' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
};

/** What to export: the format, the columns, and which contacts (a built-in list or a segment filter). */
const ExportBodySchema = ExportOptionsSchema.omit({ workspaceId: true, pageSize: true }).extend({
  /** `all` (default), `leads`, `customers`, or a segment filter. */
  segment: SegmentRefSchema.optional(),
});

/** The chunks of an export as a byte stream, the first already read. */
function streamOf(first: IteratorResult<string | Uint8Array>, rest: AsyncIterator<string | Uint8Array>) {
  const encoder = new TextEncoder();
  const bytes = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  let pending: IteratorResult<string | Uint8Array> | undefined = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await rest.next());
      pending = undefined;
      if (next.done) controller.close();
      else controller.enqueue(bytes(next.value));
    },
    async cancel() {
      await rest.return?.();
    },
  });
}

/** Contact exports, streamed. */
export function exportRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/exports',
      operationId: 'exportContacts',
      tag: 'exports',
      summary: 'Export contacts',
      description:
        'The workspace contacts (or a segment of them) as CSV, JSON, NDJSON or XLSX, streamed as they are read, a page at a time. CSV cells a spreadsheet would run as a formula are neutralised. Deleted contacts are left out. A failure before the first bytes is a problem document; a failure after them cuts the response short (an incomplete file never ends like a whole one: JSON is left unclosed, XLSX unreadable).',
      body: { schema: ExportBodySchema },
      responses: {
        200: {
          description: 'The file.',
          media: Object.values(MEDIA).map((m) => m.type),
          headers: { 'content-disposition': 'attachment; filename="contacts.<format>"' },
        },
      },
      handle: async ({ workspaceId, body }, { kit }) => {
        const { segment, ...options } = body;
        const parsedSegment = segment === undefined ? undefined : SegmentRefSchema.parse(segment);
        const file = kit.exports.export({
          ...options,
          workspaceId,
          ...(parsedSegment === undefined ? {} : { segment: segmentFilterOf(parsedSegment) }),
        });
        const format = ExportOptionsSchema.shape.format.parse(options.format) as ExportFormat;
        const chunks = file[Symbol.asyncIterator]();
        // The first chunk is read before answering, so an early failure is still a problem document.
        const first = await chunks.next();
        return new Response(streamOf(first, chunks), {
          status: 200,
          headers: {
            'content-type': MEDIA[format].type,
            'content-disposition': `attachment; filename="contacts.${MEDIA[format].extension}"`,
          },
        });
      },
    }),
  ];
}

/** The body of an export request, for clients written in TypeScript. */
export type ExportRequest = z.input<typeof ExportBodySchema>;
