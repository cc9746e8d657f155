import { isAscii } from 'node:buffer';
import { ValidationError } from '../../../errors/errors.js';
import { decodeWindows1252 } from './windows-1252.js';

/** The text encodings an import file can be in. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes as they come: one buffer, or chunks from a file or upload stream. */
export type ByteSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** Options for {@link decodeCsvBytes}. */
export interface DecodeOptions {
  /** Skip detection and use this encoding (a BOM matching it is still removed). */
  readonly encoding?: CsvEncoding;
  /** How many bytes to look at before deciding the encoding (default 64 KiB). */
  readonly sniffBytes?: number;
}

/** A decoded file: the encoding that was decided and the text, as an async iterable of string chunks. */
export interface DecodedText {
  /** The encoding in use: decided from the first bytes, switched to Windows-1252 if a late byte says so. */
  readonly encoding: CsvEncoding;
  /** Whether the file started with a byte order mark (removed from `text`). */
  readonly bom: boolean;
  readonly text: AsyncGenerator<string, void, undefined>;
}

const DEFAULT_SNIFF_BYTES = 64 * 1024;

function badFile(reason: string, value: unknown = undefined): ValidationError {
  return new ValidationError({ field: 'file', value, reason });
}

/** Well-known binary signatures, so the error can say what the file is instead of "not text". */
const SIGNATURES: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an .xlsx or .numbers workbook?): save it as CSV first'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel .xls workbook: save it as CSV first'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive: decompress it first'],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** Reads a byte order mark. */
function detectBom(head: Uint8Array): { encoding: CsvEncoding; length: number } | undefined {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * UTF-16 without a BOM shows as NUL bytes in every other position for Latin text. Returns the byte order,
 * or undefined when the NULs do not follow that pattern (then the file is binary).
 */
function detectBomlessUtf16(head: Uint8Array): CsvEncoding | undefined {
  let even = 0;
  let odd = 0;
  const n = head.length - (head.length % 2);
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (pairs < 2) return undefined;
  if (odd > pairs * 0.7 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.7 && odd < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Throws when the head of a file is not text at all; says what it looks like when it can. */
function assertText(head: Uint8Array): void {
  for (const [signature, what] of SIGNATURES) {
    if (startsWith(head, signature)) throw badFile(`binary file: this looks like ${what}`);
  }
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) throw badFile(`binary file: NUL byte at offset ${i}; expected CSV text`);
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) controls++;
  }
  if (controls > 8 && controls > head.length * 0.01) {
    throw badFile(`binary file: ${controls} control bytes in the first ${head.length}; expected CSV text`);
  }
}

/**
 * A file whose bytes stop fitting the encoding they were read in part-way: UTF-8 text with a byte that
 * is not UTF-8, or Windows-1252 text with a UTF-8 character. No reading of such a file is right, so it
 * is refused (field `file`) rather than stored as mojibake. The decoder knows the byte offset; the
 * parser, which counts records, adds the data row with {@link MixedEncodingError.atRow}.
 */
export class MixedEncodingError extends ValidationError {
  constructor(
    /** Offset of the first byte that does not fit, from the start of the file (after any BOM). */
    readonly offset: number,
    /** What was read before and what came at `offset`, in words. */
    readonly detail: string,
    row?: number,
  ) {
    super({
      field: 'file',
      value: undefined,
      reason: `${detail}: the file mixes encodings; re-save it as UTF-8`,
      ...(row === undefined ? {} : { row }),
    });
  }

  /** The same error, naming the data row (header = row 0) that holds the byte. */
  atRow(row: number): MixedEncodingError {
    return new MixedEncodingError(this.offset, this.detail, row);
  }

  /** The data row that holds the byte, once the parser has said. */
  get row(): number | undefined {
    return this.issues[0]?.row;
  }
}

/**
 * Length of the UTF-8 character that starts at `bytes[i]` (a byte ≥ 0x80), or 0 when the bytes there
 * are not one; `undefined` when the character may be cut off by the end of `bytes`.
 */
function utf8CharLength(bytes: Uint8Array, i: number): number | undefined {
  const b = bytes[i]!;
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0) return 0;
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return undefined;
    const c = bytes[i + k]!;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlong forms, no surrogates).
    const [lo, hi] =
      k > 1
        ? [0x80, 0xbf]
        : b === 0xe0
          ? [0xa0, 0xbf]
          : b === 0xed
            ? [0x80, 0x9f]
            : b === 0xf0
              ? [0x90, 0xbf]
              : b === 0xf4
                ? [0x80, 0x8f]
                : [0x80, 0xbf];
    if (c < lo || c > hi) return 0;
  }
  return length;
}

