import { check } from '../../../checks/cloudtrail-bucket-not-public';
import type { Inventory, PolicyStatement } from '../../../src/model/inventory';
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
  return {
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: principal,
    Action: 's3:GetObject',
    Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
    ...(condition ? { Condition: condition } : {}),
  };
}

const publicPolicy = ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead()));
const trails = [trail('prod')];

/** An inventory whose central bucket carries the default policy plus the given statements. */
function withStatements(...statements: PolicyStatement[]): Inventory {
  return inventory({
    trails,
    buckets: [
      bucket(CENTRAL_BUCKET, { config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, ...statements)) } }),
    ],
  });
}

/**
 * The documentation's own examples and the cases the issue names, one row per case. AWS: "To be
 * considered non-public, a bucket policy must grant access only to fixed values (values that don't
 * contain a wildcard or an AWS Identity and Access Management Policy Variable) for one or more of"
 * the listed principals and condition keys.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
interface DocRow {
  name: string;
  statement: PolicyStatement;
  /** For public rows: a substring or pattern the FAIL message must carry. */
  message?: string | RegExp;
}

const OBJECTS = `${bucketArn(CENTRAL_BUCKET)}/*`;

/** The documentation's statement shape: Principal "*", Resource "*", s3:PutObject. */
function docStatement(condition?: PolicyStatement['Condition']): PolicyStatement {
  return {
    Sid: 'Doc',
    Principal: '*',
    Resource: '*',
    Action: 's3:PutObject',
    Effect: 'Allow',
    ...(condition ? { Condition: condition } : {}),
  };
}

const NON_PUBLIC_ROWS: DocRow[] = [
  {
    name: 'doc: a fixed AWS principal (role JohnDoe)',
    statement: {
      Sid: 'Doc',
      Principal: { AWS: `arn:aws:iam::${MEMBER_ACCOUNT_ID}:role/JohnDoe` },
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: OBJECTS,
    },
  },
  {
    name: 'doc: a fixed service principal',
    statement: {
      Sid: 'Doc',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: OBJECTS,
    },
  },
  {
    name: 'doc: StringEquals aws:SourceVpc vpc-91237329 (the fixed version of the public example)',
    statement: docStatement({ StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } }),
  },
  {
    name: 'doc: IpAddress aws:SourceIp 192.0.2.0/24',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }),
  },
  {
    name: 'doc: IpAddress aws:SourceIp of one address (no prefix)',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '203.0.113.7' } }),
  },
  {
    name: 'doc: IpAddress aws:SourceIp 10.0.0.0/8 (not broader than /8)',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
  },
  {
    name: 'doc: IpAddress aws:SourceIp 2001:db8::/32 (not broader than /32)',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }),
  },
  {
    name: 'doc: ArnEquals aws:SourceArn, a fixed ARN',
    statement: docStatement({
      ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/prod` },
    }),
  },
  {
    name: 'doc: StringEquals aws:SourceVpce',
    statement: docStatement({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
  },
  {
    name: 'doc: StringEquals aws:SourceOwner',
    statement: docStatement({ StringEquals: { 'aws:SourceOwner': ACCOUNT_ID } }),
  },
  {
    name: 'doc: StringEquals aws:SourceAccount',
    statement: docStatement({ StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } }),
  },
  {
    name: 'doc: StringEquals aws:userid, a fixed user id',
    statement: docStatement({ StringEquals: { 'aws:userid': 'AIDAJQABLZS4A3QDU576Q' } }),
  },
  {
    name: 'doc: StringEquals s3:DataAccessPointArn, a fixed access point',
    statement: docStatement({
      StringEquals: { 's3:DataAccessPointArn': `arn:aws:s3:${REGION}:${ACCOUNT_ID}:accesspoint/logs` },
    }),
  },
  {
    name: 'doc: s3:DataAccessPointArn may wildcard the access point name when the account is fixed',
    statement: docStatement({
      StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:123456789012:accesspoint/*' },
    }),
  },
  {
    name: 'doc: StringEquals s3:DataAccessPointAccount',
    statement: docStatement({ StringEquals: { 's3:DataAccessPointAccount': ACCOUNT_ID } }),
  },
  {
    name: "doc: StringEquals aws:PrincipalOrgID (the doc's example of a principal key)",
    statement: docStatement({ StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }),
  },
  {
    name: 'principal key: StringEquals aws:PrincipalAccount',
    statement: docStatement({ StringEquals: { 'aws:PrincipalAccount': MEMBER_ACCOUNT_ID } }),
  },
  {
    name: 'principal key: ArnEquals aws:PrincipalArn, a fixed role',
    statement: docStatement({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${MEMBER_ACCOUNT_ID}:role/Reader` } }),
  },
  {
    name: 'principal key: ForAnyValue:StringEquals aws:PrincipalOrgPaths, a fixed path',
    statement: docStatement({
      'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': `${ORGANIZATION_ID}/r-ab12/ou-ab12-11111111/` },
    }),
  },
  {
    name: 'StringLike with a value that has no wildcard is a fixed value',
    statement: docStatement({ StringLike: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }),
  },
  {
    name: 'conditions are ANDed: one restricting condition suffices beside a non-restricting one',
    statement: docStatement({
      StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
      StringNotEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
    }),
  },
];

