import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketConfig, Gap, Inventory, PolicyDocument, PolicyStatement } from '../src/model/inventory';
import { cis } from './helpers/frameworks';
import { outsiderGrants, type OutsiderGrant, type Owner, type SensitiveAction } from './helpers/outsiders';
import { conditionsOf, describeActions, isPositiveMatch, principalsOf, statementLabel } from './helpers/policy';
import { explicitlyDenied, statementApplies, type Request } from './helpers/policy-eval';
import { bucketOwnerAccount, bucketResult, describeGap, factError, list, evaluateBuckets } from './helpers/results';

const SUBJECT = 'access restriction';
const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * Actions no one outside the owner account may have: they destroy the record (delete objects,
 * versions or the bucket, expire objects by lifecycle), rewrite it (overwrite or inject log
 * files), expose it (object ACLs), or remove what protects it (bucket policy and ACL, Block Public
 * Access, versioning, Object Lock, governance-mode retention).
 */
const OBJECT_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:PutObjectVersionAcl', 's3:BypassGovernanceRetention'];
const BUCKET_ACTIONS = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutLifecycleConfiguration',
  's3:DeleteBucket',
];
const SENSITIVE_ACTIONS = [...OBJECT_ACTIONS, ...BUCKET_ACTIONS];

function sensitiveRequests(bucketArn: string): SensitiveAction[] {
  return [...OBJECT_ACTIONS.map((action) => ({ action, resource: { prefix: `${bucketArn}/` } })), ...BUCKET_ACTIONS.map((action) => ({ action, resource: { arn: bucketArn } }))];
}

// ---------------------------------------------------------------------------------------------
// TLS: a plain-HTTP read or write of any object, by any principal, must surely be denied.

function insecureRequests(bucketArn: string): Request[] {
  return ['s3:GetObject', 's3:PutObject'].map((action) => ({ principal: { kind: 'any' }, action, resource: { prefix: `${bucketArn}/` }, context: { keys: { 'aws:securetransport': ['false'] } } }));
}

/** Why Deny statements about aws:SecureTransport fall short of denying every insecure request. */
function tlsNearMisses(policy: PolicyDocument, requests: Request[]): string[] {
  const misses: string[] = [];
  policy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Deny' || !conditionsOf(statement).some((c) => c.key === 'aws:securetransport')) return;
    const open = requests.map((r) => statementApplies(statement, r)).filter((a) => a.applies !== 'yes');
    if (open.length === 0) return;
    const dependsOn = [...new Set(open.flatMap((a) => a.dependsOn))];
    const label = statementLabel(statement, index);
    misses.push(
      dependsOn.length > 0 && open.every((a) => a.applies === 'maybe')
        ? `${label} does not surely apply: it depends on ${dependsOn.join(', ')}`
        : `${label} does not apply to plain-HTTP s3:GetObject and s3:PutObject of every object`,
    );
  });
  return misses;
}

