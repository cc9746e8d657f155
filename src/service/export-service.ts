import { z } from 'zod';
import type { ExportColumn, ExportRecord } from '../csv/export/columns.js';
import { resolveColumns } from '../csv/export/columns.js';
import { writeContactsCsv } from '../csv/export/csv.js';
import { writeContactsJson, writeContactsNdjson } from '../csv/export/json.js';
import { EXPORT_PRESET_NAMES, exportPresetColumns } from '../csv/export/presets.js';
import { writeContactsXlsx } from '../csv/export/xlsx.js';
import type { Contact } from '../model/contact.js';
import { parseInput } from '../model/parse.js';
import type { ListPosition } from '../ports/contact-query.js';
import { MAX_PAGE_SIZE } from '../ports/page.js';
import { parseSegmentFilter, type SegmentFilterInput } from '../segments/filter.js';
import { ListService } from './list-service.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** The file formats {@link ExportService.export} writes. */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export writes, checked at the edge. */
export const ExportOptionsSchema = z.object({
  workspaceId: z.string().trim().min(1).max(200),
  format: z.enum(EXPORT_FORMATS).default('csv'),
  /** Field names or `{ header, field, first? }`; default: the writers' default columns. */
  columns: z
    .array(
      z.union([
        z.string().min(1),
        z.object({ header: z.string(), field: z.string().min(1), first: z.boolean().optional() }),
      ]),
    )
    .min(1)
    .optional(),
  /** Another tool's import headers; `columns` are added after them. */
  preset: z.enum(EXPORT_PRESET_NAMES).optional(),
  /** Start a CSV with a UTF-8 BOM, for Excel. */
  bom: z.boolean().default(false),
  /** Contacts read per page and transaction (default 1000, the most an adapter returns). */
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
});

/** Options for {@link ExportService.export}. */
export type ExportOptions = z.input<typeof ExportOptionsSchema> & {
  /** Only the contacts of this segment (see `src/segments`); default: every contact. */
  readonly segment?: SegmentFilterInput;
};

/** An export under way: the file's chunks, and how many contacts they held so far. */
export interface ExportStream extends AsyncIterable<string | Uint8Array> {
  /** Contacts written so far (all of them once the chunks are consumed). */
  readonly rows: number;
}

/**
 * Exports a workspace's contacts, or a segment's, as CSV, JSON, NDJSON or XLSX, streaming: contacts are
 * read a page at a time with their identities, and written as chunks, so memory stays bounded whatever
 * the size of the workspace. Deleted contacts are left out. CSV cells that a spreadsheet would run as a
 * formula are neutralised: with a leading `'`, or, in a preset's file (read by another tool's importer,
 * which would keep the `'`), by dropping the leading formula characters, phones and numbers kept as they are.
 *
 * @example
 * ```ts
 * const file = new ExportService({ store }).export({ workspaceId: 'acme', format: 'csv', preset: 'hubspot', bom: true });
 * await pipeline(Readable.from(file), fs.createWriteStream('contacts.csv'));
 * file.rows; // contacts written
 * ```
 */
export class ExportService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /**
   * The contacts of a workspace (or of a segment) with their identities, a page at a time, each page in
   * its own transaction: every contact in id order, or a segment's in creation order (ties by id), the
   * segment compiled by the store (SQL on SQL stores) at the service clock's `now`.
   */
  async *records(
    workspaceId: string,
    options: { readonly segment?: SegmentFilterInput; readonly pageSize?: number } = {},
  ): AsyncGenerator<ExportRecord, void, undefined> {
    const segment = options.segment === undefined ? undefined : parseSegmentFilter(options.segment);
    const lists = new ListService(this.context);
    const limit = options.pageSize ?? MAX_PAGE_SIZE;
    let cursor: string | undefined;
    let after: ListPosition | undefined;
    do {
      const page = await this.context.store.transaction(workspaceId, async (tx) => {
        let kept: Contact[];
        if (segment === undefined) {
          const contacts = await tx.contacts.list({ limit, ...(cursor === undefined ? {} : { cursor }) });
          kept = contacts.items.filter((c) => c.deletedAt === undefined);
          cursor = contacts.nextCursor;
        } else {
          const found = await tx.contacts.query({
            filter: await lists.resolve(tx, { filter: segment }),
            sort: { field: 'createdAt', direction: 'asc' },
            limit,
            ...(after === undefined ? {} : { after }),
          });
          kept = found.items as Contact[];
          after = found.next;
        }
        const identities = kept.length > 0 ? await tx.identities.listByContacts(kept.map((c) => c.id)) : [];
        const byContact = new Map<string, Array<{ type: string; value: string }>>();
        for (const i of identities) {
          const list = byContact.get(i.contactId) ?? [];
          list.push({ type: i.type, value: i.value });
          byContact.set(i.contactId, list);
        }
        return kept.map((contact) => ({ contact, identities: byContact.get(contact.id) ?? [] }));
      });
      yield* page;
    } while (segment === undefined ? cursor !== undefined : after !== undefined);
  }

  /**
   * The export file as a stream of chunks (strings; `Uint8Array` for XLSX), to pipe to a file or a
   * response. Options, the segment and the columns are checked now, before the first chunk.
   *
   * @throws {@link contactkit!ValidationError} for bad options, an unknown column or a bad segment.
   */
  export(options: ExportOptions): ExportStream {
    const opts = parseInput(ExportOptionsSchema, options, 'options');
    if (options.segment !== undefined) parseSegmentFilter(options.segment);
    const extra = (opts.columns ?? []) as ExportColumn[];
    const columns: readonly ExportColumn[] | undefined = opts.preset
      ? exportPresetColumns(opts.preset, extra)
      : opts.columns
        ? extra
        : undefined;
    // Refuse an unknown field now rather than after the first page was read.
    resolveColumns(columns);
    let rows = 0;
    const counted = async function* (records: AsyncIterable<ExportRecord>) {
      for await (const record of records) {
        rows++;
        yield record;
      }
    };
    const records = counted(
      this.records(opts.workspaceId, {
        pageSize: opts.pageSize,
        ...(options.segment === undefined ? {} : { segment: options.segment }),
      }),
    );
    const withColumns = columns === undefined ? {} : { columns };
    const chunks: AsyncIterable<string | Uint8Array> =
      opts.format === 'csv'
        ? // A preset file goes to another tool's importer, which would keep a leading ' in the value.
          writeContactsCsv(records, {
            ...withColumns,
            bom: opts.bom,
            formulas: opts.preset ? 'importer' : 'apostrophe',
          })
        : opts.format === 'json'
          ? writeContactsJson(records, withColumns)
          : opts.format === 'ndjson'
            ? writeContactsNdjson(records, withColumns)
            : writeContactsXlsx(records, withColumns);
    return {
      get rows() {
        return rows;
      },
      [Symbol.asyncIterator]: () => chunks[Symbol.asyncIterator](),
    };
  }
}

/**
 * Builds an {@link ExportService}.
 *
 * @example
 * ```ts
 * const chunks = createExportService({ store }).export({ workspaceId: 'acme', format: 'ndjson' });
 * ```
 */
export function createExportService(options: ServiceOptions | ServiceContext): ExportService {
  return new ExportService(options);
}
