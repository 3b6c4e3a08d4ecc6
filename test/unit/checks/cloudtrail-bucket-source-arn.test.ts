import { check } from '../../../checks/cloudtrail-bucket-source-arn';
import type { PolicyDocument, PolicyStatement } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  bucket,
  cloudTrailStatements,
  inventory,
  ok,
  policy,
  tlsDenyStatement,
  trail,
  trailArn,
} from '../../support/fixtures';
import { bucketGapCases, crossAccountInventory } from './bucket-cases';

const trails = [trail('prod')];
const withPolicy = (document: PolicyDocument | null) =>
  inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(document) } })] });
const [aclCheck, write] = cloudTrailStatements() as [PolicyStatement, PolicyStatement];

testCheck(check, {
  valid: [
    {
      name: 'CloudTrail statements scoped by aws:SourceArn pass',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          message: `every Allow to cloudtrail.amazonaws.com in the policy of bucket ${CENTRAL_BUCKET} is scoped by aws:SourceArn or aws:SourceAccount`,
        },
      ],
    },
    {
      name: 'aws:SourceAccount naming accounts passes too; a cross-account bucket is judged in its owner account',
      inventory: crossAccountInventory({
        policy: ok(
          policy(
            tlsDenyStatement(),
            { ...aclCheck, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } },
            { ...write, Condition: { StringEquals: { 'aws:SourceAccount': ['111111111111', '222222222222'] } } },
          ),
        ),
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID }],
    },
    {
      name: 'a policy that grants CloudTrail nothing is NOT_APPLICABLE',
      inventory: withPolicy(policy(tlsDenyStatement())),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'NOT_APPLICABLE',
          message: `bucket ${CENTRAL_BUCKET} policy grants cloudtrail.amazonaws.com nothing`,
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'an Allow to CloudTrail without a source condition fails, naming the statement',
      inventory: withPolicy(policy(tlsDenyStatement(), aclCheck, { ...write, Condition: undefined })),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} policy is open to the confused deputy: statement "AWSCloudTrailWrite" allows cloudtrail.amazonaws.com without an aws:SourceArn or aws:SourceAccount condition naming accounts`,
        },
      ],
    },
    {
      name: 'a wildcard source ARN (every account) does not scope',
      inventory: withPolicy(
        policy({ ...aclCheck, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } } }, write),
      ),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: /statement "AWSCloudTrailAclCheck" allows cloudtrail.amazonaws.com without/,
        },
      ],
    },
    ...bucketGapCases('confused-deputy protection', 'policy', 's3:GetBucketPolicy'),
  ],
});

describe('cloudtrail-bucket-source-arn remediation', () => {
  it('is a policy whose CloudTrail statements name the delivering trails by aws:SourceArn', () => {
    const [result] = check.evaluate(withPolicy(policy(aclCheck, { ...write, Condition: undefined })), {});
    const content = result?.remediation?.files?.[0]?.content as PolicyDocument;
    const cloudTrail = content.Statement.filter((s) => JSON.stringify(s.Principal).includes('cloudtrail'));
    expect(cloudTrail.length).toBeGreaterThan(0);
    for (const statement of cloudTrail) expect(JSON.stringify(statement.Condition)).toContain(trailArn('prod'));
  });
});
