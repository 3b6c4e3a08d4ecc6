import { check } from '../../../checks/cloudtrail-bucket-mfa-delete';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  REGION,
  account,
  bucket,
  bucketArn,
  fail,
  gap,
  inventory,
  ok,
  outOfScope,
  trail,
} from '../../support/fixtures';

const BUCKET = 'AWS::S3::Bucket' as const;
const trails = [trail('prod')];

testCheck(check, {
  valid: [
    {
      name: 'versioning Enabled and MFADelete Enabled passes (the emulator cannot set MFADelete)',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resourceArn: bucketArn(CENTRAL_BUCKET),
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} has versioning and MFA delete enabled`,
          resourceType: BUCKET,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'a bucket owned by another account in scope is attributed to that account and its region',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID, { trailArns: ok([]) })],
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID },
            config: { region: ok(OTHER_REGION) },
          }),
        ],
      }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID, region: OTHER_REGION },
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
      name: 'versioning Enabled but MFADelete Disabled fails',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) } })],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} has versioning enabled but MFA delete disabled`,
          resourceType: BUCKET,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'versioning Suspended fails, even with MFADelete still Enabled',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, { config: { versioning: ok({ status: 'Suspended', mfaDelete: 'Enabled' }) } }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} versioning is Suspended, so MFA delete cannot protect it`,
        },
      ],
    },
    {
      name: 'versioning never enabled fails',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, { config: { versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }) } }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'versioning is Disabled' }],
    },
    {
      name: 'unreadable versioning is ERROR describing the gap, never PASS',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              versioning: fail(gap('s3:GetBucketVersioning', { errorCode: 'AccessDenied', message: 'Access Denied' })),
            },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `MFA delete could not be verified: s3:GetBucketVersioning in ${REGION} failed (AccessDenied: Access Denied)`,
        },
      ],
    },
    {
      name: 'a bucket owned outside the scan scope is ERROR naming the ownership',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { ownership: outOfScope() })] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `MFA delete could not be verified: bucket ${CENTRAL_BUCKET} is owned by an account outside the scan scope`,
          resourceType: BUCKET,
        },
      ],
    },
    {
      name: 'a bucket that does not exist fails',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, { ownership: { kind: 'missing', detail: `bucket ${CENTRAL_BUCKET} does not exist` } }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: `bucket ${CENTRAL_BUCKET} does not exist` }],
    },
    {
      name: 'a bucket whose owner could not be established is ERROR describing the gap',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            ownership: { kind: 'unknown', gap: gap('s3:HeadBucket', { errorCode: 'InternalError' }) },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: /owner of bucket central-logs could not be established: s3:HeadBucket .*InternalError/,
        },
      ],
    },
    {
      name: 'a bucket owned in scope whose configuration was not collected is ERROR',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: null })] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `bucket ${CENTRAL_BUCKET} configuration was not collected`,
        },
      ],
    },
    {
      name: 'a trail that cannot be described leaves its bucket unknown: ERROR on the account',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /MFA delete of the bucket of trail prod could not be verified: cloudtrail:DescribeTrails/,
          resourceType: 'AWS::::Account',
        },
      ],
    },
    {
      name: 'two trails that cannot be described in one account give one account result, not two with the same identity',
      inventory: inventory({
        trails: [
          trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) }),
          trail('audit', { details: fail(gap('cloudtrail:DescribeTrails')) }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /of the buckets of trails prod, audit could not be verified: cloudtrail:DescribeTrails/,
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
          message: /trails could not be listed, so MFA delete could not be verified/,
        },
      ],
    },
  ],
});
