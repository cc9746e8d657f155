import { z } from 'zod';
import { nextDate, type WallTime, wallTimeAt, wallTimeInstants } from './zoned-time.js';

/** A time of day on the wall clock, `HH:mm` from `00:00` to `23:59`. */
export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:mm, from 00:00 to 23:59');

/** Days of the week, as written in settings. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

/**
 * When no follow-up may be due, on the wall clock of the contact's time zone (else the workspace's).
 * `start` to `end` is quiet every day; when `start` is later than `end` the window spans midnight
 * (`21:00`–`08:00`). `days` are quiet all day (e.g. `["sun"]`); at least one day a week must stay open.
 */
export const QuietHoursSchema = z
  .object({
    enabled: z.boolean().default(true),
    start: TimeOfDaySchema.default('21:00'),
    end: TimeOfDaySchema.default('08:00'),
    days: z.array(WeekdaySchema).default([]),
  })
  .refine((q) => q.start !== q.end, {
    path: ['end'],
    message: 'must differ from start (to have no quiet hours, set enabled: false)',
  })
  .refine((q) => new Set(q.days).size < WEEKDAYS.length, {
    path: ['days'],
    message: 'at least one day of the week must not be quiet',
  });
export type QuietHours = z.output<typeof QuietHoursSchema>;

function minuteOf(timeOfDay: string): number {
  return Number(timeOfDay.slice(0, 2)) * 60 + Number(timeOfDay.slice(3, 5));
}

// The wall clock's position in the day, in minutes with the seconds as a fraction: 07:59:30 is quiet
// when quiet hours end at 08:00.
function minuteOfDay(wall: WallTime): number {
  return wall.hour * 60 + wall.minute + wall.second / 60;
}

function inDailyWindow(minute: number, start: number, end: number): boolean {
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

function quietDay(wall: WallTime, quiet: QuietHours): boolean {
  return quiet.days.length > 0 && quiet.days.includes(WEEKDAYS[wall.weekday] ?? 'sun');
}

/**
 * Whether `instant` falls inside quiet hours on the wall clock of `timeZone`.
 *
 * @example
 * ```ts
 * const quiet = QuietHoursSchema.parse({ start: '21:00', end: '08:00' });
 * isQuietAt(Date.parse('2026-01-15T22:30:00Z'), 'Europe/Lisbon', quiet) // true
 * ```
 */
export function isQuietAt(instant: number, timeZone: string, quiet: QuietHours): boolean {
  if (!quiet.enabled) return false;
  const wall = wallTimeAt(instant, timeZone);
  return (
    quietDay(wall, quiet) || inDailyWindow(minuteOfDay(wall), minuteOf(quiet.start), minuteOf(quiet.end))
  );
}

// The first of the instants a wall time maps to that lies after `after`; undefined when none does.
function firstAfter(instants: readonly number[], after: number): number | undefined {
  return instants.find((t) => t > after);
}

/**
 * The first instant at or after `instant` that is outside quiet hours in `timeZone`: `instant` itself
 * when it is not quiet, else the wall-clock end of the quiet period it falls in, worked out on that
 * day's calendar, so it stays right across midnight and daylight-saving changes. When the end falls
 * in a skipped hour, the first moment after the jump; when it happens twice, the next one.
 *
 * @example
 * ```ts
 * const quiet = QuietHoursSchema.parse({ start: '22:00', end: '08:00' });
 * // 23:00 in New York the night before clocks spring forward: 08:00 EDT, 12:00 UTC.
 * nextAllowedInstant(Date.parse('2026-03-08T04:00:00Z'), 'America/New_York', quiet) // Date.parse('2026-03-08T12:00:00Z')
 * ```
 */
export function nextAllowedInstant(instant: number, timeZone: string, quiet: QuietHours): number {
  if (!quiet.enabled) return instant;
  const start = minuteOf(quiet.start);
  const end = minuteOf(quiet.end);
  let current = instant;
  // Each step moves to the end of a quiet period or of a quiet day; with at least one open day a week,
  // a few steps always reach an open moment. The bound only guards against a runtime's broken zone data.
  for (let step = 0; step < 32; step++) {
    const wall = wallTimeAt(current, timeZone);
    let target: { date: { year: number; month: number; day: number }; minute: number };
    if (quietDay(wall, quiet)) {
      target = { date: nextDate(wall), minute: 0 };
    } else {
      const minute = minuteOfDay(wall);
      if (!inDailyWindow(minute, start, end)) return current;
      // After the start of a window that spans midnight, it ends tomorrow; otherwise today.
      const endsTomorrow = start > end && minute >= start;
      target = { date: endsTomorrow ? nextDate(wall) : wall, minute: end };
    }
    const next = firstAfter(wallTimeInstants(target.date, target.minute, timeZone), current);
    // No instant after this one reads that time (it happened twice and this is the repeat): go on
    // from the next day's start.
    current = next ?? (firstAfter(wallTimeInstants(nextDate(wall), 0, timeZone), current) as number);
  }
  throw new RangeError(`no moment outside quiet hours found after ${new Date(instant).toISOString()}`);
}
