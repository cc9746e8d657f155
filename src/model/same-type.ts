/**
 * Compile-time proof that a hand-written interface and a schema's inferred input are the same type.
 * Option types are written out as plain interfaces, so editors show their fields and TSDoc instead of
 * `z.input<typeof …Schema>`; `sameType<A, B>()` in the same file fails the build when they drift.
 *
 * @internal
 */
export type SameType<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? (<T>() => T extends B ? 1 : 2) extends <T>() => T extends A ? 1 : 2
      ? true
      : false
    : false;

/** @internal Call with two types; compiles only when they are the same. */
export function sameType<A, B>(..._proof: SameType<A, B> extends true ? [] : [never]): void {}
