import { check } from '../../../checks/cloudtrail-cloudwatch-logs';
import type { Inventory, Trail } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  REGION,
  account,
  fail,
  gap,
  hoursBeforeScan,
  inventory,
  logGroupOf,
  ok,
  trail,
  trailArn,
} from '../../support/fixtures';

const TRAIL = 'AWS::CloudTrail::Trail' as const;

/** An inventory holding the trail and its (existing) log group. */
function withLogGroup(...trails: Trail[]): Inventory {
  return inventory({ trails, logGroups: trails.map((t) => logGroupOf(t)) });
}

testCheck(check, {
  valid: [
    {
      name: 'a trail that delivered to CloudWatch Logs 1 h before the scan passes',
      inventory: withLogGroup(trail('prod')),
      expect: [
        {
          resourceArn: trailArn('prod'),
          status: 'PASS',
          message: `trail prod delivers to CloudWatch Logs (last delivery ${hoursBeforeScan(1)})`,
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'a delivery 23.5 h before the scan is within 24 h',
      inventory: withLogGroup(trail('prod', { status: { latestCloudWatchLogsDeliveryTime: hoursBeforeScan(23.5) } })),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'the scan time, not the wall clock, is the reference (delivery long ago, scan soon after)',
      inventory: inventory({
        trails: [trail('prod', { status: { latestCloudWatchLogsDeliveryTime: '2019-03-01T08:00:00.000Z' } })],
        scan: { startedAt: '2019-03-01T10:00:00.000Z', finishedAt: '2019-03-01T10:05:00.000Z' },
      }),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'a trail of another account and region is attributed there',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [trail('prod'), trail('member-eu', { ownerAccountId: MEMBER_ACCOUNT_ID, homeRegion: OTHER_REGION })],
      }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        {
          resourceArn: trailArn('member-eu', MEMBER_ACCOUNT_ID, OTHER_REGION),
          status: 'PASS',
          accountId: MEMBER_ACCOUNT_ID,
          region: OTHER_REGION,
        },
      ],
    },
    {
      name: 'an account that owns no trail is NOT_APPLICABLE',
      inventory: inventory({ accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)], trails: [trail('prod')] }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        {
          resource: MEMBER_ACCOUNT_ID,
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
      name: 'a trail without a CloudWatch Logs log group fails',
      inventory: inventory({
        trails: [
          trail('prod', { details: { cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined } }),
        ],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: 'trail prod does not send events to CloudWatch Logs',
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'a last delivery older than 24 h fails, saying how old',
      inventory: withLogGroup(trail('prod', { status: { latestCloudWatchLogsDeliveryTime: hoursBeforeScan(30) } })),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: 'trail prod last delivered to CloudWatch Logs 30 h before the scan (more than 24 h)',
        },
      ],
    },
    {
      name: 'a delivery error fails even when the last delivery is recent',
      inventory: withLogGroup(
        trail('prod', {
          status: {
            latestCloudWatchLogsDeliveryTime: hoursBeforeScan(1),
            latestCloudWatchLogsDeliveryError: 'AccessDeniedException: role cannot write to log group',
          },
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message:
            'trail prod fails to deliver to CloudWatch Logs: AccessDeniedException: role cannot write to log group',
        },
      ],
    },
    {
      name: 'a trail that never delivered fails',
      inventory: withLogGroup(trail('prod', { status: { latestCloudWatchLogsDeliveryTime: undefined } })),
      expect: [{ resource: 'prod', status: 'FAIL', message: 'trail prod has never delivered to CloudWatch Logs' }],
    },
    {
      name: 'a log group that does not exist fails',
      inventory: inventory({ trails: [trail('prod')], logGroups: [logGroupOf(trail('prod'), { info: ok(null) })] }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: 'trail prod sends to log group aws-cloudtrail-logs-prod, which does not exist',
        },
      ],
    },
    {
      name: 'an unreadable log group is ERROR describing the gap',
      inventory: inventory({
        trails: [trail('prod')],
        logGroups: [
          logGroupOf(trail('prod'), {
            info: fail(gap('logs:DescribeLogGroups', { errorCode: 'AccessDeniedException' })),
          }),
        ],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message:
            /log group of trail prod could not be read: logs:DescribeLogGroups in us-east-1 failed \(AccessDeniedException/,
        },
      ],
    },
    {
      name: 'trail status gap is ERROR describing the gap, never PASS',
      inventory: withLogGroup(
        trail('prod', {
          status: fail(
            gap('cloudtrail:GetTrailStatus', { errorCode: 'AccessDeniedException', message: 'not authorized' }),
          ),
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: `delivery status of trail prod could not be read: cloudtrail:GetTrailStatus in ${REGION} failed (AccessDeniedException: not authorized)`,
        },
      ],
    },
    {
      name: 'trail details gap is ERROR describing the gap',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [
        { resource: 'prod', status: 'ERROR', message: /trail prod could not be described: cloudtrail:DescribeTrails/ },
      ],
    },
    {
      name: 'trails could not be listed in an account: ERROR on the account',
      inventory: inventory({ accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) })] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /CloudWatch Logs integration could not be verified: cloudtrail:ListTrails/,
        },
      ],
    },
  ],
});
