import { describe, expect, it } from 'vitest';
import { decodeCsvBuffer, decodeCsvBytes, MixedEncodingError } from '../../src/csv/import/decode/decode.js';
import { decodeWindows1252 } from '../../src/csv/import/decode/windows-1252.js';
import { readCsv } from '../../src/csv/import/read-csv.js';
import { ValidationError } from '../../src/errors/errors.js';
import { asyncOf, chunksOf, collect, utf8, utf16be, utf16le, windows1252 } from './helpers.js';

async function decodeAll(bytes: Uint8Array, chunkSize: number, sniffBytes?: number) {
  const decoded = await decodeCsvBytes(
    asyncOf(chunksOf(bytes, chunkSize)),
    sniffBytes === undefined ? {} : { sniffBytes },
  );
  const text = (await collect(decoded.text)).join('');
  return { encoding: decoded.encoding, bom: decoded.bom, text };
}

const SAMPLE = 'Email,Name\nzoe@example.com,Zoë “Z” Ñúñez 😀 €\n';

describe('decoding bytes into text', () => {
  it('maps the 32 Windows-1252 bytes 0x80–0x9F to their real characters', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const text = decodeWindows1252(bytes);
    expect(text).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(decodeWindows1252(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]))).toBe('José');
  });

  it('reads UTF-8 split in the middle of every multi-byte character, at every chunk size', async () => {
    const bytes = utf8(SAMPLE);
    for (const size of [1, 2, 3, 5, 7]) {
      const out = await decodeAll(bytes, size, 4);
      expect(out.encoding).toBe('utf-8');
      expect(out.text).toBe(SAMPLE);
    }
  });

  it('removes a UTF-8 BOM, even when it arrives one byte at a time', async () => {
    const out = await decodeAll(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SAMPLE)]), 1);
    expect(out).toEqual({ encoding: 'utf-8', bom: true, text: SAMPLE });
  });

  it('reads UTF-16LE and UTF-16BE with a BOM, split mid-character and mid-surrogate pair', async () => {
    for (const size of [1, 3, 5]) {
      expect(await decodeAll(utf16le(SAMPLE), size)).toEqual({
        encoding: 'utf-16le',
        bom: true,
        text: SAMPLE,
      });
      expect(await decodeAll(utf16be(SAMPLE), size)).toEqual({
        encoding: 'utf-16be',
        bom: true,
        text: SAMPLE,
      });
    }
  });

  it('recognises UTF-16LE without a BOM from its NUL pattern', () => {
    expect(decodeCsvBuffer(utf16le('Email,Name\na@x.com,Ana\n', false))).toMatchObject({
      encoding: 'utf-16le',
      text: 'Email,Name\na@x.com,Ana\n',
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8 (José, €, smart quotes)', async () => {
    const text = 'Name,Note\nJosé,“5 €” – ok’\n';
    const out = await decodeAll(windows1252(text), 4);
    expect(out).toEqual({ encoding: 'windows-1252', bom: false, text });
  });

  it('switches to Windows-1252 exactly when the first non-UTF-8 byte comes after an ASCII-only start', async () => {
    const text = `Name\n${'a'.repeat(100)}\nJosé\n`;
    const out = await decodeAll(windows1252(text), 16, 16);
    expect(out.text).toBe(text);
    expect(out.encoding).toBe('windows-1252');
  });

  it('refuses a file that mixes UTF-8 and another encoding with a typed error, not U+FFFD', async () => {
    const bytes = new Uint8Array([...utf8('Name\nZoë\n'), ...utf8('x'.repeat(50)), ...windows1252('José\n')]);
    const decoded = await decodeCsvBytes(asyncOf(chunksOf(bytes, 8)), { sniffBytes: 8 });
    await expect(collect(decoded.text)).rejects.toThrow(ValidationError);
    const again = await decodeCsvBytes(asyncOf(chunksOf(bytes, 8)), { sniffBytes: 8 });
    await expect(collect(again.text)).rejects.toThrow(/invalid UTF-8 near byte \d+ .*mixes encodings/);
  });

  it('names binary files and empty files', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    await expect(decodeCsvBytes(zip)).rejects.toThrow(/binary file: this looks like a ZIP archive/);
    const nul = new Uint8Array([0x41, 0x00, 0x00, 0x00, 0x42, 0x01, 0x02, 0x03, 0x00, 0x00]);
    await expect(decodeCsvBytes(nul)).rejects.toThrow(/binary file/);
    await expect(decodeCsvBytes(new Uint8Array(0))).rejects.toThrow(/empty file/);
    await expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf]))).rejects.toThrow(/empty file/);
    expect(() => decodeCsvBuffer(new Uint8Array(0))).toThrow(ValidationError);
  });
});

describe('deciding the encoding on evidence (issue 12, item 7)', () => {
  const readAll = async (bytes: Uint8Array, chunk: number) => {
    const file = await readCsv(asyncOf(chunksOf(bytes, chunk)));
    const rows: string[][] = [];
    for await (const record of file.records) rows.push(record.cells);
    return { encoding: file.encoding, rows };
  };

  it('refuses UTF-8 rows followed by a Windows-1252 byte, naming the row, at every chunk size', async () => {
    // The file: "José Müller" in UTF-8, then "Jos\xE9". It was read as Windows-1252, silently.
    const bytes = new Uint8Array([
      ...utf8('email,name\nana@example.com,José Müller\njose@example.com,Jos'),
      0xe9,
      ...utf8('\n'),
    ]);
    for (const size of [1, 3, 8, bytes.length]) {
      const error = await readAll(bytes, size).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${size}`).toBeInstanceOf(MixedEncodingError);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as MixedEncodingError).row).toBe(2);
      expect((error as MixedEncodingError).message).toMatch(
        /^row 2, file: invalid UTF-8 near byte \d+ \(0xE9\)/,
      );
    }
    expect(() => decodeCsvBuffer(bytes)).toThrow(/^row 2, file: .*mixes encodings/);
  });

  it('refuses Windows-1252 rows followed by UTF-8, counting quoted newlines as one row', async () => {
    const bytes = new Uint8Array([
      ...utf8('email,name\na@x.com,Jos'),
      0xe9,
      ...utf8('\nb@x.com,"two\nlines"\nc@x.com,Zoë\n'),
    ]);
    for (const size of [2, bytes.length]) {
      await expect(readAll(bytes, size)).rejects.toMatchObject({ row: 3, field: 'file' });
    }
  });

  it('still reads a file that is Windows-1252 throughout, and one that is UTF-8 throughout', async () => {
    const latin = new Uint8Array([
      ...utf8('email,name\na@x.com,Jos'),
      0xe9,
      ...utf8('\nb@x.com,M'),
      0xfc,
      ...utf8('ller\n'),
    ]);
    expect(await readAll(latin, 4)).toEqual({
      encoding: 'windows-1252',
      rows: [
        ['a@x.com', 'José'],
        ['b@x.com', 'Müller'],
      ],
    });
    expect(await readAll(utf8('email,name\na@x.com,José\nb@x.com,Müller\n'), 4)).toMatchObject({
      encoding: 'utf-8',
    });
  });
});
