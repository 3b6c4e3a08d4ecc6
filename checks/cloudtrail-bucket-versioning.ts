import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory } from '../src/model/inventory';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { bucketResult, evaluateBuckets, factError } from './helpers/results';

const SUBJECT = 'versioning';

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { versioning } = config;
  if (!versioning.ok) return factError(inventory, bucket, versioning.gap, SUBJECT);
  const { status } = versioning.value;
  const facts = [fact('Bucket', bucket.name), fact('Versioning', status, true)];
  return status === 'Enabled'
    ? bucketResult(
        inventory,
        bucket,
        'PASS',
        `bucket ${bucket.name} has versioning enabled`,
        { versioning: status },
        facts,
      )
    : bucketResult(
        inventory,
        bucket,
        'FAIL',
        `bucket ${bucket.name} versioning is ${status}`,
        { versioning: status },
        facts,
      );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-versioning',
    title: 'Versioning is enabled on the CloudTrail bucket',
    severity: 'low',
    resourceType: 'AWS::S3::Bucket',
    description: 'The bucket a trail delivers to has versioning Enabled (not Suspended, not never enabled).',
    rationale:
      'With versioning, an overwritten or deleted log file keeps its earlier version, so tampering can be undone and shown.',
    remediation: {
      text: 'Enable versioning on the bucket.',
      cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
    },
    frameworks: frameworksOf('cloudtrail-bucket-versioning'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.versioning'],
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html'],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
