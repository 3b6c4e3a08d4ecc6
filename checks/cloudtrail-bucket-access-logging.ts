import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory } from '../src/model/inventory';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { bucketResult, evaluateBuckets, factError } from './helpers/results';

const SUBJECT = 'access logging';

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { logging } = config;
  if (!logging.ok) return factError(inventory, bucket, logging.gap, SUBJECT);
  if (logging.value === null)
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} has server access logging disabled`,
      { logging: null },
      [fact('Bucket', bucket.name), fact('Server access logging', 'disabled', true)],
    );
  const { targetBucket, targetPrefix } = logging.value;
  return bucketResult(
    inventory,
    bucket,
    'PASS',
    `bucket ${bucket.name} logs access requests to ${targetBucket}${targetPrefix ? `/${targetPrefix}` : ''}`,
    { logging: logging.value },
    [
      fact('Bucket', bucket.name),
      fact('Server access logging', 'enabled', true),
      fact('Target', `${targetBucket}${targetPrefix ? `/${targetPrefix}` : ''}`),
    ],
  );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-access-logging',
    title: 'Server access logging is enabled on the CloudTrail bucket',
    severity: 'low',
    resourceType: 'AWS::S3::Bucket',
    description: 'GetBucketLogging returns LoggingEnabled for the bucket a trail delivers to.',
    rationale:
      'Access logs record who read, listed or deleted the log files themselves; without them an intruder tampering with the audit record leaves no trace outside it.',
    remediation: {
      text: 'Enable server access logging on the bucket, to a separate bucket (<access-log-bucket>) that lets the S3 logging service write.',
      cli: "aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status 'LoggingEnabled={TargetBucket=<access-log-bucket>,TargetPrefix=<bucket>/}'",
    },
    frameworks: frameworksOf('cloudtrail-bucket-access-logging'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.logging'],
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html'],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
