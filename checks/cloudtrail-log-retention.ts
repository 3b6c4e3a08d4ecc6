import type { Check, CheckOptions, CheckResult, EvidenceFact, RemediationInput } from '../src/model/findings';
import type { Gap, Inventory, LifecycleRule, Trail, TrailDetails } from '../src/model/inventory';
import { fact, gapFacts, listText } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { describeGap, evaluateTrails, gapEvidence, list, trailResult } from './helpers/results';
import { defaultRetentionDays, logGroupRetentionAtLeast } from './helpers/retention';

const DEFAULT_MINIMUM_DAYS = 365;

/** What the trail's object keys start with: `<prefix>/AWSLogs/` or `AWSLogs/`. */
function trailKeyPrefix(details: TrailDetails): string {
  const prefix = (details.s3KeyPrefix ?? '').replace(/^\/+|\/+$/g, '');
  return `${prefix ? `${prefix}/` : ''}AWSLogs/`;
}

/** A rule expires some of the trail's log files when its prefix and the trail's overlap. */
function expiresTrailLogs(rule: LifecycleRule, keyPrefix: string): boolean {
  const prefix = rule.prefix ?? '';
  return keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
}

const ruleName = (rule: LifecycleRule): string => (rule.id ? `"${rule.id}"` : 'a rule without id');

interface Part {
  problem?: string;
  /** The problem is a FAIL (not a fact that could not be read). */
  fails?: boolean;
  gap?: Gap;
  facts: EvidenceFact[];
  evidence: Record<string, unknown>;
  remediation?: RemediationInput;
}

function bucketPart(inventory: Inventory, details: TrailDetails, minimumDays: number): Part {
  const name = details.s3BucketName ?? '';
  const bucket = inventory.buckets.find((b) => b.name === name);
  const facts = (value: string, deciding = true): EvidenceFact[] => [fact(`Bucket ${name}`, value, deciding)];
  if (!bucket) return { problem: `bucket ${name} was not collected`, facts: facts('not collected'), evidence: {} };
  const { ownership } = bucket;
  if (ownership.kind === 'outOfScope')
    return {
      problem: `bucket ${name} could not be read: ${ownership.detail}`,
      facts: facts('owned outside the scan scope'),
      evidence: {},
    };
  if (ownership.kind === 'unknown') return { gap: ownership.gap, facts: gapFacts(ownership.gap), evidence: {} };
  if (ownership.kind === 'missing')
    return { problem: `bucket ${name} does not exist`, fails: true, facts: facts('does not exist'), evidence: {} };
  if (!bucket.config)
    return { problem: `bucket ${name} configuration was not collected`, facts: facts('not collected'), evidence: {} };
  const { lifecycle } = bucket.config;
  if (!lifecycle.ok) return { gap: lifecycle.gap, facts: gapFacts(lifecycle.gap), evidence: {} };
  const keyPrefix = trailKeyPrefix(details);
  const short = (lifecycle.value ?? []).filter(
    (r) =>
      r.status === 'Enabled' &&
      r.expirationDays !== undefined &&
      r.expirationDays < minimumDays &&
      expiresTrailLogs(r, keyPrefix),
  );
  const evidence = { lifecycle: lifecycle.value, keyPrefix, shortRules: short };
  if (short.length === 0)
    return {
      facts: facts(`no lifecycle rule expires ${keyPrefix}… under ${minimumDays} days`, false),
      evidence,
    };
  const described = short.map((r) => `${ruleName(r)} expires after ${r.expirationDays ?? 0} days`);
  const { objectLock } = bucket.config;
  if (!objectLock.ok) return { gap: objectLock.gap, facts: gapFacts(objectLock.gap), evidence };
  const locked =
    objectLock.value?.enabled && objectLock.value.mode ? defaultRetentionDays(objectLock.value) : undefined;
  if (locked !== undefined && locked >= minimumDays)
    return {
      facts: facts(`lifecycle ${listText(described, 2)}, but Object Lock retains ${locked} days`, false),
      evidence: { ...evidence, objectLockDays: locked },
    };
  return {
    fails: true,
    problem: `lifecycle rule ${list(described)} on bucket ${name} (trail prefix ${keyPrefix})`,
    facts: facts(`lifecycle ${listText(described, 2)}`),
    evidence: { ...evidence, objectLockDays: locked ?? null },
    remediation: {
      values: { bucket: name },
      note: `Raise the expiration of ${listText(short.map(ruleName))} to at least ${minimumDays} days (or narrow its prefix away from ${keyPrefix}): put-bucket-lifecycle-configuration replaces every rule, so start from get-bucket-lifecycle-configuration.`,
      cli: 'aws s3api get-bucket-lifecycle-configuration --bucket <bucket> > lifecycle.json && aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration file://lifecycle.json',
    },
  };
}

