import { csvLine } from '../../export/csv-cell.js';
import type { ImportRejection } from './candidate.js';

/** Options for {@link writeErrorsCsv}. */
export interface ErrorsCsvOptions {
  /** Start with a UTF-8 BOM so Excel reads accents right (default false). */
  readonly bom?: boolean;
  readonly delimiter?: ',' | ';' | '\t' | '|';
}

/**
 * Writes rejected rows as a CSV a person can fix and import again: the file's own header and cells, plus
 * an `error` column saying which column was wrong and why (`row 12, column "Email": missing @`).
 * Ragged rows are padded to the header. Cells are formula-neutralized like every export.
 *
 * @example
 * ```ts
 * for await (const chunk of writeErrorsCsv(run.file.header, rejections)) out.write(chunk);
 * ```
 */
export async function* writeErrorsCsv(
  header: readonly string[],
  rejections: AsyncIterable<ImportRejection> | Iterable<ImportRejection>,
  options: ErrorsCsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const delimiter = options.delimiter ?? ',';
  const errorHeader = header.includes('error') ? 'import_error' : 'error';
  yield (options.bom ? '\uFEFF' : '') + csvLine([...header, errorHeader], delimiter);
  for await (const r of rejections) {
    const cells = header.map((_, i) => r.cells[i] ?? '');
    // Cells beyond the header (a ragged row) are kept too, so nothing the user typed is lost.
    const extra = r.cells.slice(header.length);
    const where = r.column ? `row ${r.row}, column "${r.column}"` : `row ${r.row}`;
    yield csvLine([...cells, `${where}: ${r.reason}`, ...extra], delimiter);
  }
}
