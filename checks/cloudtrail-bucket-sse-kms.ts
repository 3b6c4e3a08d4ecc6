import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory } from '../src/model/inventory';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { bucketResult, evaluateBuckets, factError } from './helpers/results';

const SUBJECT = 'default encryption';
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { encryption } = config;
  if (!encryption.ok) return factError(inventory, bucket, encryption.gap, SUBJECT);
  const rules = encryption.value ?? [];
  const kms = rules.find((r) => KMS_ALGORITHMS.includes(r.sseAlgorithm));
  const algorithms = rules.map((r) => r.sseAlgorithm);
  const shown = algorithms.length > 0 ? algorithms.join(', ') : 'none';
  if (kms)
    return bucketResult(
      inventory,
      bucket,
      'PASS',
      `bucket ${bucket.name} encrypts new objects by default with ${kms.sseAlgorithm}${kms.kmsMasterKeyId ? ` (key ${kms.kmsMasterKeyId})` : ''}`,
      { encryption: rules },
      [
        fact('Bucket', bucket.name),
        fact('Default encryption', kms.sseAlgorithm, true),
        fact('KMS key', kms.kmsMasterKeyId ?? 'the AWS managed key aws/s3'),
      ],
    );
  return bucketResult(
    inventory,
    bucket,
    'FAIL',
    `bucket ${bucket.name} default encryption is ${algorithms.length > 0 ? shown : 'not configured'}, not SSE-KMS`,
    { encryption: rules },
    [fact('Bucket', bucket.name), fact('Default encryption', shown, true)],
  );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-sse-kms',
    title: 'The CloudTrail bucket encrypts by default with SSE-KMS',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description: 'The default encryption of the bucket a trail delivers to is aws:kms or aws:kms:dsse.',
    rationale:
      'SSE-KMS by default protects everything written to the bucket — digest files and anything not encrypted by the trail itself — with a key whose use is access-controlled and logged.',
    remediation: {
      text: 'Set the default encryption of the bucket to SSE-KMS with a customer-managed key (<kms-key>) and an S3 Bucket Key.',
      cli: "aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration 'Rules=[{ApplyServerSideEncryptionByDefault={SSEAlgorithm=aws:kms,KMSMasterKeyID=<kms-key>},BucketKeyEnabled=true}]'",
    },
    frameworks: frameworksOf('cloudtrail-bucket-sse-kms'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.encryption'],
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html'],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