function tlsProblem(policy: PolicyDocument, bucketArn: string): string | undefined {
  const requests = insecureRequests(bucketArn);
  if (requests.every((r) => explicitlyDenied(policy, r).applies === 'yes')) return undefined;
  const misses = tlsNearMisses(policy, requests);
  return `no statement denies requests without TLS (aws:SecureTransport=false)${misses.length > 0 ? ` from every principal: ${misses.join(' and ')}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// CloudTrail: the service principal must be scoped to the trails' accounts.

/** A source condition only scopes when it names accounts: "arn:aws:cloudtrail:*:*:trail/*" matches everyone's trails. */
function namesAccounts(key: string, values: string[]): boolean {
  if (key === 'aws:sourceaccount') return values.every((v) => /^\d{12}$/.test(v));
  return values.every((v) => /^\d{12}$/.test(v.split(':')[4] ?? ''));
}

function scopedToSource(statement: PolicyStatement): boolean {
  return conditionsOf(statement).some((c) => (c.key === 'aws:sourcearn' || c.key === 'aws:sourceaccount') && isPositiveMatch(c) && namesAccounts(c.key, c.values));
}

function cloudTrailProblems(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((statement, index) =>
    statement.Effect === 'Allow' && principalsOf(statement).services.includes(CLOUDTRAIL) && !scopedToSource(statement)
      ? [`${statementLabel(statement, index)} allows ${CLOUDTRAIL} without an aws:SourceArn or aws:SourceAccount condition naming accounts`]
      : [],
  );
}

// ---------------------------------------------------------------------------------------------
// Outside the owner account: no one may destroy, rewrite or unprotect the logs.

function describeGrant(grant: OutsiderGrant): string {
  const verb = grant.certainty === 'yes' ? 'lets' : 'may let';
  const depends = grant.certainty === 'maybe' && grant.dependsOn.length > 0 ? ` (depending on ${grant.dependsOn.join(', ')})` : '';
  const notAction = grant.statement.NotAction !== undefined ? ` (it allows ${describeActions(grant.statement)})` : '';
  return `${statementLabel(grant.statement, grant.index)} ${verb} ${grant.outsider.label} ${grant.actions.join(', ')}${depends}${notAction}`;
}

interface Verdict {
  problems: string[];
  /** Grants to canonical users that may or may not be the owner. */
  undetermined: string[];
}

export function policyVerdict(policy: PolicyDocument | null, bucketArn: string, owner: Owner): Verdict {
  if (!policy) return { problems: ['the bucket has no policy, so non-TLS access is not denied'], undetermined: [] };
  const grants = outsiderGrants(policy, owner, sensitiveRequests(bucketArn));
  const tls = tlsProblem(policy, bucketArn);
  return {
    problems: [...(tls ? [tls] : []), ...cloudTrailProblems(policy), ...grants.filter((g) => !g.outsider.unresolved).map(describeGrant)],
    undetermined: grants.filter((g) => g.outsider.unresolved).map(describeGrant),
  };
}

/** The owner's canonical id, or why it is unknown. */
function ownerCanonicalId(config: BucketConfig): { id: string } | { gap: Gap } | { missing: string } {
  if (!config.acl.ok) return { gap: config.acl.gap };
  return config.acl.value.ownerCanonicalId ? { id: config.acl.value.ownerCanonicalId } : { missing: 'the bucket ACL does not name its owner' };
}

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { policy } = config;
  if (!policy.ok) return factError(inventory, bucket, policy.gap, SUBJECT);
  const canonical = ownerCanonicalId(config);
  const owner: Owner = { accountId: bucketOwnerAccount(bucket, inventory), canonicalId: 'id' in canonical ? canonical.id : undefined };
  const { problems, undetermined } = policyVerdict(policy.value, bucket.arn, owner);
  const evidence = { policy: policy.value, problems, undetermined, ownerCanonicalId: owner.canonicalId ?? null, statements: policy.value?.Statement.length ?? 0, actionsChecked: SENSITIVE_ACTIONS };
  if (problems.length > 0) return bucketResult(inventory, bucket, 'FAIL', `bucket ${bucket.name} policy is not restrictive: ${list(problems)}`, evidence);
  if (undetermined.length > 0) {
    const why = 'gap' in canonical ? describeGap(canonical.gap) : 'missing' in canonical ? canonical.missing : '';
    const gapEvidence = 'gap' in canonical ? { gap: canonical.gap } : {};
    return bucketResult(inventory, bucket, 'ERROR', `${SUBJECT} of bucket ${bucket.name} could not be verified: ${list(undetermined)}, and whether it is the bucket owner is unknown: ${why}`, { ...evidence, ...gapEvidence });
  }
  return bucketResult(inventory, bucket, 'PASS', `bucket ${bucket.name} denies non-TLS access, scopes CloudTrail by source, and lets no one outside the account delete logs or change the policy`, evidence);
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-restricted',
    title: 'Access to the CloudTrail bucket is restricted',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description:
      'The bucket policy surely denies every principal plain-HTTP (aws:SecureTransport=false) reads and writes of every object (no NotPrincipal exemption, no further condition), every Allow to cloudtrail.amazonaws.com is scoped by aws:SourceArn or aws:SourceAccount naming accounts, and, evaluated as AWS does (an explicit Deny wins; NotPrincipal, NotAction and NotResource match everything they do not list), no one outside the owner account — anonymous requests, other accounts, AWS services acting for other accounts, other accounts of the organization, named foreign accounts, IAM principals and canonical users (resolved against the bucket owner\'s canonical id) — may delete objects, versions or the bucket, overwrite or add objects (s3:PutObject), change object ACLs, bypass governance retention, change the bucket policy, ACL, Block Public Access, versioning, Object Lock or lifecycle. A grant that depends on a condition the policy alone does not settle counts as a grant.',
    rationale:
      'The log bucket is the audit record: plaintext access exposes it in transit, an unscoped service grant lets other accounts\' trails write into it (confused deputy), and delete or policy rights outside the owner account let an intruder erase their tracks.',
    remediation: {
      text: 'Add a Deny statement for aws:SecureTransport=false to "*" on the bucket and its objects, with no other condition and no NotPrincipal, add aws:SourceArn conditions to the CloudTrail statements, and remove delete, write and protection-changing permissions granted to "*", to other accounts or to foreign canonical users (or deny them to every principal outside the account).',
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