/**
 * Where in `bytes` the first multi-byte UTF-8 character and the first byte that is not UTF-8 are, as
 * offsets (undefined when there is none). A character cut off by the end counts as neither.
 */
function utf8Evidence(bytes: Uint8Array): { utf8?: number; invalid?: number } {
  const out: { utf8?: number; invalid?: number } = {};
  if (isAscii(bytes)) return out;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    const length = utf8CharLength(bytes, i);
    if (length === undefined) break;
    if (length === 0) {
      out.invalid ??= i;
      if (out.utf8 !== undefined) break;
    } else {
      out.utf8 ??= i;
      if (out.invalid !== undefined) break;
      i += length - 1;
    }
  }
  return out;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Length of the longest prefix of `bytes` that does not end inside a UTF-8 character: a trailing lead
 * byte whose continuation bytes have not arrived yet is left for the next chunk. Validity is the fatal
 * TextDecoder's job.
 */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  // A character is at most 4 bytes: look back at most 3 for a lead byte whose sequence is cut off.
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}

/** The data row (header = row 0) that the end of `text` is in: line breaks outside quotes before it. */
function rowAt(text: string): number {
  let row = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || (c === '\r' && text[i + 1] !== '\n'))) row++;
  }
  return row;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Incremental decoder for one decided encoding. Never splits a multi-byte character across chunks.
 *
 * The encoding is checked on every byte after the decision, so that a file that mixes encodings is
 * refused, not stored as mojibake:
 * - UTF-8: a byte that is not UTF-8 after an ASCII-only start means the file is Windows-1252 whose
 *   first accented letter came late; since ASCII reads the same in both, switching now is exact, and
 *   the decoder does so. After non-ASCII UTF-8 (or with a UTF-8 character before it in the same chunk),
 *   the file mixes encodings.
 * - Windows-1252: a valid multi-byte UTF-8 character means the file mixes encodings.
 * Then `push` returns the text before the offending byte and sets `problem`, a
 * {@link MixedEncodingError}, which the caller throws once that text is used.
 */
class ChunkDecoder {
  private utf8Carry = new Uint8Array(0);
  private asciiSoFar = true;
  private offset = 0;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly utf16: InstanceType<typeof TextDecoder> | undefined;
  /** Set when the bytes stopped fitting the encoding; nothing after it is decoded. */
  problem: MixedEncodingError | undefined;

  constructor(public encoding: CsvEncoding) {
    this.utf16 =
      encoding === 'utf-16le' || encoding === 'utf-16be'
        ? new TextDecoder(encoding, { ignoreBOM: true })
        : undefined;
  }

  push(chunk: Uint8Array, final = false): string {
    if (this.problem) return '';
    if (this.utf16) return this.utf16.decode(chunk, { stream: !final });
    if (this.encoding === 'windows-1252') return this.push1252(concat(this.utf8Carry, chunk), final);
    const bytes = concat(this.utf8Carry, chunk);
    const cut = final ? bytes.length : completeUtf8Length(bytes);
    const whole = cut === bytes.length ? bytes : bytes.subarray(0, cut);
    try {
      const text = this.utf8.decode(whole);
      if (this.asciiSoFar && text.length !== whole.length) this.asciiSoFar = false;
      this.utf8Carry = cut === bytes.length ? new Uint8Array(0) : bytes.slice(cut);
      this.offset += cut;
      return text;
    } catch {
      const { utf8, invalid = 0 } = utf8Evidence(whole);
      if (this.asciiSoFar && (utf8 === undefined || utf8 > invalid)) {
        // Everything before this byte was ASCII: the file is Windows-1252, read exactly from the start.
        this.encoding = 'windows-1252';
        this.utf8Carry = new Uint8Array(0);
        return this.push1252(bytes, final);
      }
      this.problem = new MixedEncodingError(
        this.offset + invalid,
        `invalid UTF-8 near byte ${this.offset + invalid} (${hex(whole[invalid]!)}) after earlier text was read as UTF-8`,
      );
      return this.utf8.decode(whole.subarray(0, invalid));
    }
  }

  private push1252(bytes: Uint8Array, final: boolean): string {
    const { utf8 } = utf8Evidence(bytes);
    if (utf8 === undefined) {
      // A UTF-8 character cut by the chunk's end is looked at again with the next chunk.
      const keep = final ? bytes.length : Math.min(bytes.length, completeUtf8Length(bytes));
      const whole = keep === bytes.length ? bytes : bytes.subarray(0, keep);
      this.utf8Carry = keep === bytes.length ? new Uint8Array(0) : bytes.slice(keep);
      this.offset += keep;
      return decodeWindows1252(whole);
    }
    this.problem = new MixedEncodingError(
      this.offset + utf8,
      `UTF-8 text near byte ${this.offset + utf8} after earlier text was read as Windows-1252`,
    );
    return decodeWindows1252(bytes.subarray(0, utf8));
  }
}

