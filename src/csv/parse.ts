import Papa from 'papaparse';
import { ValidationError } from '../errors/errors.js';
import type { CsvDelimiter } from './sniff-delimiter.js';

/** One record of a CSV file: its 1-based data row number (the header is row 0) and its cells. */
export interface CsvRecord {
  /**
   * 1-based data row number, counting blank records too, so row `n` is line `n + 1` of the sheet when
   * opened in a spreadsheet (quoted newlines do not start a row there either).
   */
  readonly row: number;
  readonly cells: string[];
}

/** Options for {@link parseCsvRecords}. */
export interface ParseCsvOptions {
  readonly delimiter: CsvDelimiter;
  /** `\n`, `\r\n` or `\r`; detected from the first chunk when not given. */
  readonly newline?: '\n' | '\r\n' | '\r';
  /**
   * Most characters one record may span (default 64 Mi). A quote that never closes would otherwise hold
   * the rest of the file in memory; past this limit the file is refused, naming the row.
   */
  readonly maxRecordChars?: number;
}

/**
 * Detects the line ending from the first one outside quotes. With `final` false, answers undefined while
 * it cannot be sure yet (no unquoted line break so far, or a `\r` at the very end that a `\n` may follow);
 * with `final` true, a text without line breaks reads as `\n`.
 *
 * @example
 * ```ts
 * detectNewline('a,b\r\n1,2') // "\r\n"
 * ```
 */
export function detectNewline(text: string, final = true): '\n' | '\r\n' | '\r' | undefined {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\r') {
      if (i + 1 < text.length) return text[i + 1] === '\n' ? '\r\n' : '\r';
      return final ? '\r' : undefined;
    } else if (!inQuotes && c === '\n') return '\n';
  }
  return final ? '\n' : undefined;
}

const isBlank = (cells: readonly string[]): boolean =>
  cells.length === 0 || (cells.length === 1 && cells[0]!.trim() === '');

function tooLong(carry: string, row: number, maxRecordChars: number): ValidationError {
  return new ValidationError({
    field: 'file',
    value: carry.slice(0, 80),
    row,
    reason: `row ${row} is longer than ${maxRecordChars} characters: a quote that never closes?`,
  });
}

interface PapaResult {
  data: string[][];
  meta: { cursor: number };
}

/**
 * Parses decoded CSV text into records, streaming, with Papa Parse's parser. Text chunks may end anywhere,
 * even inside a quoted field: the unfinished record is carried over to the next chunk. Quoted newlines
 * stay in their cell; ragged rows keep the cells they have (the mapper reads missing ones as empty);
 * blank records are skipped but still counted in `row`. Memory is bounded by the largest record.
 *
 * The first record yielded is the header (row 0).
 *
 * @throws {@link ValidationError} when one record exceeds `maxRecordChars` (an unclosed quote).
 * @example
 * ```ts
 * for await (const r of parseCsvRecords(['a,b\n1,"x', '\ny"\n'], { delimiter: ',' })) console.log(r)
 * // { row: 0, cells: ['a','b'] }, { row: 1, cells: ['1', 'x\ny'] }
 * ```
 */
export async function* parseCsvRecords(
  text: AsyncIterable<string> | Iterable<string>,
  options: ParseCsvOptions,
): AsyncGenerator<CsvRecord, void, undefined> {
  const maxRecordChars = options.maxRecordChars ?? 64 * 1024 * 1024;
  let parser: Papa.Parser | undefined;
  let newline = options.newline;
  let carry = '';
  // Re-parsing a long unfinished record on every small chunk would be quadratic: wait until the
  // carried text has doubled before trying again.
  let retryAt = 0;
  let row = 0;

  function* emit(rows: string[][]): Generator<CsvRecord> {
    for (const cells of rows) {
      const current = row++;
      if (newline === '\n') {
        // A stray CRLF in an LF file: the CR belongs to the line ending, not the cell.
        const last = cells.length - 1;
        if (last >= 0 && cells[last]!.endsWith('\r')) cells[last] = cells[last]!.slice(0, -1);
      }
      if (current > 0 && isBlank(cells)) continue;
      yield { row: current, cells };
    }
  }

  for await (const chunk of text) {
    if (chunk.length === 0) continue;
    carry = carry.length === 0 ? chunk : carry + chunk;
    if (!parser) {
      // Wait for the first line break: a first chunk of a few bytes cannot tell "\r\n" from "\n".
      newline ??= detectNewline(carry, false);
      if (newline === undefined) {
        if (carry.length > maxRecordChars) throw tooLong(carry, row, maxRecordChars);
        continue;
      }
      parser = new Papa.Parser({ delimiter: options.delimiter, newline });
    }
    if (carry.length < retryAt) continue;
    const result = parser.parse(carry, 0, true) as PapaResult;
    yield* emit(result.data);
    carry = result.meta.cursor > 0 ? carry.slice(result.meta.cursor) : carry;
    if (carry.length > maxRecordChars) throw tooLong(carry, row, maxRecordChars);
    retryAt = result.data.length === 0 ? carry.length * 2 : 0;
  }
  if (carry.length > 0) {
    newline ??= detectNewline(carry, true) ?? '\n';
    parser ??= new Papa.Parser({ delimiter: options.delimiter, newline });
    const result = parser.parse(carry, 0, false) as PapaResult;
    yield* emit(result.data);
  }
}
