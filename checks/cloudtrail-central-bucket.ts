import type { Check } from '../src/model/findings';
import { BUCKET_NAME_PATTERN, chooseCentralBucket } from './helpers/central-bucket';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { evaluateTrails, trailResult } from './helpers/results';

export { BUCKET_NAME_PATTERN, chooseCentralBucket, type CentralChoice } from './helpers/central-bucket';

export const check: Check = {
  meta: {
    id: 'cloudtrail-central-bucket',
    title: 'CloudTrail logs are aggregated into one central S3 bucket',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      "Every trail delivers to the one central bucket: the configured central bucket (option bucket), else the organization trail's bucket, else the bucket most trails use.",
    rationale:
      'Logs scattered over many buckets are hard to protect, retain and review consistently; a single central bucket (ideally in a dedicated log-archive account) gives one place to lock down, monitor and hand to auditors.',
    remediation: {
      text: 'Point the trail at the central log bucket (its bucket policy must allow the trail to write), or replace per-account trails with an organization trail.',
      cli: 'aws cloudtrail update-trail --name <trail> --s3-bucket-name <central-bucket> --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-central-bucket'),
    reads: ['account.trailArns', 'trail.details'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html',
    ],
    options: {
      type: 'object',
      properties: {
        bucket: { type: 'string', pattern: BUCKET_NAME_PATTERN, description: 'the bucket every trail must deliver to' },
      },
      additionalProperties: false,
    },
  },
  evaluate(inventory, options) {
    const central = chooseCentralBucket(inventory, typeof options.bucket === 'string' ? options.bucket : undefined);
    return evaluateTrails(inventory, 'log aggregation', (trail, details) => {
      const bucket = details.s3BucketName ?? '(none)';
      const evidence = {
        s3BucketName: bucket,
        centralBucket: central.bucket ?? null,
        centralBucketBasis: central.basis,
      };
      const facts = [
        fact('Trail', trail.name),
        fact('Delivers to bucket', bucket, central.bucket !== undefined),
        fact('Central bucket', central.bucket ?? 'none could be chosen', central.bucket === undefined),
        fact('Central bucket chosen because', central.basis),
      ];
      if (central.bucket === undefined) {
        const remediation = {
          note: 'No single central bucket could be chosen: configure it (option bucket), then point the trail at it.',
        };
        return {
          ...trailResult(
            trail,
            'FAIL',
            `trail ${trail.name} delivers to ${bucket}, but ${central.basis}`,
            evidence,
            facts,
          ),
          remediation,
        };
      }
      if (bucket === central.bucket)
        return trailResult(
          trail,
          'PASS',
          `trail ${trail.name} delivers to the central bucket ${bucket} (${central.basis})`,
          evidence,
          facts,
        );
      const result = trailResult(
        trail,
        'FAIL',
        `trail ${trail.name} delivers to ${bucket}, not to the central bucket ${central.bucket} (${central.basis})`,
        evidence,
        facts,
      );
      return { ...result, remediation: { values: { 'central-bucket': central.bucket } } };
    });
  },
};
