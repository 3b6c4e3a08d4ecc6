import type { Check } from '../src/model/findings';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { evaluateTrails, trailResult } from './helpers/results';

export const check: Check = {
  meta: {
    id: 'cloudtrail-kms-encryption',
    title: 'CloudTrail logs are encrypted with a KMS key',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description: 'Each trail encrypts its log files with a KMS key (SSE-KMS): KmsKeyId is set.',
    rationale:
      'With SSE-KMS, reading the logs needs both s3:GetObject and kms:Decrypt on the key, so access to the record is controlled, and logged, separately from access to the bucket.',
    remediation: {
      text: 'Encrypt the trail with a customer-managed KMS key whose key policy lets cloudtrail.amazonaws.com encrypt for this trail (aws:SourceArn) and lets log readers decrypt; <kms-key> is that key.',
      cli: 'aws cloudtrail update-trail --name <trail> --kms-key-id <kms-key> --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-kms-encryption'),
    reads: ['account.trailArns', 'trail.details'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
    ],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'log encryption', (trail, details) => {
      const key = details.kmsKeyId;
      const facts = [fact('Trail', trail.name), fact('KMS key', key ?? 'none (SSE-S3 only)', true)];
      return key
        ? trailResult(
            trail,
            'PASS',
            `trail ${trail.name} encrypts its logs with KMS key ${key}`,
            { kmsKeyId: key },
            facts,
          )
        : trailResult(
            trail,
            'FAIL',
            `trail ${trail.name} does not encrypt its logs with a KMS key`,
            { kmsKeyId: null },
            facts,
          );
    });
  },
};
