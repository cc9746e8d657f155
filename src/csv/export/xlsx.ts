import { Zip, ZipDeflate } from 'fflate';
import { ValidationError } from '../../errors/errors.js';
import { truncateText } from '../../normalize/text.js';
import {
  type ExportColumn,
  type ExportRecord,
  type ExportValue,
  resolveColumns,
  valueText,
} from './columns.js';

/** Options for {@link writeContactsXlsx}. */
export interface ContactsXlsxOptions {
  /** Columns to write (default {@link DEFAULT_EXPORT_COLUMNS}). */
  readonly columns?: readonly ExportColumn[];
  /** Name of the one sheet (default `Contacts`). */
  readonly sheetName?: string;
  /** Modification time stamped on the archive's entries; fixed by default so equal input gives equal bytes. */
  readonly modifiedAt?: Date;
  /** Records per compressed chunk (default 512). */
  readonly recordsPerChunk?: number;
}

/** Excel's limit: 1,048,576 rows including the header. */
const MAX_ROWS = 1_048_576;
/** Excel's limit on one cell's text. */
const MAX_CELL_CHARS = 32_767;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const staticParts = (sheetName: string): ReadonlyArray<readonly [string, string]> => [
  [
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  ],
  [
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  [
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${xmlText(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ],
  [
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  ],
];

// Characters XML 1.0 cannot hold at all; they are dropped rather than making the file unreadable.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlText(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function cellXml(ref: string, field: string, value: ExportValue): string {
  if (value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = truncateText(valueText(field, value), MAX_CELL_CHARS);
  if (text === '') return '';
  // Typed as an inline string, the cell is text to Excel whatever it starts with: no formula can run,
  // so phones stay "+1415…" without the CSV export's leading apostrophe.
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
}

/**
 * Writes contacts as an .xlsx workbook with one sheet, streaming: rows are compressed into the ZIP as
 * they come, so memory stays bounded for a million contacts. Built on fflate's streaming ZIP writer and a
 * minimal SpreadsheetML sheet with inline strings (no shared-strings table to hold in memory).
 *
 * @throws {@link contactkit!ValidationError} for an unknown column up front, or when the contacts exceed Excel's
 * 1,048,575 data rows (the stream stops there).
 * @example
 * ```ts
 * await pipeline(Readable.from(writeContactsXlsx(contacts)), fs.createWriteStream('contacts.xlsx'));
 * ```
 */
export async function* writeContactsXlsx(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  options: ContactsXlsxOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const columns = resolveColumns(options.columns);
  const mtime = options.modifiedAt ?? new Date(Date.UTC(1980, 0, 2));
  const perChunk = options.recordsPerChunk ?? 512;
  const encoder = new TextEncoder();
  const pending: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else pending.push(data);
  });
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    if (pending.length === 0) return;
    const total = pending.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of pending) {
      out.set(p, at);
      at += p.length;
    }
    pending.length = 0;
    yield out;
  }

  for (const [name, text] of staticParts(options.sheetName ?? 'Contacts')) {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    file.push(encoder.encode(text), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  sheet.mtime = mtime;
  zip.add(sheet);
  const letters = columns.map((_, i) => columnLetters(i));
  const headerCells = columns.map((c, i) => cellXml(`${letters[i]}1`, 'header', c.header)).join('');
  let buffer = `${XML_HEAD}<worksheet xmlns="${NS}"><sheetData><row r="1">${headerCells}</row>`;
  let row = 1;
  let count = 0;
  for await (const record of records) {
    row++;
    if (row > MAX_ROWS) {
      throw new ValidationError({
        field: 'records',
        value: row - 1,
        reason: `an .xlsx sheet holds at most ${MAX_ROWS - 1} data rows; export CSV instead`,
      });
    }
    let cells = '';
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      cells += cellXml(`${letters[i]}${row}`, c.field, c.read(record));
    }
    buffer += `<row r="${row}">${cells}</row>`;
    if (++count >= perChunk) {
      sheet.push(encoder.encode(buffer));
      buffer = '';
      count = 0;
      yield* drain();
    }
  }
  sheet.push(encoder.encode(`${buffer}</sheetData></worksheet>`), true);
  zip.end();
  yield* drain();
}
