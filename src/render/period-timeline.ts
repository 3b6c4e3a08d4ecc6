/**
 * The geometry of one timeline bar of the audit period: which stretches of the period valid
 * digests attest, which they leave unattested, the hours of invalid digests and the chain breaks,
 * as rectangles in a 1000-unit-wide SVG. Pure arithmetic on ISO times; templates/partials/
 * period-timeline.hbs draws it.
 */

export const TIMELINE_WIDTH = 1000;
/** Problems shorter than this many units (about 0.9 mm printed) are widened to it, so one bad hour in a year shows. */
export const MIN_MARK_WIDTH = 5;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface TimeInterval {
  start: string;
  end: string;
}

interface Span {
  start: number;
  end: number;
}

/** A rectangle's horizontal extent in timeline units (0.1-unit steps). */
export interface Rect {
  x: number;
  width: number;
}

export interface Tick {
  x: number;
  /** '' for a tick without a label (too close to its neighbour or to an end). */
  label: string;
}

export interface Timeline {
  attested: Rect[];
  unattested: Rect[];
  invalidDigests: Rect[];
  chainBreaks: Rect[];
  ticks: Tick[];
  startLabel: string;
  endLabel: string;
}

/** The numbers behind a bar, for its accessible label and the row's text. */
export interface Coverage {
  periodHours: number;
  attestedHours: number;
  /** The holes valid digests leave in the period, in time order. */
  unattested: TimeInterval[];
}

