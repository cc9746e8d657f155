import { type ExportColumn, type ExportRecord, type ExportValue, resolveColumns } from './columns.js';

/** Options for the JSON writers. */
export interface ContactsJsonOptions {
  /** Columns to write (default {@link DEFAULT_EXPORT_COLUMNS}); they become the keys of each object. */
  readonly columns?: readonly ExportColumn[];
  /** Records per yielded string chunk (default 256). */
  readonly recordsPerChunk?: number;
}

function toObject(
  columns: ReturnType<typeof resolveColumns>,
  record: ExportRecord,
): Record<string, ExportValue> {
  // Headers are the user's: defined as own properties, so a column named `__proto__` is a key too.
  return Object.fromEntries(columns.map((c) => [c.header, c.read(record)]));
}

async function* write(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  options: ContactsJsonOptions,
  open: string,
  separator: string,
  close: string,
  closeWhenEmpty = close,
): AsyncGenerator<string, void, undefined> {
  const columns = resolveColumns(options.columns);
  const perChunk = options.recordsPerChunk ?? 256;
  let buffer = open;
  let count = 0;
  let first = true;
  for await (const record of records) {
    buffer += (first ? '' : separator) + JSON.stringify(toObject(columns, record));
    first = false;
    if (++count >= perChunk) {
      yield buffer;
      buffer = '';
      count = 0;
    }
  }
  yield buffer + (first ? closeWhenEmpty : close);
}

/**
 * Writes contacts as one JSON array, streaming. Keys are the column names; identities, tags and list
 * custom fields are arrays, dates ISO 8601 strings, missing values null. JSON is not a spreadsheet, so
 * values are not formula-neutralized.
 *
 * @example
 * ```ts
 * for await (const chunk of writeContactsJson(contacts, { columns: ['id', 'identity.email'] })) out.write(chunk);
 * // [{"id":"c1","identity.email":["ana@example.com"]}]
 * ```
 */
export function writeContactsJson(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  options: ContactsJsonOptions = {},
): AsyncGenerator<string, void, undefined> {
  return write(records, options, '[', ',\n', ']\n');
}

/**
 * Writes contacts as NDJSON (one JSON object per line), streaming. Same values as {@link writeContactsJson}.
 *
 * @example
 * ```ts
 * for await (const chunk of writeContactsNdjson(contacts)) out.write(chunk);
 * ```
 */
export function writeContactsNdjson(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  options: ContactsJsonOptions = {},
): AsyncGenerator<string, void, undefined> {
  return (async function* () {
    for await (const chunk of write(records, options, '', '\n', '\n', '')) {
      if (chunk) yield chunk;
    }
  })();
}
