import { ValidationError } from '../errors/errors.js';
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
 * UTF-8 after the decision: if a later chunk is not valid UTF-8 and everything decoded so far was plain
 * ASCII, the file is Windows-1252 whose first accented letter came late; since ASCII reads the same in
 * both, switching now is exact, and the decoder does so. If non-ASCII UTF-8 was already seen, the file
 * mixes encodings and no reading is right: it throws a {@link ValidationError} naming the byte offset,
 * rather than mangling text with U+FFFD.
 */
class ChunkDecoder {
  private utf8Carry = new Uint8Array(0);
  private asciiSoFar = true;
  private offset = 0;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly utf16: InstanceType<typeof TextDecoder> | undefined;

  constructor(public encoding: CsvEncoding) {
    this.utf16 =
      encoding === 'utf-16le' || encoding === 'utf-16be'
        ? new TextDecoder(encoding, { ignoreBOM: true })
        : undefined;
  }

  push(chunk: Uint8Array, final = false): string {
    if (this.utf16) return this.utf16.decode(chunk, { stream: !final });
    if (this.encoding === 'windows-1252') return decodeWindows1252(chunk);
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
      if (!this.asciiSoFar) {
        throw badFile(
          `invalid UTF-8 near byte ${this.offset} after earlier text was read as UTF-8: the file mixes encodings; re-save it as UTF-8`,
        );
      }
      this.encoding = 'windows-1252';
      this.utf8Carry = new Uint8Array(0);
      return decodeWindows1252(bytes);
    }
  }
}

function decideEncoding(head: Uint8Array, complete: boolean): CsvEncoding {
  const utf16 = head.includes(0) ? detectBomlessUtf16(head) : undefined;
  if (utf16) return utf16;
  assertText(head);
  const cut = complete ? head.length : completeUtf8Length(head);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, cut));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
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
 * @throws {@link ValidationError} (field `file`) when the file is empty or binary (a workbook, a PDF, an
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

  async function* text(): AsyncGenerator<string, void, undefined> {
    const first = decoder.push(head, done);
    if (first) yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const piece = decoder.push(next.value);
      if (piece) yield piece;
    }
    const last = decoder.push(new Uint8Array(0), true);
    if (last) yield last;
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
  const text = new ChunkDecoder(encoding).push(body, true);
  return { encoding, bom: bom !== undefined, text };
}
