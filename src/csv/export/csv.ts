import { type ExportColumn, type ExportRecord, resolveColumns, valueText } from './columns.js';
import { csvLine, type FormulaDefence } from './csv-cell.js';

/** Options for {@link writeContactsCsv}. */
export interface ContactsCsvOptions {
  /** Columns to write (default {@link DEFAULT_EXPORT_COLUMNS}). */
  readonly columns?: readonly ExportColumn[];
  /** Start with a UTF-8 BOM so Excel reads accents right (default false). */
  readonly bom?: boolean;
  readonly delimiter?: ',' | ';' | '\t' | '|';
  /**
   * How cells that could run as formulas are kept from it: `'apostrophe'` (default) prefixes `'`, for
   * spreadsheets; `'importer'` drops the leading formula characters and keeps phones and numbers as
   * they are, for tools whose importers keep a `'` (see {@link neutralizeFormulaForImport}).
   */
  readonly formulas?: FormulaDefence;
  /** Records per yielded string chunk (default 256): fewer, larger writes. */
  readonly recordsPerChunk?: number;
}

/**
 * Writes contacts as CSV, streaming: one string chunk per few hundred records, so a million contacts
 * need no more memory than one chunk. Every cell is formula-neutralized (see {@link neutralizeFormula}).
 *
 * @throws {@link contactkit!ValidationError} up front for an unknown column.
 * @example
 * ```ts
 * const chunks = writeContactsCsv(contacts, { columns: ['identity.email', 'profile.name', 'tags'], bom: true });
 * await pipeline(Readable.from(chunks), fs.createWriteStream('contacts.csv'));
 * ```
 */
export async function* writeContactsCsv(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  options: ContactsCsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const columns = resolveColumns(options.columns);
  const delimiter = options.delimiter ?? ',';
  const perChunk = options.recordsPerChunk ?? 256;
  const defence = options.formulas ?? 'apostrophe';
  yield (options.bom ? '\uFEFF' : '') +
    csvLine(
      columns.map((c) => c.header),
      delimiter,
    );
  let buffer = '';
  let count = 0;
  for await (const record of records) {
    buffer += csvLine(
      columns.map((c) => valueText(c.field, c.read(record))),
      delimiter,
      defence,
    );
    if (++count >= perChunk) {
      yield buffer;
      buffer = '';
      count = 0;
    }
  }
  if (buffer) yield buffer;
}
