import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isQuietAt,
  nextAllowedInstant,
  type QuietHours,
  QuietHoursSchema,
} from '../../src/followups/quiet-hours.js';
import { isValidTimeZone, wallTimeAt, wallTimeInstants } from '../../src/followups/zoned-time.js';
import { instantArb, quietHoursArb, zoneArb } from './arbitraries.js';

const iso = (t: number) => new Date(t).toISOString();
const quiet = (input: Partial<QuietHours> = {}) => QuietHoursSchema.parse(input);

describe('wall-clock arithmetic in a time zone', () => {
  it('reads the wall clock on either side of a daylight-saving change', () => {
    expect(wallTimeAt(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York')).toMatchObject({
      hour: 1,
      minute: 59,
    });
    expect(wallTimeAt(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toMatchObject({
      hour: 3,
      minute: 0,
    });
    expect(wallTimeAt(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toMatchObject({
      hour: 5,
      minute: 30,
    });
  });

  it.each([
    [
      'an ordinary day',
      'Europe/Berlin',
      { year: 2026, month: 1, day: 15 },
      8 * 60,
      ['2026-01-15T07:00:00.000Z'],
    ],
    [
      'a time skipped by spring-forward: the moment the jump lands',
      'America/New_York',
      { year: 2026, month: 3, day: 8 },
      2 * 60 + 30,
      ['2026-03-08T07:00:00.000Z'],
    ],
    [
      'a time repeated by fall-back: both, earliest first',
      'America/New_York',
      { year: 2026, month: 11, day: 1 },
      60 + 30,
      ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'],
    ],
    [
      'a half-hour change (Lord Howe springs from 02:00 to 02:30)',
      'Australia/Lord_Howe',
      { year: 2026, month: 10, day: 4 },
      2 * 60 + 15,
      ['2026-10-03T15:30:00.000Z'],
    ],
    [
      'a date before year 100 keeps its year',
      'UTC',
      { year: 50, month: 6, day: 1 },
      0,
      ['0050-06-01T00:00:00.000Z'],
    ],
  ])('finds the instants of a wall time on %s', (_, zone, date, minute, expected) => {
    expect(wallTimeInstants(date, minute, zone).map(iso)).toEqual(expected);
  });

  it('knows real zones and refuses made-up ones', () => {
    expect(isValidTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => wallTimeAt(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('quiet hours', () => {
  const night = quiet({ start: '21:00', end: '08:00' });

  it.each([
    ['before the window: unchanged', '2026-01-15T20:59:00Z', '2026-01-15T20:59:00.000Z'],
    ['at its start: quiet, to the next morning', '2026-01-15T21:00:00Z', '2026-01-16T08:00:00.000Z'],
    ['before midnight: to the next morning', '2026-01-15T23:30:00Z', '2026-01-16T08:00:00.000Z'],
    ['after midnight: to the same morning', '2026-01-16T06:00:00Z', '2026-01-16T08:00:00.000Z'],
    ['a second before the end: to the end', '2026-01-16T07:59:59Z', '2026-01-16T08:00:00.000Z'],
    ['at its end: unchanged', '2026-01-16T08:00:00Z', '2026-01-16T08:00:00.000Z'],
    ['across a month and year end', '2026-12-31T22:00:00Z', '2027-01-01T08:00:00.000Z'],
  ])('across midnight in UTC, %s', (_, from, expected) => {
    expect(iso(nextAllowedInstant(Date.parse(from), 'UTC', night))).toBe(expected);
  });

  it.each([
    [
      'New York, the night clocks spring forward: 08:00 EDT, not 08:00 EST',
      'America/New_York',
      quiet({ start: '22:00', end: '08:00' }),
      '2026-03-08T04:00:00Z', // 23:00 EST on the 7th
      '2026-03-08T12:00:00.000Z',
    ],
    [
      'New York, the night clocks fall back: 08:00 EST',
      'America/New_York',
      quiet({ start: '22:00', end: '08:00' }),
      '2026-11-01T03:00:00Z', // 23:00 EDT on 31 October
      '2026-11-01T13:00:00.000Z',
    ],
    [
      'Berlin, quiet hours ending inside the skipped hour: the moment the clocks land (03:00 CEST)',
      'Europe/Berlin',
      quiet({ start: '22:00', end: '02:30' }),
      '2026-03-28T22:00:00Z', // 23:00 CET
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'Berlin, inside the repeated hour the second time: the second 02:30',
      'Europe/Berlin',
      quiet({ start: '02:00', end: '02:30' }),
      '2026-10-25T01:10:00Z', // 02:10 CET, the second time
      '2026-10-25T01:30:00.000Z',
    ],
    [
      'Berlin, inside the repeated hour the first time: the first 02:30',
      'Europe/Berlin',
      quiet({ start: '02:00', end: '02:30' }),
      '2026-10-25T00:10:00Z', // 02:10 CEST
      '2026-10-25T00:30:00.000Z',
    ],
    [
      'São Paulo (no daylight saving since 2019): local 08:00 is 11:00 UTC',
      'America/Sao_Paulo',
      quiet({ start: '21:00', end: '08:00' }),
      '2026-01-16T01:00:00Z',
      '2026-01-16T11:00:00.000Z',
    ],
  ])('across a daylight-saving change: %s', (_, zone, q, from, expected) => {
    const next = nextAllowedInstant(Date.parse(from), zone, q);
    expect(iso(next)).toBe(expected);
    expect(isQuietAt(next, zone, q)).toBe(false);
  });

  it('skips whole quiet days, then the morning window', () => {
    const q = quiet({ start: '21:00', end: '08:00', days: ['sat', 'sun'] });
    // Friday 22:00 → Saturday and Sunday are quiet → Monday 00:00 is in the window → Monday 08:00.
    expect(iso(nextAllowedInstant(Date.parse('2026-01-16T22:00:00Z'), 'UTC', q))).toBe(
      '2026-01-19T08:00:00.000Z',
    );
    expect(isQuietAt(Date.parse('2026-01-17T12:00:00Z'), 'UTC', q)).toBe(true);
  });

  it('a window within one day', () => {
    const lunch = quiet({ start: '12:00', end: '13:30' });
    expect(iso(nextAllowedInstant(Date.parse('2026-01-15T12:45:00Z'), 'UTC', lunch))).toBe(
      '2026-01-15T13:30:00.000Z',
    );
    expect(isQuietAt(Date.parse('2026-01-15T13:30:00Z'), 'UTC', lunch)).toBe(false);
    expect(isQuietAt(Date.parse('2026-01-15T23:00:00Z'), 'UTC', lunch)).toBe(false);
  });

  it('switched off, nothing is quiet', () => {
    const off = quiet({ enabled: false });
    expect(isQuietAt(Date.parse('2026-01-15T23:00:00Z'), 'UTC', off)).toBe(false);
    expect(nextAllowedInstant(Date.parse('2026-01-15T23:00:00Z'), 'UTC', off)).toBe(
      Date.parse('2026-01-15T23:00:00Z'),
    );
  });

  it('refuses a window that starts where it ends, and a week with no open day, naming the field', () => {
    expect(QuietHoursSchema.safeParse({ start: '08:00', end: '08:00' }).error?.issues[0]?.path).toEqual([
      'end',
    ]);
    const allWeek = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    expect(QuietHoursSchema.safeParse({ days: allWeek }).error?.issues[0]?.path).toEqual(['days']);
    expect(QuietHoursSchema.safeParse({ start: '24:00' }).error?.issues[0]?.path).toEqual(['start']);
  });
});

describe('quiet hours, for any zone, window and moment', () => {
  it('the next allowed instant is outside quiet hours, and everything from the moment to it is inside', () => {
    fc.assert(
      fc.property(zoneArb, quietHoursArb, instantArb, (zone, q, t) => {
        const next = nextAllowedInstant(t, zone, q);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isQuietAt(next, zone, q)).toBe(false);
        if (next === t) expect(isQuietAt(t, zone, q)).toBe(false);
        else {
          expect(isQuietAt(t, zone, q)).toBe(true);
          expect(isQuietAt(next - 1, zone, q)).toBe(true);
          // Nothing allowed was skipped: moments spread over the span are all quiet.
          for (let k = 1; k < 12; k++) {
            expect(isQuietAt(t + Math.floor(((next - t) * k) / 12), zone, q)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
