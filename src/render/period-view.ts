import type { Finding, Status } from '../model/findings';
import type { Inventory, InvalidLogFile, TamperEvent, TrailPeriod } from '../model/inventory';
import { hasInvisibleCharacters, INVISIBLE_CHARACTERS_WARNING } from '../util/text';
import {
  coverage,
  durationText,
  hoursBetween,
  intervalText,
  overlaps,
  periodLabels,
  timeline,
  type Timeline,
  type TimeInterval,
} from './period-timeline';
import { STATUS_LABEL, thousands } from './report-sections';
import { idParts, softParts, type TextPart } from './tokens';

/**
 * The report's "Logging over the period" section (scan --period): per trail × account × Region
 * what the digest chain proves — a timeline bar, the integrity counts, the two period checks'
 * statuses — then the tamper events and the files that did not verify. Rows that are fully
 * attested and clean are summed up per trail, so a 1,000-account organization stays compact;
 * rows with anything to show get their own bar.
 */

export const INTEGRITY_CHECK = 'cloudtrail-log-integrity';
export const CONTINUITY_CHECK = 'cloudtrail-logging-continuity';

/**
 * Rows shown with their own bar at most; the rest are table rows with their numbers, in the HTML
 * only (every one of them has its findings printed in the check sections).
 */
export const TIMELINE_ROW_LIMIT = 100;
export const TAMPER_EVENT_LIMIT = 200;
/** Tamper events printed at most (the HTML lists up to TAMPER_EVENT_LIMIT). */
export const TAMPER_EVENT_PRINT_LIMIT = 100;
export const INVALID_FILE_LIMIT = 50;
/** Unattested intervals listed under a bar at most; the continuity finding lists every one. */
export const UNATTESTED_LIST_LIMIT = 5;
/** A clean trail's accounts are listed folded beyond this many rows (printed, only the count shows). */
const CLEAN_LIST_OPEN_LIMIT = 50;
/** The continuity check tolerates holes up to one hour between digests. */
const TOLERATED_HOLE_HOURS = 1;

export interface PeriodCheckCell {
  status: Status | 'NONE';
  label: string;
  cls: string;
}

export interface PeriodRowView {
  trailName: string;
  trailArn: string;
  trailWarning: string;
  account: string;
  accountName: string;
  accountNameWarning: string;
  region: string;
  integrity: PeriodCheckCell;
  continuity: PeriodCheckCell;
  /** '' when the evidence was read; else why not ("AccessDenied: …"). */
  unread: string;
  unreadParts: TextPart[];
  /**
   * A row the period checks reported without period evidence behind it (an account no trail with
   * validation covers, say): their message; '' otherwise.
   */
  note: string;
  noteParts: TextPart[];
  /** Counts as text ("13,248"); invalid '' when none. */
  digests: { valid: string; invalid: string };
  logFiles: { valid: string; invalid: string };
  /** "99.2 %" of the period's hours attested by valid digests; '' when unread. */
  attestedPercent: string;
  /** The bar; absent past TIMELINE_ROW_LIMIT and for rows whose evidence was not read. */
  timeline?: Timeline & { label: string };
  unattested: { text: string; cause: string }[];
  moreUnattested: number;
  tamperEvents: number;
  /** Printed in the PDF: the rows with a bar (or unread ones among the first TIMELINE_ROW_LIMIT). */
  printed: boolean;
}

export interface CleanTrailView {
  trailName: string;
  trailArn: string;
  trailWarning: string;
  rows: number;
  accounts: number;
  regions: string[];
  digests: string;
  logFiles: string;
  /** Accounts grouped by the Regions they have rows in. */
  groups: { regions: string; accounts: string[] }[];
  open: boolean;
}

export interface TamperRowView {
  /** UTC: "2026-08-03" and "00:58:12". */
  date: string;
  time: string;
  account: string;
  accountName: string;
  accountNameWarning: string;
  region: string;
  eventName: string;
  eventSource: string;
  principalParts: TextPart[];
  sourceIp: string;
  userAgent: string;
  targetParts: TextPart[];
  /** The error code of a call that failed; '' when it succeeded. */
  failed: string;
  printed: boolean;
}

export interface InvalidFileRowView {
  kind: string;
  uri: string;
  uriParts: TextPart[];
  reason: string;
}

