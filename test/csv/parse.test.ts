import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../src/csv/import/parse.js';
import { readCsv } from '../../src/csv/import/read-csv.js';
import { sniffDelimiter } from '../../src/csv/import/sniff/sniff-delimiter.js';
import { ValidationError } from '../../src/errors/errors.js';
import { asyncOf, chunksOf, collect, utf8, utf16le, windows1252 } from './helpers.js';

function splitText(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('sniffing the delimiter', () => {
  it('picks comma, semicolon, tab or pipe from the first records', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('Email;Name;City\nx@y.com;Ana;Köln\n')).toBe(';');
    expect(sniffDelimiter('Email\tName\nx@y.com\tAna, Lima\n')).toBe('\t');
    expect(sniffDelimiter('Email|Name\nx@y.com|Ana\n')).toBe('|');
  });

  it('ignores delimiters inside quotes, including quoted newlines', () => {
    const text = 'Email;Name\n"a@x.com";"Lima, Ana, Maria"\n"b@x.com";"Street 1,\nSecond, line"\n';
    expect(sniffDelimiter(text)).toBe(';');
  });

  it('falls back to comma for a single-column file', () => {
    expect(sniffDelimiter('Email\na@x.com\n')).toBe(',');
  });
});

describe('parsing records', () => {
  const text =
    'Email,Name,Note\r\n' +
    'a@x.com,Ana,"line one\r\nline two"\r\n' +
    '\r\n' +
    'b@x.com,Bo\r\n' +
    'c@x.com,Cy,"say ""hi""",extra\r\n';

  it('keeps quoted newlines, ragged rows and escaped quotes, skips blank lines but counts them', async () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const records = await collect(parseCsvRecords(asyncOf(splitText(text, size)), { delimiter: ',' }));
      expect(records).toEqual([
        { row: 0, cells: ['Email', 'Name', 'Note'] },
        { row: 1, cells: ['a@x.com', 'Ana', 'line one\r\nline two'] },
        { row: 3, cells: ['b@x.com', 'Bo'] },
        { row: 4, cells: ['c@x.com', 'Cy', 'say "hi"', 'extra'] },
      ]);
    }
  });

  it('reads old Mac line endings (CR only) even when the first chunks hold no line break', async () => {
    const csv = 'Email,Name\ra@x.com,Ana\rb@x.com,"B\rC"\r';
    const records = await collect(parseCsvRecords(asyncOf(splitText(csv, 1)), { delimiter: ',' }));
    expect(records.map((r) => r.cells)).toEqual([
      ['Email', 'Name'],
      ['a@x.com', 'Ana'],
      ['b@x.com', 'B\rC'],
    ]);
  });

  it('reads a last record without a trailing newline', async () => {
    const records = await collect(parseCsvRecords(['a,b\n1,2'], { delimiter: ',' }));
    expect(records.at(-1)).toEqual({ row: 1, cells: ['1', '2'] });
  });

  it('reads a 2 MB cell arriving in 64 KiB chunks', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const csv = `Email,Bio\na@x.com,"${big}"\nb@x.com,short\n`;
    const records = await collect(parseCsvRecords(asyncOf(splitText(csv, 65536)), { delimiter: ',' }));
    expect(records).toHaveLength(3);
    expect(records[1]!.cells[1]!.length).toBe(big.length);
    expect(records[2]!.cells).toEqual(['b@x.com', 'short']);
  });

  it('reads 500 columns', async () => {
    const header = Array.from({ length: 500 }, (_, i) => `col${i}`);
    const row = Array.from({ length: 500 }, (_, i) => `v${i}`);
    const csv = `${header.join(',')}\n${row.join(',')}\n`;
    const records = await collect(parseCsvRecords(asyncOf(splitText(csv, 100)), { delimiter: ',' }));
    expect(records[0]!.cells).toHaveLength(500);
    expect(records[1]!.cells[499]).toBe('v499');
  });

  it('refuses a quote that never closes once it passes the record limit, naming the row', async () => {
    const csv = `a,b\n1,"${'y'.repeat(5000)}`;
    await expect(
      collect(parseCsvRecords(asyncOf(splitText(csv, 100)), { delimiter: ',', maxRecordChars: 1000 })),
    ).rejects.toThrow(/row 1 is longer than 1000 characters/);
  });
});

