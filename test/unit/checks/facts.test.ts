/**
 * Issue 7: "each finding shows the few facts that decided it as a short labelled list … with the
 * deciding fact highlighted". One table per built-in check: representative PASS, FAIL and ERROR
 * results, and the facts (label, value, deciding) each must carry.
 */
import { builtInChecks } from '../../../checks';
import { check as mfaDelete } from '../../../checks/cloudtrail-bucket-mfa-delete';
import { check as notPublic } from '../../../checks/cloudtrail-bucket-not-public';
import { check as restricted } from '../../../checks/cloudtrail-bucket-restricted';
import { check as centralBucket } from '../../../checks/cloudtrail-central-bucket';
import { check as cloudwatchLogs } from '../../../checks/cloudtrail-cloudwatch-logs';
import { check as logFileValidation } from '../../../checks/cloudtrail-log-file-validation';
import { check as multiRegion } from '../../../checks/cloudtrail-multi-region';
import type { Inventory, PolicyStatement } from '../../../src/model/inventory';
import {
  ACCOUNT_ID,
  ALL_USERS,
  AUTHENTICATED_USERS,
  CENTRAL_BUCKET,
  FOREIGN_ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  REGION,
  account,
  aclGranting,
  bucket,
  bucketArn,
  bucketPolicy,
  cloudTrailStatements,
  fail,
  gap,
  hoursBeforeScan,
  inventory,
  logGroupArn,
  logGroupOf,
  managementSelector,
  ok,
  organization,
  policy,
  publicAccessBlock,
  trail,
} from '../../support/fixtures';
import { expectWellFormedFacts, testFacts } from './fact-tester';

const trails = [trail('prod')];
const withBucket = (overrides: Parameters<typeof bucket>[1] = {}): Inventory =>
  inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, overrides)] });
const denied = (api: string) =>
  gap(api, { errorCode: 'AccessDenied', message: `User is not authorized to perform: ${api}` });

testFacts(multiRegion, [
  {
    name: 'PASS: the covering trail, multi-region, logging, read and write management events, no exclusions',
    inventory: inventory({ trails: [trail('prod')] }),
    resource: ACCOUNT_ID,
    status: 'PASS',
    facts: [
      { label: 'Trail', value: 'prod', deciding: false },
      { label: 'Multi-region', value: 'yes', deciding: true },
      { label: 'Logging', value: 'yes', deciding: true },
      { label: 'Management events', value: 'read and write', deciding: true },
      { label: 'Exclusions', value: 'none', deciding: false },
      { label: 'Regions covered', value: `${REGION}, eu-west-1`, deciding: false },
    ],
  },
  {
    name: 'PASS in a member account: the organization trail of the management account',
    inventory: inventory({
      accounts: [
        account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
        account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
      ],
      trails: [trail('org-trail', { details: { isOrganizationTrail: true } })],
    }),
    resource: MEMBER_ACCOUNT_ID,
    status: 'PASS',
    facts: [
      { label: 'Trail', value: `org-trail (organization trail of management account ${ACCOUNT_ID})`, deciding: false },
    ],
  },
  {
    name: 'FAIL: a single-region trail — multi-region "no" is the deciding fact',
    inventory: inventory({ trails: [trail('prod', { details: { isMultiRegion: false } })] }),
    resource: ACCOUNT_ID,
    status: 'FAIL',
    facts: [
      { label: 'Trail', value: 'prod', deciding: false },
      { label: 'Multi-region', value: `no (only ${REGION})`, deciding: true },
      { label: 'Logging', value: 'yes', deciding: false },
      { label: 'Management events', value: 'read and write', deciding: false },
    ],
  },
  {
    name: 'FAIL: write-only management events excluding a source — management events and exclusions decide',
    inventory: inventory({
      trails: [
        trail('prod', {
          eventSelectors: {
            basic: [],
            advanced: [managementSelector({ field: 'eventSource', notEquals: ['kms.amazonaws.com'] })],
          },
        }),
      ],
    }),
    resource: ACCOUNT_ID,
    status: 'FAIL',
    facts: [
      { label: 'Management events', value: 'none', deciding: true },
      { label: 'Exclusions', value: /excludes eventSource kms\.amazonaws\.com/, deciding: true },
    ],
  },
  {
    name: 'FAIL: a trail that is not logging, another trail named',
    inventory: inventory({
      trails: [
        trail('prod', { status: { isLogging: false } }),
        trail('legacy', { details: { isMultiRegion: false }, status: { isLogging: false } }),
      ],
    }),
    resource: ACCOUNT_ID,
    status: 'FAIL',
    facts: [
      { label: 'Trail', value: 'prod', deciding: false },
      { label: 'Logging', value: 'no', deciding: true },
      { label: 'Other trails considered', value: 'legacy', deciding: false },
    ],
  },
  {
    name: 'FAIL: no trail at all',
    inventory: inventory(),
    resource: ACCOUNT_ID,
    status: 'FAIL',
    facts: [{ label: 'Trails covering the account', value: 'none', deciding: true }],
  },
  {
    name: 'ERROR: the failed call, its error code and message',
    inventory: inventory({
      accounts: [
        account(ACCOUNT_ID, {
          trailArns: fail(gap('cloudtrail:ListTrails', { errorCode: 'ThrottlingException', message: 'Rate exceeded' })),
        }),
      ],
    }),
    resource: ACCOUNT_ID,
    status: 'ERROR',
    facts: [
      { label: 'Failed call', value: `cloudtrail:ListTrails in ${REGION}`, deciding: true },
      { label: 'Error code', value: 'ThrottlingException', deciding: true },
      { label: 'Message', value: 'Rate exceeded', deciding: false },
    ],
  },
  {
    name: 'ERROR: a trail whose status could not be read',
    inventory: inventory({ trails: [trail('prod', { status: fail(denied('cloudtrail:GetTrailStatus')) })] }),
    resource: ACCOUNT_ID,
    status: 'ERROR',
    facts: [
      { label: 'Trail', value: 'prod', deciding: false },
      { label: 'Failed call', value: `cloudtrail:GetTrailStatus in ${REGION}`, deciding: true },
      { label: 'Error code', value: 'AccessDenied', deciding: true },
    ],
  },
]);

