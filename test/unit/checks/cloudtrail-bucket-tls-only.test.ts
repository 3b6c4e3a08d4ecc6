import { check } from '../../../checks/cloudtrail-bucket-tls-only';
import type { PolicyDocument } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  bucket,
  bucketArn,
  cloudTrailStatements,
  inventory,
  ok,
  policy,
  tlsDenyStatement,
  trail,
} from '../../support/fixtures';
import { bucketGapCases, crossAccountInventory } from './bucket-cases';

const trails = [trail('prod')];
const withPolicy = (document: PolicyDocument | null) =>
  inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(document) } })] });

testCheck(check, {
  valid: [
    {
      name: 'a Deny of aws:SecureTransport=false to everyone on every object passes',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} denies requests without TLS to every principal, for every object`,
        },
      ],
    },
    {
      name: 'a cross-account bucket is judged on its own policy, in its owner account',
      inventory: crossAccountInventory(),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID }],
    },
  ],
  invalid: [
    {
      name: 'no policy fails',
      inventory: withPolicy(null),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} does not enforce TLS: the bucket has no policy, so requests without TLS are not denied`,
        },
      ],
    },
    {
      name: 'a policy without a TLS statement fails',
      inventory: withPolicy(policy(...cloudTrailStatements())),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'no statement denies requests without TLS' }],
    },
    {
      name: 'a TLS Deny with a NotPrincipal exemption does not surely apply to every principal',
      inventory: withPolicy(
        policy({
          ...tlsDenyStatement(),
          Principal: undefined,
          NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/Admin' },
        }),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message:
            /statement "DenyInsecureTransport" does not surely apply: it depends on the principals NotPrincipal exempts/,
        },
      ],
    },
    {
      name: 'a TLS Deny on the bucket only, not its objects, fails',
      inventory: withPolicy(policy({ ...tlsDenyStatement(), Resource: bucketArn(CENTRAL_BUCKET) })),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: /does not apply to plain-HTTP s3:GetObject and s3:PutObject of every object/,
        },
      ],
    },
    ...bucketGapCases('TLS enforcement', 'policy', 's3:GetBucketPolicy'),
  ],
});

describe('cloudtrail-bucket-tls-only remediation', () => {
  it('keeps the other statements and replaces the TLS ones by one that denies plain HTTP to everyone', () => {
    const weak = { ...tlsDenyStatement(), Resource: bucketArn(CENTRAL_BUCKET) };
    const [result] = check.evaluate(withPolicy(policy(weak, ...cloudTrailStatements())), {});
    const content = result?.remediation?.files?.[0]?.content as PolicyDocument;
    expect(content.Statement).toEqual([tlsDenyStatement(), ...cloudTrailStatements()]);
  });
});
