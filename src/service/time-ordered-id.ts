import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes are drawn a pool at a time: one system call per 512 ids instead of one per id.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
// Two hex digits per byte, looked up: ids are made several times per event, on intake's hot path.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX3 = Array.from({ length: 0x1000 }, (_, i) => i.toString(16).padStart(3, '0'));
let prefixMs = -1;
let prefix = '';

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
  if (ms !== prefixMs) {
    // Many ids share a millisecond: write its part of the id once.
    const time = ms.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8)}-7`;
    prefixMs = ms;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = poolAt;
  poolAt += 8;
  // Version 7 in the high nibble of the counter group, variant 10xx in the high bits of the next.
  return (
    prefix +
    HEX3[counter]! +
    '-' +
    HEX[0x80 | (pool[b]! & 0x3f)]! +
    HEX[pool[b + 1]!]! +
    '-' +
    HEX[pool[b + 2]!]! +
    HEX[pool[b + 3]!]! +
    HEX[pool[b + 4]!]! +
    HEX[pool[b + 5]!]! +
    HEX[pool[b + 6]!]! +
    HEX[pool[b + 7]!]!
  );
}
