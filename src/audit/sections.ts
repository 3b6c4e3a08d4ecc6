import { compareResults, comparisonWarning, type Comparison } from '../engine/compare';
import type { WaiverOutcome } from '../engine/waivers';
import type { Results } from '../model/findings';
import type { ChangeSection, WaiverSection } from '../render/view-model';

export function waiverSection(outcome: WaiverOutcome): WaiverSection {
  return {
    applied: outcome.applied.map((a) => ({
      id: a.waiver.id,
      check: a.waiver.check,
      reason: a.waiver.reason,
      approver: a.waiver.approver,
      expires: a.waiver.expires,
      findings: a.findings.length,
    })),
    expired: outcome.expired.map((e) => ({
      id: e.waiver.id,
      expires: e.waiver.expires,
      reason: e.waiver.reason,
      approver: e.waiver.approver,
      findings: e.findings.length,
    })),
    unused: outcome.unused.map((w) => ({ id: w.id, expires: w.expires })),
  };
}

/**
 * The report's "Changes since the previous run": new failures, resolved (now PASS), and apart
 * from them what stopped failing without being fixed: waived since, not applicable now, no longer
 * found, or not scanned this run. `warning` is set when the runs covered different accounts (the
 * run logs it too: comparisonWarning).
 */
export function changeSection(current: Results, previous: Results): ChangeSection {
  const comparison: Comparison = compareResults(current, previous);
  const warning = comparisonWarning(current, previous);
  const reasons = {
    account: 'account not scanned this run',
    region: 'Region not scanned this run',
    check: 'check not run this run',
  } as const;
  return {
    previousRunId: comparison.previousRun.id,
    previousFinishedAt: comparison.previousRun.finishedAt,
    newFailures: comparison.newFailures.map((n) => n.finding),
    resolved: comparison.resolved.map((r) => ({ finding: r.finding, now: r.now })),
    waived: comparison.waived.map((w) => w.finding),
    notApplicable: comparison.notApplicable.map((n) => n.finding),
    notFound: comparison.notFound.map((n) => n.finding),
    notScanned: comparison.notScanned.map((n) => ({ finding: n.finding, reason: reasons[n.reason] })),
    stillFailing: comparison.stillFailing.length,
    ...(warning ? { warning } : {}),
  };
}
