import { ValidationError } from '../../errors/errors.js';
import {
  type ByteSource,
  type CsvEncoding,
  type DecodeOptions,
  decodeCsvBytes,
  MixedEncodingError,
} from './decode/decode.js';
import { type CsvRecord, parseCsvRecords } from './parse.js';
import { type CsvDelimiter, sniffDelimiter } from './sniff/sniff-delimiter.js';

/** Options for {@link readCsv}. */
export interface ReadCsvOptions extends DecodeOptions {
  /** Skip sniffing and use this delimiter. */
  readonly delimiter?: CsvDelimiter;
  /** See {@link ParseCsvOptions.maxRecordChars}. */
  readonly maxRecordChars?: number;
}

/** An opened CSV file: what was detected, the header, and the data records still to be read. */
export interface CsvFile {
  readonly encoding: CsvEncoding;
  readonly bom: boolean;
  readonly delimiter: CsvDelimiter;
  /** Header cells as written (trimmed of a stray BOM and surrounding white space). */
  readonly header: readonly string[];
  /** Data records, row 1 onwards, streaming. Iterate once. */
  readonly records: AsyncGenerator<CsvRecord, void, undefined>;
}

const SNIFF_CHARS = 16 * 1024;

function badFile(reason: string): ValidationError {
  return new ValidationError({ field: 'file', value: undefined, reason });
}

/**
 * Opens a CSV file for import: decodes it ({@link decodeCsvBytes}), sniffs the delimiter on the first
 * 16 K characters, reads the header and the first data row, then streams the rest on demand.
 *
 * @throws {@link contactkit!ValidationError} (field `file`) for a binary or empty file, or one with a header only.
 * @example
 * ```ts
 * const file = await readCsv(fs.createReadStream('mailchimp.csv'));
 * file.header // ['Email Address', 'First Name', …]
 * for await (const { row, cells } of file.records) …
 * ```
 */
export async function readCsv(source: ByteSource, options: ReadCsvOptions = {}): Promise<CsvFile> {
  const decoded = await decodeCsvBytes(source, options);
  const head: string[] = [];
  let headLength = 0;
  // A byte that does not fit the encoding early in the file: thrown by the parser once it has counted
  // the records before it, so that the error names the row.
  let early: MixedEncodingError | undefined;
  while (headLength < SNIFF_CHARS) {
    let next: IteratorResult<string, void>;
    try {
      next = await decoded.text.next();
    } catch (error) {
      if (!(error instanceof MixedEncodingError)) throw error;
      early = error;
      break;
    }
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const sample = head.join('');
  if (sample.trim().length === 0 && !early) throw badFile('empty file: no header row');
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  const text = (async function* () {
    yield sample;
    if (early) throw early;
    yield* decoded.text;
  })();
  const records = parseCsvRecords(text, {
    delimiter,
    ...(options.maxRecordChars === undefined ? {} : { maxRecordChars: options.maxRecordChars }),
  });
  const first = await records.next();
  if (first.done) throw badFile('empty file: no header row');
  const header = first.value.cells.map((h) => h.replace(/^\uFEFF/, '').trim());
  if (header.every((h) => h === '')) throw badFile('the header row is empty');
  const second = await records.next();
  if (second.done) throw badFile(`header only: no data rows after the header (${header.length} columns)`);
  const rest = (async function* () {
    yield second.value;
    yield* records;
  })();
  return {
    get encoding() {
      return decoded.encoding;
    },
    bom: decoded.bom,
    delimiter,
    header,
    records: rest,
  };
}

/** What {@link checkCsvFile} found: what {@link readCsv} detects, and the number of data rows. */
export interface CheckedCsvFile {
  readonly encoding: CsvEncoding;
  readonly bom: boolean;
  readonly delimiter: CsvDelimiter;
  readonly header: readonly string[];
  /** Data records (blank lines are not counted). */
  readonly rows: number;
}

/**
 * Reads a whole file without keeping it: decodes and parses every record, so that what refuses a file
 * anywhere in it (a byte that does not fit its encoding, a record over the limit, a binary or empty
 * file) is found before anything is written. Memory stays bounded, as in {@link readCsv}.
 *
 * @throws {@link contactkit!ValidationError} (field `file`, with the `row` when there is one) for a bad file.
 * @example
 * ```ts
 * const { rows } = await checkCsvFile(fs.createReadStream('export.csv')); // then import it
 * ```
 */
export async function checkCsvFile(
  source: ByteSource,
  options: ReadCsvOptions = {},
): Promise<CheckedCsvFile> {
  const file = await readCsv(source, options);
  let rows = 0;
  for await (const _ of file.records) rows++;
  const { encoding, bom, delimiter, header } = file;
  return { encoding, bom, delimiter, header, rows };
}
