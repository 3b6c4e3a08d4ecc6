import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Inventory, PolicyDocument, PolicyStatement } from '../src/model/inventory';
import { cis } from './helpers/frameworks';
import { accountOfPrincipal, asArray, conditionsOf, coversAction, coversResource, isPositiveMatch, principalsOf, statementLabel } from './helpers/policy';
import { bucketOwnerAccount, bucketResult, factError, list, evaluateBuckets } from './helpers/results';

const SUBJECT = 'access restriction';
const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
/** Actions that destroy the record or let someone rewrite who may touch it. */
const DESTRUCTIVE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutLifecycleConfiguration', 's3:DeleteBucket'];

function deniesInsecureTransport(statement: PolicyStatement, bucketArn: string): boolean {
  if (statement.Effect !== 'Deny' || !principalsOf({ ...statement, Effect: 'Allow' }).wildcard) return false;
  if (!coversAction(statement, 's3:GetObject') || !coversAction(statement, 's3:PutObject')) return false;
  if (!coversResource(statement, `${bucketArn}/AWSLogs/object`)) return false;
  return conditionsOf(statement).some((c) => /^Bool(IfExists)?$/i.test(c.operator) && c.key === 'aws:securetransport' && c.values.map((v) => v.toLowerCase()).includes('false'));
}

/** A source condition only scopes when it names accounts: "arn:aws:cloudtrail:*:*:trail/*" matches everyone's trails. */
function namesAccounts(key: string, values: string[]): boolean {
  if (key === 'aws:sourceaccount') return values.every((v) => /^\d{12}$/.test(v));
  return values.every((v) => /^\d{12}$/.test(v.split(':')[4] ?? ''));
}

function scopedToSource(statement: PolicyStatement): boolean {
  return conditionsOf(statement).some((c) => (c.key === 'aws:sourcearn' || c.key === 'aws:sourceaccount') && isPositiveMatch(c) && namesAccounts(c.key, c.values));
}

/** Conditions that confine a "*" principal to the owner account itself. */
function confinedToAccount(statement: PolicyStatement, ownerAccountId: string): boolean {
  return conditionsOf(statement).some(
    (c) => isPositiveMatch(c) && ['aws:principalaccount', 'aws:principalarn', 'aws:sourceaccount'].includes(c.key) && c.values.every((v) => v === ownerAccountId || accountOfPrincipal(v) === ownerAccountId),
  );
}

export function policyProblems(policy: PolicyDocument | null, bucketArn: string, ownerAccountId: string): string[] {
  if (!policy) return ['the bucket has no policy, so non-TLS access is not denied'];
  const problems: string[] = [];
  if (!policy.Statement.some((s) => deniesInsecureTransport(s, bucketArn))) problems.push('no statement denies requests without TLS (aws:SecureTransport=false)');
  policy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow') return;
    const label = statementLabel(statement, index);
    const principals = principalsOf(statement);
    if (principals.services.includes(CLOUDTRAIL) && !scopedToSource(statement)) {
      problems.push(`${label} allows ${CLOUDTRAIL} without an aws:SourceArn or aws:SourceAccount condition naming accounts`);
    }
    const destructive = DESTRUCTIVE_ACTIONS.filter((a) => coversAction(statement, a));
    if (destructive.length === 0) return;
    const foreign = principals.aws.filter((p) => accountOfPrincipal(p) !== ownerAccountId);
    if (principals.wildcard && !confinedToAccount(statement, ownerAccountId)) problems.push(`${label} lets everyone (*) ${destructive.join(', ')}`);
    if (foreign.length > 0) problems.push(`${label} lets foreign principal ${foreign.join(', ')} ${destructive.join(', ')}`);
  });
  return problems;
}

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { policy } = config;
  if (!policy.ok) return factError(inventory, bucket, policy.gap, SUBJECT);
  const problems = policyProblems(policy.value, bucket.arn, bucketOwnerAccount(bucket, inventory));
  const evidence = { policy: policy.value, problems, statements: policy.value?.Statement.length ?? 0, actionsChecked: asArray(DESTRUCTIVE_ACTIONS) };
  if (problems.length > 0) return bucketResult(inventory, bucket, 'FAIL', `bucket ${bucket.name} policy is not restrictive: ${list(problems)}`, evidence);
  return bucketResult(inventory, bucket, 'PASS', `bucket ${bucket.name} denies non-TLS access, scopes CloudTrail by source, and lets no one outside the account delete logs or change the policy`, evidence);
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-restricted',
    title: 'Access to the CloudTrail bucket is restricted',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description:
      'The bucket policy denies requests without TLS (aws:SecureTransport=false), every Allow to cloudtrail.amazonaws.com is scoped by aws:SourceArn or aws:SourceAccount, and no statement lets "*" or a foreign account delete objects, change the policy or ACL, set lifecycle expiry or delete the bucket.',
    rationale:
      'The log bucket is the audit record: plaintext access exposes it in transit, an unscoped service grant lets other accounts\' trails write into it (confused deputy), and delete or policy rights outside the owner account let an intruder erase their tracks.',
    remediation: {
      text: 'Add a Deny statement for aws:SecureTransport=false, add aws:SourceArn conditions to the CloudTrail statements, and remove delete/policy permissions granted to "*" or to other accounts.',
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://restricted-cloudtrail-bucket-policy.json',
    },
    frameworks: {
      ...cis({ '1.4-1.5': '2.1.2', '2.0': '2.1.1', '3.0-5.0': '2.1.1', '6.0-7.0': '3.1.1' }),
      'aws-securityhub': ['S3.5'],
      'aws-config': ['s3-bucket-ssl-requests-only'],
      'pci-dss-4.0': ['4.2.1', '10.3.2'],
      'nist-800-53-r5': ['AC-3', 'AC-6', 'SC-8', 'AU-9'],
      'aws-best-practice': ['cloudtrail-confused-deputy-prevention'],
    },
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
