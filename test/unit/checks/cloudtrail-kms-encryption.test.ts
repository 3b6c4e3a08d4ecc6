import { check } from '../../../checks/cloudtrail-kms-encryption';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  account,
  fail,
  gap,
  inventory,
  kmsKeyArn,
  ok,
  organization,
  trail,
} from '../../support/fixtures';

const KEY = kmsKeyArn();

testCheck(check, {
  valid: [
    {
      name: 'a trail with a KMS key passes',
      inventory: inventory({ trails: [trail('prod', { details: { kmsKeyId: KEY } })] }),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `trail prod encrypts its logs with KMS key ${KEY}`,
          resourceType: 'AWS::CloudTrail::Trail',
        },
      ],
    },
    {
      name: "a key of another account (a log-archive account's key) counts as well",
      inventory: inventory({ trails: [trail('prod', { details: { kmsKeyId: kmsKeyArn('k', MEMBER_ACCOUNT_ID) } })] }),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'a member account covered only by the organization trail owns no trail: NOT_APPLICABLE',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization() }),
          account(MEMBER_ACCOUNT_ID, { organization: organization(), trailArns: ok([]) }),
        ],
        trails: [trail('org-trail', { details: { isOrganizationTrail: true, kmsKeyId: KEY } })],
      }),
      expect: [
        { resource: 'org-trail', status: 'PASS' },
        { resource: MEMBER_ACCOUNT_ID, status: 'NOT_APPLICABLE', message: 'account owns no trail' },
      ],
    },
  ],
  invalid: [
    {
      name: 'a trail without a KMS key fails',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [{ resource: 'prod', status: 'FAIL', message: 'trail prod does not encrypt its logs with a KMS key' }],
    },
    {
      name: 'a trail that cannot be described is ERROR naming the call',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [
        { resource: 'prod', status: 'ERROR', message: /trail prod could not be described: cloudtrail:DescribeTrails/ },
      ],
    },
    {
      name: 'trails that could not be listed: ERROR on the account',
      inventory: inventory({ accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /trails could not be listed, so log encryption/ }],
    },
  ],
});
