import { check } from '../../../checks/cloudtrail-central-bucket';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  REGION,
  account,
  fail,
  gap,
  inventory,
  organization,
  trail,
  trailArn,
} from '../../support/fixtures';

const TRAIL = 'AWS::CloudTrail::Trail' as const;
const orgAccounts = [
  account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
  account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
];

testCheck(check, {
  valid: [
    {
      name: 'every trail delivers to the bucket most trails use',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [trail('prod'), trail('member', { ownerAccountId: MEMBER_ACCOUNT_ID })],
      }),
      expect: [
        {
          resourceArn: trailArn('prod'),
          status: 'PASS',
          message: `trail prod delivers to the central bucket ${CENTRAL_BUCKET} (the bucket most trails use (2 of 2))`,
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
        { resourceArn: trailArn('member', MEMBER_ACCOUNT_ID), status: 'PASS', accountId: MEMBER_ACCOUNT_ID },
      ],
    },
    {
      name: 'the configured bucket (option bucket) is the central one',
      inventory: inventory({ trails: [trail('prod', { details: { s3BucketName: 'log-archive' } })] }),
      options: { bucket: 'log-archive' },
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message:
            'trail prod delivers to the central bucket log-archive (the configured central bucket (option bucket))',
        },
      ],
    },
    {
      name: "the organization trail's bucket is the central one",
      inventory: inventory({
        accounts: orgAccounts,
        trails: [trail('org-trail', { details: { isOrganizationTrail: true, s3BucketName: 'org-logs' } })],
      }),
      expect: [
        {
          resource: 'org-trail',
          status: 'PASS',
          message: 'delivers to the central bucket org-logs (the organization trail delivers there)',
        },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'NOT_APPLICABLE',
          message: 'account owns no trail',
          resourceType: 'AWS::::Account',
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'the configured bucket wins over the bucket every trail uses',
      inventory: inventory({ trails: [trail('prod'), trail('audit')] }),
      options: { bucket: 'log-archive' },
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `trail prod delivers to ${CENTRAL_BUCKET}, not to the central bucket log-archive (the configured central bucket (option bucket))`,
          resourceType: TRAIL,
        },
        { resource: 'audit', status: 'FAIL', message: 'not to the central bucket log-archive' },
      ],
    },
    {
      name: "the organization trail's bucket wins over the bucket most trails use",
      inventory: inventory({
        accounts: orgAccounts,
        trails: [
          trail('org-trail', { details: { isOrganizationTrail: true, s3BucketName: 'org-logs' } }),
          trail('local-a', { details: { s3BucketName: 'local-logs' } }),
          trail('local-b', { ownerAccountId: MEMBER_ACCOUNT_ID, details: { s3BucketName: 'local-logs' } }),
        ],
      }),
      expect: [
        { resource: 'org-trail', status: 'PASS' },
        {
          resource: 'local-a',
          status: 'FAIL',
          message:
            'trail local-a delivers to local-logs, not to the central bucket org-logs (the organization trail delivers there)',
        },
        {
          resourceArn: trailArn('local-b', MEMBER_ACCOUNT_ID),
          status: 'FAIL',
          accountId: MEMBER_ACCOUNT_ID,
          message: 'not to the central bucket org-logs',
        },
      ],
    },
    {
      name: 'without option or organization trail, the majority bucket is central and the stray trail fails',
      inventory: inventory({
        trails: [trail('prod'), trail('audit'), trail('stray', { details: { s3BucketName: 'stray-logs' } })],
      }),
      expect: [
        { resource: 'prod', status: 'PASS', message: 'the bucket most trails use (2 of 3)' },
        { resource: 'audit', status: 'PASS' },
        {
          resource: 'stray',
          status: 'FAIL',
          message: `trail stray delivers to stray-logs, not to the central bucket ${CENTRAL_BUCKET} (the bucket most trails use (2 of 3))`,
        },
      ],
    },
    {
      name: 'a tie between buckets leaves no central bucket: every trail fails and the message asks for the option bucket',
      inventory: inventory({
        trails: [
          trail('a', { details: { s3BucketName: 'a-logs' } }),
          trail('b', { details: { s3BucketName: 'b-logs' } }),
        ],
      }),
      expect: [
        {
          resource: 'a',
          status: 'FAIL',
          message:
            'trail a delivers to a-logs, but no single central bucket: trails deliver to a-logs, b-logs equally (1 each); configure the central bucket (option bucket of cloudtrail-central-bucket)',
        },
        { resource: 'b', status: 'FAIL', message: /trail b delivers to b-logs, but no single central bucket/ },
      ],
    },
    {
      name: 'trail details gap: ERROR describing the gap, never PASS',
      inventory: inventory({
        trails: [trail('prod'), trail('unreadable', { details: fail(gap('cloudtrail:DescribeTrails')) })],
      }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        {
          resource: 'unreadable',
          status: 'ERROR',
          message:
            /trail unreadable could not be described: cloudtrail:DescribeTrails in us-east-1 failed \(AccessDenied/,
        },
      ],
    },
    {
      name: 'trails could not be listed in an account: ERROR on the account',
      inventory: inventory({ accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) })] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /log aggregation could not be verified: cloudtrail:ListTrails/,
        },
      ],
    },
  ],
});
