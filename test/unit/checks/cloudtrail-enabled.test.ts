import { check } from '../../../checks/cloudtrail-enabled';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  account,
  fail,
  gap,
  inventory,
  ok,
  organization,
  trail,
  trailArn,
} from '../../support/fixtures';

const ACCOUNT = 'AWS::::Account' as const;
const org = (managementId = ACCOUNT_ID) => [
  account(ACCOUNT_ID, { organization: organization(managementId), trailArns: ok([trailArn('org-trail')]) }),
  account(MEMBER_ACCOUNT_ID, { organization: organization(managementId), trailArns: ok([]) }),
];

testCheck(check, {
  valid: [
    {
      name: 'a logging trail owned by the account passes',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'PASS',
          message: 'trail prod is logging',
          resourceType: ACCOUNT,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: "a member account is covered by the management account's organization trail, even where ListTrails does not show it",
      inventory: inventory({
        accounts: org(),
        trails: [trail('org-trail', { details: { isOrganizationTrail: true } })],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'PASS',
          message: `organization trail org-trail of management account ${ACCOUNT_ID} is logging`,
        },
      ],
    },
    {
      name: 'one logging trail is enough, even when another is stopped or unreadable',
      inventory: inventory({
        trails: [
          trail('stopped', { status: { isLogging: false } }),
          trail('unread', { status: fail(gap('cloudtrail:GetTrailStatus')) }),
          trail('prod'),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: 'trail prod is logging' }],
    },
  ],
  invalid: [
    {
      name: 'an account with no trail fails',
      inventory: inventory(),
      expect: [
        { resource: ACCOUNT_ID, status: 'FAIL', message: 'no trail covers the account: CloudTrail is not enabled' },
      ],
    },
    {
      name: 'a stopped trail fails',
      inventory: inventory({ trails: [trail('prod', { status: { isLogging: false } })] }),
      expect: [
        { resource: ACCOUNT_ID, status: 'FAIL', message: 'no trail covering the account is logging: prod stopped' },
      ],
    },
    {
      name: "a member's own trail does not count for the management account, and a non-organization trail of the management account does not cover members",
      inventory: inventory({
        accounts: org(),
        trails: [trail('org-trail', { details: { isOrganizationTrail: false } })],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        { resource: MEMBER_ACCOUNT_ID, status: 'FAIL', message: 'no trail covers the account' },
      ],
    },
    {
      name: 'AccessDenied on GetTrailStatus is ERROR naming the call, never PASS or FAIL',
      inventory: inventory({
        trails: [trail('prod', { status: fail(gap('cloudtrail:GetTrailStatus', { message: 'denied' })) })],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message:
            'no trail verified as logging; could not read trail prod: cloudtrail:GetTrailStatus in us-east-1 failed (AccessDenied: denied)',
        },
      ],
    },
    {
      name: 'trails that could not be listed: ERROR',
      inventory: inventory({ accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /trails could not be listed: cloudtrail:ListTrails/ }],
    },
    {
      name: 'an account that could not be scanned: ERROR',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID, { status: 'failed', failure: gap('sts:AssumeRole') })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /account could not be scanned: sts:AssumeRole/ }],
    },
  ],
});
