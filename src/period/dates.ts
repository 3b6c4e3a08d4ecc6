/**
 * The date texts digest validation reads and writes: the AWS CLI's display format
 * (%Y-%m-%dT%H:%M:%SZ), the digest key format (%Y%m%dT%H%M%SZ), and the ISO 8601 forms the AWS
 * CLI's date parser is commonly given.
 */

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** 2026-11-01T10:00:00Z: how the AWS CLI shows a time (seconds truncated, never rounded). */
export function formatDisplayDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
}

/** 20261101T100000Z: the time in a digest file's key. */
export function formatKeyDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** 2026/11/01: the day folder of a digest key. */
export function formatDayPath(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC; undefined when the text names no zone. */
  offsetMinutes: number | undefined;
}

const TIME = String.raw`(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?`;
const ZONE = String.raw`\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`;
/** 2026-11-01, 2026/11/01 or 20261101, then an optional time and zone. */
const DATE_TEXT = new RegExp(String.raw`^(\d{4})([-/]?)(\d{2})\2(\d{2})${TIME}${ZONE}$`, 'i');

function partsOf(text: string): DateParts | undefined {
  const match = DATE_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, year, , month, day, hour, minute, second, fraction, zone] = match;
  const number = (value: string | undefined): number => (value === undefined ? 0 : Number(value));
  let offsetMinutes: number | undefined;
  if (zone !== undefined) {
    const upper = zone.toUpperCase();
    if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') offsetMinutes = 0;
    else {
      const digits = zone.slice(1).replace(':', '');
      const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
      offsetMinutes = zone.startsWith('-') ? -minutes : minutes;
    }
  }
  return {
    year: number(year),
    month: number(month),
    day: number(day),
    hour: number(hour),
    minute: number(minute),
    second: number(second),
    millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
    offsetMinutes,
  };
}

function wallClockUtc(parts: DateParts): Date | undefined {
  const { year, month, day, hour, minute, second, millisecond } = parts;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
  // Date.UTC rolls 2026-02-30 over into March: such a day does not exist.
  if (date.getUTCDate() !== day || date.getUTCFullYear() !== year) return undefined;
  return date;
}

/**
 * A time as `aws cloudtrail validate-logs --start-time/--end-time` reads it: the wall-clock time
 * written, taken as UTC. Like the AWS CLI (which replaces the parsed zone with UTC), a zone
 * offset in the text is accepted and ignored. Undefined for text that is not such a date.
 */
export function parseCliDate(text: string): Date | undefined {
  const parts = partsOf(text);
  return parts ? wallClockUtc(parts) : undefined;
}

/** A time inside a digest file or its metadata: the instant it names (no zone: UTC). */
export function parseInstant(text: string): Date | undefined {
  const parts = partsOf(text);
  const wallClock = parts ? wallClockUtc(parts) : undefined;
  if (!parts || !wallClock) return undefined;
  return new Date(wallClock.getTime() - (parts.offsetMinutes ?? 0) * 60_000);
}

/** The AWS CLI's message for a date it cannot parse. */
export function unparseableDateMessage(value: unknown): string {
  return `Unable to parse date value: ${typeof value === 'string' ? value : pythonText(value)}`;
}

/** How Python's str() shows a JSON value, for messages that interpolate digest fields as the AWS CLI does. */
export function pythonText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
