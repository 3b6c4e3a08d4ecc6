import { check } from '../../../checks/cloudtrail-log-file-validation';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  REGION,
  account,
  fail,
  gap,
  inventory,
  ok,
  organization,
  trail,
  trailArn,
} from '../../support/fixtures';

const TRAIL = 'AWS::CloudTrail::Trail' as const;

testCheck(check, {
  valid: [
    {
      name: 'a trail with log file validation enabled passes, attributed to its owner and home region',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [
        {
          resourceArn: trailArn('prod'),
          status: 'PASS',
          message: 'trail prod has log file validation enabled',
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'each trail is judged on its own, in its own account and region',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [trail('prod'), trail('member-eu', { ownerAccountId: MEMBER_ACCOUNT_ID, homeRegion: OTHER_REGION })],
      }),
      expect: [
        { resource: 'prod', status: 'PASS', accountId: ACCOUNT_ID, region: REGION },
        {
          resourceArn: trailArn('member-eu', MEMBER_ACCOUNT_ID, OTHER_REGION),
          status: 'PASS',
          accountId: MEMBER_ACCOUNT_ID,
          region: OTHER_REGION,
          resourceType: TRAIL,
        },
      ],
    },
    {
      name: 'an account that owns no trail is NOT_APPLICABLE (even when an organization trail covers it)',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
          account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID), trailArns: ok([]) }),
        ],
        trails: [trail('org-trail', { details: { isOrganizationTrail: true } })],
      }),
      expect: [
        { resource: 'org-trail', status: 'PASS' },
        {
          resourceArn: `arn:aws:::${MEMBER_ACCOUNT_ID}`,
          status: 'NOT_APPLICABLE',
          message: 'account owns no trail',
          resourceType: 'AWS::::Account',
          accountId: MEMBER_ACCOUNT_ID,
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'a trail with log file validation disabled fails',
      inventory: inventory({ trails: [trail('prod-local', { details: { logFileValidationEnabled: false } })] }),
      expect: [
        {
          resource: 'prod-local',
          status: 'FAIL',
          message: 'trail prod-local has log file validation disabled',
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'only the trail without validation fails',
      inventory: inventory({
        trails: [trail('prod'), trail('legacy', { details: { logFileValidationEnabled: false } })],
      }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        { resource: 'legacy', status: 'FAIL', message: 'trail legacy has log file validation disabled' },
      ],
    },
    {
      name: 'trail details gap: ERROR describing the gap, never PASS',
      inventory: inventory({
        trails: [
          trail('prod', {
            details: fail(
              gap('cloudtrail:DescribeTrails', { errorCode: 'AccessDeniedException', message: 'no access' }),
            ),
          }),
        ],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: `trail prod could not be described: cloudtrail:DescribeTrails in ${REGION} failed (AccessDeniedException: no access)`,
        },
      ],
    },
    {
      name: 'trails could not be listed in an account: ERROR on the account',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails', { errorCode: 'ThrottlingException' })) }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message:
            /trails could not be listed, so log file validation could not be verified: cloudtrail:ListTrails .*ThrottlingException/,
          resourceType: 'AWS::::Account',
        },
      ],
    },
    {
      name: 'an account that could not be scanned: ERROR on the account',
      inventory: inventory({
        accounts: [
          account(MEMBER_ACCOUNT_ID, {
            status: 'failed',
            failure: gap('sts:AssumeRole', { accountId: MEMBER_ACCOUNT_ID }),
            trailArns: fail(gap('sts:AssumeRole', { accountId: MEMBER_ACCOUNT_ID })),
          }),
        ],
      }),
      expect: [
        { resource: MEMBER_ACCOUNT_ID, status: 'ERROR', message: /account could not be scanned: sts:AssumeRole/ },
      ],
    },
  ],
});
