import { check } from '../../../checks/cloudtrail-log-retention';
import type { LifecycleRule } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  CENTRAL_BUCKET,
  bucket,
  fail,
  gap,
  inventory,
  logGroupOf,
  ok,
  outOfScope,
  trail,
} from '../../support/fixtures';

const prod = trail('prod', { details: { s3KeyPrefix: 'org' } });
const noLogGroup = trail('prod', { details: { s3KeyPrefix: 'org', cloudWatchLogsLogGroupArn: undefined } });
const rule = (overrides: Partial<LifecycleRule>): LifecycleRule => ({ id: 'expire', status: 'Enabled', ...overrides });
const withLifecycle = (
  rules: LifecycleRule[],
  objectLock: { enabled: boolean; mode?: string; days?: number } | null = null,
) =>
  inventory({
    trails: [noLogGroup],
    buckets: [bucket(CENTRAL_BUCKET, { config: { lifecycle: ok(rules), objectLock: ok(objectLock) } })],
  });

testCheck(check, {
  valid: [
    {
      name: 'no lifecycle rule and a log group kept 365 days passes',
      inventory: inventory({ trails: [prod], buckets: [bucket()] }),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: 'trail prod logs are kept at least 365 days (no shorter lifecycle expiry or log group retention)',
        },
      ],
    },
    {
      name: "a short rule on another prefix does not touch the trail's logs; a disabled rule does not count",
      inventory: withLifecycle([
        rule({ prefix: 'tmp/', expirationDays: 7 }),
        rule({ prefix: 'org/AWSLogs/', expirationDays: 30, status: 'Disabled' }),
        rule({ prefix: 'org/', noncurrentExpirationDays: 30 }),
      ]),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'Object Lock retention of at least the minimum counts in favour of a short rule',
      inventory: withLifecycle([rule({ expirationDays: 90 })], { enabled: true, mode: 'COMPLIANCE', days: 400 }),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'a log group that never expires events passes; option minimumDays lowers the bar',
      inventory: inventory({
        trails: [prod],
        buckets: [bucket(CENTRAL_BUCKET, { config: { lifecycle: ok([rule({ expirationDays: 120 })]) } })],
        logGroups: [logGroupOf(prod, { info: ok({}) })],
      }),
      options: { minimumDays: 90 },
      expect: [{ resource: 'prod', status: 'PASS', message: 'kept at least 90 days' }],
    },
  ],
  invalid: [
    {
      name: 'a whole-bucket rule expiring after 90 days fails (boundary: 364 < 365)',
      inventory: withLifecycle([rule({ expirationDays: 364 })]),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `trail prod logs are kept less than 365 days: lifecycle rule "expire" expires after 364 days on bucket ${CENTRAL_BUCKET} (trail prefix org/AWSLogs/)`,
        },
      ],
    },
    {
      name: "a rule narrower than the trail's prefix still expires some of its logs",
      inventory: withLifecycle([rule({ prefix: 'org/AWSLogs/111111111111/', expirationDays: 30 })]),
      expect: [{ resource: 'prod', status: 'FAIL', message: /"expire" expires after 30 days/ }],
    },
    {
      name: 'Object Lock shorter than the minimum does not save a short rule',
      inventory: withLifecycle([rule({ expirationDays: 90 })], { enabled: true, mode: 'COMPLIANCE', days: 30 }),
      expect: [{ resource: 'prod', status: 'FAIL' }],
    },
    {
      name: 'a log group kept 90 days fails',
      inventory: inventory({
        trails: [prod],
        buckets: [bucket()],
        logGroups: [logGroupOf(prod, { info: ok({ retentionInDays: 90 }) })],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message:
            'trail prod logs are kept less than 365 days: log group aws-cloudtrail-logs-prod keeps events 90 days',
        },
      ],
    },
    {
      name: 'AccessDenied on GetBucketLifecycleConfiguration is ERROR naming the call',
      inventory: inventory({
        trails: [noLogGroup],
        buckets: [bucket(CENTRAL_BUCKET, { config: { lifecycle: fail(gap('s3:GetBucketLifecycleConfiguration')) } })],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message:
            /retention of trail prod logs could not be verified: s3:GetBucketLifecycleConfiguration in us-east-1 failed/,
        },
      ],
    },
    {
      name: 'AccessDenied on Object Lock, needed to weigh a short rule, is ERROR',
      inventory: inventory({
        trails: [noLogGroup],
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              lifecycle: ok([rule({ expirationDays: 30 })]),
              objectLock: fail(gap('s3:GetObjectLockConfiguration')),
            },
          }),
        ],
      }),
      expect: [{ resource: 'prod', status: 'ERROR', message: /s3:GetObjectLockConfiguration/ }],
    },
    {
      name: 'AccessDenied on the log group is ERROR',
      inventory: inventory({
        trails: [prod],
        buckets: [bucket()],
        logGroups: [logGroupOf(prod, { info: fail(gap('logs:DescribeLogGroups')) })],
      }),
      expect: [{ resource: 'prod', status: 'ERROR', message: /logs:DescribeLogGroups/ }],
    },
    {
      name: 'a cross-account bucket outside the scan scope is ERROR, not PASS',
      inventory: inventory({ trails: [noLogGroup], buckets: [bucket(CENTRAL_BUCKET, { ownership: outOfScope() })] }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: /bucket central-logs could not be read: bucket central-logs is owned by an account outside/,
        },
      ],
    },
    {
      name: 'a bucket that was not collected is ERROR',
      inventory: inventory({ trails: [noLogGroup] }),
      expect: [{ resource: 'prod', status: 'ERROR', message: 'bucket central-logs was not collected' }],
    },
  ],
});

describe('cloudtrail-log-retention remediation', () => {
  it("sets the log group's retention to the shortest value CloudWatch Logs accepts at or above the minimum", () => {
    const [result] = check.evaluate(
      inventory({
        trails: [prod],
        buckets: [bucket()],
        logGroups: [logGroupOf(prod, { info: ok({ retentionInDays: 30 }) })],
      }),
      { minimumDays: 366 },
    );
    expect(result?.remediation?.cli).toBe(
      'aws logs put-retention-policy --log-group-name <log-group> --retention-in-days 400 --region <region>',
    );
    expect(result?.remediation?.values).toMatchObject({ 'log-group': 'aws-cloudtrail-logs-prod' });
  });
});
