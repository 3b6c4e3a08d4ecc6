import { isFailingStatus, STATUSES, type FailingStatus, type Finding, type Results, type Status } from '../model/findings';
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

export interface Resolved {
  /** The finding of this run, or of the previous run when it is absent now. */
  finding: Finding;
  was: FailingStatus;
  now: NonFailingStatus | Absent;
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

export interface Comparison {
  previousRun: { id: string; finishedAt: string };
  newFailures: NewFailure[];
  resolved: Resolved[];
  stillFailing: StillFailing[];
  /** How many findings moved from one status to another (unchanged ones are not counted). */
  statusChanges: StatusChange[];
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
  return [...counts.values()].sort((a, b) => b.count - a.count || rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}

/** What changed since a previous run, matching findings by their stable id. */
export function compareResults(current: Results, previous: Results): Comparison {
  const previousById = byId(previous.findings);
  const currentById = byId(current.findings);
  const newFailures: NewFailure[] = [];
  const resolved: Resolved[] = [];
  const stillFailing: StillFailing[] = [];
  const pairs: { from: Status | Absent; to: Status | Absent }[] = [];

  for (const finding of currentById.values()) {
    const now = finding.status;
    const was = previousById.get(finding.id)?.status ?? 'absent';
    pairs.push({ from: was, to: now });
    if (isFailingStatus(now)) {
      if (was !== 'absent' && isFailingStatus(was)) stillFailing.push({ finding, was, now });
      else newFailures.push({ finding, was, now });
    } else if (was !== 'absent' && isFailingStatus(was)) {
      resolved.push({ finding, was, now });
    }
  }
  for (const finding of previousById.values()) {
    if (currentById.has(finding.id)) continue;
    pairs.push({ from: finding.status, to: 'absent' });
    if (isFailingStatus(finding.status)) resolved.push({ finding, was: finding.status, now: 'absent' });
  }

  return {
    previousRun: { id: previous.run.id, finishedAt: previous.run.finishedAt },
    newFailures,
    resolved,
    stillFailing,
    statusChanges: countChanges(pairs),
  };
}

/** Reads the results.json of an earlier run; it must match the results schema. */
export function loadPreviousResults(file: string): Results {
  return readValidatedJson(file, 'results', 'previous results');
}
