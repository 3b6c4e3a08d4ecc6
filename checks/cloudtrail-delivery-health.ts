import type { Check, CheckResult } from '../src/model/findings';
import type { Inventory, Trail, TrailDetails } from '../src/model/inventory';
import { fact, gapFacts, yesNo } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { describeGap, evaluateTrails, gapEvidence, list, trailResult } from './helpers/results';

const DAY_MS = 24 * 3_600_000;

function judge(inventory: Inventory, trail: Trail, details: TrailDetails): CheckResult {
  if (!trail.status.ok)
    return trailResult(
      trail,
      'ERROR',
      `delivery health of trail ${trail.name} could not be verified: ${describeGap(trail.status.gap)}`,
      gapEvidence(trail.status.gap),
      [fact('Trail', trail.name), ...gapFacts(trail.status.gap)],
    );
  const status = trail.status.value;
  const scanTime = Date.parse(inventory.scan.startedAt);
  const problems: string[] = [];
  if (status.latestDeliveryError) problems.push(`log delivery fails (${status.latestDeliveryError})`);
  if (details.logFileValidationEnabled && status.latestDigestDeliveryError)
    problems.push(`digest delivery fails (${status.latestDigestDeliveryError})`);
  const last = status.latestDeliveryTime;
  const stale = status.isLogging && (last === undefined || scanTime - Date.parse(last) > DAY_MS);
  if (stale)
    problems.push(
      last === undefined
        ? 'it is logging but has never delivered a log file'
        : `it is logging but last delivered a log file at ${last}, over 24 hours before the scan`,
    );
  const evidence = {
    isLogging: status.isLogging,
    latestDeliveryTime: last ?? null,
    latestDeliveryError: status.latestDeliveryError ?? null,
    latestDigestDeliveryError: status.latestDigestDeliveryError ?? null,
    logFileValidationEnabled: details.logFileValidationEnabled,
    problems,
  };
  const facts = [
    fact('Trail', trail.name),
    fact('Logging', yesNo(status.isLogging)),
    fact('Last log delivery', last ?? 'never', stale),
    fact(
      'Log delivery error',
      status.latestDeliveryError ?? 'none',
      problems.length === 0 || !!status.latestDeliveryError,
    ),
    fact(
      'Digest delivery error',
      details.logFileValidationEnabled ? (status.latestDigestDeliveryError ?? 'none') : 'not judged (validation off)',
      !!status.latestDigestDeliveryError && details.logFileValidationEnabled,
    ),
  ];
  if (problems.length > 0)
    return trailResult(trail, 'FAIL', `trail ${trail.name} is not delivering: ${list(problems)}`, evidence, facts);
  return trailResult(
    trail,
    'PASS',
    status.isLogging
      ? `trail ${trail.name} delivers without errors, last at ${last ?? ''}`
      : `trail ${trail.name} reports no delivery error (it is not logging: see cloudtrail-enabled)`,
    evidence,
    facts,
  );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-delivery-health',
    title: 'CloudTrail delivers its logs without errors',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'GetTrailStatus reports no LatestDeliveryError and, when log file validation is on, no LatestDigestDeliveryError; a logging trail last delivered a log file within 24 hours of the scan.',
    rationale:
      'A trail can be "logging" while every delivery fails — a changed bucket policy, a disabled or deleted KMS key — and nothing reaches the bucket: the record has a hole no other setting shows.',
    remediation: {
      text: 'Read the delivery error, then fix its cause: the bucket policy must let cloudtrail.amazonaws.com write under the trail prefix, the bucket must exist, and the KMS key must be enabled with a key policy allowing CloudTrail.',
      cli: 'aws cloudtrail get-trail-status --name <trail> --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-delivery-health'),
    reads: ['account.trailArns', 'trail.details', 'trail.status'],
    references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html'],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'log delivery', (trail, details) => judge(inventory, trail, details));
  },
};
