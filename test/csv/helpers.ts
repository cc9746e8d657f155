import { encodeWindows1252Char } from '../../src/csv/import/decode/windows-1252.js';

/** Splits bytes into chunks of `size` (the last may be shorter). */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function utf16le(s: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let at = 0;
  if (bom) {
    out[0] = 0xff;
    out[1] = 0xfe;
    at = 2;
  }
  for (let i = 0; i < s.length; i++, at += 2) {
    const c = s.charCodeAt(i);
    out[at] = c & 0xff;
    out[at + 1] = c >> 8;
  }
  return out;
}

export function utf16be(s: string): Uint8Array {
  const le = utf16le(s, false);
  const out = new Uint8Array(le.length + 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  for (let i = 0; i < le.length; i += 2) {
    out[i + 2] = le[i + 1]!;
    out[i + 3] = le[i]!;
  }
  return out;
}

export function windows1252(s: string): Uint8Array {
  return Uint8Array.from(
    [...s].map((c) => {
      const b = encodeWindows1252Char(c);
      if (b === undefined) throw new Error(`no Windows-1252 byte for ${c}`);
      return b;
    }),
  );
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function* asyncOf<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const x of items) yield x;
}
