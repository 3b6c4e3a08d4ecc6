import { check } from '../../../checks/cloudtrail-bucket-not-public';
import type { PolicyStatement } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  ALL_USERS,
  AUTHENTICATED_USERS,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  ORGANIZATION_ID,
  REGION,
  account,
  aclGranting,
  bucket,
  bucketArn,
  bucketPolicy,
  fail,
  gap,
  inventory,
  ok,
  outOfScope,
  publicAccessBlock,
  trail,
} from '../../support/fixtures';

const BUCKET = 'AWS::S3::Bucket' as const;

/** Allow s3:GetObject on the bucket's objects to everyone, with an optional condition. */
function publicRead(condition?: PolicyStatement['Condition'], principal: unknown = '*'): PolicyStatement {
  return { Sid: 'PublicRead', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `${bucketArn(CENTRAL_BUCKET)}/*`, ...(condition ? { Condition: condition } : {}) };
}

const publicPolicy = ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead()));
const trails = [trail('prod')];

testCheck(check, {
  valid: [
    {
      name: 'private ACL and a policy without public statements pass',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resourceArn: bucketArn(CENTRAL_BUCKET),
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} is not public (no public ACL grant, no public policy statement)`,
          resourceType: BUCKET,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'bucket-level IgnorePublicAcls neutralises an AllUsers ACL grant',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(ALL_USERS)), publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', message: 'ACL grants ignored by IgnorePublicAcls (bucket level)' }],
    },
    {
      name: 'account-level RestrictPublicBuckets neutralises a public policy statement',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID, { publicAccessBlock: ok(publicAccessBlock({ restrictPublicBuckets: true })) })],
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: publicPolicy } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', message: 'public policy statements restricted by RestrictPublicBuckets (account level)' }],
    },
    {
      name: 'the Block Public Access of the account that owns the bucket applies, not the trail owner',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID, { publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true, restrictPublicBuckets: true })) })],
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID }, config: { acl: ok(aclGranting(ALL_USERS)), policy: publicPolicy } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID, message: /IgnorePublicAcls \(account level\).*RestrictPublicBuckets \(account level\)/ }],
    },
    {
      name: 'a statement open to * but restricted by aws:SourceArn is not public',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead({ ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/prod` } }))) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', message: 'no public policy statement' }],
    },
    {
      name: 'a statement open to * but restricted by aws:PrincipalOrgID is not public',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead({ StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }))) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'an unreadable ACL does not matter when IgnorePublicAcls neutralises any grant',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { acl: fail(gap('s3:GetBucketAcl')), publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', message: 'ACL grants ignored by IgnorePublicAcls (bucket level)' }],
    },
    {
      name: 'an unreadable account Block Public Access does not matter when nothing is exposed',
      inventory: inventory({ accounts: [account(ACCOUNT_ID, { publicAccessBlock: fail(gap('s3control:GetPublicAccessBlock')) })], trails, buckets: [bucket()] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'an account that owns no trail is NOT_APPLICABLE',
      inventory: inventory({ accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)], trails, buckets: [bucket()] }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'PASS' },
        { resource: MEMBER_ACCOUNT_ID, status: 'NOT_APPLICABLE', message: 'account owns no trail', resourceType: 'AWS::::Account', accountId: MEMBER_ACCOUNT_ID },
      ],
    },
  ],
  invalid: [
    {
      name: 'a policy Allow to * without a condition makes the bucket public',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: publicPolicy } })] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} is public: policy statement "PublicRead" allows s3:GetObject to everyone (*) without a restricting condition`,
          resourceType: BUCKET,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'Principal {"AWS": "*"} is everyone too',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead(undefined, { AWS: '*' }))) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'allows s3:GetObject to everyone (*)' }],
    },
    {
      name: 'a negated condition (StringNotEquals aws:PrincipalOrgID) does not restrict',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead({ StringNotEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }))) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'policy statement "PublicRead"' }],
    },
    {
      name: 'a wildcard condition value (aws:SourceArn *) does not restrict',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead({ ArnLike: { 'aws:SourceArn': '*' } }))) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'policy statement "PublicRead"' }],
    },
    {
      name: 'an AllUsers ACL grant makes the bucket public',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(ALL_USERS)) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: `bucket ${CENTRAL_BUCKET} is public: ACL grants READ to AllUsers` }],
    },
    {
      name: 'an AuthenticatedUsers ACL grant makes the bucket public',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(AUTHENTICATED_USERS, 'WRITE_ACP')) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'ACL grants WRITE_ACP to AuthenticatedUsers' }],
    },
    {
      name: 'BlockPublicAcls alone does not neutralise an existing public ACL grant',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(ALL_USERS)), publicAccessBlock: ok(publicAccessBlock({ blockPublicAcls: true, blockPublicPolicy: true })) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'ACL grants READ to AllUsers' }],
    },
    {
      name: 'IgnorePublicAcls does not neutralise a public policy',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: publicPolicy, publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'policy statement "PublicRead"' }],
    },
    {
      name: 'a public ACL with the account Block Public Access unreadable is ERROR, naming the suspicion and the gap',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID, { publicAccessBlock: fail(gap('s3control:GetPublicAccessBlock', { errorCode: 'AccessDenied', message: 'denied' })) })],
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(ALL_USERS)) } })],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `public access of bucket ${CENTRAL_BUCKET} could not be verified (ACL grants READ to AllUsers, and Block Public Access is unknown): s3control:GetPublicAccessBlock in ${REGION} failed (AccessDenied: denied)`,
        },
      ],
    },
    {
      name: 'a public policy with the bucket Block Public Access unreadable is ERROR',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: publicPolicy, publicAccessBlock: fail(gap('s3:GetPublicAccessBlock')) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'ERROR', message: /Block Public Access is unknown\): s3:GetPublicAccessBlock/ }],
    },
    {
      name: 'an unreadable ACL without Block Public Access is ERROR, never PASS',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { acl: fail(gap('s3:GetBucketAcl')) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'ERROR', message: /could not be verified: s3:GetBucketAcl in us-east-1 failed \(AccessDenied/ }],
    },
    {
      name: 'an unreadable policy without Block Public Access is ERROR',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: fail(gap('s3:GetBucketPolicy')) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'ERROR', message: /s3:GetBucketPolicy/ }],
    },
    {
      name: 'a definite public ACL fails even when the policy is unreadable',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(ALL_USERS)), policy: fail(gap('s3:GetBucketPolicy')) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'ACL grants READ to AllUsers' }],
    },
    {
      name: 'a bucket owned outside the scan scope is ERROR naming the ownership',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { ownership: outOfScope() })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'ERROR', message: `public access could not be verified: bucket ${CENTRAL_BUCKET} is owned by an account outside the scan scope`, resourceType: BUCKET }],
    },
    {
      name: 'a bucket that does not exist fails',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { ownership: { kind: 'missing', detail: `bucket ${CENTRAL_BUCKET} does not exist` } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: `bucket ${CENTRAL_BUCKET} does not exist, yet trails deliver to it` }],
    },
    {
      name: 'a bucket whose owner could not be established is ERROR describing the gap',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { ownership: { kind: 'unknown', gap: gap('s3:HeadBucket', { errorCode: 'ThrottlingException' }) } })] }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'ERROR', message: /owner of bucket central-logs could not be established: s3:HeadBucket .*ThrottlingException/ }],
    },
    {
      name: 'a trail that cannot be described leaves its bucket unknown: ERROR on the account',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /public access of the bucket of trail prod could not be verified: cloudtrail:DescribeTrails/, resourceType: 'AWS::::Account' }],
    },
  ],
});