testFacts(logFileValidation, [
  {
    name: 'PASS: validation enabled',
    inventory: inventory({ trails: [trail('prod')] }),
    resource: 'prod',
    status: 'PASS',
    facts: [
      { label: 'Trail', value: 'prod', deciding: false },
      { label: 'Log file validation', value: 'enabled', deciding: true },
    ],
  },
  {
    name: 'FAIL: validation disabled is the deciding fact',
    inventory: inventory({ trails: [trail('prod', { details: { logFileValidationEnabled: false } })] }),
    resource: 'prod',
    status: 'FAIL',
    facts: [
      { label: 'Home Region', value: REGION, deciding: false },
      { label: 'Log file validation', value: 'disabled', deciding: true },
    ],
  },
  {
    name: 'ERROR: DescribeTrails failed',
    inventory: inventory({
      trails: [
        trail('prod', {
          details: fail(gap('cloudtrail:DescribeTrails', { errorCode: 'AccessDeniedException', message: 'no access' })),
        }),
      ],
    }),
    resource: 'prod',
    status: 'ERROR',
    facts: [
      { label: 'Trail', value: 'prod', deciding: false },
      { label: 'Failed call', value: `cloudtrail:DescribeTrails in ${REGION}`, deciding: true },
      { label: 'Error code', value: 'AccessDeniedException', deciding: true },
      { label: 'Message', value: 'no access', deciding: false },
    ],
  },
  {
    name: 'NOT_APPLICABLE: the account owns no trail',
    inventory: inventory({
      accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID, { trailArns: ok([]) })],
      trails: [trail('prod')],
    }),
    resource: MEMBER_ACCOUNT_ID,
    status: 'NOT_APPLICABLE',
    facts: [{ label: 'Trails the account owns', value: 'none', deciding: true }],
  },
]);

testFacts(centralBucket, [
  {
    name: 'PASS: the trail delivers to the central bucket',
    inventory: inventory({ trails: [trail('prod')] }),
    options: { bucket: CENTRAL_BUCKET },
    resource: 'prod',
    status: 'PASS',
    facts: [
      { label: 'Delivers to bucket', value: CENTRAL_BUCKET, deciding: true },
      { label: 'Central bucket', value: CENTRAL_BUCKET, deciding: false },
      {
        label: 'Central bucket chosen because',
        value: 'the configured central bucket (option bucket)',
        deciding: false,
      },
    ],
  },
  {
    name: 'FAIL: the trail delivers elsewhere',
    inventory: inventory({ trails: [trail('prod'), trail('stray', { details: { s3BucketName: 'stray-logs' } })] }),
    options: { bucket: CENTRAL_BUCKET },
    resource: 'stray',
    status: 'FAIL',
    facts: [
      { label: 'Delivers to bucket', value: 'stray-logs', deciding: true },
      { label: 'Central bucket', value: CENTRAL_BUCKET, deciding: false },
    ],
  },
  {
    name: 'FAIL: no central bucket can be chosen',
    inventory: inventory({
      trails: [
        trail('a', { details: { s3BucketName: 'logs-a' } }),
        trail('b', { details: { s3BucketName: 'logs-b' } }),
      ],
    }),
    resource: 'a',
    status: 'FAIL',
    facts: [{ label: 'Central bucket', value: 'none could be chosen', deciding: true }],
  },
]);

