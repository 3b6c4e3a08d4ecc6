import type { Check, CheckResult } from '../src/model/findings';
import type { Inventory, Trail } from '../src/model/inventory';
import { fact, gapFacts, yesNo } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { describeGap, evaluateTrails, gapEvidence, trailResult } from './helpers/results';

const SYMMETRIC = 'SYMMETRIC_DEFAULT';

function judge(inventory: Inventory, trail: Trail, keyId: string): CheckResult {
  const key = (inventory.kmsKeys ?? []).find((k) => k.arn === keyId);
  const base = [fact('Trail', trail.name), fact('KMS key', keyId)];
  if (!key)
    return trailResult(
      trail,
      'ERROR',
      `rotation of KMS key ${keyId} of trail ${trail.name} could not be verified: the key was not collected`,
      { kmsKeyId: keyId },
      [...base, fact('Key information', 'not collected', true)],
    );
  const { info } = key;
  if (!info.ok)
    return trailResult(
      trail,
      'ERROR',
      `rotation of KMS key ${keyId} of trail ${trail.name} could not be verified: ${describeGap(info.gap)}`,
      { kmsKeyId: keyId, ...gapEvidence(info.gap) },
      [...base, ...gapFacts(info.gap)],
    );
  if (info.value === null)
    return trailResult(
      trail,
      'FAIL',
      `trail ${trail.name} encrypts with KMS key ${keyId}, which does not exist: CloudTrail cannot deliver its logs`,
      { kmsKeyId: keyId, keyExists: false },
      [...base, fact('Key exists', 'no', true)],
    );
  const { keyManager, keySpec, keyState, rotationEnabled } = info.value;
  const evidence = { kmsKeyId: keyId, keyAccount: key.accountId, keyManager, keySpec, keyState, rotationEnabled };
  const facts = [
    ...base,
    fact('Key owner account', key.accountId),
    fact('Managed by', keyManager, keyManager === 'AWS'),
    fact('Key spec', keySpec ?? 'unknown', keySpec !== undefined && keySpec !== SYMMETRIC),
    fact('Key state', keyState ?? 'unknown'),
    fact(
      'Automatic rotation',
      rotationEnabled === null ? 'does not apply' : yesNo(rotationEnabled),
      keyManager !== 'AWS',
    ),
  ];
  if (keyManager === 'AWS')
    return trailResult(
      trail,
      'NOT_APPLICABLE',
      `KMS key ${keyId} of trail ${trail.name} is AWS managed: AWS rotates it, customers cannot`,
      evidence,
      facts,
    );
  if (keySpec !== undefined && keySpec !== SYMMETRIC)
    return trailResult(
      trail,
      'NOT_APPLICABLE',
      `KMS key ${keyId} of trail ${trail.name} is ${keySpec}: automatic rotation applies only to symmetric keys`,
      evidence,
      facts,
    );
  if (rotationEnabled === null)
    return trailResult(
      trail,
      'NOT_APPLICABLE',
      `automatic rotation does not apply to KMS key ${keyId} of trail ${trail.name} (imported key material): rotate it manually`,
      evidence,
      facts,
    );
  if (rotationEnabled)
    return trailResult(
      trail,
      'PASS',
      `customer-managed KMS key ${keyId} of trail ${trail.name} has automatic rotation enabled`,
      evidence,
      facts,
    );
  return {
    ...trailResult(
      trail,
      'FAIL',
      `customer-managed KMS key ${keyId} of trail ${trail.name} does not have automatic rotation enabled`,
      evidence,
      facts,
    ),
    remediation: {
      values: { 'kms-key': key.arn, region: key.region, account: key.accountId },
      note: 'Run it with the credentials of the key owner account <account>.',
    },
  };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-kms-key-rotation',
    title: 'Automatic rotation is enabled on the KMS key of the trail',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      "The customer-managed symmetric KMS key a trail encrypts with has automatic rotation enabled, read in the key owner's account (DescribeKey, GetKeyRotationStatus). Trails without a key, AWS managed keys, asymmetric keys and keys with imported material are NOT_APPLICABLE; a key that could not be read is ERROR.",
    rationale:
      'Rotation limits how much log data one version of the key material protects, and is what CIS, PCI DSS and Security Hub expect of keys guarding audit logs.',
    remediation: {
      text: 'Enable automatic rotation of the key, with the credentials of the account that owns it.',
      cli: 'aws kms enable-key-rotation --key-id <kms-key> --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-kms-key-rotation'),
    reads: ['account.trailArns', 'trail.details', 'kmsKey.info'],
    references: ['https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'KMS key rotation', (trail, details) =>
      details.kmsKeyId
        ? judge(inventory, trail, details.kmsKeyId)
        : trailResult(
            trail,
            'NOT_APPLICABLE',
            `trail ${trail.name} does not encrypt with a KMS key (see cloudtrail-kms-encryption)`,
            { kmsKeyId: null },
            [fact('Trail', trail.name), fact('KMS key', 'none', true)],
          ),
    );
  },
};
