/**
 * Windows-1252 code points for bytes 0x80–0x9F, per the WHATWG Encoding Standard. Node 20's
 * `TextDecoder('windows-1252')` decodes these as Latin-1 C1 controls, which turns `€` and smart quotes
 * into invisible characters; so the table is ours. The five undefined bytes map to themselves, as WHATWG says.
 */
const HIGH_TABLE: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const C1 = /[\u0080-\u009f]/g;
const fromC1 = (c: string): string => String.fromCharCode(HIGH_TABLE[c.charCodeAt(0) - 0x80]!);

/**
 * Decodes Windows-1252 bytes. Every byte is one character, so chunks can be decoded one by one.
 *
 * @example
 * ```ts
 * decodeWindows1252(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9, 0x20, 0x80])) // "José €"
 * ```
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  // Latin-1 is Windows-1252 outside 0x80–0x9F; Buffer's latin1 decoding is byte → code point and fast.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(C1, fromC1);
}

/**
 * The Windows-1252 byte of a character, or undefined when it has none (for test fixtures and round trips).
 *
 * @example
 * ```ts
 * encodeWindows1252Char('€') // 0x80
 * ```
 */
export function encodeWindows1252Char(char: string): number | undefined {
  const code = char.charCodeAt(0);
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  const index = HIGH_TABLE.indexOf(code);
  return index < 0 ? undefined : 0x80 + index;
}
