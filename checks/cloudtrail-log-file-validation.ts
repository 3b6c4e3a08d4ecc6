import type { Check } from '../src/model/findings';
import { fact } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { evaluateTrails, trailResult } from './helpers/results';

export const check: Check = {
  meta: {
    id: 'cloudtrail-log-file-validation',
    title: 'CloudTrail log file validation is enabled',
    severity: 'low',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'Each trail has log file integrity validation enabled, so CloudTrail writes signed digest files for its log files.',
    rationale:
      'Digest files let an auditor prove that delivered log files were not modified or deleted after CloudTrail wrote them; without them, the record cannot be shown to be trustworthy.',
    remediation: {
      text: 'Enable log file validation on the trail.',
      cli: 'aws cloudtrail update-trail --name <trail> --enable-log-file-validation --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-log-file-validation'),
    reads: ['account.trailArns', 'trail.details'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
    ],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'log file validation', (trail, details) => {
      const facts = [
        fact('Trail', trail.name),
        fact('Home Region', trail.homeRegion),
        fact('Log file validation', details.logFileValidationEnabled ? 'enabled' : 'disabled', true),
      ];
      return details.logFileValidationEnabled
        ? trailResult(
            trail,
            'PASS',
            `trail ${trail.name} has log file validation enabled`,
            { logFileValidationEnabled: true },
            facts,
          )
        : trailResult(
            trail,
            'FAIL',
            `trail ${trail.name} has log file validation disabled`,
            { logFileValidationEnabled: false },
            facts,
          );
    });
  },
};
