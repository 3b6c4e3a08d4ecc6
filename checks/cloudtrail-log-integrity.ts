import type { Check, CheckResult } from '../src/model/findings';
import type { AuditPeriod, Inventory, PeriodLogEvidence, TrailPeriod } from '../src/model/inventory';
import { fact, gapFacts, listText } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import {
  accountsWithoutPeriodEvidence,
  capped,
  entryFacts,
  entryLabel,
  fileName,
  periodResult,
  trailNames,
  trailOf,
  unreadAccountResult,
  validationEnabled,
} from './helpers/period';
import { accountResult, describeGap } from './helpers/results';

/** Invalid files named in the evidence; the inventory lists them all. */
const MAX_INVALID_FILES = 100;
/** Invalid files named in the message. */
const NAMED_IN_MESSAGE = 3;

function counts(logs: PeriodLogEvidence): string {
  return `${logs.digests.valid} digest and ${logs.logFiles.valid} log files verified`;
}

function judge(inventory: Inventory, period: AuditPeriod, entry: TrailPeriod): CheckResult {
  const trail = trailOf(inventory, entry);
  const label = entryLabel(entry, trail);
  const facts = entryFacts(entry, trail, period);
  const result = (status: CheckResult['status'], message: string, evidence: Record<string, unknown>) =>
    periodResult(entry, trail, period, status, message, evidence, facts);
  const validationOff = validationEnabled(trail) === false;
  const notApplicable = () => {
    facts.push(fact('Log file validation', 'disabled', true));
    return result(
      'NOT_APPLICABLE',
      `${label} has log file validation disabled: there are no digest files to verify (cloudtrail-log-file-validation fails the trail)`,
      { logFileValidationEnabled: false },
    );
  };
  if (!entry.logs.ok) {
    if (validationOff) return notApplicable();
    facts.push(...gapFacts(entry.logs.gap));
    return result('ERROR', `digest and log files of ${label} could not be read: ${describeGap(entry.logs.gap)}`, {
      gap: entry.logs.gap,
    });
  }
  const logs = entry.logs.value;
  const invalidCount = logs.digests.invalid + logs.logFiles.invalid;
  if (validationOff && invalidCount === 0 && logs.invalidFiles.length === 0) return notApplicable();
  const invalid = capped(logs.invalidFiles, MAX_INVALID_FILES);
  const evidence = {
    digests: logs.digests,
    logFiles: logs.logFiles,
    invalidFiles: invalid.items,
    ...(invalid.omitted > 0 ? { invalidFilesOmitted: invalid.omitted } : {}),
  };
  const digestFact = fact('Digest files', `${logs.digests.valid} valid, ${logs.digests.invalid} invalid`, true);
  const logFact = fact('Log files', `${logs.logFiles.valid} valid, ${logs.logFiles.invalid} invalid`, true);
  facts.push(digestFact, logFact);
  if (invalidCount > 0 || logs.invalidFiles.length > 0) {
    const named = logs.invalidFiles.map((f) => `${f.kind} ${fileName(f)} (${f.reason})`);
    const first = logs.invalidFiles[0];
    if (first) facts.push(fact('First invalid file', `s3://${first.bucket}/${first.key}: ${first.reason}`, true));
    const reasons = [...new Set(logs.invalidFiles.map((f) => f.reason))];
    facts.push(fact('Reasons', listText(reasons)));
    const what = [
      ...(logs.digests.invalid > 0 ? [`${logs.digests.invalid} digest file(s)`] : []),
      ...(logs.logFiles.invalid > 0 ? [`${logs.logFiles.invalid} log file(s)`] : []),
    ];
    const listed = named.length > 0 ? `: ${listText(named, NAMED_IN_MESSAGE)}` : '';
    return result(
      'FAIL',
      `${what.join(' and ') || 'files'} of ${label} did not verify over the period${listed}`,
      evidence,
    );
  }
  if (logs.digests.valid === 0)
    return result(
      'FAIL',
      `no digest file verifies any part of the period for ${label}: nothing proves its log files are what CloudTrail wrote`,
      evidence,
    );
  return result('PASS', `every file of ${label} in the period verified: ${counts(logs)}`, evidence);
}

function missingResults(inventory: Inventory): CheckResult[] {
  return accountsWithoutPeriodEvidence(inventory).map(({ account, missing }) => {
    const unread = unreadAccountResult(inventory, account, missing, "the account's log files could not be verified");
    if (unread) return unread;
    if (missing.kind === 'validationOff')
      return accountResult(
        inventory,
        account,
        'NOT_APPLICABLE',
        `trail ${trailNames(missing.trails)} covering the account has log file validation disabled: there are no digest files to verify`,
        { trails: missing.trails.map((t) => t.arn) },
        [
          fact('Trails covering the account', trailNames(missing.trails)),
          fact('Log file validation', 'disabled', true),
        ],
      );
    return accountResult(
      inventory,
      account,
      'NOT_APPLICABLE',
      'no trail covers the account: there are no log files to verify (cloudtrail-multi-region fails the account)',
      {},
      [fact('Trails covering the account', 'none', true)],
    );
  });
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-log-integrity',
    title: 'CloudTrail log files over the audit period are intact',
    severity: 'high',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'For each trail, account and Region of the audit period, every digest file in the period verifies (signed with the CloudTrail public key valid at the time, chained to the previous digest, stored where it says) and every log file it lists exists with the SHA-256 it records. Evaluated only for a scan with an audit period.',
    rationale:
      'Digest files are the only proof that the delivered log files are exactly what CloudTrail wrote: a modified, deleted or moved file means the record of the period cannot be trusted, and may hide what someone did.',
    remediation: {
      text: 'Find who changed or deleted the files (the S3 data events and server access logs of the bucket, and the tamper events of cloudtrail-logging-continuity), restore the originals from a versioned or replicated copy, and protect the bucket (Object Lock, MFA delete, a policy that denies deletes). Then verify the period again.',
      cli: 'aws cloudtrail validate-logs --trail-arn <trail-arn> --start-time <period-start> --end-time <period-end> --account-id <account> --region <region> --verbose',
    },
    frameworks: frameworksOf('cloudtrail-log-integrity'),
    reads: ['account.trailArns', 'trail.details', 'period.logs'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-cli.html',
    ],
  },
  evaluate(inventory) {
    const period = inventory.scan.period;
    if (!period) return [];
    return [...missingResults(inventory), ...(inventory.periods ?? []).map((entry) => judge(inventory, period, entry))];
  },
};
