import {
  isFailingStatus,
  STATUSES,
  type FailingStatus,
  type Finding,
  type Results,
  type Status,
} from '../model/findings';
import { readValidatedJson } from '../model/validate';

type NonFailingStatus = Exclude<Status, FailingStatus>;
/** A finding id present in one run and not in the other. */
type Absent = 'absent';

export interface NewFailure {
  /** The finding of this run. */
  finding: Finding;
  was: NonFailingStatus | Absent;
  now: FailingStatus;
}

/** Failing before, PASS now: the only findings a comparison calls resolved. */
export interface Resolved {
  /** The finding of this run. */
  finding: Finding;
  was: FailingStatus;
  now: 'PASS';
}

/**
 * Failing before, and now WAIVED, NOT_APPLICABLE, or absent although its account, Region and check were part of this
 * run.
 */
export interface NoLongerFailing {
  /** The finding of this run, or of the previous run when it is absent now. */
  finding: Finding;
  was: FailingStatus;
  now: 'WAIVED' | 'NOT_APPLICABLE' | Absent;
}

/** Why a finding of the previous run has no counterpart: this run did not look. */
export type NotScannedReason = 'account' | 'region' | 'check';

/** Failing before, absent now because its account, its Region or its check was not part of this run. */
export interface NotScanned {
  /** The finding of the previous run. */
  finding: Finding;
  was: FailingStatus;
  reason: NotScannedReason;
}

export interface StillFailing {
  /** The finding of this run. */
  finding: Finding;
  was: FailingStatus;
  now: FailingStatus;
}

export interface StatusChange {
  from: Status | Absent;
  to: Status | Absent;
  count: number;
}

export interface ScopeDifference {
  /** Accounts both runs scanned. */
  shared: string[];
  /** Accounts only the previous run scanned. */
  onlyPrevious: string[];
  /** Accounts only this run scanned. */
  onlyCurrent: string[];
}

export interface Comparison {
  previousRun: { id: string; finishedAt: string };
  newFailures: NewFailure[];
  /** Now PASS. */
  resolved: Resolved[];
  /** Now WAIVED: "waived since", not fixed. */
  waived: NoLongerFailing[];
  /** Now NOT_APPLICABLE. */
  notApplicable: NoLongerFailing[];
  /** Absent now although this run covered its account, Region and check: the resource is gone. */
  notFound: NoLongerFailing[];
  /** Absent now because this run did not cover its account, Region or check. */
  notScanned: NotScanned[];
  stillFailing: StillFailing[];
  /** How many findings moved from one status to another (unchanged ones are not counted). */
  statusChanges: StatusChange[];
  scope: ScopeDifference;
}

function byId(findings: readonly Finding[]): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const finding of findings) if (!map.has(finding.id)) map.set(finding.id, finding);
  return map;
}

function countChanges(pairs: { from: Status | Absent; to: Status | Absent }[]): StatusChange[] {
  const counts = new Map<string, StatusChange>();
  for (const { from, to } of pairs) {
    if (from === to) continue;
    const key = `${from}>${to}`;
    const entry = counts.get(key) ?? { from, to, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const rank = (status: Status | Absent) => (status === 'absent' ? STATUSES.length : STATUSES.indexOf(status));
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to),
  );
}

export function scopeDifference(current: Results, previous: Results): ScopeDifference {
  const now = new Set(current.run.scope.accounts);
  const before = new Set(previous.run.scope.accounts);
  return {
    shared: [...now].filter((a) => before.has(a)).sort(),
    onlyPrevious: [...before].filter((a) => !now.has(a)).sort(),
    onlyCurrent: [...now].filter((a) => !before.has(a)).sort(),
  };
}

/** Why this run has no finding for a previous one; undefined when it covered its account, Region and check. */
function notScannedReason(finding: Finding, current: Results, previous: Results): NotScannedReason | undefined {
  if (!current.run.scope.accounts.includes(finding.accountId)) return 'account';
  if (previous.run.scope.regions.includes(finding.region) && !current.run.scope.regions.includes(finding.region))
    return 'region';
  if (current.checks.length > 0 && !current.checks.some((c) => c.id === finding.checkId)) return 'check';
  return undefined;
}

/** What changed since a previous run, matching findings by their stable id. */
export function compareResults(current: Results, previous: Results): Comparison {
  const previousById = byId(previous.findings);
  const currentById = byId(current.findings);
  const comparison: Comparison = {
    previousRun: { id: previous.run.id, finishedAt: previous.run.finishedAt },
    newFailures: [],
    resolved: [],
    waived: [],
    notApplicable: [],
    notFound: [],
    notScanned: [],
    stillFailing: [],
    statusChanges: [],
    scope: scopeDifference(current, previous),
  };
  const pairs: { from: Status | Absent; to: Status | Absent }[] = [];

  for (const finding of currentById.values()) {
    const now = finding.status;
    const was = previousById.get(finding.id)?.status ?? 'absent';
    pairs.push({ from: was, to: now });
    if (isFailingStatus(now)) {
      if (was !== 'absent' && isFailingStatus(was)) comparison.stillFailing.push({ finding, was, now });
      else comparison.newFailures.push({ finding, was, now });
    } else if (was !== 'absent' && isFailingStatus(was)) {
      if (now === 'PASS') comparison.resolved.push({ finding, was, now });
      else if (now === 'WAIVED') comparison.waived.push({ finding, was, now });
      else comparison.notApplicable.push({ finding, was, now });
    }
  }
  for (const finding of previousById.values()) {
    if (currentById.has(finding.id)) continue;
    pairs.push({ from: finding.status, to: 'absent' });
    if (!isFailingStatus(finding.status)) continue;
    const reason = notScannedReason(finding, current, previous);
    if (reason) comparison.notScanned.push({ finding, was: finding.status, reason });
    else comparison.notFound.push({ finding, was: finding.status, now: 'absent' });
  }
  comparison.statusChanges = countChanges(pairs);
  return comparison;
}

function someAccounts(ids: string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

/**
 * A warning when the two runs did not look at the same accounts (another organization, another
 * account, or a different selection): the comparison then shows scope, not change. undefined
 * when both runs covered the same accounts. The CLI prints it; the report shows it.
 */
export function comparisonWarning(current: Results, previous: Results): string | undefined {
  const { shared, onlyPrevious, onlyCurrent } = scopeDifference(current, previous);
  const run = `the compared run ${previous.run.id}`;
  if (shared.length === 0) {
    return `${run} covered other accounts (${someAccounts(onlyPrevious) || 'none'}) than this run (${someAccounts(onlyCurrent) || 'none'}): it is another organization or account, so the comparison shows no change, only that every finding is new`;
  }
  if (onlyPrevious.length === 0 && onlyCurrent.length === 0) return undefined;
  const parts = [
    ...(onlyPrevious.length > 0
      ? [`${onlyPrevious.length} of its account(s) were not scanned this run (${someAccounts(onlyPrevious)})`]
      : []),
    ...(onlyCurrent.length > 0
      ? [`${onlyCurrent.length} account(s) of this run were not in it (${someAccounts(onlyCurrent)})`]
      : []),
  ];
  return `${run} covered a different set of accounts: ${parts.join(', and ')}; their findings show as not scanned or new, not as changes`;
}

/** Reads the results.json of an earlier run; it must match the results schema. */
export function loadPreviousResults(file: string): Results {
  return readValidatedJson(file, 'results', 'previous results');
}
