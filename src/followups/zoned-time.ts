import { setBounded } from '../normalize/bounded-cache.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const FORMATTER_CACHE_LIMIT = 1000;

/** A wall-clock reading in some time zone. `month` is 1–12; `weekday` is 0 (Sunday) to 6. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

// One formatter per zone: building one costs far more than using it. `null` remembers an unknown zone.
// Each zone also remembers its latest readings: a sweep asks about the same `now` for every contact.
interface Zone {
  readonly formatter: Intl.DateTimeFormat;
  readonly readings: Map<number, number>;
}
const zones = new Map<string, Zone | null>();
const READINGS_PER_ZONE = 64;

function zoneFor(timeZone: string): Zone | null {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    try {
      const formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        // h23, not hour12: false, which some ICU versions render midnight as "24" with.
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      zone = { formatter, readings: new Map() };
    } catch {
      zone = null;
    }
    setBounded(zones, FORMATTER_CACHE_LIMIT, timeZone, zone);
  }
  return zone;
}

/**
 * Whether `timeZone` is an IANA time zone this runtime knows (`"Europe/Berlin"`, `"UTC"`).
 *
 * @example
 * ```ts
 * isValidTimeZone('America/Sao_Paulo') // true
 * isValidTimeZone('Mars/Olympus') // false
 * ```
 */
export function isValidTimeZone(timeZone: string): boolean {
  return timeZone.length > 0 && zoneFor(timeZone) !== null;
}

function knownZone(timeZone: string): Zone {
  const zone = zoneFor(timeZone);
  if (zone === null) throw new RangeError(`unknown time zone "${timeZone}"`);
  return zone;
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

// The wall clock at `instant`, as milliseconds on a UTC time line ("wall time as if it were UTC").
function wallMs(instant: number, zone: Zone): number {
  const cached = zone.readings.get(instant);
  if (cached !== undefined) return cached;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of zone.formatter.formatToParts(instant)) {
    const value = Number(part.value);
    if (part.type === 'year') year = value;
    else if (part.type === 'month') month = value;
    else if (part.type === 'day') day = value;
    else if (part.type === 'hour') hour = value;
    else if (part.type === 'minute') minute = value;
    else if (part.type === 'second') second = value;
  }
  const ms = ((instant % 1000) + 1000) % 1000;
  const wall = utcMs(year, month, day, hour, minute, second) + ms;
  setBounded(zone.readings, READINGS_PER_ZONE, instant, wall);
  return wall;
}

/**
 * The wall-clock reading of `instant` in `timeZone`. Throws a RangeError for an unknown zone (check with
 * {@link isValidTimeZone} first).
 *
 * @example
 * ```ts
 * wallTimeAt(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York') // { hour: 8, … } (EDT)
 * ```
 */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const wall = new Date(wallMs(instant, knownZone(timeZone)));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * The instants at which the wall clock of `timeZone` reads `minuteOfDay` on the given date, earliest
 * first: one on an ordinary day, two when the clocks go back through it. When the clocks jump over it
 * (it never happens that day), the one instant at which the jump lands: the first moment the wall
 * clock reads later than it.
 *
 * @example
 * ```ts
 * // New York springs forward from 02:00 to 03:00 on 2026-03-08: 02:30 does not exist.
 * wallTimeInstants({ year: 2026, month: 3, day: 8 }, 150, 'America/New_York') // [Date.parse('2026-03-08T07:00:00Z')]
 * ```
 */
export function wallTimeInstants(
  date: { readonly year: number; readonly month: number; readonly day: number },
  minuteOfDay: number,
  timeZone: string,
): number[] {
  const zone = knownZone(timeZone);
  const wanted = utcMs(date.year, date.month, date.day) + minuteOfDay * MINUTE_MS;
  // The true instant is `wanted - offset` for the offset in force then. Offsets a day either side cover
  // every zone that changes its offset at most once in two days, which is every zone in use.
  const candidates = new Set<number>();
  for (const probe of [wanted - DAY_MS, wanted, wanted + DAY_MS]) {
    candidates.add(wanted - (wallMs(probe, zone) - probe));
  }
  const sorted = [...candidates].sort((a, b) => a - b);
  const valid = sorted.filter((t) => wallMs(t, zone) === wanted);
  if (valid.length > 0) return valid;
  // A gap: find the first instant whose wall clock reads at or after `wanted`. Inside a gap the wall
  // clock only moves forward, so a binary search over the candidates' span is exact.
  let lo = sorted[0] ?? wanted;
  let hi = sorted[sorted.length - 1] ?? wanted;
  if (wallMs(lo, zone) >= wanted) return [lo];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid, zone) >= wanted) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/**
 * The calendar date after the given one.
 *
 * @example
 * ```ts
 * nextDate({ year: 2026, month: 2, day: 28 }) // { year: 2026, month: 3, day: 1 }
 * ```
 */
export function nextDate(date: { readonly year: number; readonly month: number; readonly day: number }): {
  year: number;
  month: number;
  day: number;
} {
  const next = new Date(utcMs(date.year, date.month, date.day) + DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}
