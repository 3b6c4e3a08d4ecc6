import { check } from '../../../checks/cloudtrail-bucket-restricted';
import type { Inventory, PolicyDocument, PolicyStatement } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  CENTRAL_BUCKET,
  FOREIGN_ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  ORGANIZATION_ID,
  REGION,
  account,
  bucket,
  bucketArn,
  bucketPolicy,
  cloudTrailStatements,
  fail,
  gap,
  inventory,
  ok,
  outOfScope,
  policy,
  privateAcl,
  tlsDenyStatement,
  trail,
} from '../../support/fixtures';

const BUCKET = 'AWS::S3::Bucket' as const;
const ARN = bucketArn(CENTRAL_BUCKET);
const trails = [trail('prod')];

function allow(
  sid: string,
  principal: unknown,
  action: string | string[],
  extra: Partial<PolicyStatement> = {},
): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Principal: principal, Action: action, Resource: [ARN, `${ARN}/*`], ...extra };
}

/** An inventory with the central bucket carrying the given policy. */
function withPolicy(document: PolicyDocument | null): Inventory {
  return inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(document) } })] });
}

const [aclCheck, write] = cloudTrailStatements();
if (!aclCheck || !write) throw new Error('fixture cloudTrailStatements changed');
const unscopedWrite: PolicyStatement = { ...write };
delete unscopedWrite.Condition;

const OWNER_CANONICAL_ID = privateAcl().ownerCanonicalId ?? '';
const FOREIGN_CANONICAL_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FOREIGN_ROOT = `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root`;

/** The default restrictive policy plus the given statements. */
function withStatements(...statements: PolicyStatement[]): Inventory {
  return withPolicy(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, ...statements));
}

/** A policy whose only TLS deny is the given statement, with the CloudTrail statements. */
function withTlsDeny(statement: PolicyStatement): Inventory {
  return withPolicy(policy(statement, ...cloudTrailStatements()));
}

/** Deny the action to every principal outside the organization (the usual data-perimeter statement). */
function denyOutsideOrganization(action: string | string[]): PolicyStatement {
  return {
    Sid: 'DenyOutsideOrg',
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: [ARN, `${ARN}/*`],
    Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
  };
}

