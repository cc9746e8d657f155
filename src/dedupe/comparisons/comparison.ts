/**
 * How one kind of field is compared. Values are prepared once per record (normalized, folded), then
 * each candidate pair gets a level: 0 is the best ("exact"), the last is "different". A missing value on
 * either side is not a level: it counts for nothing either way.
 */
export interface Comparison {
  /** Labels of the levels, best first; the last is always "different". */
  readonly levels: readonly string[];
  /** The normalized value compared, or null when the raw value is empty or unusable. */
  prepare(raw: string): string | null;
  /**
   * A second form of the prepared value that some levels and blocking keys use (the canonical given
   * name of a nickname, an email's local part). Computed once per record. Defaults to the value.
   */
  alternate?(prepared: string): string;
  /**
   * The level of a pair of prepared values (and their alternates), or −1 when the two cannot be
   * compared (a Telegram username against a numeric id): the pair is then read as missing.
   */
  compare(a: string, b: string, altA: string, altB: string): number;
  /**
   * For identifier kinds: whether exact agreement on this prepared value identifies a person on its own
   * (a phone number needs 9 digits). Default: every value does.
   */
  identifies?(prepared: string): boolean;
  /**
   * For identifier kinds: levels (indices into `levels`) that are the same identifier with a typo, and
   * how many bits below the identifier each is scored (an email at `gmail.co`: 2). Fixed rather than
   * estimated: strangers reach them too rarely for random pairs to say how rarely.
   */
  readonly typosOfSameIdentifier?: readonly (readonly [level: number, bitsBelow: number])[];
}
