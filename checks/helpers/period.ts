/**
 * What the period checks (cloudtrail-log-integrity, cloudtrail-logging-continuity) share: time
 * spans, the result of one trail × account × Region over the audit period, and the accounts for
 * which no period evidence exists.
 */
import type { CheckResult, EvidenceFact } from '../../src/model/findings';
import type {
  AccountInventory,
  AuditPeriod,
  Gap,
  Interval,
  InvalidLogFile,
  Inventory,
  TamperEvent,
  Trail,
  TrailPeriod,
} from '../../src/model/inventory';
import { fact, gapFacts, listText } from './facts';
import { accountResult, describeGap } from './results';
import { trailsCoveringAccount } from './trails';

export const HOUR_MS = 3_600_000;

/** [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/** The span of an interval; undefined when a bound is not a date or the interval is empty. */
export function spanOf(interval: Interval): Span | undefined {
  const start = Date.parse(interval.start);
  const end = Date.parse(interval.end);
  return Number.isNaN(start) || Number.isNaN(end) || end <= start ? undefined : { start, end };
}

/** Sorted, with overlapping and touching spans merged. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The parts of `within` that no span covers, in order. */
export function uncoveredSpans(within: Span, covered: readonly Span[]): Span[] {
  const holes: Span[] = [];
  let cursor = within.start;
  for (const span of mergeSpans(covered)) {
    if (span.end <= cursor) continue;
    if (span.start >= within.end) break;
    if (span.start > cursor) holes.push({ start: cursor, end: span.start });
    cursor = Math.max(cursor, span.end);
    if (cursor >= within.end) break;
  }
  if (cursor < within.end) holes.push({ start: cursor, end: within.end });
  return holes;
}

/** The parts of `within` the spans cover, merged, in order. */
export function coveredSpans(within: Span, spans: readonly Span[]): Span[] {
  return uncoveredSpans(within, uncoveredSpans(within, spans));
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function totalMs(spans: readonly Span[]): number {
  return spans.reduce((sum, span) => sum + (span.end - span.start), 0);
}

/** "2024-02-10T03:00Z", seconds shown only when there are some. */
export function timeText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(':00.000Z') ? `${iso.slice(0, 16)}Z` : iso.replace('.000Z', 'Z');
}

/** "45 min", "3 h", "2 d 4 h". */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

export function spanText(span: Span): string {
  return `${timeText(span.start)} – ${timeText(span.end)} (${durationText(span.end - span.start)})`;
}

export function asInterval(span: Span): Interval {
  return { start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString() };
}

export function periodText(period: AuditPeriod): string {
  const span = spanOf(period);
  return span ? `${spanText(span)}, --period ${period.spec}` : `${period.start} – ${period.end}`;
}

/** "StopLogging by arn:… at 2024-02-10T03:12Z from 203.0.113.7 (failed: AccessDenied)". */
export function tamperEventText(event: TamperEvent): string {
  const at = Date.parse(event.time);
  const when = Number.isNaN(at) ? event.time : timeText(at);
  const on = event.target ? ` on ${event.target}` : '';
  const from = event.sourceIp ? ` from ${event.sourceIp}` : '';
  const failed = event.errorCode ? ` (failed: ${event.errorCode})` : '';
  return `${event.eventName}${on} by ${event.principal} at ${when}${from}${failed}`;
}

/** The trail an entry is about, when the inventory holds it. */
export function trailOf(inventory: Inventory, entry: TrailPeriod): Trail | undefined {
  return inventory.trails.find((t) => t.arn === entry.trailArn);
}

export function trailNameOf(entry: TrailPeriod, trail: Trail | undefined): string {
  return trail?.name ?? entry.trailArn.split('/').pop() ?? entry.trailArn;
}

/** false when the trail is known to have log file validation off now; undefined when unknown. */
export function validationEnabled(trail: Trail | undefined): boolean | undefined {
  return trail?.details.ok ? trail.details.value.logFileValidationEnabled : undefined;
}

/** "trail prod for account 111111111111 in us-east-1". */
export function entryLabel(entry: TrailPeriod, trail: Trail | undefined): string {
  return `trail ${trailNameOf(entry, trail)} for account ${entry.accountId} in ${entry.region}`;
}

/** The facts every period finding starts with. */
export function entryFacts(entry: TrailPeriod, trail: Trail | undefined, period: AuditPeriod): EvidenceFact[] {
  return [
    fact('Trail', trailNameOf(entry, trail)),
    fact('Account and Region', `${entry.accountId}, ${entry.region}`),
    fact('Period', periodText(period)),
  ];
}

/** The home Region of the trail (from its ARN when the trail is not in the inventory). */
function homeRegionOf(entry: TrailPeriod, trail: Trail | undefined): string {
  return trail?.homeRegion ?? entry.trailArn.split(':')[3] ?? entry.region;
}

/**
 * One trail × account × Region over the period, attributed to that account and Region (so an
 * organization trail has a finding per member account and Region). The remediation may name
 * <home-region>, <period-start> and <period-end>.
 */
