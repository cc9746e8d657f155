import { Buffer } from 'node:buffer';
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes are drawn a pool at a time: one system call per 512 ids instead of one per id.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
// The id is written as ASCII into one reused buffer and read out as a single flat string: ids are made
// several times per event, and building one from a dozen string pieces allocated a rope node for each.
const HEX_CODES = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const hex = i.toString(16).padStart(2, '0');
  HEX_CODES[2 * i] = hex.charCodeAt(0);
  HEX_CODES[2 * i + 1] = hex.charCodeAt(1);
}
const HEX_DIGIT = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const out = Buffer.alloc(36, '-');
let writtenMs = -1;

function putByte(at: number, byte: number): void {
  out[at] = HEX_CODES[2 * byte]!;
  out[at + 1] = HEX_CODES[2 * byte + 1]!;
}

/**
 * A UUID version 7: 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids made in the same
 * millisecond in order, then random bits. The default id source, so timeline entries of one event and
 * rows made in one batch sort in the order they were made, and database indexes stay append-mostly.
 *
 * @example
 * ```ts
 * timeOrderedId() // '0193f5a2-7c41-7000-9b1e-4f0c2d7e8a11'
 * ```
 */
export function timeOrderedId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    counter++;
    // The counter ran out within one millisecond: borrow the next one rather than go backwards.
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  if (ms !== writtenMs) {
    // 48 bits of milliseconds: xxxxxxxx-xxxx, written once per millisecond.
    const time = ms.toString(16).padStart(12, '0');
    out.write(time.slice(0, 8), 0, 'latin1');
    out.write(time.slice(8), 9, 'latin1');
    writtenMs = ms;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = poolAt;
  poolAt += 8;
  // Version 7, then the 12-bit counter.
  out[14] = 0x37;
  out[15] = HEX_DIGIT[counter >> 8]!;
  putByte(16, counter & 0xff);
  // Variant 10xx in the high bits of the next group, then random bits.
  putByte(19, 0x80 | (pool[b]! & 0x3f));
  putByte(21, pool[b + 1]!);
  for (let i = 0; i < 6; i++) putByte(24 + 2 * i, pool[b + 2 + i]!);
  return out.toString('latin1', 0, 36);
}
