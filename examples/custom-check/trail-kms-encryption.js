'use strict';

/**
 * A custom trailaudit check: every trail encrypts its log files with a KMS key (SSE-KMS).
 *
 *   trailaudit scan --checks-dir examples/custom-check
 *
 * loads every .js, .cjs and .mjs module directly in that folder; each exports `check`, of the
 * same shape as the built-in checks: `meta` (validated when the module is loaded) and
 * `evaluate(inventory, options)`, which returns one result per resource. evaluate is pure and
 * synchronous: it reads the inventory the scan collected and never calls AWS.
 */

/** A result about one trail, attributed to its owner account and home Region. */
function trailResult(trail, status, message, evidence) {
  return {
    status,
    accountId: trail.ownerAccountId,
    region: trail.homeRegion,
    resourceType: 'AWS::CloudTrail::Trail',
    resourceArn: trail.arn,
    message,
    evidence: { trail: trail.name, ...evidence },
  };
}

function evaluateTrail(trail) {
  // A fact the scan could not read is a gap: the result is ERROR, never a guess.
  if (!trail.details.ok) {
    const { gap } = trail.details;
    return trailResult(
      trail,
      'ERROR',
      `trail ${trail.name} could not be described: ${gap.api} failed (${gap.errorCode}: ${gap.message})`,
      { gap },
    );
  }
  const { kmsKeyId } = trail.details.value;
  if (!kmsKeyId)
    return trailResult(trail, 'FAIL', `trail ${trail.name} does not encrypt its log files with a KMS key`, {
      kmsKeyId: null,
    });
  return trailResult(trail, 'PASS', `trail ${trail.name} encrypts its log files with KMS key ${kmsKeyId}`, {
    kmsKeyId,
  });
}

exports.check = {
  meta: {
    id: 'custom-trail-kms-encryption',
    title: 'Trails encrypt their log files with a KMS key',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      "Each trail names a KMS key (KmsKeyId), so that CloudTrail encrypts its log files with SSE-KMS rather than relying on the bucket's default encryption.",
    rationale:
      'With SSE-KMS, reading the logs needs kms:Decrypt on the key as well as s3:GetObject on the bucket: a second, separately granted and logged permission guards the audit trail.',
    remediation: {
      text: 'Create a KMS key whose key policy lets cloudtrail.amazonaws.com encrypt with it, and set it on the trail.',
      cli: 'aws cloudtrail update-trail --region <region> --name <trail> --kms-key-id <kms-key-arn>',
    },
    frameworks: { 'cis-3.0': ['3.5'], 'aws-securityhub': ['CloudTrail.2'] },
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
    ],
  },
  evaluate(inventory) {
    return inventory.trails.map(evaluateTrail);
  },
};
