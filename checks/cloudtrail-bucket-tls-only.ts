import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory, PolicyDocument } from '../src/model/inventory';
import { tlsProblem } from './helpers/bucket-policy-rules';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { conditionsOf } from './helpers/policy';
import { bucketResult, evaluateBuckets, factError } from './helpers/results';

const SUBJECT = 'TLS enforcement';

/** The current policy with its TLS statements replaced by one that denies plain HTTP to everyone. */
function withTlsDeny(policy: PolicyDocument | null, partition: string, bucketName: string): PolicyDocument {
  const arn = `arn:${partition}:s3:::${bucketName}`;
  const kept = (policy?.Statement ?? []).filter(
    (s) => !(s.Effect === 'Deny' && conditionsOf(s).some((c) => c.key === 'aws:securetransport')),
  );
  const taken = new Set(kept.map((s) => s.Sid));
  let sid = 'DenyInsecureTransport';
  for (let n = 2; taken.has(sid); n += 1) sid = `DenyInsecureTransport${n}`;
  return {
    Version: policy?.Version ?? '2012-10-17',
    ...(policy?.Id ? { Id: policy.Id } : {}),
    Statement: [
      {
        Sid: sid,
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...kept,
    ],
  };
}

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { policy } = config;
  if (!policy.ok) return factError(inventory, bucket, policy.gap, SUBJECT);
  const problem = policy.value
    ? tlsProblem(policy.value, bucket.arn)
    : 'the bucket has no policy, so requests without TLS are not denied';
  const statements = policy.value?.Statement.length ?? 0;
  const evidence = { policy: policy.value, problem: problem ?? null };
  const facts = [
    fact('Bucket', bucket.name),
    fact('Bucket policy', policy.value ? `${statements} statement(s)` : 'none', policy.value === null),
    fact(
      'Plain HTTP (aws:SecureTransport=false)',
      problem ? 'not denied to every principal' : 'denied to every principal',
      true,
    ),
  ];
  if (!problem)
    return bucketResult(
      inventory,
      bucket,
      'PASS',
      `bucket ${bucket.name} denies requests without TLS to every principal, for every object`,
      evidence,
      facts,
    );
  return {
    ...bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} does not enforce TLS: ${problem}`,
      evidence,
      facts,
    ),
    remediation: {
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://remediation/<finding-id>.json',
      note: 'remediation/<finding-id>.json is the current policy with its TLS statements replaced by DenyInsecureTransport.',
      files: [{ content: withTlsDeny(policy.value, inventory.scan.partition, bucket.name) }],
    },
  };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-tls-only',
    title: 'The CloudTrail bucket accepts only TLS requests',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description:
      'The bucket policy, evaluated as AWS does, surely denies plain-HTTP (aws:SecureTransport=false) reads and writes of every object to every principal: no NotPrincipal exemption, no further narrowing condition.',
    rationale:
      'Without TLS, log files and the credentials that sign requests for them can be read or altered in transit.',
    remediation: {
      text: 'Add a Deny statement for aws:SecureTransport=false to "*" on the bucket and its objects, with no other condition (put-bucket-policy replaces the whole policy: keep its other statements).',
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://remediation/<finding-id>.json',
    },
    frameworks: frameworksOf('cloudtrail-bucket-tls-only'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.policy'],
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html'],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
