/**
 * The least-privilege policy for a bucket CloudTrail delivers to, after AWS's documented CloudTrail
 * bucket policy (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html):
 * - deny every request without TLS (aws:SecureTransport = false), for everyone, on the bucket and its objects;
 * - AWSCloudTrailAclCheck: cloudtrail.amazonaws.com may s3:GetBucketAcl, only for the trails that deliver here;
 * - AWSCloudTrailWrite: cloudtrail.amazonaws.com may s3:PutObject with the bucket-owner-full-control ACL,
 *   only under <prefix>/AWSLogs/<trail owner account>/ (and AWSLogs/<organization id>/ for an
 *   organization trail), only for those trails (aws:SourceArn = their real ARNs);
 * - the statements of the current policy that are not the problem are kept; those that are (public
 *   or outsider grants, unscoped CloudTrail grants, the TLS statements it replaces) are dropped and named.
 */
import type { Bucket, Inventory, PolicyDocument, PolicyStatement } from '../../src/model/inventory';
import { CLOUDTRAIL, namesCloudTrail } from './bucket-policy-rules';
import { conditionsOf, principalsOf, statementLabel } from './policy';

/** AWS's size limit for a bucket policy (whitespace not counted). */
export const BUCKET_POLICY_LIMIT = 20 * 1024;

export interface DeliveringTrail {
  arn: string;
  ownerAccountId: string;
  prefix: string;
  organizationId?: string;
}

export interface GeneratedPolicy {
  policy: PolicyDocument;
  /** Statements of the current policy carried over, by label. */
  kept: string[];
  /** Statements of the current policy left out, with why. */
  dropped: string[];
  /** The trails the policy lets write. */
  trails: DeliveringTrail[];
  /** Even in its compact form, the policy exceeds AWS's 20 KB limit. */
  oversize: boolean;
}

function cleanPrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

/** The trails delivering to the bucket, with what their object keys start with. */
export function deliveringTrails(inventory: Inventory, bucket: Bucket): DeliveringTrail[] {
  return bucket.trailArns.map((arn) => {
    const trail = inventory.trails.find((t) => t.arn === arn);
    const ownerAccountId = trail?.ownerAccountId ?? arn.split(':')[4] ?? '';
    const details = trail?.details.ok ? trail.details.value : undefined;
    const organizationId = details?.isOrganizationTrail
      ? (inventory.accounts.find((a) => a.accountId === ownerAccountId)?.organization?.id ??
        inventory.scan.organization?.id)
      : undefined;
    return {
      arn,
      ownerAccountId,
      prefix: cleanPrefix(details?.s3KeyPrefix),
      ...(organizationId ? { organizationId } : {}),
    };
  });
}

const one = (values: string[]): string | string[] => (values.length === 1 ? (values[0] ?? '') : values);
const unique = (values: string[]): string[] => [...new Set(values)].sort();

/** One write statement per key prefix and owner account (exact), or per prefix only (compact). */
function writeStatements(bucketArn: string, trails: DeliveringTrail[], compact: boolean): PolicyStatement[] {
  const groups = new Map<string, DeliveringTrail[]>();
  for (const trail of trails) {
    const key = compact ? trail.prefix : `${trail.prefix}|${trail.ownerAccountId}`;
    groups.set(key, [...(groups.get(key) ?? []), trail]);
  }
  return [...groups.values()].map((group) => {
    const prefix = group[0]?.prefix ?? '';
    const base = `${bucketArn}/${prefix ? `${prefix}/` : ''}AWSLogs`;
    const resources = unique(
      group.flatMap((t) => [
        `${base}/${t.ownerAccountId}/*`,
        ...(t.organizationId ? [`${base}/${t.organizationId}/*`] : []),
      ]),
    );
    return {
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL },
      Action: 's3:PutObject',
      Resource: one(resources),
      Condition: {
        StringEquals: {
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SourceArn': one(unique(group.map((t) => t.arn))),
        },
      },
    };
  });
}

/** Why a statement of the current policy is left out, or undefined to keep it. */
function dropReason(
  statement: PolicyStatement,
  index: number,
  problemStatements: ReadonlySet<number>,
): string | undefined {
  const principals = principalsOf(statement);
  if (statement.Effect === 'Allow' && namesCloudTrail(statement))
    return `an Allow to ${principals.services.join(', ')}, replaced by the scoped statements`;
  if (statement.Effect === 'Deny' && conditionsOf(statement).some((c) => c.key === 'aws:securetransport'))
    return 'a TLS statement, replaced by DenyInsecureTransport';
  if (statement.Effect === 'Allow' && principals.wildcard) return 'an Allow to everyone (* or NotPrincipal)';
  if (problemStatements.has(index))
    return 'it lets principals outside the account destroy, rewrite or unprotect the logs';
  return undefined;
}

function uniqueSid(wanted: string, taken: Set<string>): string {
  let sid = wanted;
  for (let n = 2; taken.has(sid); n += 1) sid = `${wanted}${n}`;
  taken.add(sid);
  return sid;
}

/**
 * The recommended policy for the bucket. `problemStatements`: indexes of current statements that
 * grant outsiders what they must not have.
 */
export function cloudTrailBucketPolicy(
  inventory: Inventory,
  bucket: Bucket,
  current: PolicyDocument | null,
  problemStatements: ReadonlySet<number> = new Set(),
): GeneratedPolicy {
  const partition = inventory.scan.partition;
  const bucketArn = `arn:${partition}:s3:::${bucket.name}`;
  const trails = deliveringTrails(inventory, bucket);
  const kept: PolicyStatement[] = [];
  const keptLabels: string[] = [];
  const dropped: string[] = [];
  (current?.Statement ?? []).forEach((statement, index) => {
    const why = dropReason(statement, index, problemStatements);
    if (why) dropped.push(`${statementLabel(statement, index)} (${why})`);
    else {
      kept.push(statement);
      keptLabels.push(statementLabel(statement, index));
    }
  });
  const taken = new Set(kept.flatMap((s) => (s.Sid ? [s.Sid] : [])));
  const build = (compact: boolean): PolicyDocument => {
    const tls: PolicyStatement = {
      Sid: uniqueSid('DenyInsecureTransport', taken),
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    const cloudTrail: PolicyStatement[] =
      trails.length === 0
        ? []
        : [
            {
              Sid: uniqueSid('AWSCloudTrailAclCheck', taken),
              Effect: 'Allow',
              Principal: { Service: CLOUDTRAIL },
              Action: 's3:GetBucketAcl',
              Resource: bucketArn,
              Condition: { StringEquals: { 'aws:SourceArn': one(unique(trails.map((t) => t.arn))) } },
            },
            ...writeStatements(bucketArn, trails, compact).map((s) => ({
              Sid: uniqueSid('AWSCloudTrailWrite', taken),
              ...s,
            })),
          ];
    return { Version: '2012-10-17', Statement: [tls, ...cloudTrail, ...kept] };
  };
  const sids = new Set(taken);
  let policy = build(false);
  if (JSON.stringify(policy).length > BUCKET_POLICY_LIMIT) {
    taken.clear();
    for (const sid of sids) taken.add(sid);
    policy = build(true);
  }
  return { policy, kept: keptLabels, dropped, trails, oversize: JSON.stringify(policy).length > BUCKET_POLICY_LIMIT };
}