const ms = (iso: string): number => Date.parse(iso);
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Intervals clipped to [from, to), sorted and merged where they overlap or touch; unparsable ones dropped. */
function clipMerge(intervals: readonly TimeInterval[], from: number, to: number): Span[] {
  const spans = intervals
    .map((i) => ({ start: Math.max(ms(i.start), from), end: Math.min(ms(i.end), to) }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function complement(spans: readonly Span[], from: number, to: number): Span[] {
  const holes: Span[] = [];
  let at = from;
  for (const span of spans) {
    if (span.start > at) holes.push({ start: at, end: span.start });
    at = Math.max(at, span.end);
  }
  if (at < to) holes.push({ start: at, end: to });
  return holes;
}

const iso = (t: number): string => new Date(t).toISOString();

/** How much of the period valid digests attest, and the holes they leave. */
export function coverage(period: TimeInterval, attested: readonly TimeInterval[]): Coverage {
  const from = ms(period.start);
  const to = Math.max(from, ms(period.end));
  const spans = clipMerge(attested, from, to);
  const attestedMs = spans.reduce((sum, s) => sum + (s.end - s.start), 0);
  return {
    periodHours: (to - from) / HOUR,
    attestedHours: attestedMs / HOUR,
    unattested: complement(spans, from, to).map((s) => ({ start: iso(s.start), end: iso(s.end) })),
  };
}

/**
 * Spans as rectangles on the bar. Marks (problems) narrower than MIN_MARK_WIDTH are widened
 * around their centre; rectangles that then overlap or nearly touch are drawn as one, which
 * bounds the number of rectangles by the bar's width whatever the number of intervals.
 */
function rects(spans: readonly Span[], from: number, to: number, minWidth: number): Rect[] {
  const scale = TIMELINE_WIDTH / Math.max(1, to - from);
  const out: Rect[] = [];
  for (const span of spans) {
    let x = (span.start - from) * scale;
    let width = (span.end - span.start) * scale;
    if (width < minWidth) {
      x = Math.min(TIMELINE_WIDTH - minWidth, Math.max(0, x + width / 2 - minWidth / 2));
      width = minWidth;
    }
    const last = out[out.length - 1];
    if (last && x <= last.x + last.width + 0.5) last.width = Math.max(last.width, x + width - last.x);
    else out.push({ x, width });
  }
  return out.map((r) => ({ x: round1(r.x), width: round1(r.width) }));
}

/** "2026-07-01" at midnight UTC, else "2026-07-01 06:00". */
function dateLabel(t: number, dateOnly: boolean): string {
  const text = iso(t);
  return dateOnly ? text.slice(0, 10) : `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

const atMidnight = (t: number): boolean => t % DAY === 0;

/**
 * The period as people say it: both ends at midnight UTC give whole days, the end day inclusive
 * ("2026-07-01 – 2026-09-30" for [2026-07-01, 2026-10-01)); otherwise minutes, the end exclusive.
 */
export function periodLabels(period: TimeInterval): { start: string; end: string; wholeDays: boolean } {
  const from = ms(period.start);
  const to = ms(period.end);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return { start: period.start, end: period.end, wholeDays: false };
  const wholeDays = atMidnight(from) && atMidnight(to) && to > from;
  return { start: dateLabel(from, wholeDays), end: dateLabel(wholeDays ? to - DAY : to, wholeDays), wholeDays };
}

/** Space kept free of tick labels at each end, where the start and end labels are. */
const END_LABEL_ROOM = 190;
const TICK_LABEL_ROOM = 70;

/** Day ticks for periods up to two weeks, month ticks up to two years, year ticks beyond. */
function ticks(from: number, to: number): Tick[] {
  const span = to - from;
  const unit = span <= 14 * DAY ? 'day' : span <= 731 * DAY ? 'month' : 'year';
  const next = (t: number): number => {
    const d = new Date(t);
    if (unit === 'day') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  };
  const label = (t: number): string =>
    unit === 'day' ? iso(t).slice(5, 10) : unit === 'month' ? iso(t).slice(0, 7) : iso(t).slice(0, 4);
  const out: Tick[] = [];
  let lastLabelled = -Infinity;
  for (let t = next(from); t < to; t = next(t)) {
    const x = round1(((t - from) / span) * TIMELINE_WIDTH);
    const room = x - lastLabelled >= TICK_LABEL_ROOM && x >= END_LABEL_ROOM && TIMELINE_WIDTH - x >= END_LABEL_ROOM;
    out.push({ x, label: room ? label(t) : '' });
    if (room) lastLabelled = x;
  }
  return out.length > 60 ? [] : out;
}

/** The bar of one trail × account × Region over the period. */
export function timeline(
  period: TimeInterval,
  evidence: {
    attested: readonly TimeInterval[];
    chainBreaks: readonly TimeInterval[];
    invalidDigests: readonly TimeInterval[];
  },
): Timeline {
  const from = ms(period.start);
  const to = Math.max(from, ms(period.end));
  const attested = clipMerge(evidence.attested, from, to);
  const labels = periodLabels(period);
  return {
    attested: rects(attested, from, to, 0),
    unattested: rects(complement(attested, from, to), from, to, MIN_MARK_WIDTH),
    invalidDigests: rects(clipMerge(evidence.invalidDigests, from, to), from, to, MIN_MARK_WIDTH),
    chainBreaks: rects(clipMerge(evidence.chainBreaks, from, to), from, to, MIN_MARK_WIDTH),
    ticks: Number.isFinite(from) && to > from ? ticks(from, to) : [],
    startLabel: labels.start,
    endLabel: labels.end,
  };
}

/** "3 h", "2 d 4 h", "45 min". */
export function durationText(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  const whole = Math.round(hours);
  const days = Math.floor(whole / 24);
  const rest = whole % 24;
  return days === 0 ? `${whole} h` : rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

/** "2026-08-03 01:00 – 04:00" within a day, else both ends in full. */
export function intervalText(interval: TimeInterval): string {
  const start = iso(ms(interval.start));
  const end = iso(ms(interval.end));
  const startText = `${start.slice(0, 10)} ${start.slice(11, 16)}`;
  return start.slice(0, 10) === end.slice(0, 10)
    ? `${startText} – ${end.slice(11, 16)}`
    : `${startText} – ${end.slice(0, 10)} ${end.slice(11, 16)}`;
}

export const hoursBetween = (interval: TimeInterval): number => (ms(interval.end) - ms(interval.start)) / HOUR;

/** Whether two intervals share any time. */
export const overlaps = (a: TimeInterval, b: TimeInterval): boolean =>
  ms(a.start) < ms(b.end) && ms(b.start) < ms(a.end);
