import { millisecondsInDay } from 'date-fns/constants';

/**
 * Days elapsed from `from` to `now`, as a fraction: elapsed time, not calendar days. Calendar-day
 * helpers (`differenceInCalendarDays`) count in the process's time zone, so the same contact would
 * change status at a different instant on another server.
 *
 * @example
 * ```ts
 * elapsedDays(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T12:00:00Z')) // 1.5
 * ```
 */
export function elapsedDays(from: Date | number, now: Date | number): number {
  const start = typeof from === 'number' ? from : from.getTime();
  const end = typeof now === 'number' ? now : now.getTime();
  return (end - start) / millisecondsInDay;
}

/** The later of two optional times, in epoch milliseconds; undefined when both are. */
export function latestMs(
  a: Date | number | null | undefined,
  b: Date | number | null | undefined,
): number | undefined {
  const x = a == null ? undefined : typeof a === 'number' ? a : a.getTime();
  const y = b == null ? undefined : typeof b === 'number' ? b : b.getTime();
  if (x === undefined) return y;
  return y === undefined ? x : Math.max(x, y);
}