describe('opening a CSV file', () => {
  it('reads a semicolon-separated UTF-16LE file with a BOM', async () => {
    const file = await readCsv(asyncOf(chunksOf(utf16le('E-Mail;Vorname\nana@x.de;Jürgen\n'), 3)));
    expect(file).toMatchObject({
      encoding: 'utf-16le',
      bom: true,
      delimiter: ';',
      header: ['E-Mail', 'Vorname'],
    });
    expect(await collect(file.records)).toEqual([{ row: 1, cells: ['ana@x.de', 'Jürgen'] }]);
  });

  it('reads a Windows-1252 file', async () => {
    const file = await readCsv(windows1252('Name;Email\n“José”;jose@x.es\n'));
    expect(file.encoding).toBe('windows-1252');
    expect(await collect(file.records)).toEqual([{ row: 1, cells: ['“José”', 'jose@x.es'] }]);
  });

  it('throws typed errors for empty, blank and header-only files', async () => {
    await expect(readCsv(new Uint8Array(0))).rejects.toThrow(ValidationError);
    await expect(readCsv(utf8('\n\n  \n'))).rejects.toThrow(/empty file: no header row/);
    await expect(readCsv(utf8('Email,Name\n'))).rejects.toThrow(/header only: no data rows/);
    await expect(readCsv(utf8('Email,Name\n\n\n'))).rejects.toThrow(/header only/);
  });
});

describe('malformed quotes (issue 12, item 9)', () => {
  const rows = (records: Array<{ row: number; cells: string[]; malformed?: unknown }>) =>
    records.map((r) => ({ row: r.row, cells: r.cells, ...(r.malformed ? { malformed: r.malformed } : {}) }));
  const neverCloses = {
    column: 1,
    reason: 'a quote opens this cell and never closes; the line was read on its own and not imported',
  };

  it('a quote that never closes marks its line alone; every later line is a row of its own', async () => {
    const text = 'email,name\na@x.com,"Ana\nb@x.com,Bo\nc@x.com,Cy\nd@x.com,Di\n';
    const expected = [
      { row: 0, cells: ['email', 'name'] },
      { row: 1, cells: ['a@x.com', '"Ana'], malformed: neverCloses },
      { row: 2, cells: ['b@x.com', 'Bo'] },
      { row: 3, cells: ['c@x.com', 'Cy'] },
      { row: 4, cells: ['d@x.com', 'Di'] },
    ];
    // Chunks may end anywhere, even inside the bad line: the result is the same.
    for (const size of [1, 2, 3, 7, 16, text.length]) {
      expect(
        rows(await collect(parseCsvRecords(asyncOf(splitText(text, size)), { delimiter: ',' }))),
        `${size}`,
      ).toEqual(expected);
    }
  });

  it('text after a closing quote marks its line; quoted newlines elsewhere still work', async () => {
    const text = 'email,name,note\r\na@x.com,"Ana"x,n\r\nb@x.com,Bo,"two\r\nlines"\r\nc@x.com,"Cy",\r\n';
    for (const size of [1, 5, text.length]) {
      expect(
        rows(await collect(parseCsvRecords(asyncOf(splitText(text, size)), { delimiter: ',' }))),
        `${size}`,
      ).toEqual([
        { row: 0, cells: ['email', 'name', 'note'] },
        {
          row: 1,
          cells: ['a@x.com', '"Ana"x', 'n'],
          malformed: {
            column: 1,
            reason: "text follows this cell's closing quote; the line was read on its own and not imported",
          },
        },
        { row: 2, cells: ['b@x.com', 'Bo', 'two\r\nlines'] },
        { row: 3, cells: ['c@x.com', 'Cy', ''] },
      ]);
    }
  });

  it('an unclosed quote on the last line is that line alone', async () => {
    const text = 'email,name\na@x.com,Ana\nb@x.com,"Bo';
    expect(rows(await collect(parseCsvRecords([text], { delimiter: ',' })))).toEqual([
      { row: 0, cells: ['email', 'name'] },
      { row: 1, cells: ['a@x.com', 'Ana'] },
      { row: 2, cells: ['b@x.com', '"Bo'], malformed: neverCloses },
    ]);
  });
});
