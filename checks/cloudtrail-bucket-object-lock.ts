import type { Check, CheckOptions, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory } from '../src/model/inventory';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { bucketResult, evaluateBuckets, factError } from './helpers/results';
import { defaultRetentionDays } from './helpers/retention';

const SUBJECT = 'Object Lock';

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig, minimumDays?: number): CheckResult {
  const { objectLock } = config;
  if (!objectLock.ok) return factError(inventory, bucket, objectLock.gap, SUBJECT);
  const lock = objectLock.value;
  if (!lock?.enabled)
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} does not have Object Lock enabled`,
      { objectLock: lock },
      [fact('Bucket', bucket.name), fact('Object Lock', 'disabled', true)],
    );
  const days = defaultRetentionDays(lock);
  const retention = days === undefined || !lock.mode ? 'none' : `${lock.mode}, ${days} days`;
  const facts = [
    fact('Bucket', bucket.name),
    fact('Object Lock', 'enabled'),
    fact('Default retention', retention, true),
    ...(minimumDays !== undefined ? [fact('Minimum required', `${minimumDays} days`)] : []),
  ];
  const evidence = { objectLock: lock, defaultRetentionDays: days ?? null, minimumDays: minimumDays ?? null };
  if (days === undefined || !lock.mode)
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} has Object Lock enabled but no default retention`,
      evidence,
      facts,
    );
  if (minimumDays !== undefined && days < minimumDays)
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} default Object Lock retention is ${days} days, under the ${minimumDays} required`,
      evidence,
      facts,
    );
  return bucketResult(
    inventory,
    bucket,
    'PASS',
    `bucket ${bucket.name} has Object Lock with a default ${lock.mode} retention of ${days} days`,
    evidence,
    facts,
  );
}

const minimumOf = (options: CheckOptions): number | undefined =>
  typeof options.minimumDays === 'number' ? options.minimumDays : undefined;

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-object-lock',
    title: 'Object Lock with default retention protects the CloudTrail bucket',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description:
      'The bucket a trail delivers to has Object Lock enabled with a default retention (mode and period), at least `minimumDays` when that option is set.',
    rationale:
      'Object Lock makes each log file version immutable for the retention period (in COMPLIANCE mode, even for the root user): logs cannot be deleted or overwritten to hide activity.',
    remediation: {
      text: 'Enable Object Lock on the bucket (versioning must be enabled) with a default retention; COMPLIANCE mode cannot be shortened by anyone, GOVERNANCE mode can by principals allowed s3:BypassGovernanceRetention.',
      cli: "aws s3api put-object-lock-configuration --bucket <bucket> --object-lock-configuration 'ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=COMPLIANCE,Days=365}}'",
    },
    frameworks: frameworksOf('cloudtrail-bucket-object-lock'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.objectLock'],
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html'],
    options: {
      type: 'object',
      properties: {
        minimumDays: {
          type: 'integer',
          minimum: 1,
          description: 'the shortest default retention, in days, that passes (years count 365 days)',
        },
      },
      additionalProperties: false,
    },
  },
  evaluate(inventory, options) {
    const minimumDays = minimumOf(options);
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) =>
      evaluateBucket(inventory, bucket, config, minimumDays),
    );
  },
};