export interface PeriodView {
  /** "2026-07-01 – 2026-09-30 (last-quarter)" */
  label: string;
  start: string;
  end: string;
  /** The exact bounds, for the section's first sentence. */
  startIso: string;
  endIso: string;
  totals: {
    rows: number;
    fullyAttested: number;
    unread: number;
    digests: number;
    logFiles: number;
    invalid: number;
    tamperEvents: number;
  };
  /** The executive summary's sentence. */
  summary: string;
  /** Anything to look at: invalid files, unattested rows, unread evidence, tamper events. */
  attention: boolean;
  rows: PeriodRowView[];
  rowsWithTimeline: number;
  rowsWithoutTimeline: number;
  /** Rows and tamper events the HTML lists and the PDF leaves out. */
  rowsNotPrinted: number;
  tamperEventsNotPrinted: number;
  clean: CleanTrailView[];
  cleanRows: number;
  tamperEvents: TamperRowView[];
  moreTamperEvents: number;
  invalidFiles: InvalidFileRowView[];
  moreInvalidFiles: number;
  totalInvalidFiles: number;
}

const warning = (name: string | undefined): string =>
  name !== undefined && hasInvisibleCharacters(name) ? INVISIBLE_CHARACTERS_WARNING : '';
const counted = (c: { valid: number; invalid: number }) => ({
  valid: thousands(c.valid),
  invalid: c.invalid === 0 ? '' : thousands(c.invalid),
});
const rowKey = (trailArn: string, accountId: string, region: string): string =>
  JSON.stringify([trailArn, accountId, region]);
const trailNameOf = (arn: string): string => /:trail\/(.+)$/.exec(arn)?.[1] ?? arn;

const STATUS_RANK: (Status | 'NONE')[] = ['FAIL', 'ERROR', 'WAIVED', 'NOT_APPLICABLE', 'NONE', 'PASS'];

function checkCell(finding: Finding | undefined): PeriodCheckCell {
  if (!finding) return { status: 'NONE', label: '—', cls: 'none' };
  return { status: finding.status, label: STATUS_LABEL[finding.status], cls: finding.status.toLowerCase() };
}

/** An unattested interval's cause where the evidence shows one. */
function causeOf(
  hole: TimeInterval,
  chainBreaks: readonly TimeInterval[],
  digests: readonly InvalidDigestHour[],
): string {
  if (chainBreaks.some((b) => overlaps(b, hole))) return 'logging stopped (chain break)';
  const over = digests.filter((d) => overlaps(d, hole));
  if (over.length === 0) return 'no valid digest';
  return over.every((d) => d.reason === 'not found') ? 'missing digest' : 'invalid digest';
}

type InvalidDigestHour = TimeInterval & { reason: string };

/**
 * The causes the continuity check named for the unattested intervals overlapping `hole` (it also
 * knows the trail's configuration: validation off, not logging), as the report's text.
 */
function judgedCauses(continuity: Finding | undefined, hole: TimeInterval): string | undefined {
  const judged = continuity?.evidence.unattested;
  if (!Array.isArray(judged)) return undefined;
  const causes = new Set<string>();
  for (const item of judged as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { start, end, causes: named } = item as { start?: unknown; end?: unknown; causes?: unknown };
    if (typeof start !== 'string' || typeof end !== 'string' || !Array.isArray(named)) continue;
    if (!overlaps({ start, end }, hole)) continue;
    for (const cause of named) if (typeof cause === 'string') causes.add(cause);
  }
  return causes.size > 0 ? [...causes].join(', ') : undefined;
}

/** The hours of digests that did not verify, missing ones ("not found") included. */
const invalidDigestHours = (files: readonly InvalidLogFile[]): InvalidDigestHour[] =>
  files.flatMap((f) =>
    f.kind === 'digest' && f.start && f.end ? [{ start: f.start, end: f.end, reason: f.reason }] : [],
  );

/** The share of the period attested: never "100.0 %" with a hole, never "0.0 %" with an attested hour. */
function percentText(cover: { periodHours: number; attestedHours: number }): string {
  const percent = cover.periodHours === 0 ? 100 : (cover.attestedHours / cover.periodHours) * 100;
  return `${(percent > 99.9 && percent < 100 ? 99.9 : percent > 0 && percent < 0.1 ? 0.1 : percent).toFixed(1)} %`;
}

interface RowFacts {
  entry?: TrailPeriod;
  /** A finding about the account as a whole (AWS::::Account): no trail's evidence behind it. */
  accountLevel: boolean;
  trailArn: string;
  accountId: string;
  region: string;
  integrity?: Finding;
  continuity?: Finding;
}