testCheck(check, {
  valid: [
    {
      name: 'TLS deny, CloudTrail scoped by aws:SourceArn, nothing destructive for outsiders: PASS',
      inventory: withPolicy(bucketPolicy()),
      expect: [
        {
          resourceArn: ARN,
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} denies non-TLS access, scopes CloudTrail by source, and lets no one outside the account delete logs or change the policy`,
          resourceType: BUCKET,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'CloudTrail scoped by aws:SourceAccount passes',
      inventory: withPolicy(
        policy(tlsDenyStatement(), { ...write, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } } }),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'TLS deny to {"AWS": "*"} with a boolean condition value counts',
      inventory: withPolicy(
        policy(
          { ...tlsDenyStatement(), Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': false } } },
          aclCheck,
          write,
        ),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'the owner account itself may have s3:*',
      inventory: withPolicy(
        bucketPolicy(
          CENTRAL_BUCKET,
          ACCOUNT_ID,
          allow('OwnerAdmin', { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/LogAdmin` }, 's3:*'),
        ),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: '* confined to the owner account by aws:PrincipalAccount may delete',
      inventory: withPolicy(
        bucketPolicy(
          CENTRAL_BUCKET,
          ACCOUNT_ID,
          allow('OwnerDelete', '*', 's3:DeleteObject', {
            Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_ID } },
          }),
        ),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'a foreign account may read (no destructive action)',
      inventory: withPolicy(
        bucketPolicy(
          CENTRAL_BUCKET,
          ACCOUNT_ID,
          allow('AuditorRead', { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root` }, ['s3:GetObject', 's3:ListBucket']),
        ),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: "in another partition (aws-us-gov), a TLS deny on that partition's bucket ARNs counts",
      inventory: inventory({
        scan: { partition: 'aws-us-gov', primaryRegion: 'us-gov-west-1' },
        trails: [
          trail('prod', {
            homeRegion: 'us-gov-west-1',
            arn: `arn:aws-us-gov:cloudtrail:us-gov-west-1:${ACCOUNT_ID}:trail/prod`,
          }),
        ],
        buckets: [
          bucket(CENTRAL_BUCKET, {
            arn: `arn:aws-us-gov:s3:::${CENTRAL_BUCKET}`,
            config: {
              region: ok('us-gov-west-1'),
              policy: ok(
                policy(
                  {
                    ...tlsDenyStatement(),
                    Resource: [`arn:aws-us-gov:s3:::${CENTRAL_BUCKET}`, `arn:aws-us-gov:s3:::${CENTRAL_BUCKET}/*`],
                  },
                  {
                    ...write,
                    Resource: `arn:aws-us-gov:s3:::${CENTRAL_BUCKET}/AWSLogs/${ACCOUNT_ID}/*`,
                    Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
                  },
                ),
              ),
            },
          }),
        ],
      }),
      expect: [{ resourceArn: `arn:aws-us-gov:s3:::${CENTRAL_BUCKET}`, status: 'PASS', region: 'us-gov-west-1' }],
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
    {
      name: 'issue: Allow * to delete with an explicit Deny to every principal outside the owner account passes: the Deny wins',
      inventory: withStatements(allow('AnyoneDelete', '*', 's3:DeleteObject'), {
        Sid: 'DenyOutsideAccount',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: `${ARN}/*`,
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT_ID } },
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'a foreign account allowed s3:PutObject but explicitly denied it passes: the Deny wins',
      inventory: withStatements(allow('PartnerWrite', { AWS: FOREIGN_ROOT }, 's3:PutObject'), {
        Sid: 'NoPartnerWrite',
        Effect: 'Deny',
        Principal: { AWS: FOREIGN_ROOT },
        Action: 's3:Put*',
        Resource: `${ARN}/*`,
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: "the bucket owner's own CanonicalUser may have s3:*",
      inventory: withStatements(allow('OwnerCanonical', { CanonicalUser: OWNER_CANONICAL_ID }, 's3:*')),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'a CanonicalUser granted only reads does not need the ACL to be resolved',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              acl: fail(gap('s3:GetBucketAcl')),
              policy: ok(
                bucketPolicy(
                  CENTRAL_BUCKET,
                  ACCOUNT_ID,
                  allow('OAIRead', { CanonicalUser: FOREIGN_CANONICAL_ID }, 's3:GetObject'),
                ),
              ),
            },
          }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'a TLS deny with BoolIfExists aws:SecureTransport false counts',
      inventory: withTlsDeny({
        ...tlsDenyStatement(),
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
    {
      name: 'a TLS deny split over two statements (objects, bucket) counts',
      inventory: withPolicy(
        policy(
          { ...tlsDenyStatement(), Resource: `${ARN}/*` },
          { ...tlsDenyStatement(), Sid: 'DenyInsecureBucket', Resource: ARN },
          aclCheck,
          write,
        ),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS' }],
    },
  ],
  invalid: [
    {
      name: 'issue: a foreign CanonicalUser granted s3:DeleteObject fails',
      inventory: withStatements(allow('CanonicalDelete', { CanonicalUser: FOREIGN_CANONICAL_ID }, 's3:DeleteObject')),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "CanonicalDelete" lets foreign canonical user ${FOREIGN_CANONICAL_ID} s3:DeleteObject`,
        },
      ],
    },
    {
      name: 'issue: a foreign CanonicalUser granted s3:PutBucketPolicy fails',
      inventory: withStatements(
        allow('CanonicalPolicy', { CanonicalUser: [OWNER_CANONICAL_ID, FOREIGN_CANONICAL_ID] }, 's3:PutBucketPolicy'),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "CanonicalPolicy" lets foreign canonical user ${FOREIGN_CANONICAL_ID} s3:PutBucketPolicy`,
        },
      ],
    },
    {
      name: "a CanonicalUser granted s3:DeleteObject while the ACL (and so the owner's canonical id) is unreadable is ERROR, never PASS",
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              acl: fail(gap('s3:GetBucketAcl', { message: 'denied' })),
              policy: ok(
                bucketPolicy(
                  CENTRAL_BUCKET,
                  ACCOUNT_ID,
                  allow('CanonicalDelete', { CanonicalUser: OWNER_CANONICAL_ID }, 's3:DeleteObject'),
                ),
              ),
            },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `access restriction of bucket ${CENTRAL_BUCKET} could not be verified: statement "CanonicalDelete" lets canonical user ${OWNER_CANONICAL_ID} s3:DeleteObject, and whether it is the bucket owner is unknown: s3:GetBucketAcl in ${REGION} failed (AccessDenied: denied)`,
        },
      ],
    },
    {
      name: 'issue: a TLS deny with NotPrincipal exempts principals: not a TLS deny for everyone',
      inventory: withTlsDeny({
        ...tlsDenyStatement(),
        Principal: undefined,
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/Legacy` },
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message:
            /no statement denies requests without TLS \(aws:SecureTransport=false\).*"DenyInsecureTransport".*NotPrincipal/,
        },
      ],
    },
    {
      name: 'issue: a TLS deny with an extra narrowing condition (aws:SourceVpce) does not deny every insecure request',
      inventory: withTlsDeny({
        ...tlsDenyStatement(),
        Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: /no statement denies requests without TLS.*"DenyInsecureTransport".*aws:SourceVpce/,
        },
      ],
    },
    {
      name: 'a TLS deny that exempts the owner account by condition (StringNotEquals aws:PrincipalAccount) does not deny every insecure request',
      inventory: withTlsDeny({
        ...tlsDenyStatement(),
        Condition: {
          Bool: { 'aws:SecureTransport': 'false' },
          StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT_ID },
        },
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'no statement denies requests without TLS' }],
    },
    {
      name: 'a TLS deny naming only some principals does not deny every insecure request',
      inventory: withTlsDeny({ ...tlsDenyStatement(), Principal: { AWS: FOREIGN_ROOT } }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'no statement denies requests without TLS' }],
    },
    {
      name: 'issue: a foreign account granted s3:PutObject (overwrite or inject logs) fails',
      inventory: withStatements(allow('PartnerWrite', { AWS: FOREIGN_ROOT }, 's3:PutObject')),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "PartnerWrite" lets foreign principal ${FOREIGN_ROOT} s3:PutObject`,
        },
      ],
    },
    {
      name: 'issue: a foreign account granted s3:PutBucketVersioning (suspend versioning) fails',
      inventory: withStatements(allow('PartnerVersioning', { AWS: FOREIGN_ACCOUNT_ID }, 's3:PutBucketVersioning')),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "PartnerVersioning" lets foreign principal ${FOREIGN_ACCOUNT_ID} s3:PutBucketVersioning`,
        },
      ],
    },
    {
      name: 'issue: a foreign account granted s3:PutBucketPublicAccessBlock (remove Block Public Access) fails',
      inventory: withStatements(allow('PartnerBpa', { AWS: FOREIGN_ROOT }, 's3:PutBucketPublicAccessBlock')),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "PartnerBpa" lets foreign principal ${FOREIGN_ROOT} s3:PutBucketPublicAccessBlock`,
        },
      ],
    },
    {
      name: "issue: Allow * to delete with a Deny outside the organization still lets the organization's other accounts delete: FAIL naming them, not everyone",
      inventory: withStatements(
        allow('AnyoneDelete', '*', 's3:DeleteObject'),
        denyOutsideOrganization('s3:DeleteObject'),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: new RegExp(
            `^(?!.*everyone).*statement "AnyoneDelete" lets principals of organization ${ORGANIZATION_ID} in other accounts s3:DeleteObject`,
          ),
        },
      ],
    },
    {
      name: 'issue: a NotAction statement is described as allowing every action except the listed ones',
      inventory: withStatements({
        Sid: 'AllButRead',
        Effect: 'Allow',
        Principal: { AWS: FOREIGN_ROOT },
        NotAction: 's3:GetObject',
        Resource: [ARN, `${ARN}/*`],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: new RegExp(
            `statement "AllButRead" lets foreign principal ${FOREIGN_ROOT} s3:DeleteObject, .*\\(it allows every action except s3:GetObject\\)`,
          ),
        },
      ],
    },
    {
      name: "* allowed s3:PutObject scoped by an aws:SourceArn matching every account's trails lets other accounts' services write",
      inventory: withStatements(
        allow('AnyTrailWrite', '*', 's3:PutObject', {
          Resource: `${ARN}/AWSLogs/*`,
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } },
        }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message:
            /statement "AnyTrailWrite" may let AWS services acting for other accounts \(\*\) s3:PutObject.*aws:SourceArn/,
        },
      ],
    },
    {
      name: 'Allow * to delete with a Deny whose condition cannot be decided (aws:SourceVpce) still fails, saying on what it depends',
      inventory: withStatements(allow('AnyoneDelete', '*', 's3:DeleteObject'), {
        Sid: 'DenyOutsideVpce',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: `${ARN}/*`,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: /statement "AnyoneDelete" may let everyone \(\*\) s3:DeleteObject \(depending on aws:SourceVpce\)/,
        },
      ],
    },
    {
      name: 'Allow NotPrincipal (everyone but the owner) to delete fails as everyone',
      inventory: withStatements({
        Sid: 'AllButOwner',
        Effect: 'Allow',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: 's3:DeleteObject',
        Resource: `${ARN}/*`,
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: 'statement "AllButOwner" lets everyone (*) s3:DeleteObject',
        },
      ],
    },
    {
      name: '* confined by aws:PrincipalAccount to a foreign account names that account',
      inventory: withStatements(
        allow('PartnerByCondition', '*', 's3:DeleteObject', {
          Condition: { StringEquals: { 'aws:PrincipalAccount': FOREIGN_ACCOUNT_ID } },
        }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "PartnerByCondition" lets foreign account ${FOREIGN_ACCOUNT_ID} s3:DeleteObject`,
        },
      ],
    },
    {
      name: 'no statement denying non-TLS access fails',
      inventory: withPolicy(policy(aclCheck, write)),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} policy is not restrictive: no statement denies requests without TLS (aws:SecureTransport=false)`,
          resourceType: BUCKET,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'a TLS deny on the bucket ARN only leaves the log objects reachable over HTTP',
      inventory: withPolicy(policy({ ...tlsDenyStatement(), Resource: ARN }, aclCheck, write)),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'no statement denies requests without TLS' }],
    },
    {
      name: 'a TLS deny on aws:SecureTransport=true is not a TLS deny',
      inventory: withPolicy(
        policy({ ...tlsDenyStatement(), Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, aclCheck, write),
      ),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'no statement denies requests without TLS' }],
    },
    {
      name: 'an Allow to cloudtrail.amazonaws.com without aws:SourceArn/aws:SourceAccount fails',
      inventory: withPolicy(
        policy(tlsDenyStatement(), aclCheck, {
          ...unscopedWrite,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message:
            'statement "AWSCloudTrailWrite" allows cloudtrail.amazonaws.com without an aws:SourceArn or aws:SourceAccount condition',
        },
      ],
    },
    {
      name: 'an Allow to cloudtrail.amazonaws.com with no condition at all fails',
      inventory: withPolicy(policy(tlsDenyStatement(), aclCheck, unscopedWrite)),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: 'statement "AWSCloudTrailWrite" allows cloudtrail.amazonaws.com without',
        },
      ],
    },
    {
      name: 'a wildcard aws:SourceArn does not scope CloudTrail',
      inventory: withPolicy(
        policy(tlsDenyStatement(), aclCheck, { ...write, Condition: { StringLike: { 'aws:SourceArn': '*' } } }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: 'allows cloudtrail.amazonaws.com without an aws:SourceArn',
        },
      ],
    },
    {
      name: "an aws:SourceArn pattern matching every account's trails does not scope CloudTrail",
      inventory: withPolicy(
        policy(tlsDenyStatement(), aclCheck, {
          ...write,
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } },
        }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: /statement "AWSCloudTrailWrite" allows cloudtrail\.amazonaws\.com/,
        },
      ],
    },
    {
      name: 'a foreign account allowed s3:DeleteObject fails',
      inventory: withPolicy(
        bucketPolicy(
          CENTRAL_BUCKET,
          ACCOUNT_ID,
          allow('PartnerDelete', { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root` }, 's3:DeleteObject'),
        ),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "PartnerDelete" lets foreign principal arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root s3:DeleteObject`,
        },
      ],
    },
    {
      name: 'a foreign account allowed s3:* fails, listing the destructive actions',
      inventory: withPolicy(
        bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, allow('PartnerAll', { AWS: FOREIGN_ACCOUNT_ID }, 's3:*')),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "PartnerAll" lets foreign principal ${FOREIGN_ACCOUNT_ID} s3:DeleteObject, s3:DeleteObjectVersion, s3:PutObject, s3:PutObjectAcl, s3:PutObjectVersionAcl, s3:BypassGovernanceRetention, s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPublicAccessBlock, s3:PutBucketVersioning, s3:PutBucketObjectLockConfiguration, s3:PutLifecycleConfiguration, s3:DeleteBucket`,
        },
      ],
    },
    {
      name: 'a foreign role allowed everything but reads (NotAction) fails',
      inventory: withPolicy(
        bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, {
          Sid: 'Broad',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:role/Ops` },
          NotAction: 's3:GetObject',
          Resource: `${ARN}/*`,
        }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `statement "Broad" lets foreign principal arn:aws:iam::${FOREIGN_ACCOUNT_ID}:role/Ops s3:DeleteObject`,
        },
      ],
    },
    {
      name: '* allowed s3:PutBucketPolicy fails',
      inventory: withPolicy(bucketPolicy(CENTRAL_BUCKET, ACCOUNT_ID, allow('AnyonePolicy', '*', 's3:PutBucketPolicy'))),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: 'statement "AnyonePolicy" lets everyone (*) s3:PutBucketPolicy',
        },
      ],
    },
    {
      name: '* allowed s3:DeleteObject within the organization (aws:PrincipalOrgID) still reaches other accounts, but not everyone',
      inventory: withPolicy(
        bucketPolicy(
          CENTRAL_BUCKET,
          ACCOUNT_ID,
          allow('OrgDelete', '*', 's3:DeleteObject', {
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
          }),
        ),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: new RegExp(
            `^(?!.*everyone).*statement "OrgDelete" lets principals of organization ${ORGANIZATION_ID} in other accounts s3:DeleteObject`,
          ),
        },
      ],
    },
    {
      name: 'an account that does not own the bucket is foreign to it',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID },
            config: {
              policy: ok(
                bucketPolicy(
                  CENTRAL_BUCKET,
                  MEMBER_ACCOUNT_ID,
                  allow('MgmtDelete', { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, 's3:DeleteObject'),
                ),
              ),
            },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          accountId: MEMBER_ACCOUNT_ID,
          message: `lets foreign principal arn:aws:iam::${ACCOUNT_ID}:root s3:DeleteObject`,
        },
      ],
    },
    {
      name: 'a bucket without a policy fails',
      inventory: withPolicy(null),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} policy is not restrictive: the bucket has no policy, so non-TLS access is not denied`,
        },
      ],
    },
    {
      name: 'an unreadable policy is ERROR describing the gap, never PASS',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, {
            config: {
              policy: fail(gap('s3:GetBucketPolicy', { errorCode: 'AccessDenied', message: 'Access Denied' })),
            },
          }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `access restriction could not be verified: s3:GetBucketPolicy in ${REGION} failed (AccessDenied: Access Denied)`,
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
          message: `access restriction could not be verified: bucket ${CENTRAL_BUCKET} is owned by an account outside the scan scope`,
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
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'does not exist, yet trails deliver to it' }],
    },
    {
      name: 'a trail that cannot be described leaves its bucket unknown: ERROR on the account',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /access restriction of the bucket of trail prod could not be verified: cloudtrail:DescribeTrails/,
        },
      ],
    },
  ],
});