function logGroupPart(inventory: Inventory, details: TrailDetails, minimumDays: number): Part {
  const arn = details.cloudWatchLogsLogGroupArn;
  if (!arn) return { facts: [], evidence: {} };
  const bare = (a: string): string => a.replace(/:\*$/, '');
  const group = inventory.logGroups.find((g) => bare(g.arn) === bare(arn));
  if (!group)
    return {
      problem: `log group ${arn} was not collected`,
      facts: [fact('Log group', 'not collected', true)],
      evidence: {},
    };
  if (!group.info.ok) return { gap: group.info.gap, facts: gapFacts(group.info.gap), evidence: {} };
  const days = group.info.value?.retentionInDays;
  const evidence = { logGroup: group.arn, retentionInDays: days ?? null };
  if (group.info.value === null)
    return { facts: [fact(`Log group ${group.name}`, 'does not exist (see cloudtrail-cloudwatch-logs)')], evidence };
  if (days === undefined || days >= minimumDays)
    return {
      facts: [fact(`Log group ${group.name} retention`, days === undefined ? 'never expire' : `${days} days`)],
      evidence,
    };
  return {
    fails: true,
    problem: `log group ${group.name} keeps events ${days} days`,
    facts: [fact(`Log group ${group.name} retention`, `${days} days`, true)],
    evidence,
    remediation: {
      values: { 'log-group': group.name, region: group.region, account: group.accountId },
      cli: `aws logs put-retention-policy --log-group-name <log-group> --retention-in-days ${logGroupRetentionAtLeast(minimumDays)} --region <region>`,
    },
  };
}

function judge(inventory: Inventory, trail: Trail, details: TrailDetails, minimumDays: number): CheckResult {
  const parts = [bucketPart(inventory, details, minimumDays), logGroupPart(inventory, details, minimumDays)];
  const evidence = { minimumDays, bucket: parts[0]?.evidence ?? {}, logGroup: parts[1]?.evidence ?? {} };
  const facts = [
    fact('Trail', trail.name),
    fact('Minimum retention', `${minimumDays} days`),
    ...parts.flatMap((p) => p.facts),
  ].slice(0, 8);
  const problems = parts.flatMap((p) => (p.problem && !p.fails ? [p.problem] : []));
  const failing = parts.filter((p) => p.fails);
  if (failing.length > 0) {
    const remediation = failing.find((p) => p.remediation)?.remediation;
    const result = trailResult(
      trail,
      'FAIL',
      `trail ${trail.name} logs are kept less than ${minimumDays} days: ${list(failing.flatMap((p) => (p.problem ? [p.problem] : [])))}`,
      evidence,
      facts,
    );
    return remediation ? { ...result, remediation } : result;
  }
  const gaps = parts.flatMap((p) => (p.gap ? [p.gap] : []));
  const firstGap = gaps[0];
  if (problems.length > 0 || firstGap)
    return trailResult(
      trail,
      'ERROR',
      `retention of trail ${trail.name} logs could not be verified: ${list([...problems, ...gaps.map(describeGap)])}`,
      { ...evidence, ...(firstGap ? gapEvidence(firstGap) : {}) },
      facts,
    );
  return trailResult(
    trail,
    'PASS',
    `trail ${trail.name} logs are kept at least ${minimumDays} days (no shorter lifecycle expiry${details.cloudWatchLogsLogGroupArn ? ' or log group retention' : ''})`,
    evidence,
    facts,
  );
}

const minimumOf = (options: CheckOptions): number =>
  typeof options.minimumDays === 'number' ? options.minimumDays : DEFAULT_MINIMUM_DAYS;

export const check: Check = {
  meta: {
    id: 'cloudtrail-log-retention',
    title: 'CloudTrail logs are retained long enough',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      "No enabled lifecycle rule of the trail's bucket expires current objects under `minimumDays` (default 365) on a prefix overlapping the trail's `<prefix>/AWSLogs/` (an Object Lock default retention of at least that long counts in favour), and the trail's CloudWatch Logs log group, if any, keeps events at least as long or never expires them.",
    rationale:
      'PCI DSS asks for twelve months of audit history and investigations often reach back further; a lifecycle rule or log group retention that deletes logs early destroys the record as surely as an intruder would.',
    remediation: {
      text: "Raise the lifecycle expiration of the trail's prefix and the log group retention to at least the required number of days.",
      cli: 'aws logs put-retention-policy --log-group-name <log-group> --retention-in-days 365 --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-log-retention'),
    reads: ['account.trailArns', 'trail.details', 'bucket.lifecycle', 'bucket.objectLock', 'logGroup.info'],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html',
    ],
    options: {
      type: 'object',
      properties: {
        minimumDays: {
          type: 'integer',
          minimum: 1,
          description: 'the shortest retention, in days, that passes (default 365)',
        },
      },
      additionalProperties: false,
    },
  },
  evaluate(inventory, options) {
    const minimumDays = minimumOf(options);
    return evaluateTrails(inventory, 'log retention', (trail, details) =>
      judge(inventory, trail, details, minimumDays),
    );
  },
};