function publicRead(condition?: PolicyStatement['Condition']): PolicyStatement {
  return {
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
    ...(condition ? { Condition: condition } : {}),
  };
}

testFacts(notPublic, [
  {
    name: 'FAIL: "ACL grants READ to AllUsers" — the grant itself, grantee and permission',
    inventory: withBucket({ config: { acl: ok(aclGranting(ALL_USERS, 'READ')) } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'ACL grant', value: `READ to Group ${ALL_USERS}`, deciding: false },
      { label: 'Grantee', value: 'AllUsers', deciding: true },
      { label: 'Permission', value: 'READ', deciding: true },
      { label: 'Block Public Access', value: 'bucket: not configured; account: not configured', deciding: false },
    ],
  },
  {
    name: 'FAIL: a public policy statement — Sid, principal, actions and (missing) condition',
    inventory: withBucket({ config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead())) } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Statement', value: '"PublicRead" (#4)', deciding: false },
      { label: 'Effect', value: 'Allow', deciding: false },
      { label: 'Principal', value: '*', deciding: true },
      { label: 'Action', value: 's3:GetObject', deciding: false },
      { label: 'Resource', value: `${bucketArn(CENTRAL_BUCKET)}/*`, deciding: false },
      { label: 'Condition', value: 'none', deciding: true },
    ],
  },
  {
    name: 'FAIL: a condition that does not restrict is shown as compact text',
    inventory: withBucket({
      config: {
        policy: ok(
          bucketPolicy(
            CENTRAL_BUCKET,
            ACCOUNT_ID,
            publicRead({ StringNotEquals: { 'aws:SourceAccount': '123456789012' } }),
          ),
        ),
      },
    }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [{ label: 'Condition', value: 'StringNotEquals aws:SourceAccount = 123456789012', deciding: true }],
  },
  {
    name: 'FAIL: two exposures — the first in full, the other counted',
    inventory: withBucket({
      config: {
        acl: ok(aclGranting(AUTHENTICATED_USERS, 'WRITE')),
        policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead())),
      },
    }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Grantee', value: 'AuthenticatedUsers', deciding: true },
      { label: 'Other exposures', value: /policy statement "PublicRead" allows s3:GetObject/, deciding: false },
    ],
  },
  {
    name: 'PASS: a public ACL neutralised by Block Public Access',
    inventory: withBucket({
      config: { acl: ok(aclGranting(ALL_USERS)), publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })) },
    }),
    resource: CENTRAL_BUCKET,
    status: 'PASS',
    facts: [
      { label: 'Public ACL grants', value: 'present, ignored', deciding: false },
      {
        label: 'Block Public Access',
        value: 'bucket: IgnorePublicAcls on, RestrictPublicBuckets off; account: not configured',
        deciding: false,
      },
      { label: 'Neutralised by', value: 'ACL grants ignored by IgnorePublicAcls (bucket level)', deciding: true },
    ],
  },
  {
    name: 'PASS: nothing public',
    inventory: withBucket(),
    resource: CENTRAL_BUCKET,
    status: 'PASS',
    facts: [
      { label: 'Public ACL grants', value: 'none', deciding: true },
      { label: 'Public policy statements', value: 'none', deciding: true },
    ],
  },
  {
    name: 'ERROR: the policy could not be read',
    inventory: withBucket({ config: { policy: fail(denied('s3:GetBucketPolicy')) } }),
    resource: CENTRAL_BUCKET,
    status: 'ERROR',
    facts: [
      { label: 'Failed call', value: `s3:GetBucketPolicy in ${REGION}`, deciding: true },
      { label: 'Error code', value: 'AccessDenied', deciding: true },
    ],
  },
]);

