import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory } from '../src/model/inventory';
import { CLOUDTRAIL, cloudTrailStatements, describeUnscoped } from './helpers/bucket-policy-rules';
import { cloudTrailBucketPolicy } from './helpers/cloudtrail-bucket-policy';
import { fact, statementFacts } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { bucketResult, evaluateBuckets, factError, list } from './helpers/results';

const SUBJECT = 'confused-deputy protection';

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { policy } = config;
  if (!policy.ok) return factError(inventory, bucket, policy.gap, SUBJECT);
  const document = policy.value;
  const { all, unscoped } = document ? cloudTrailStatements(document) : { all: [], unscoped: [] };
  const evidence = { policy: document, cloudTrailStatements: all, unscoped };
  if (!document || all.length === 0)
    return bucketResult(
      inventory,
      bucket,
      'NOT_APPLICABLE',
      `bucket ${bucket.name} policy grants ${CLOUDTRAIL} nothing`,
      evidence,
      [fact('Bucket', bucket.name), fact(`Allows to ${CLOUDTRAIL}`, 'none', true)],
    );
  if (unscoped.length === 0)
    return bucketResult(
      inventory,
      bucket,
      'PASS',
      `every Allow to ${CLOUDTRAIL} in the policy of bucket ${bucket.name} is scoped by aws:SourceArn or aws:SourceAccount`,
      evidence,
      [
        fact('Bucket', bucket.name),
        fact(`Allows to ${CLOUDTRAIL}`, `${all.length}, each scoped by aws:SourceArn or aws:SourceAccount`, true),
      ],
    );
  const firstIndex = unscoped[0] ?? 0;
  const first = document.Statement[firstIndex];
  const generated = cloudTrailBucketPolicy(inventory, bucket, document);
  return {
    ...bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} policy is open to the confused deputy: ${list(unscoped.map((i) => describeUnscoped(document, i)))}`,
      evidence,
      [
        fact('Bucket', bucket.name),
        fact(`Unscoped Allows to ${CLOUDTRAIL}`, `${unscoped.length} of ${all.length}`, true),
        ...(first ? statementFacts(first, firstIndex, ['condition'], ['effect']) : []),
      ],
    ),
    remediation: {
      note: `remediation/<finding-id>.json replaces the policy of bucket <bucket>: its CloudTrail statements name the delivering trails by aws:SourceArn.${generated.dropped.length > 0 ? ` It leaves out ${generated.dropped.join('; ')}.` : ''}`,
      files: [{ content: generated.policy }],
    },
  };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-source-arn',
    title: 'The CloudTrail bucket policy is scoped by aws:SourceArn',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description: `Every Allow to ${CLOUDTRAIL} in the bucket policy has an aws:SourceArn or aws:SourceAccount condition naming accounts (not arn:…:*:trail/*). A policy that grants CloudTrail nothing is NOT_APPLICABLE.`,
    rationale:
      "Without a source condition, any account's trail can deliver into the bucket (the confused deputy): foreign logs mix with the record and can fill or mislead it.",
    remediation: {
      text: `Add an aws:SourceArn condition naming the delivering trails to every statement that allows ${CLOUDTRAIL}.`,
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://remediation/<finding-id>.json',
    },
    frameworks: frameworksOf('cloudtrail-bucket-source-arn'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.policy'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html',
    ],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
