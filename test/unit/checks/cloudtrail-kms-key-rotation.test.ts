import { check } from '../../../checks/cloudtrail-kms-key-rotation';
import { testCheck } from '../../support/check-tester';
import {
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  fail,
  gap,
  inventory,
  kmsKey,
  kmsKeyArn,
  ok,
  trail,
} from '../../support/fixtures';

const KEY = kmsKeyArn();
const encrypted = (key = KEY) => [trail('prod', { details: { kmsKeyId: key } })];

testCheck(check, {
  valid: [
    {
      name: 'a customer-managed symmetric key with rotation on passes',
      inventory: inventory({ trails: encrypted(), kmsKeys: [kmsKey(KEY)] }),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `customer-managed KMS key ${KEY} of trail prod has automatic rotation enabled`,
        },
      ],
    },
    {
      name: "a key in another in-scope account, read with its owner's credentials, is judged like any other",
      inventory: inventory({
        trails: encrypted(kmsKeyArn('archive-key', MEMBER_ACCOUNT_ID, OTHER_REGION)),
        kmsKeys: [kmsKey(kmsKeyArn('archive-key', MEMBER_ACCOUNT_ID, OTHER_REGION))],
      }),
      expect: [
        { resource: 'prod', status: 'PASS', message: /archive-key of trail prod has automatic rotation enabled/ },
      ],
    },
    {
      name: 'a trail without a KMS key is NOT_APPLICABLE',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [
        {
          resource: 'prod',
          status: 'NOT_APPLICABLE',
          message: 'trail prod does not encrypt with a KMS key (see cloudtrail-kms-encryption)',
        },
      ],
    },
    {
      name: 'an AWS managed key is NOT_APPLICABLE, saying why',
      inventory: inventory({
        trails: encrypted(),
        kmsKeys: [kmsKey(KEY, { info: { keyManager: 'AWS', rotationEnabled: null } })],
      }),
      expect: [
        { resource: 'prod', status: 'NOT_APPLICABLE', message: /is AWS managed: AWS rotates it, customers cannot/ },
      ],
    },
    {
      name: 'an asymmetric key is NOT_APPLICABLE',
      inventory: inventory({
        trails: encrypted(),
        kmsKeys: [kmsKey(KEY, { info: { keySpec: 'RSA_2048', rotationEnabled: null } })],
      }),
      expect: [{ resource: 'prod', status: 'NOT_APPLICABLE', message: /is RSA_2048: automatic rotation applies only/ }],
    },
  ],
  invalid: [
    {
      name: 'a customer-managed key with rotation off fails',
      inventory: inventory({ trails: encrypted(), kmsKeys: [kmsKey(KEY, { info: { rotationEnabled: false } })] }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `customer-managed KMS key ${KEY} of trail prod does not have automatic rotation enabled`,
        },
      ],
    },
    {
      name: 'a key that does not exist fails: the trail cannot deliver',
      inventory: inventory({ trails: encrypted(), kmsKeys: [kmsKey(KEY, { info: ok(null) })] }),
      expect: [
        { resource: 'prod', status: 'FAIL', message: /which does not exist: CloudTrail cannot deliver its logs/ },
      ],
    },
    {
      name: 'AccessDenied reading the key is ERROR naming the call',
      inventory: inventory({
        trails: encrypted(),
        kmsKeys: [kmsKey(KEY, { info: fail(gap('kms:GetKeyRotationStatus', { message: 'denied' })) })],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: `rotation of KMS key ${KEY} of trail prod could not be verified: kms:GetKeyRotationStatus in us-east-1 failed (AccessDenied: denied)`,
        },
      ],
    },
    {
      name: 'a cross-account key outside the scope (not collected) is ERROR, never PASS',
      inventory: inventory({ trails: encrypted(kmsKeyArn('foreign', '999999999999')) }),
      expect: [{ resource: 'prod', status: 'ERROR', message: /could not be verified: the key was not collected/ }],
    },
  ],
});

describe('cloudtrail-kms-key-rotation remediation', () => {
  it("names the key and runs in the key's Region and account", () => {
    const [result] = check.evaluate(
      inventory({
        trails: encrypted(kmsKeyArn('k', MEMBER_ACCOUNT_ID, OTHER_REGION)),
        kmsKeys: [kmsKey(kmsKeyArn('k', MEMBER_ACCOUNT_ID, OTHER_REGION), { info: { rotationEnabled: false } })],
      }),
      {},
    );
    expect(result?.remediation?.values).toEqual({
      'kms-key': kmsKeyArn('k', MEMBER_ACCOUNT_ID, OTHER_REGION),
      region: OTHER_REGION,
      account: MEMBER_ACCOUNT_ID,
    });
  });
});
