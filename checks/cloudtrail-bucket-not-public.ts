import type { Check, CheckResult, EvidenceFact } from '../src/model/findings';
import type {
  Bucket,
  BucketAcl,
  BucketConfig,
  Fact,
  Gap,
  Inventory,
  PolicyDocument,
  PublicAccessBlock,
} from '../src/model/inventory';
import { fact, gapFacts, listText, statementFacts } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { describeActions, statementLabel } from './helpers/policy';
import { describeJudgement, publicAllowStatements, type PublicStatement } from './helpers/public-policy';
import { bucketResult, describeGap, firstGap, gapEvidence, list, evaluateBuckets } from './helpers/results';

const PUBLIC_GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};
const SUBJECT = 'public access';

type Setting = 'ignorePublicAcls' | 'restrictPublicBuckets';

/** One way the bucket is public: how messages say it, and the facts that show it. */
interface Exposure {
  text: string;
  facts: EvidenceFact[];
}

interface Vector {
  setting: Setting;
  fact: Fact<unknown>;
  exposures: () => Exposure[];
  neutralisedBy: string;
}

function aclExposures(acl: BucketAcl): Exposure[] {
  return acl.grants.flatMap((g) => {
    const group = g.granteeUri === undefined ? undefined : PUBLIC_GROUPS[g.granteeUri];
    if (!group) return [];
    return [
      {
        text: `ACL grants ${g.permission} to ${group}`,
        facts: [
          fact('ACL grant', `${g.permission} to ${g.granteeType} ${g.granteeUri ?? ''}`.trim()),
          fact('Grantee', group, true),
          fact('Permission', g.permission, true),
        ],
      },
    ];
  });
}

function describePublicStatement({ statement, index, unrestricting }: PublicStatement): string {
  const who = statement.NotPrincipal !== undefined ? 'everyone but the principals in NotPrincipal' : 'everyone (*)';
  const why = unrestricting.length > 0 ? ` (${unrestricting.map(describeJudgement).join('; ')})` : '';
  return `policy ${statementLabel(statement, index)} allows ${describeActions(statement)} to ${who} without a restricting condition${why}`;
}

function policyExposures(policy: PolicyDocument | null): Exposure[] {
  return policy
    ? publicAllowStatements(policy).map((p) => ({
        text: describePublicStatement(p),
        facts: statementFacts(p.statement, p.index, ['principal', 'condition']),
      }))
    : [];
}

function blockText(block: Fact<PublicAccessBlock | null>): string {
  if (!block.ok) return 'unreadable';
  if (!block.value) return 'not configured';
  const on = (value: boolean): string => (value ? 'on' : 'off');
  return `IgnorePublicAcls ${on(block.value.ignorePublicAcls)}, RestrictPublicBuckets ${on(block.value.restrictPublicBuckets)}`;
}

function blockFact(config: BucketConfig, deciding: boolean): EvidenceFact {
  return fact(
    'Block Public Access',
    `bucket: ${blockText(config.publicAccessBlock)}; account: ${blockText(config.accountPublicAccessBlock)}`,
    deciding,
  );
}

/** The first exposure in full, the others counted: a handful of facts. */
function exposureFacts(exposures: Exposure[]): EvidenceFact[] {
  const [first, ...rest] = exposures;
  if (!first) return [];
  return [
    ...first.facts,
    ...(rest.length > 0
      ? [
          fact(
            'Other exposures',
            listText(
              rest.map((e) => e.text),
              2,
            ),
          ),
        ]
      : []),
  ];
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
    {
      setting: 'ignorePublicAcls',
      fact: config.acl,
      exposures: () => (config.acl.ok ? aclExposures(config.acl.value) : []),
      neutralisedBy: 'ACL grants ignored by IgnorePublicAcls',
    },
    {
      setting: 'restrictPublicBuckets',
      fact: config.policy,
      exposures: () => (config.policy.ok ? policyExposures(config.policy.value) : []),
      neutralisedBy: 'public policy statements restricted by RestrictPublicBuckets',
    },
  ];
  const definite: Exposure[] = [];
  const possible: Exposure[] = [];
  const neutralised: string[] = [];
  const gaps: Gap[] = [];
  for (const vector of vectors) {
    const level =
      bucketBlock.ok && bucketBlock.value?.[vector.setting]
        ? 'bucket'
        : accountBlock.ok && accountBlock.value?.[vector.setting]
          ? 'account'
          : undefined;
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
  const texts = (exposures: Exposure[]): string[] => exposures.map((e) => e.text);
  const evidence = {
    aclGrants: config.acl.ok ? config.acl.value.grants : null,
    policy: config.policy.ok ? config.policy.value : null,
    bucketPublicAccessBlock: bucketBlock.ok ? bucketBlock.value : null,
    accountPublicAccessBlock: accountBlock.ok ? accountBlock.value : null,
    neutralisedBy: neutralised,
    exposures: texts([...definite, ...possible]),
  };
  if (definite.length > 0)
    return bucketResult(
      inventory,
      bucket,
      'FAIL',
      `bucket ${bucket.name} is public: ${list(texts(definite))}`,
      evidence,
      [...exposureFacts(definite), blockFact(config, false)],
    );
  const gap = gaps[0];
  if (gap) {
    const suspicion = possible.length > 0 ? ` (${list(texts(possible))}, and Block Public Access is unknown)` : '';
    const facts = [
      ...gapFacts(gap),
      ...(possible.length > 0
        ? [fact('Possible exposure', listText(texts(possible), 2)), blockFact(config, true)]
        : []),
    ];
    return bucketResult(
      inventory,
      bucket,
      'ERROR',
      `${SUBJECT} of bucket ${bucket.name} could not be verified${suspicion}: ${describeGap(gap)}`,
      { ...evidence, ...gapEvidence(gap) },
      facts,
    );
  }
  const how = neutralised.length > 0 ? list(neutralised) : 'no public ACL grant, no public policy statement';
  const facts = [
    fact(
      'Public ACL grants',
      config.acl.ok ? (aclExposures(config.acl.value).length > 0 ? 'present, ignored' : 'none') : 'not read',
      neutralised.length === 0,
    ),
    fact(
      'Public policy statements',
      config.policy.ok
        ? policyExposures(config.policy.value).length > 0
          ? 'present, restricted'
          : 'none'
        : 'not read',
      neutralised.length === 0,
    ),
    blockFact(config, false),
    fact('Neutralised by', neutralised.length > 0 ? list(neutralised) : 'nothing needed', neutralised.length > 0),
  ];
  return bucketResult(inventory, bucket, 'PASS', `bucket ${bucket.name} is not public (${how})`, evidence, facts);
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
    frameworks: frameworksOf('cloudtrail-bucket-not-public'),
    reads: [
      'account.trailArns',
      'trail.details',
      'bucket.region',
      'bucket.acl',
      'bucket.policy',
      'bucket.publicAccessBlock',
      'bucket.accountPublicAccessBlock',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
    ],
  },
  evaluate(inventory) {
    return evaluateBuckets(inventory, SUBJECT, (bucket, config) => evaluateBucket(inventory, bucket, config));
  },
};
