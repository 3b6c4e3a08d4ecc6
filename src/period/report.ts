import type { ValidationOutcome } from './outcome';
import { hasInvalidFiles } from './outcome';
import type { TargetReport, ValidateLogsReport } from './report-schema';

export interface ReportedTarget {
  outcome: ValidationOutcome;
  error?: { operation: string; location?: string; code: string; message: string };
}

const iso = (date: Date): string => date.toISOString();

function targetReport({ outcome, error }: ReportedTarget): TargetReport {
  const { target, counts, found } = outcome;
  const report: TargetReport = {
    accountId: target.accountId,
    region: target.region,
    bucket: target.bucket,
    ...(target.prefix ? { prefix: target.prefix } : {}),
    ...(target.organizationId ? { organizationId: target.organizationId } : {}),
    result: error ? 'error' : hasInvalidFiles(counts) ? 'invalid' : 'valid',
    ...(error ? { error } : {}),
    found: found ? { start: iso(found.start), end: iso(found.end) } : null,
    counts: structuredClone(counts),
    digests: [],
    logFiles: [],
    chains: outcome.chains.map((chain) => ({
      backfill: chain.backfill,
      start: iso(chain.start),
      end: iso(chain.end),
      endedBy: chain.endedBy,
      digests: chain.digests.map(({ bucket, key }) => ({ bucket, key })),
    })),
    gaps: outcome.gaps.map((gap) => ({ backfill: gap.backfill, start: iso(gap.from), end: iso(gap.to) })),
  };
  for (const entry of outcome.entries) {
    if (entry.kind === 'digest')
      report.digests.push({
        bucket: entry.bucket,
        key: entry.key,
        backfill: entry.backfill,
        verdict: entry.verdict,
        ...(entry.verdict === 'invalid' ? { reason: entry.reason } : { logFiles: entry.logFiles }),
        ...(entry.start ? { start: iso(entry.start) } : {}),
        ...(entry.end ? { end: iso(entry.end) } : {}),
      });
    else if (entry.kind === 'log')
      report.logFiles.push({
        bucket: entry.bucket,
        key: entry.key,
        backfill: entry.backfill,
        verdict: entry.verdict,
        ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
        digestBucket: entry.digestBucket,
        digestKey: entry.digestKey,
      });
  }
  return report;
}

/** The JSON document of `validate-logs --format json` (ValidateLogsReportSchema), targets in the order given. */
export function validateLogsReport(run: {
  trailArn: string;
  start: Date;
  end: Date;
  targets: readonly ReportedTarget[];
}): ValidateLogsReport {
  const targets = run.targets.map(targetReport);
  return {
    trailArn: run.trailArn,
    requested: { start: iso(run.start), end: iso(run.end) },
    result: targets.some((t) => t.result === 'error')
      ? 'error'
      : targets.some((t) => t.result === 'invalid')
        ? 'invalid'
        : 'valid',
    targets,
  };
}
