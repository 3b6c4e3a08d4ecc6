import type { Check, CheckResult } from '../src/model/findings';
import type { Bucket, BucketAcl, BucketConfig, Fact, Gap, Inventory, PolicyDocument } from '../src/model/inventory';
import { cis } from './helpers/frameworks';
import { describeActions, statementLabel } from './helpers/policy';
import { describeJudgement, publicAllowStatements, type PublicStatement } from './helpers/public-policy';
import { bucketResult, describeGap, firstGap, list, evaluateBuckets } from './helpers/results';

const PUBLIC_GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};
const SUBJECT = 'public access';

type Setting = 'ignorePublicAcls' | 'restrictPublicBuckets';

interface Vector {
  setting: Setting;
  fact: Fact<unknown>;
  exposures: () => string[];
  neutralisedBy: string;
}

function aclExposures(acl: BucketAcl): string[] {
  return acl.grants.flatMap((g) => {
    const group = g.granteeUri === undefined ? undefined : PUBLIC_GROUPS[g.granteeUri];
    return group ? [`ACL grants ${g.permission} to ${group}`] : [];
  });
}

function describePublicStatement({ statement, index, unrestricting }: PublicStatement): string {
  const who = statement.NotPrincipal !== undefined ? 'everyone but the principals in NotPrincipal' : 'everyone (*)';
  const why = unrestricting.length > 0 ? ` (${unrestricting.map(describeJudgement).join('; ')})` : '';
  return `policy ${statementLabel(statement, index)} allows ${describeActions(statement)} to ${who} without a restricting condition${why}`;
}

function policyExposures(policy: PolicyDocument | null): string[] {
  return policy ? publicAllowStatements(policy).map(describePublicStatement) : [];
}

/**
 * A public ACL or policy is neutralised when Block Public Access says so at bucket or account
 * level. A definite exposure fails even when another fact is unreadable; otherwise an unreadable
 * fact that could hide an exposure is an ERROR.
 */
function evaluateBucket(inventory: Inventory, bucket: Bucket, config: BucketConfig): CheckResult {
  const accountBlock = config.accountPublicAccessBlock;
  const bucketBlock = config.publicAccessBlock;
  const vectors: Vector[] = [
    { setting: 'ignorePublicAcls', fact: config.acl, exposures: () => (config.acl.ok ? aclExposures(config.acl.value) : []), neutralisedBy: 'ACL grants ignored by IgnorePublicAcls' },
    { setting: 'restrictPublicBuckets', fact: config.policy, exposures: () => (config.policy.ok ? policyExposures(config.policy.value) : []), neutralisedBy: 'public policy statements restricted by RestrictPublicBuckets' },
  ];
  const definite: string[] = [];
  const possible: string[] = [];
  const neutralised: string[] = [];
  const gaps: Gap[] = [];
  for (const vector of vectors) {
    const level = bucketBlock.ok && bucketBlock.value?.[vector.setting] ? 'bucket' : accountBlock.ok && accountBlock.value?.[vector.setting] ? 'account' : undefined;
    if (level) {
      neutralised.push(`${vector.neutralisedBy} (${level} level)`);
      continue;
    }
    if (!vector.fact.ok) {
      gaps.push(vector.fact.gap);
      continue;
    }
    const found = vector.exposures();
    const blockGap = firstGap(bucketBlock, accountBlock);
    if (found.length > 0 && blockGap) {
      possible.push(...found);
      gaps.push(blockGap);
    } else definite.push(...found);
  }
  const evidence = {
    aclGrants: config.acl.ok ? config.acl.value.grants : null,
    policy: config.policy.ok ? config.policy.value : null,
    bucketPublicAccessBlock: bucketBlock.ok ? bucketBlock.value : null,
    accountPublicAccessBlock: accountBlock.ok ? accountBlock.value : null,
    neutralisedBy: neutralised,
    exposures: [...definite, ...possible],
  };
  if (definite.length > 0) return bucketResult(inventory, bucket, 'FAIL', `bucket ${bucket.name} is public: ${list(definite)}`, evidence);
  const gap = gaps[0];
  if (gap) {
    const suspicion = possible.length > 0 ? ` (${list(possible)}, and Block Public Access is unknown)` : '';
    return bucketResult(inventory, bucket, 'ERROR', `${SUBJECT} of bucket ${bucket.name} could not be verified${suspicion}: ${describeGap(gap)}`, { ...evidence, gap });
  }
  const how = neutralised.length > 0 ? list(neutralised) : 'no public ACL grant, no public policy statement';
  return bucketResult(inventory, bucket, 'PASS', `bucket ${bucket.name} is not public (${how})`, evidence);
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-bucket-not-public',
    title: 'The S3 bucket CloudTrail delivers to is not publicly accessible',
    severity: 'critical',
    resourceType: 'AWS::S3::Bucket',
    description:
      'No ACL grant to AllUsers or AuthenticatedUsers and no bucket policy Allow to "*" (or NotPrincipal) that is public under AWS\'s definition, unless Block Public Access at bucket or account level (IgnorePublicAcls, RestrictPublicBuckets) neutralises it. A statement is restricted only by a condition that requires fixed values (no wildcard, no policy variable) of aws:SourceIp (no broader than /8 for IPv4, /32 for IPv6), aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount, aws:userid, s3:DataAccessPointArn (the access point name may be a wildcard when the account is fixed), s3:DataAccessPointAccount, or a key naming the principal (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalServiceName), with a positive operator (StringEquals/Like, ArnEquals/Like, IpAddress, optionally ForAnyValue:). Negated operators, Null, …IfExists and ForAllValues: (all true when the key is absent, as for anonymous requests) do not restrict.',
    rationale:
      'CloudTrail logs reveal the whole estate: accounts, resources, identities and network addresses. A public log bucket hands that map to anyone, and lets an attacker see what is being recorded about them.',
    remediation: {
      text: 'Remove public ACL grants and public policy statements, and turn on S3 Block Public Access for the bucket (and the account).',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    frameworks: {
      ...cis({ '1.2': '2.3', '1.4-2.0': '3.3' }),
      'aws-securityhub': ['CloudTrail.6'],
      'aws-config': ['cloudtrail-s3-bucket-public-access-prohibited'],
      'iso-27001-2022': ['A.8.15'],
      'nist-800-53-r5': ['AC-3', 'AU-9'],
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status'],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
