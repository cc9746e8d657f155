/** A source of uniform numbers in [0, 1), as `Math.random` but seeded and reproducible. */
export type Rng = () => number;

/**
 * A small seeded pseudo-random generator (mulberry32). The engine stays pure and its results
 * reproducible: the same seed gives the same sample of random pairs, so the same model.
 *
 * @param seed - any 32-bit integer.
 * @returns a function returning uniform numbers in [0, 1).
 *
 * @example
 * ```ts
 * const rng = seededRng(42);
 * rng(); // 0.6011037519201636, every time
 * ```
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uniform integer in [0, n).
 *
 * @example
 * ```ts
 * randomInt(seededRng(1), 10); // 0..9
 * ```
 */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
