import Papa from 'papaparse';
import { ValidationError } from '../../errors/errors.js';
import { MixedEncodingError } from './decode/decode.js';
import type { CsvDelimiter } from './sniff/sniff-delimiter.js';

/** One record of a CSV file: its 1-based data row number (the header is row 0) and its cells. */
export interface CsvRecord {
  /**
   * 1-based data row number, counting blank records too, so row `n` is line `n + 1` of the sheet when
   * opened in a spreadsheet (quoted newlines do not start a row there either).
   */
  readonly row: number;
  readonly cells: string[];
  /**
   * Set when the record's quotes are malformed (a quote that never closes, text after a closing
   * quote): the record is then the line alone, split on the delimiter as plain text, and `column` is
   * the index of the cell where the bad quote is. A row to reject, naming that column.
   */
  readonly malformed?: { readonly column: number; readonly reason: string };
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

interface PapaError {
  readonly code?: string;
  readonly message?: string;
  readonly row?: number;
  readonly index?: number;
}

interface PapaResult {
  data: string[][];
  errors: PapaError[];
  meta: { cursor: number };
}

/** Words for Papa Parse's quote errors, which say what to fix. */
function malformedReason(error: PapaError): string {
  const what =
    error.code === 'MissingQuotes'
      ? 'a quote opens this cell and never closes'
      : error.code === 'InvalidQuotes'
        ? "text follows this cell's closing quote"
        : (error.message ?? 'unreadable record');
  return `${what}; the line was read on its own and not imported`;
}

/**
 * Parses decoded CSV text into records, streaming, with Papa Parse's parser. Text chunks may end anywhere,
 * even inside a quoted field: the unfinished record is carried over to the next chunk. Quoted newlines
 * stay in their cell; ragged rows keep the cells they have (the mapper reads missing ones as empty);
 * blank records are skipped but still counted in `row`. Memory is bounded by the largest record.
 *
 * Papa Parse's errors are never ignored: a record whose quotes are malformed (a quote that never
 * closes, text after a closing quote) would otherwise swallow the lines after it into one cell. That
 * record becomes its line alone, marked {@link CsvRecord.malformed}, and parsing goes on at the next
 * line, so every line of the file is accounted for.
 *
 * The first record yielded is the header (row 0).
 *
 * @throws {@link contactkit!ValidationError} when one record exceeds `maxRecordChars` (an unclosed quote).
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
      stripCr(cells);
      if (current > 0 && isBlank(cells)) continue;
      yield { row: current, cells };
    }
  }

  function stripCr(cells: string[]): void {
    if (newline !== '\n') return;
    // A stray CRLF in an LF file: the CR belongs to the line ending, not the cell.
    const last = cells.length - 1;
    if (last >= 0 && cells[last]!.endsWith('\r')) cells[last] = cells[last]!.slice(0, -1);
  }

  /**
   * Parses what `carry` holds (all of it when `final`; else up to the last complete record), yields its
   * records, and keeps the rest in `carry`. A record with a quote error becomes its line alone.
   * Returns how many records it yielded.
   */
  function* drain(final: boolean): Generator<CsvRecord, number> {
    let yielded = 0;
    const nl = newline!;
    for (;;) {
      parser ??= new Papa.Parser({ delimiter: options.delimiter, newline: nl });
      const result = parser.parse(carry, 0, !final) as PapaResult;
      const error = result.errors.reduce<PapaError | undefined>(
        (first, e) => (first === undefined || (e.row ?? 0) < (first.row ?? 0) ? e : first),
        undefined,
      );
      if (error === undefined) {
        for (const record of emit(result.data)) {
          yielded++;
          yield record;
        }
        carry = final ? '' : result.meta.cursor > 0 ? carry.slice(result.meta.cursor) : carry;
        return yielded;
      }
      // Records before the bad one are whole: yield them, then find where the bad one starts.
      const bad = Math.min(error.row ?? 0, result.data.length);
      for (const record of emit(result.data.slice(0, bad))) {
        yielded++;
        yield record;
      }
      const start =
        bad === 0
          ? 0
          : (
              new Papa.Parser({ delimiter: options.delimiter, newline: nl, preview: bad }).parse(
                carry,
                0,
                false,
              ) as PapaResult
            ).meta.cursor;
      // Papa's index is just after the cell's opening quote.
      const quoteAt = Math.max(start, (error.index ?? start + 1) - 1);
      let end = carry.indexOf(nl, quoteAt);
      if (end < 0) {
        if (!final) {
          // The bad line has not ended yet: wait for the rest of it.
          carry = carry.slice(start);
          return yielded;
        }
        end = carry.length;
      }
      const cells = carry.slice(start, end).split(options.delimiter);
      let column = 0;
      for (let at = start + (cells[0]?.length ?? 0); column < cells.length - 1 && at < quoteAt; ) {
        column++;
        at += 1 + (cells[column]?.length ?? 0);
      }
      stripCr(cells);
      yielded++;
      yield { row: row++, cells, malformed: { column, reason: malformedReason(error) } };
      carry = carry.slice(Math.min(carry.length, end + nl.length));
      if (carry.length === 0) return yielded;
    }
  }

  try {
    yield* records();
  } catch (error) {
    // The decoder stopped at a byte that does not fit the file's encoding, after handing over the text
    // before it: once the records in that text are counted, the byte is in the next one.
    if (!(error instanceof MixedEncodingError) || error.row !== undefined) throw error;
    if (newline !== undefined && carry.length > 0) yield* drain(false);
    throw error.atRow(row);
  }

  async function* records(): AsyncGenerator<CsvRecord, void, undefined> {
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
      const yielded = yield* drain(false);
      if (carry.length > maxRecordChars) throw tooLong(carry, row, maxRecordChars);
      retryAt = yielded === 0 ? carry.length * 2 : 0;
    }
    if (carry.length > 0) {
      newline ??= detectNewline(carry, true) ?? '\n';
      yield* drain(true);
    }
  }
}