export function periodResult(
  entry: TrailPeriod,
  trail: Trail | undefined,
  period: AuditPeriod,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown>,
  facts: EvidenceFact[],
): CheckResult {
  return {
    status,
    accountId: entry.accountId,
    region: entry.region,
    resourceType: 'AWS::CloudTrail::Trail',
    resourceArn: entry.trailArn,
    message,
    evidence: {
      trail: trailNameOf(entry, trail),
      bucket: entry.bucket,
      ...(entry.prefix !== undefined ? { prefix: entry.prefix } : {}),
      period,
      ...evidence,
    },
    facts,
    remediation: {
      values: { 'home-region': homeRegionOf(entry, trail), 'period-start': period.start, 'period-end': period.end },
    },
  };
}

/** At most `max` items of a list for the evidence, and how many were left out (the inventory has them all). */
export function capped<T>(items: readonly T[], max: number): { items: T[]; omitted: number } {
  return { items: items.slice(0, max), omitted: Math.max(0, items.length - max) };
}

export function fileName(file: InvalidLogFile): string {
  return file.key.split('/').pop() ?? file.key;
}

/** Why an account in scope has no period evidence at all. */
export type MissingPeriodEvidence =
  | { kind: 'accountFailed'; gap: Gap }
  | { kind: 'trailsUnlisted'; gap: Gap }
  | { kind: 'trailsUndescribed'; trails: Trail[]; gap: Gap }
  | { kind: 'noTrail' }
  | { kind: 'validationOff'; trails: Trail[] }
  | { kind: 'notCollected'; trails: Trail[] };

/** The accounts in scope that no period entry is about, and why. */
export function accountsWithoutPeriodEvidence(
  inventory: Inventory,
): { account: AccountInventory; missing: MissingPeriodEvidence }[] {
  const withEvidence = new Set((inventory.periods ?? []).map((p) => p.accountId));
  const found: { account: AccountInventory; missing: MissingPeriodEvidence }[] = [];
  for (const account of inventory.accounts) {
    if (withEvidence.has(account.accountId)) continue;
    found.push({ account, missing: whyMissing(inventory, account) });
  }
  return found;
}

function whyMissing(inventory: Inventory, account: AccountInventory): MissingPeriodEvidence {
  if (account.status === 'failed' && account.failure) return { kind: 'accountFailed', gap: account.failure };
  if (!account.trailArns.ok) return { kind: 'trailsUnlisted', gap: account.trailArns.gap };
  const covering = trailsCoveringAccount(inventory, account);
  const undescribed = covering.filter((t) => !t.details.ok);
  const firstUndescribed = undescribed[0];
  if (firstUndescribed && !firstUndescribed.details.ok)
    return { kind: 'trailsUndescribed', trails: undescribed, gap: firstUndescribed.details.gap };
  if (covering.length === 0) return { kind: 'noTrail' };
  if (covering.every((t) => validationEnabled(t) === false)) return { kind: 'validationOff', trails: covering };
  return { kind: 'notCollected', trails: covering.filter((t) => validationEnabled(t) !== false) };
}

export function trailNames(trails: readonly Trail[]): string {
  return listText(trails.map((t) => t.name));
}

/**
 * The ERROR of an account whose period evidence could not be read (`subject` says what, e.g.
 * "its log files could not be verified"); undefined when the account has no trail to read, or
 * only trails with validation off, which each check judges its own way.
 */
export function unreadAccountResult(
  inventory: Inventory,
  account: AccountInventory,
  missing: MissingPeriodEvidence,
  subject: string,
): CheckResult | undefined {
  const error = (message: string, evidence: Record<string, unknown>, facts: EvidenceFact[]) =>
    accountResult(inventory, account, 'ERROR', message, evidence, facts);
  switch (missing.kind) {
    case 'accountFailed':
      return error(`account could not be scanned, so ${subject}: ${describeGap(missing.gap)}`, { gap: missing.gap }, [
        ...gapFacts(missing.gap),
      ]);
    case 'trailsUnlisted':
      return error(
        `trails could not be listed, so ${subject}: ${describeGap(missing.gap)}`,
        { gap: missing.gap },
        gapFacts(missing.gap),
      );
    case 'trailsUndescribed':
      return error(
        `trail ${trailNames(missing.trails)} could not be described, so ${subject}: ${describeGap(missing.gap)}`,
        { trails: missing.trails.map((t) => t.arn), gap: missing.gap },
        [fact('Trails not described', trailNames(missing.trails), true), ...gapFacts(missing.gap)],
      );
    case 'notCollected':
      return error(
        `the digest and log files of trail ${trailNames(missing.trails)} over the period were not collected for the account, so ${subject}`,
        { trails: missing.trails.map((t) => t.arn) },
        [
          fact('Trails covering the account', trailNames(missing.trails)),
          fact('Period evidence', 'not collected', true),
        ],
      );
    default:
      return undefined;
  }
}