function isClean(row: RowFacts, period: TimeInterval): boolean {
  const logs = row.entry?.logs;
  if (!logs?.ok) return false;
  const evidence = logs.value;
  const passes = (f: Finding | undefined): boolean => f === undefined || f.status === 'PASS';
  return (
    passes(row.integrity) &&
    passes(row.continuity) &&
    evidence.digests.invalid === 0 &&
    evidence.logFiles.invalid === 0 &&
    evidence.invalidFiles.length === 0 &&
    evidence.chainBreaks.length === 0 &&
    evidence.tamperEvents.length === 0 &&
    coverage(period, evidence.attested).unattested.every((hole) => hoursBetween(hole) <= TOLERATED_HOLE_HOURS)
  );
}

/** Fully attested: the continuity check passed, or (without its finding) no hole beyond the tolerated hour. */
function isFullyAttested(row: RowFacts, period: TimeInterval): boolean {
  if (row.continuity) return row.continuity.status === 'PASS';
  const logs = row.entry?.logs;
  return (
    logs?.ok === true &&
    coverage(period, logs.value.attested).unattested.every((hole) => hoursBetween(hole) <= TOLERATED_HOLE_HOURS)
  );
}

function timelineLabel(row: RowFacts, period: TimeInterval, labels: { start: string; end: string }): string {
  const logs = row.entry?.logs;
  if (!logs?.ok) return '';
  const evidence = logs.value;
  const cover = coverage(period, evidence.attested);
  const unattestedHours = cover.periodHours - cover.attestedHours;
  const invalidDigests = invalidDigestHours(evidence.invalidFiles).length;
  return [
    `Logging of trail ${trailNameOf(row.trailArn)}, account ${row.accountId}, ${row.region}, ${labels.start} to ${labels.end}: `,
    `${thousands(Math.round(cover.attestedHours))} of ${thousands(Math.round(cover.periodHours))} hours attested by valid digests (${percentText(cover)})`,
    cover.unattested.length > 0
      ? `, ${durationText(unattestedHours)} unattested in ${cover.unattested.length} interval(s)`
      : ', no unattested interval',
    `, ${invalidDigests} invalid or missing digest(s) marked`,
    `, ${evidence.chainBreaks.length} chain break(s).`,
  ].join('');
}

function rowView(
  row: RowFacts,
  period: TimeInterval,
  withTimeline: boolean,
  accountNames: Map<string, string>,
): Omit<PeriodRowView, 'printed'> {
  const accountName = accountNames.get(row.accountId) ?? '';
  const base = {
    trailName: row.accountLevel ? 'Account (no trail evidence)' : trailNameOf(row.trailArn),
    trailArn: row.trailArn,
    trailWarning: warning(row.trailArn),
    account: row.accountId,
    accountName,
    accountNameWarning: warning(accountName),
    region: row.region,
    integrity: checkCell(row.integrity),
    continuity: checkCell(row.continuity),
  };
  const logs = row.entry?.logs;
  if (!logs?.ok) {
    const unread = logs ? `${logs.gap.errorCode}: ${logs.gap.message}` : '';
    const note = logs
      ? ''
      : `no period evidence in inventory.json${row.continuity || row.integrity ? `: ${(row.continuity ?? row.integrity)?.message ?? ''}` : ''}`;
    return {
      ...base,
      unread,
      unreadParts: softParts(unread),
      note,
      noteParts: softParts(note),
      digests: { valid: '', invalid: '' },
      logFiles: { valid: '', invalid: '' },
      attestedPercent: '',
      unattested: [],
      moreUnattested: 0,
      tamperEvents: 0,
    } satisfies Omit<PeriodRowView, 'printed'>;
  }
  const evidence = logs.value;
  const cover = coverage(period, evidence.attested);
  const invalidDigests = invalidDigestHours(evidence.invalidFiles);
  const labels = periodLabels(period);
  return {
    ...base,
    unread: '',
    unreadParts: [],
    note: '',
    noteParts: [],
    digests: counted(evidence.digests),
    logFiles: counted(evidence.logFiles),
    attestedPercent: percentText(cover),
    ...(withTimeline
      ? {
          timeline: {
            ...timeline(period, { attested: evidence.attested, chainBreaks: evidence.chainBreaks, invalidDigests }),
            label: timelineLabel(row, period, labels),
          },
        }
      : {}),
    unattested: cover.unattested.slice(0, UNATTESTED_LIST_LIMIT).map((hole) => ({
      text: `${intervalText(hole)} (${durationText(hoursBetween(hole))})`,
      cause: judgedCauses(row.continuity, hole) ?? causeOf(hole, evidence.chainBreaks, invalidDigests),
    })),
    moreUnattested: Math.max(0, cover.unattested.length - UNATTESTED_LIST_LIMIT),
    tamperEvents: evidence.tamperEvents.length,
  } satisfies Omit<PeriodRowView, 'printed'>;
}

