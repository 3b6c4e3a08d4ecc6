import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory } from '../src/model/inventory';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { bucketResult, factError, evaluateBuckets } from './helpers/results';

const SUBJECT = 'MFA delete';

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { versioning } = config;
  if (!versioning.ok) return factError(inventory, bucket, versioning.gap, SUBJECT);
  const { status, mfaDelete } = versioning.value;
  const evidence = { versioning: status, mfaDelete };
  // Versioning decides when it is off; MFA delete decides once versioning is on; a PASS rests on both.
  const passes = status === 'Enabled' && mfaDelete === 'Enabled';
  const facts = [
    fact('Bucket', bucket.name),
    fact('Versioning', status, status !== 'Enabled' || passes),
    fact('MFA delete', mfaDelete, status === 'Enabled'),
  ];
  if (status !== 'Enabled')
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} versioning is ${status}, so MFA delete cannot protect it`,
      evidence,
      facts,
    );
  if (mfaDelete !== 'Enabled')
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} has versioning enabled but MFA delete disabled`,
      evidence,
      facts,
    );
  return bucketResult(
    inventory,
    bucket,
    'PASS',
    `bucket ${bucket.name} has versioning and MFA delete enabled`,
    evidence,
    facts,
  );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-mfa-delete',
    title: 'MFA delete is enabled on the CloudTrail bucket',
    severity: 'low',
    resourceType: 'AWS::S3::Bucket',
    description:
      "The bucket has versioning Enabled and MFADelete Enabled, so deleting a log file version or suspending versioning needs the root user's MFA code.",
    rationale:
      'MFA delete stops stolen credentials — even administrator credentials — from permanently deleting log versions or turning versioning off to cover tracks.',
    remediation: {
      text: "As the root user of the bucket owner account <account>, with its MFA device, enable versioning with MFA delete on bucket <bucket> (<mfa-code> is the device's current code).",
      cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:<partition>:iam::<account>:mfa/root-account-mfa-device <mfa-code>"',
    },
    frameworks: frameworksOf('cloudtrail-bucket-mfa-delete'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.versioning'],
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html'],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
