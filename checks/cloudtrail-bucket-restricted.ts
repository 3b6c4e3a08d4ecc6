import type { Check, CheckResult, EvidenceFact, RemediationInput } from '../src/model/findings';
import type { Bucket, BucketConfig, Gap, Inventory, PolicyDocument } from '../src/model/inventory';
import { BUCKET_POLICY_LIMIT, cloudTrailBucketPolicy } from './helpers/cloudtrail-bucket-policy';
import { fact, listText, statementFacts } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { outsiderGrants, type OutsiderGrant, type Owner, type SensitiveAction } from './helpers/outsiders';
import { cloudTrailStatements, describeUnscoped, tlsProblem } from './helpers/bucket-policy-rules';
import { describeActions, statementLabel } from './helpers/policy';
import { bucketOwnerAccount, bucketResult, describeGap, factError, list, evaluateBuckets } from './helpers/results';

const SUBJECT = 'access restriction';

/**
 * Actions no one outside the owner account may have: they destroy the record (delete objects,
 * versions or the bucket, expire objects by lifecycle), rewrite it (overwrite or inject log
 * files), expose it (object ACLs), or remove what protects it (bucket policy and ACL, Block Public
 * Access, versioning, Object Lock, governance-mode retention).
 */
const OBJECT_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:BypassGovernanceRetention',
];
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
  return [
    ...OBJECT_ACTIONS.map((action) => ({ action, resource: { prefix: `${bucketArn}/` } })),
    ...BUCKET_ACTIONS.map((action) => ({ action, resource: { arn: bucketArn } })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Outside the owner account: no one may destroy, rewrite or unprotect the logs.

function describeGrant(grant: OutsiderGrant): string {
  const verb = grant.certainty === 'yes' ? 'lets' : 'may let';
  const depends =
    grant.certainty === 'maybe' && grant.dependsOn.length > 0 ? ` (depending on ${grant.dependsOn.join(', ')})` : '';
  const notAction = grant.statement.NotAction !== undefined ? ` (it allows ${describeActions(grant.statement)})` : '';
  return `${statementLabel(grant.statement, grant.index)} ${verb} ${grant.outsider.label} ${grant.actions.join(', ')}${depends}${notAction}`;
}

interface Verdict {
  problems: string[];
  /** Grants to canonical users that may or may not be the owner. */
  undetermined: string[];
}

/** What the verdict rests on, statement by statement: for the facts and the recommended policy. */
interface VerdictDetails {
  tlsDenied: boolean;
  cloudTrail: { all: number[]; unscoped: number[] };
  grants: OutsiderGrant[];
}

function judgePolicy(
  policy: PolicyDocument | null,
  bucketArn: string,
  owner: Owner,
): Verdict & { details: VerdictDetails } {
  if (!policy)
    return {
      problems: ['the bucket has no policy, so non-TLS access is not denied'],
      undetermined: [],
      details: { tlsDenied: false, cloudTrail: { all: [], unscoped: [] }, grants: [] },
    };
  const grants = outsiderGrants(policy, owner, sensitiveRequests(bucketArn));
  const tls = tlsProblem(policy, bucketArn);
  const cloudTrail = cloudTrailStatements(policy);
  return {
    problems: [
      ...(tls ? [tls] : []),
      ...cloudTrail.unscoped.map((index) => describeUnscoped(policy, index)),
      ...grants.filter((g) => !g.outsider.unresolved).map(describeGrant),
    ],
    undetermined: grants.filter((g) => g.outsider.unresolved).map(describeGrant),
    details: { tlsDenied: tls === undefined, cloudTrail, grants },
  };
}

export function policyVerdict(policy: PolicyDocument | null, bucketArn: string, owner: Owner): Verdict {
  const { problems, undetermined } = judgePolicy(policy, bucketArn, owner);
  return { problems, undetermined };
}

/** The statement a reader should look at first: an unscoped CloudTrail grant, else an outsider grant. */
function offendingStatementFacts(policy: PolicyDocument, details: VerdictDetails, unresolved: boolean): EvidenceFact[] {
  const unscoped = details.cloudTrail.unscoped[0];
  const unscopedStatement = unscoped === undefined ? undefined : policy.Statement[unscoped];
  if (!unresolved && unscoped !== undefined && unscopedStatement)
    return statementFacts(unscopedStatement, unscoped, ['condition'], ['effect']);
  const grant = details.grants.find((g) => (g.outsider.unresolved === true) === unresolved);
  if (!grant) return [];
  return [
    ...statementFacts(grant.statement, grant.index, ['principal', 'action'], ['effect', 'resource']),
    fact('Lets', `${grant.outsider.label}: ${listText(grant.actions, 4)}`, true),
  ];
}

function policyFacts(policy: PolicyDocument | null, details: VerdictDetails): EvidenceFact[] {
  return [
    fact('Bucket policy', policy ? `${policy.Statement.length} statement(s)` : 'none', policy === null),
    fact(
      'Plain HTTP (aws:SecureTransport=false)',
      details.tlsDenied ? 'denied to every principal' : 'not denied to every principal',
      !details.tlsDenied,
    ),
  ];
}

/** The policy file the remediation command puts on the bucket, and what the text says about it. */
function recommendedPolicy(
  inventory: Inventory,
  bucket: Bucket,
  policy: PolicyDocument | null,
  details: VerdictDetails,
): RemediationInput {
  const generated = cloudTrailBucketPolicy(inventory, bucket, policy, new Set(details.grants.map((g) => g.index)));
  const writers =
    generated.trails.length > 0
      ? `lets only ${listText(
          generated.trails.map((t) => t.arn),
          3,
        )} write (aws:SourceArn)`
      : 'names no trail (none delivers to the bucket)';
  const kept = generated.kept.length > 0 ? ` It keeps ${generated.kept.join(', ')} from the current policy.` : '';
  const dropped =
    generated.dropped.length > 0
      ? ` It leaves out ${generated.dropped.join('; ')}: re-add only what the bucket still needs, without those grants.`
      : '';
  const oversize = generated.oversize
    ? ` It exceeds the ${BUCKET_POLICY_LIMIT / 1024} KB bucket policy limit: deliver through an organization trail instead of one trail per account.`
    : '';
  return {
    note: `remediation/<finding-id>.json replaces the policy of bucket <bucket>: it denies plain HTTP to everyone and ${writers}.${kept}${dropped}${oversize}`,
    files: [{ content: generated.policy }],
  };
}

/** The owner's canonical id, or why it is unknown. */
function ownerCanonicalId(config: BucketConfig): { id: string } | { gap: Gap } | { missing: string } {
  if (!config.acl.ok) return { gap: config.acl.gap };
  return config.acl.value.ownerCanonicalId
    ? { id: config.acl.value.ownerCanonicalId }
    : { missing: 'the bucket ACL does not name its owner' };
}

function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const { policy } = config;
  if (!policy.ok) return factError(inventory, bucket, policy.gap, SUBJECT);
  const canonical = ownerCanonicalId(config);
  const owner: Owner = {
    accountId: bucketOwnerAccount(bucket, inventory),
    canonicalId: 'id' in canonical ? canonical.id : undefined,
  };
  const { problems, undetermined, details } = judgePolicy(policy.value, bucket.arn, owner);
  const evidence = {
    policy: policy.value,
    problems,
    undetermined,
    ownerCanonicalId: owner.canonicalId ?? null,
    statements: policy.value?.Statement.length ?? 0,
    actionsChecked: SENSITIVE_ACTIONS,
  };
  const basics = policyFacts(policy.value, details);
  if (problems.length > 0) {
    const offending = policy.value ? offendingStatementFacts(policy.value, details, false) : [];
    const shown = (details.tlsDenied ? 0 : 1) + (offending.length > 0 ? 1 : 0);
    const more =
      problems.length > shown
        ? [fact('Other problems', `${problems.length - shown} more (see the message and the full evidence)`)]
        : [];
    const result = bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} policy is not restrictive: ${list(problems)}`,
      evidence,
      [...basics, ...offending, ...more],
    );
    return { ...result, remediation: recommendedPolicy(inventory, bucket, policy.value, details) };
  }
  if (undetermined.length > 0) {
    const why = 'gap' in canonical ? describeGap(canonical.gap) : 'missing' in canonical ? canonical.missing : '';
    const gapEvidence = 'gap' in canonical ? { gap: canonical.gap } : {};
    const offending = policy.value ? offendingStatementFacts(policy.value, details, true) : [];
    const facts = [
      basics[0] ?? fact('Bucket policy', 'none'),
      ...offending,
      fact("Bucket owner's canonical id", `unknown: ${why}`, true),
    ];
    return bucketResult(
      inventory,
      bucket,
      'ERROR',
      `${SUBJECT} of bucket ${bucket.name} could not be verified: ${list(undetermined)}, and whether it is the bucket owner is unknown: ${why}`,
      { ...evidence, ...gapEvidence },
      facts,
    );
  }
  const scoped = details.cloudTrail.all.length;
  const facts = [
    ...basics.map((f) => (f.label.startsWith('Plain HTTP') ? { ...f, deciding: true } : f)),
    fact(
      'Allows to cloudtrail.amazonaws.com',
      scoped > 0 ? `${scoped}, each scoped by aws:SourceArn or aws:SourceAccount` : 'none',
      true,
    ),
    fact(
      'Grants outside the account',
      'none (delete, overwrite, ACL, policy, Block Public Access, versioning, Object Lock, lifecycle)',
      true,
    ),
  ];
  return bucketResult(
    inventory,
    bucket,
    'PASS',
    `bucket ${bucket.name} denies non-TLS access, scopes CloudTrail by source, and lets no one outside the account delete logs or change the policy`,
    evidence,
    facts,
  );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-restricted',
    title: 'Access to the CloudTrail bucket is restricted',
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description:
      "The bucket policy surely denies every principal plain-HTTP (aws:SecureTransport=false) reads and writes of every object (no NotPrincipal exemption, no further condition), every Allow to cloudtrail.amazonaws.com is scoped by aws:SourceArn or aws:SourceAccount naming accounts, and, evaluated as AWS does (an explicit Deny wins; NotPrincipal, NotAction and NotResource match everything they do not list), no one outside the owner account — anonymous requests, other accounts, AWS services acting for other accounts, other accounts of the organization, named foreign accounts, IAM principals and canonical users (resolved against the bucket owner's canonical id) — may delete objects, versions or the bucket, overwrite or add objects (s3:PutObject), change object ACLs, bypass governance retention, change the bucket policy, ACL, Block Public Access, versioning, Object Lock or lifecycle. A grant that depends on a condition the policy alone does not settle counts as a grant.",
    rationale:
      "The log bucket is the audit record: plaintext access exposes it in transit, an unscoped service grant lets other accounts' trails write into it (confused deputy), and delete or policy rights outside the owner account let an intruder erase their tracks.",
    remediation: {
      text: 'Add a Deny statement for aws:SecureTransport=false to "*" on the bucket and its objects, with no other condition and no NotPrincipal, add aws:SourceArn conditions to the CloudTrail statements, and remove delete, write and protection-changing permissions granted to "*", to other accounts or to foreign canonical users (or deny them to every principal outside the account).',
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://remediation/<finding-id>.json',
    },
    frameworks: frameworksOf('cloudtrail-bucket-restricted'),
    reads: ['account.trailArns', 'trail.details', 'bucket.region', 'bucket.policy', 'bucket.acl'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