function cleanTrails(rows: readonly RowFacts[]): CleanTrailView[] {
  const byTrail = new Map<string, RowFacts[]>();
  for (const row of rows) byTrail.set(row.trailArn, [...(byTrail.get(row.trailArn) ?? []), row]);
  return [...byTrail.entries()]
    .sort(([a], [b]) => trailNameOf(a).localeCompare(trailNameOf(b)) || a.localeCompare(b))
    .map(([trailArn, own]) => {
      const regionsByAccount = new Map<string, string[]>();
      for (const row of own)
        regionsByAccount.set(row.accountId, [...(regionsByAccount.get(row.accountId) ?? []), row.region]);
      const groups = new Map<string, string[]>();
      for (const [accountId, regions] of [...regionsByAccount.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const key = [...new Set(regions)].sort().join(', ');
        groups.set(key, [...(groups.get(key) ?? []), accountId]);
      }
      const sum = (pick: (r: RowFacts) => number): number => own.reduce((total, r) => total + pick(r), 0);
      const valid = (r: RowFacts, kind: 'digests' | 'logFiles'): number =>
        r.entry?.logs.ok ? r.entry.logs.value[kind].valid : 0;
      return {
        trailName: trailNameOf(trailArn),
        trailArn,
        trailWarning: warning(trailArn),
        rows: own.length,
        accounts: regionsByAccount.size,
        regions: [...new Set(own.map((r) => r.region))].sort(),
        digests: thousands(sum((r) => valid(r, 'digests'))),
        logFiles: thousands(sum((r) => valid(r, 'logFiles'))),
        groups: [...groups.entries()].map(([regions, accounts]) => ({ regions, accounts })),
        open: own.length <= CLEAN_LIST_OPEN_LIMIT,
      };
    });
}

/** The same event read from two trails' copies of a log is shown once. */
const tamperKey = (e: TamperEvent): string =>
  JSON.stringify([
    e.time,
    e.eventSource,
    e.eventName,
    e.accountId,
    e.region,
    e.principal,
    e.sourceIp,
    e.target,
    e.errorCode,
  ]);

function tamperRows(
  entries: readonly TrailPeriod[],
  accountNames: Map<string, string>,
): Omit<TamperRowView, 'printed'>[] {
  const unique = new Map<string, TamperEvent>();
  for (const entry of entries)
    if (entry.logs.ok) for (const event of entry.logs.value.tamperEvents) unique.set(tamperKey(event), event);
  return [...unique.values()]
    .sort(
      (a, b) =>
        Date.parse(a.time) - Date.parse(b.time) ||
        a.accountId.localeCompare(b.accountId) ||
        a.region.localeCompare(b.region) ||
        a.eventName.localeCompare(b.eventName),
    )
    .map((e) => {
      const accountName = accountNames.get(e.accountId) ?? '';
      return {
        date: e.time.slice(0, 10),
        time: e.time.slice(11).replace(/(\.\d+)?Z$/, ''),
        account: e.accountId,
        accountName,
        accountNameWarning: warning(accountName),
        region: e.region,
        eventName: e.eventName,
        eventSource: e.eventSource,
        principalParts: softParts(e.principal),
        sourceIp: e.sourceIp ?? '',
        userAgent: e.userAgent ?? '',
        targetParts: softParts(e.target ?? ''),
        failed: e.errorCode ?? '',
      };
    });
}

function invalidFileRows(entries: readonly TrailPeriod[]): InvalidFileRowView[] {
  return entries.flatMap((entry) =>
    entry.logs.ok
      ? [...entry.logs.value.invalidFiles]
          .sort((a, b) => (a.kind === b.kind ? a.key.localeCompare(b.key) : a.kind === 'digest' ? -1 : 1))
          .map((f) => {
            const uri = `s3://${f.bucket}/${f.key}`;
            return {
              kind: `${f.kind === 'digest' ? 'Digest file' : 'Log file'}${f.backfill ? ' (backfill)' : ''}`,
              uri,
              // Ids and Region names kept whole, the rest free to wrap: few text runs, few tags in the PDF.
              uriParts: idParts(uri),
              reason: f.reason,
            };
          })
      : [],
  );
}

/** The section, or undefined when the run did not cover a period (no --period). */
export function periodView(
  inventory: Inventory,
  findings: readonly Finding[],
  accountNames: Map<string, string>,
): PeriodView | undefined {
  const period = inventory.scan.period;
  if (!period) return undefined;
  const entries = inventory.periods ?? [];
  const facts = new Map<string, RowFacts>();
  const factsOf = (trailArn: string, accountId: string, region: string): RowFacts => {
    const key = rowKey(trailArn, accountId, region);
    const known = facts.get(key) ?? { trailArn, accountId, region, accountLevel: false };
    facts.set(key, known);
    return known;
  };
  for (const entry of entries) factsOf(entry.trailArn, entry.accountId, entry.region).entry = entry;
  for (const f of findings) {
    if (f.checkId !== INTEGRITY_CHECK && f.checkId !== CONTINUITY_CHECK) continue;
    const row = factsOf(f.resourceArn, f.accountId, f.region);
    row.accountLevel = !row.entry && f.resourceType === 'AWS::::Account';
    if (f.checkId === INTEGRITY_CHECK) row.integrity = f;
    else row.continuity = f;
  }
  const all = [...facts.values()];
  const clean = all.filter((row) => isClean(row, period));
  const worst = (row: RowFacts): number =>
    Math.min(
      STATUS_RANK.indexOf(row.integrity?.status ?? 'NONE'),
      STATUS_RANK.indexOf(row.continuity?.status ?? 'NONE'),
    );
  const attention = all
    .filter((row) => !isClean(row, period))
    .sort(
      (a, b) =>
        worst(a) - worst(b) ||
        trailNameOf(a.trailArn).localeCompare(trailNameOf(b.trailArn)) ||
        a.trailArn.localeCompare(b.trailArn) ||
        a.accountId.localeCompare(b.accountId) ||
        a.region.localeCompare(b.region),
    );
  const rows = attention.map((row, index) => ({
    ...rowView(row, period, index < TIMELINE_ROW_LIMIT, accountNames),
    printed: index < TIMELINE_ROW_LIMIT,
  }));

  const read = entries.filter((e) => e.logs.ok).map((e) => (e.logs.ok ? e.logs.value : undefined));
  const sum = (pick: (e: NonNullable<(typeof read)[number]>) => number): number =>
    read.reduce((total, e) => total + (e ? pick(e) : 0), 0);
  const digests = sum((e) => e.digests.valid + e.digests.invalid);
  const logFiles = sum((e) => e.logFiles.valid + e.logFiles.invalid);
  const invalid = sum((e) => e.digests.invalid + e.logFiles.invalid);
  const fullyAttested = all.filter((row) => isFullyAttested(row, period)).length;
  const unread = all.filter((row) =>
    row.entry ? !row.entry.logs.ok : [row.integrity, row.continuity].some((f) => f?.status === 'ERROR'),
  ).length;
  const tamper = tamperRows(entries, accountNames);
  const files = invalidFileRows(
    [...entries].sort(
      (a, b) =>
        trailNameOf(a.trailArn).localeCompare(trailNameOf(b.trailArn)) ||
        a.accountId.localeCompare(b.accountId) ||
        a.region.localeCompare(b.region),
    ),
  );
  const labels = periodLabels(period);
  const summary = [
    `${thousands(digests)} digest files and ${thousands(logFiles)} log files verified, ${thousands(invalid)} invalid`,
    `; continuity: ${thousands(fullyAttested)} of ${thousands(all.length)} trail × account × Region rows fully attested`,
    unread > 0 ? `; ${thousands(unread)} row(s) could not be read` : '',
    `; ${thousands(tamper.length)} tamper event(s).`,
  ].join('');
  return {
    label: `${labels.start} – ${labels.end}${labels.wholeDays ? '' : ' UTC'} (${period.spec})`,
    start: labels.start,
    end: labels.end,
    startIso: period.start,
    endIso: period.end,
    totals: { rows: all.length, fullyAttested, unread, digests, logFiles, invalid, tamperEvents: tamper.length },
    summary,
    attention: attention.length > 0 || tamper.length > 0,
    rows,
    rowsWithTimeline: rows.filter((r) => r.timeline).length,
    rowsWithoutTimeline: rows.filter((r) => !r.timeline && !r.unread && !r.note).length,
    rowsNotPrinted: rows.filter((r) => !r.printed).length,
    clean: cleanTrails(clean),
    cleanRows: clean.length,
    tamperEvents: tamper
      .slice(0, TAMPER_EVENT_LIMIT)
      .map((event, index) => ({ ...event, printed: index < TAMPER_EVENT_PRINT_LIMIT })),
    tamperEventsNotPrinted: Math.max(0, Math.min(tamper.length, TAMPER_EVENT_LIMIT) - TAMPER_EVENT_PRINT_LIMIT),
    moreTamperEvents: Math.max(0, tamper.length - TAMPER_EVENT_LIMIT),
    invalidFiles: files.slice(0, INVALID_FILE_LIMIT),
    moreInvalidFiles: Math.max(0, files.length - INVALID_FILE_LIMIT),
    totalInvalidFiles: files.length,
  };
}