const PUBLIC_ROWS: DocRow[] = [
  {
    name: 'doc: Principal "*", s3:PutObject, no condition',
    statement: docStatement(),
    message: 'policy statement "Doc" allows s3:PutObject to everyone (*) without a restricting condition',
  },
  {
    name: 'doc: StringLike aws:SourceVpc vpc-* (a wildcard value)',
    statement: docStatement({ StringLike: { 'aws:SourceVpc': 'vpc-*' } }),
    message: /StringLike aws:SourceVpc vpc-\*.*wildcard/,
  },
  {
    name: 'issue: ForAllValues:StringEquals aws:PrincipalOrgID is true when the key is absent (anonymous requests)',
    statement: docStatement({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ORGANIZATION_ID } }),
    message: /ForAllValues:StringEquals aws:PrincipalOrgID.*absent/,
  },
  {
    name: 'issue: StringLike aws:PrincipalArn arn:aws:iam::*:* matches every principal',
    statement: docStatement({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } }),
    message: /aws:PrincipalArn arn:aws:iam::\*:\*.*wildcard/,
  },
  {
    name: 'issue: StringLike aws:PrincipalOrgID o-* matches every organization',
    statement: docStatement({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }),
    message: /aws:PrincipalOrgID o-\*.*wildcard/,
  },
  {
    name: "issue: ArnLike aws:SourceArn arn:aws:cloudtrail:*:*:trail/* matches every account's trails",
    statement: docStatement({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } }),
    message: /aws:SourceArn arn:aws:cloudtrail:\*:\*:trail\/\*.*wildcard/,
  },
  {
    name: 'a wildcard in the account field of aws:SourceArn',
    statement: docStatement({ ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:*:trail/prod` } }),
  },
  {
    name: 'a ? wildcard in aws:SourceAccount',
    statement: docStatement({ StringLike: { 'aws:SourceAccount': '11111111111?' } }),
  },
  {
    name: 'a wildcard value among fixed ones',
    statement: docStatement({ StringLike: { 'aws:PrincipalOrgID': [ORGANIZATION_ID, 'o-*'] } }),
  },
  {
    name: 'doc: an IAM policy variable is not a fixed value',
    statement: docStatement({ StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }),
    message: /policy variable/,
  },
  {
    name: 'doc: aws:SourceIp 0.0.0.0/1 is broader than /8',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } }),
    message: /0\.0\.0\.0\/1.*broader than \/8/,
  },
  {
    name: 'doc: aws:SourceIp 10.0.0.0/7 is broader than /8',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '10.0.0.0/7' } }),
  },
  {
    name: 'doc: aws:SourceIp 2001:db8::/31 is broader than /32 for IPv6',
    statement: docStatement({ IpAddress: { 'aws:SourceIp': '2001:db8::/31' } }),
    message: /broader than \/32/,
  },
  {
    name: 'doc: aws:userid in the pattern "AROLEID:*" is not a fixed value',
    statement: docStatement({ StringLike: { 'aws:userid': 'AROAEXAMPLEROLEID:*' } }),
  },
  {
    name: 'doc: s3:DataAccessPointArn with a wildcard account',
    statement: docStatement({ StringLike: { 's3:DataAccessPointArn': `arn:aws:s3:${REGION}:*:accesspoint/*` } }),
  },
  {
    name: "a key missing from the doc's list (aws:SourceOrgID) does not restrict",
    statement: docStatement({ StringEquals: { 'aws:SourceOrgID': ORGANIZATION_ID } }),
  },
  {
    name: "a key dropped from the doc's list (s3:x-amz-server-side-encryption-aws-kms-key-id) does not restrict",
    statement: docStatement({
      StringEquals: {
        's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      },
    }),
  },
  {
    name: 'StringEqualsIfExists is true when the key is absent',
    statement: docStatement({ StringEqualsIfExists: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }),
    message: /IfExists/,
  },
  {
    name: 'Null only tests whether the key is present',
    statement: docStatement({ Null: { 'aws:PrincipalOrgID': 'false' } }),
  },
  {
    name: 'NotIpAddress is a negated operator',
    statement: docStatement({ NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }),
    message: /negated/,
  },
  {
    name: 'ForAllValues:StringLike aws:PrincipalOrgPaths is true when the key is absent',
    statement: docStatement({
      'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': `${ORGANIZATION_ID}/r-ab12/ou-ab12-11111111/` },
    }),
  },
  {
    name: 'NotPrincipal with Allow grants everyone but the listed principals',
    statement: {
      Sid: 'Doc',
      Effect: 'Allow',
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
      Action: 's3:GetObject',
      Resource: OBJECTS,
    },
    message: 'policy statement "Doc"',
  },
];

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
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              acl: ok(aclGranting(ALL_USERS)),
              publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })),
            },
          }),
        ],
      }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'PASS', message: 'ACL grants ignored by IgnorePublicAcls (bucket level)' },
      ],
    },
    {
      name: 'account-level RestrictPublicBuckets neutralises a public policy statement',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID, { publicAccessBlock: ok(publicAccessBlock({ restrictPublicBuckets: true })) })],
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: publicPolicy } })],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          message: 'public policy statements restricted by RestrictPublicBuckets (account level)',
        },
      ],
    },
    {
      name: 'the Block Public Access of the account that owns the bucket applies, not the trail owner',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID),
          account(MEMBER_ACCOUNT_ID, {
            publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true, restrictPublicBuckets: true })),
          }),
        ],
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID },
            config: { acl: ok(aclGranting(ALL_USERS)), policy: publicPolicy },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          accountId: MEMBER_ACCOUNT_ID,
          message: /IgnorePublicAcls \(account level\).*RestrictPublicBuckets \(account level\)/,
        },
      ],
    },
    {
      name: 'a statement open to * but restricted by aws:SourceArn is not public',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              policy: ok(
                bucketPolicy(
                  CENTRAL_BUCKET,
                  ACCOUNT_ID,
                  publicRead({
                    ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/prod` },
                  }),
                ),
              ),
            },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', message: 'no public policy statement' }],
    },
    {
      name: 'a statement open to * but restricted by aws:PrincipalOrgID is not public',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              policy: ok(
                bucketPolicy(
                  CENTRAL_BUCKET,
                  ACCOUNT_ID,
                  publicRead({ StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }),
                ),
              ),
            },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'an unreadable ACL does not matter when IgnorePublicAcls neutralises any grant',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              acl: fail(gap('s3:GetBucketAcl')),
              publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })),
            },
          }),
        ],
      }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'PASS', message: 'ACL grants ignored by IgnorePublicAcls (bucket level)' },
      ],
    },
    {
      name: 'an unreadable account Block Public Access does not matter when nothing is exposed',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID, { publicAccessBlock: fail(gap('s3control:GetPublicAccessBlock')) })],
        trails,
        buckets: [bucket()],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'an account that owns no trail is NOT_APPLICABLE',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails,
        buckets: [bucket()],
      }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'PASS' },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'NOT_APPLICABLE',
          message: 'account owns no trail',
          resourceType: 'AWS::::Account',
          accountId: MEMBER_ACCOUNT_ID,
        },
      ],
    },
    ...NON_PUBLIC_ROWS.map((row) => ({
      name: row.name,
      inventory: withStatements(row.statement),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' as const, message: 'no public policy statement' }],
    })),
  ],
  invalid: [
    ...PUBLIC_ROWS.map((row) => ({
      name: row.name,
      inventory: withStatements(row.statement),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'FAIL' as const, message: row.message ?? 'policy statement "Doc" allows' },
      ],
    })),
    {
      name: 'issue: a NotAction statement allows every action except the listed ones, not the listed ones',
      inventory: withStatements({
        Sid: 'AllButRead',
        Effect: 'Allow',
        Principal: '*',
        NotAction: 's3:GetObject',
        Resource: OBJECTS,
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message:
            'policy statement "AllButRead" allows every action except s3:GetObject to everyone (*) without a restricting condition',
        },
      ],
    },
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
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: { policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead(undefined, { AWS: '*' }))) },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'allows s3:GetObject to everyone (*)' }],
    },
    {
      name: 'a negated condition (StringNotEquals aws:PrincipalOrgID) does not restrict',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              policy: ok(
                bucketPolicy(
                  CENTRAL_BUCKET,
                  ACCOUNT_ID,
                  publicRead({ StringNotEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } }),
                ),
              ),
            },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'policy statement "PublicRead"' }],
    },
    {
      name: 'a wildcard condition value (aws:SourceArn *) does not restrict',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              policy: ok(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, publicRead({ ArnLike: { 'aws:SourceArn': '*' } }))),
            },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'policy statement "PublicRead"' }],
    },
    {
      name: 'an AllUsers ACL grant makes the bucket public',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(ALL_USERS)) } })],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} is public: ACL grants READ to AllUsers`,
        },
      ],
    },
    {
      name: 'an AuthenticatedUsers ACL grant makes the bucket public',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { acl: ok(aclGranting(AUTHENTICATED_USERS, 'WRITE_ACP')) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'ACL grants WRITE_ACP to AuthenticatedUsers' }],
    },
    {
      name: 'BlockPublicAcls alone does not neutralise an existing public ACL grant',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              acl: ok(aclGranting(ALL_USERS)),
              publicAccessBlock: ok(publicAccessBlock({ blockPublicAcls: true, blockPublicPolicy: true })),
            },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'ACL grants READ to AllUsers' }],
    },
    {
      name: 'IgnorePublicAcls does not neutralise a public policy',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: { policy: publicPolicy, publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })) },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'policy statement "PublicRead"' }],
    },
    {
      name: 'a public ACL with the account Block Public Access unreadable is ERROR, naming the suspicion and the gap',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, {
            publicAccessBlock: fail(
              gap('s3control:GetPublicAccessBlock', { errorCode: 'AccessDenied', message: 'denied' }),
            ),
          }),
        ],
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
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: { policy: publicPolicy, publicAccessBlock: fail(gap('s3:GetPublicAccessBlock')) },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: /Block Public Access is unknown\): s3:GetPublicAccessBlock/,
        },
      ],
    },
    {
      name: 'an unreadable ACL without Block Public Access is ERROR, never PASS',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { acl: fail(gap('s3:GetBucketAcl')) } })],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: /could not be verified: s3:GetBucketAcl in us-east-1 failed \(AccessDenied/,
        },
      ],
    },
    {
      name: 'an unreadable policy without Block Public Access is ERROR',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: fail(gap('s3:GetBucketPolicy')) } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'ERROR', message: /s3:GetBucketPolicy/ }],
    },
    {
      name: 'a definite public ACL fails even when the policy is unreadable',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: { acl: ok(aclGranting(ALL_USERS)), policy: fail(gap('s3:GetBucketPolicy')) },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'ACL grants READ to AllUsers' }],
    },
    {
      name: 'a bucket owned outside the scan scope is ERROR naming the ownership',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { ownership: outOfScope() })] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `public access could not be verified: bucket ${CENTRAL_BUCKET} is owned by an account outside the scan scope`,
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
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} does not exist, yet trails deliver to it`,
        },
      ],
    },
    {
      name: 'a bucket whose owner could not be established is ERROR describing the gap',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            ownership: { kind: 'unknown', gap: gap('s3:HeadBucket', { errorCode: 'ThrottlingException' }) },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: /owner of bucket central-logs could not be established: s3:HeadBucket .*ThrottlingException/,
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
          message: /public access of the bucket of trail prod could not be verified: cloudtrail:DescribeTrails/,
          resourceType: 'AWS::::Account',
        },
      ],
    },
  ],
});