function decideEncoding(head: Uint8Array, complete: boolean): CsvEncoding {
  const utf16 = head.includes(0) ? detectBomlessUtf16(head) : undefined;
  if (utf16) return utf16;
  assertText(head);
  // On evidence: whichever encoding the first non-ASCII bytes fit. A file that later stops fitting it
  // is refused by the decoder, with the row, rather than read wrongly from the start.
  const cut = complete ? head.length : completeUtf8Length(head);
  const { utf8, invalid } = utf8Evidence(head.subarray(0, cut));
  if (invalid === undefined) return 'utf-8';
  return utf8 !== undefined && utf8 < invalid ? 'utf-8' : 'windows-1252';
}

async function* toAsync(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  yield* source;
}

/**
 * Decodes a CSV file's bytes into text, streaming. The encoding is decided from the first `sniffBytes`:
 * a BOM (UTF-8, UTF-16LE/BE) wins; else strict UTF-8 if those bytes are valid UTF-8; else Windows-1252
 * (with its real 0x80–0x9F characters: `€`, smart quotes). Multi-byte characters split across chunks are
 * joined. See `ChunkDecoder` (internal) for a later chunk that is not UTF-8.
 *
 * @throws {@link contactkit!ValidationError} (field `file`) when the file is empty or binary (a workbook, a PDF, an
 * image, NUL bytes), naming what it looks like.
 *
 * @example
 * ```ts
 * const decoded = await decodeCsvBytes(fs.createReadStream('contacts.csv'));
 * decoded.encoding // "utf-8"
 * for await (const text of decoded.text) process.stdout.write(text);
 * ```
 */
export async function decodeCsvBytes(source: ByteSource, options: DecodeOptions = {}): Promise<DecodedText> {
  const sniffBytes = options.sniffBytes ?? DEFAULT_SNIFF_BYTES;
  const iterator = toAsync(source)[Symbol.asyncIterator]();
  const headParts: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < sniffBytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    headParts.push(next.value);
    headLength += next.value.length;
  }
  let head = new Uint8Array(headLength);
  let at = 0;
  for (const part of headParts) {
    head.set(part, at);
    at += part.length;
  }
  const bom = detectBom(head);
  if (bom) head = head.subarray(bom.length);
  else if (options.encoding === 'utf-8' && startsWith(head, [0xef, 0xbb, 0xbf])) head = head.subarray(3);
  if (head.length === 0 && done) throw badFile('empty file: no bytes (after any byte order mark)');
  const encoding = options.encoding ?? bom?.encoding ?? decideEncoding(head, done);
  if (!bom && (encoding === 'utf-8' || encoding === 'windows-1252')) assertText(head);
  const decoder = new ChunkDecoder(encoding);

  // The text before a byte that does not fit the encoding is yielded first, so that a parser has every
  // record before it and can name the row (MixedEncodingError.atRow).
  async function* text(): AsyncGenerator<string, void, undefined> {
    const first = decoder.push(head, done);
    if (first) yield first;
    if (decoder.problem) throw decoder.problem;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const piece = decoder.push(next.value);
      if (piece) yield piece;
      if (decoder.problem) throw decoder.problem;
    }
    const last = decoder.push(new Uint8Array(0), true);
    if (last) yield last;
    if (decoder.problem) throw decoder.problem;
  }
  return {
    // A getter: a UTF-8 file whose first non-ASCII byte is not UTF-8 switches to Windows-1252 mid-way.
    get encoding() {
      return decoder.encoding;
    },
    bom: bom !== undefined,
    text: text(),
  };
}

/**
 * Decodes a whole file held in memory. Same rules as {@link decodeCsvBytes}.
 *
 * @example
 * ```ts
 * decodeCsvBuffer(new Uint8Array([0xff, 0xfe, 0x61, 0x00])) // { encoding: 'utf-16le', bom: true, text: 'a' }
 * ```
 */
export function decodeCsvBuffer(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): { encoding: CsvEncoding; bom: boolean; text: string } {
  let body = bytes;
  const bom = detectBom(body);
  if (bom) body = body.subarray(bom.length);
  if (body.length === 0) throw badFile('empty file: no bytes (after any byte order mark)');
  const encoding = options.encoding ?? bom?.encoding ?? decideEncoding(body, true);
  if (!bom && (encoding === 'utf-8' || encoding === 'windows-1252')) assertText(body.subarray(0, 64 * 1024));
  const decoder = new ChunkDecoder(encoding);
  const text = decoder.push(body, true);
  if (decoder.problem) throw decoder.problem.atRow(rowAt(text));
  return { encoding: decoder.encoding, bom: bom !== undefined, text };
}
