import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes are drawn a pool at a time: one system call per 512 ids instead of one per id.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

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
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const random = pool.subarray(poolAt, poolAt + 8);
  poolAt += 8;
  const variant = 0x8000 | (((random[0]! << 8) | random[1]!) & 0x3fff);
  const tail = Array.from(random.subarray(2), (b) => hex(b, 2)).join('');
  const time = hex(ms, 12);
  return `${time.slice(0, 8)}-${time.slice(8)}-${hex(0x7000 | counter, 4)}-${hex(variant, 4)}-${tail}`;
}