const foreignDelete: PolicyStatement = {
  Sid: 'PartnerCleanup',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root` },
  Action: 's3:DeleteObject',
  Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
};
const unscoped = cloudTrailStatements().map((s) => {
  const { Condition, ...rest } = s;
  const acl = (Condition as Record<string, Record<string, unknown>> | undefined)?.StringEquals;
  return acl ? { ...rest, Condition: { StringEquals: acl } } : rest;
});

testFacts(restricted, [
  {
    name: 'PASS: TLS denied, CloudTrail scoped, no outsider grant',
    inventory: withBucket(),
    resource: CENTRAL_BUCKET,
    status: 'PASS',
    facts: [
      { label: 'Bucket policy', value: '3 statement(s)', deciding: false },
      { label: 'Plain HTTP (aws:SecureTransport=false)', value: 'denied to every principal', deciding: true },
      {
        label: 'Allows to cloudtrail.amazonaws.com',
        value: '2, each scoped by aws:SourceArn or aws:SourceAccount',
        deciding: true,
      },
    ],
  },
  {
    name: 'FAIL: no policy at all',
    inventory: withBucket({ config: { policy: ok(null) } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Bucket policy', value: 'none', deciding: true },
      { label: 'Plain HTTP (aws:SecureTransport=false)', value: 'not denied to every principal', deciding: true },
    ],
  },
  {
    name: 'FAIL: an unscoped CloudTrail statement — its condition decides',
    inventory: withBucket({
      config: { policy: ok(policy(bucketPolicy().Statement[0] as PolicyStatement, ...unscoped)) },
    }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Statement', value: '"AWSCloudTrailAclCheck" (#2)', deciding: false },
      { label: 'Principal', value: 'Service: cloudtrail.amazonaws.com', deciding: false },
      { label: 'Condition', value: 'none', deciding: true },
      { label: 'Other problems', value: /^1 more/, deciding: false },
    ],
    absent: ['Effect'],
  },
  {
    name: 'FAIL: a foreign account may delete logs — principal and actions decide',
    inventory: withBucket({ config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, foreignDelete)) } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Plain HTTP (aws:SecureTransport=false)', value: 'denied to every principal', deciding: false },
      { label: 'Statement', value: '"PartnerCleanup" (#4)', deciding: false },
      { label: 'Principal', value: `AWS: arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root`, deciding: true },
      { label: 'Action', value: 's3:DeleteObject', deciding: true },
      { label: 'Lets', value: /s3:DeleteObject/, deciding: true },
    ],
  },
  {
    name: 'FAIL: a TLS statement with a StringEquals aws:SourceAccount condition shows it compactly',
    inventory: withBucket({
      config: {
        policy: ok(
          policy(
            {
              ...(bucketPolicy().Statement[0] as PolicyStatement),
              Condition: {
                Bool: { 'aws:SecureTransport': 'false' },
                StringEquals: { 'aws:SourceAccount': '123456789012' },
              },
            },
            ...cloudTrailStatements(),
            foreignDelete,
          ),
        ),
      },
    }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Plain HTTP (aws:SecureTransport=false)', value: 'not denied to every principal', deciding: true },
    ],
  },
  {
    name: 'ERROR: GetBucketPolicy failed',
    inventory: withBucket({ config: { policy: fail(denied('s3:GetBucketPolicy')) } }),
    resource: CENTRAL_BUCKET,
    status: 'ERROR',
    facts: [
      { label: 'Bucket', value: CENTRAL_BUCKET, deciding: false },
      { label: 'Failed call', value: `s3:GetBucketPolicy in ${REGION}`, deciding: true },
    ],
  },
]);

testFacts(mfaDelete, [
  {
    name: 'PASS: versioning and MFA delete enabled',
    inventory: withBucket(),
    resource: CENTRAL_BUCKET,
    status: 'PASS',
    facts: [
      { label: 'Versioning', value: 'Enabled', deciding: true },
      { label: 'MFA delete', value: 'Enabled', deciding: true },
    ],
  },
  {
    name: 'FAIL: versioning suspended decides',
    inventory: withBucket({ config: { versioning: ok({ status: 'Suspended', mfaDelete: 'Disabled' }) } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Versioning', value: 'Suspended', deciding: true },
      { label: 'MFA delete', value: 'Disabled', deciding: false },
    ],
  },
  {
    name: 'FAIL: MFA delete disabled decides',
    inventory: withBucket({ config: { versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [
      { label: 'Versioning', value: 'Enabled', deciding: false },
      { label: 'MFA delete', value: 'Disabled', deciding: true },
    ],
  },
  {
    name: 'FAIL: the bucket does not exist',
    inventory: withBucket({ ownership: { kind: 'missing', detail: 'NoSuchBucket' } }),
    resource: CENTRAL_BUCKET,
    status: 'FAIL',
    facts: [{ label: 'Bucket exists', value: 'no', deciding: true }],
  },
  {
    name: 'ERROR: GetBucketVersioning failed',
    inventory: withBucket({
      config: { versioning: fail(gap('s3:GetBucketVersioning', { errorCode: 'AccessDenied', message: 'denied' })) },
    }),
    resource: CENTRAL_BUCKET,
    status: 'ERROR',
    facts: [
      { label: 'Failed call', value: `s3:GetBucketVersioning in ${REGION}`, deciding: true },
      { label: 'Error code', value: 'AccessDenied', deciding: true },
      { label: 'Message', value: 'denied', deciding: false },
    ],
  },
]);

const prod = trail('prod');
testFacts(cloudwatchLogs, [
  {
    name: 'PASS: recent delivery decides',
    inventory: inventory({ trails: [prod] }),
    resource: 'prod',
    status: 'PASS',
    facts: [
      { label: 'CloudWatch Logs log group', value: logGroupArn('aws-cloudtrail-logs-prod'), deciding: false },
      { label: 'Last delivery', value: `${hoursBeforeScan(1)} (1 h before the scan; at most 24 h)`, deciding: true },
      { label: 'Delivery error', value: 'none', deciding: false },
    ],
  },
  {
    name: 'FAIL: no log group',
    inventory: inventory({ trails: [trail('prod', { details: { cloudWatchLogsLogGroupArn: undefined } })] }),
    resource: 'prod',
    status: 'FAIL',
    facts: [{ label: 'CloudWatch Logs log group', value: 'none', deciding: true }],
  },
  {
    name: 'FAIL: a delivery error decides',
    inventory: inventory({
      trails: [trail('prod', { status: { latestCloudWatchLogsDeliveryError: 'AccessDenied' } })],
    }),
    resource: 'prod',
    status: 'FAIL',
    facts: [{ label: 'Delivery error', value: 'AccessDenied', deciding: true }],
  },
  {
    name: 'FAIL: a stale delivery decides',
    inventory: inventory({
      trails: [trail('prod', { status: { latestCloudWatchLogsDeliveryTime: hoursBeforeScan(30) } })],
    }),
    resource: 'prod',
    status: 'FAIL',
    facts: [
      { label: 'Last delivery', value: `${hoursBeforeScan(30)} (30 h before the scan; at most 24 h)`, deciding: true },
    ],
  },
  {
    name: 'ERROR: the log group could not be read',
    inventory: inventory({
      trails: [prod],
      logGroups: [
        logGroupOf(prod, {
          info: fail(gap('logs:DescribeLogGroups', { errorCode: 'AccessDeniedException', message: 'no' })),
        }),
      ],
    }),
    resource: 'prod',
    status: 'ERROR',
    facts: [
      { label: 'Failed call', value: `logs:DescribeLogGroups in ${REGION}`, deciding: true },
      { label: 'Error code', value: 'AccessDeniedException', deciding: true },
    ],
  },
]);

describe('every result of every built-in check carries a handful of well-formed facts', () => {
  const inventories: [string, Inventory][] = [
    ['a compliant account', inventory({ trails, buckets: [bucket()] })],
    [
      'a broken account',
      inventory({
        trails: [
          trail('prod', {
            details: {
              isMultiRegion: false,
              logFileValidationEnabled: false,
              s3BucketName: 'other',
              cloudWatchLogsLogGroupArn: undefined,
            },
          }),
        ],
        buckets: [
          bucket('other', {
            config: {
              acl: ok(aclGranting(ALL_USERS)),
              policy: ok(null),
              versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }),
            },
          }),
        ],
      }),
    ],
    [
      'an unreadable account',
      inventory({
        accounts: [
          account(ACCOUNT_ID, {
            status: 'failed',
            failure: gap('sts:AssumeRole'),
            trailArns: fail(gap('sts:AssumeRole')),
          }),
        ],
      }),
    ],
    ['an account without trails', inventory()],
  ];
  for (const [name, inv] of inventories) {
    it(name, () => {
      for (const check of builtInChecks) for (const result of check.evaluate(inv, {})) expectWellFormedFacts(result);
    });
  }
});
