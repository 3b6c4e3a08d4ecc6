/**
 * The audit period of `scan --period`, parsed from what the user wrote. All times are UTC and the
 * period is half-open, [start, end):
 *
 * - `START..END`: ISO 8601 dates (`2024-01-01`) or date-times with a zone (`2024-01-01T06:00Z`,
 *   `2024-01-01T08:00:00+02:00`). A bare date START begins at 00:00Z that day; a bare date END
 *   includes that whole day (the period ends at 00:00Z the next day), so `2024-01-01..2024-03-31` is
 *   the first quarter of 2024. A date-time END is the exclusive end as given. `START..` runs up to now.
 * - `last-quarter`: the previous calendar quarter; `this-quarter`: from the start of the current one
 *   up to now; `2024-Q1`: that quarter.
 * - `90d`, `36h`: the N days (hours) up to now.
 *
 * "Now" is taken to the hour (rounded down): the hour in progress has no digest yet. An end after
 * now is clipped to that hour, so `2024-01-01..2024-12-31` in June audits the year so far (the
 * spec the user wrote is kept next to the dates). Rejected, with a one-line UsageError: an unknown
 * form, an impossible date, a date-time without a zone (it would be read in some local time), an
 * end not after the start, a period that has not begun, and one over MAX_PERIOD_DAYS days.
 */
import type { AuditPeriod } from '../model/inventory';
import { UsageError } from '../util/user-files';

/** A year and a month's margin: one audit year at most (the digests of a trail and Region are read hourly). */
export const MAX_PERIOD_DAYS = 400;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const QUARTER = /^(\d{4})-Q([1-4])$/i;
const RELATIVE = /^(\d{1,5})([dh])$/i;

function usage(spec: string, why: string): UsageError {
  return new UsageError(`--period ${JSON.stringify(spec)}: ${why}`);
}

/** Milliseconds of a valid calendar date at 00:00Z, or undefined (2024-02-30, month 13). */
function utcDay(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? ms
    : undefined;
}

interface Bound {
  ms: number;
  /** A bare date: as an END it means the whole day. */
  dateOnly: boolean;
}

function parseBound(text: string, spec: string): Bound {
  const date = DATE.exec(text);
  if (date) {
    const ms = utcDay(Number(date[1]), Number(date[2]), Number(date[3]));
    if (ms === undefined) throw usage(spec, `${text} is not a date`);
    return { ms, dateOnly: true };
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) throw usage(spec, `${text} is not an ISO 8601 date (2024-01-31) or date-time (2024-01-31T12:00Z)`);
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = dateTime;
  if (zone === undefined) throw usage(spec, `${text} has no time zone: add Z for UTC, or an offset such as +02:00`);
  const dayMs = utcDay(Number(year), Number(month), Number(day));
  if (dayMs === undefined || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)
    throw usage(spec, `${text} is not a date-time`);
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : zoneOffsetMinutes(zone);
  if (offsetMinutes === undefined) throw usage(spec, `${text} has an invalid time zone offset ${zone}`);
  const ms =
    dayMs +
    Number(hour) * HOUR_MS +
    Number(minute) * 60_000 +
    Number(second) * 1000 +
    Math.floor(Number(`0${fraction || '.0'}`) * 1000) -
    offsetMinutes * 60_000;
  return { ms, dateOnly: false };
}

/** "+02:00" → 120, "-0530" → -330; undefined beyond ±14:00. */
function zoneOffsetMinutes(zone: string): number | undefined {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (Number(match[3]) > 59 || minutes > 14 * 60) return undefined;
  return match[1] === '-' ? -minutes : minutes;
}

/** The first millisecond of the quarter holding `ms`, and of the quarters around it. */
function quarterStart(year: number, quarterIndex: number): number {
  return Date.UTC(year, quarterIndex * 3, 1);
}

function floorToHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** [start, end) in milliseconds, before clipping and limits. */
function range(spec: string, now: number): { start: number; end: number } {
  const text = spec.trim();
  const nowHour = floorToHour(now);
  const keyword = text.toLowerCase();
  const date = new Date(now);
  const currentQuarter = Math.floor(date.getUTCMonth() / 3);
  if (keyword === 'last-quarter') {
    const end = quarterStart(date.getUTCFullYear(), currentQuarter);
    return { start: quarterStart(date.getUTCFullYear(), currentQuarter - 1), end };
  }
  if (keyword === 'this-quarter') return { start: quarterStart(date.getUTCFullYear(), currentQuarter), end: now };
  const quarter = QUARTER.exec(text);
  if (quarter) {
    const index = Number(quarter[2]) - 1;
    return { start: quarterStart(Number(quarter[1]), index), end: quarterStart(Number(quarter[1]), index + 1) };
  }
  const relative = RELATIVE.exec(text);
  if (relative) {
    const count = Number(relative[1]);
    if (count === 0) throw usage(spec, 'the period must be at least one hour long');
    const unit = relative[2]?.toLowerCase() === 'd' ? DAY_MS : HOUR_MS;
    return { start: nowHour - count * unit, end: nowHour };
  }
  const parts = text.split('..');
  if (parts.length !== 2 || !parts[0])
    throw usage(
      spec,
      'expected START..END (ISO 8601 dates or date-times), START.., last-quarter, this-quarter, YYYY-Qn, Nd or Nh',
    );
  const start = parseBound(parts[0], spec).ms;
  if (!parts[1]) return { start, end: now };
  const end = parseBound(parts[1], spec);
  return { start, end: end.dateOnly ? end.ms + DAY_MS : end.ms };
}

/**
 * The period `spec` names, relative to `now` (the scan's clock; injectable for tests). Throws a
 * one-line UsageError when the spec is malformed or the period is empty, not yet begun or too long.
 */
export function parsePeriodSpec(spec: string, now: Date = new Date()): AuditPeriod {
  const nowMs = now.getTime();
  const { start, end: wanted } = range(spec, nowMs);
  const end = Math.min(wanted, floorToHour(nowMs));
  if (wanted <= start) throw usage(spec, 'the end must be after the start');
  if (end <= start)
    throw usage(
      spec,
      `no complete hour of the period has passed yet: it starts at ${new Date(start).toISOString()}, the last complete hour ends at ${new Date(end).toISOString()}`,
    );
  if (end - start > MAX_PERIOD_DAYS * DAY_MS)
    throw usage(spec, `the period is longer than ${MAX_PERIOD_DAYS} days: audit a year or less at a time`);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), spec: spec.trim() };
}
